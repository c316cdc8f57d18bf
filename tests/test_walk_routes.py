"""A route this tool does not prepare, walked by keyboard: the message, going back, no case.

The guide's « n'est pas accessible en ligne » (001, the renewal of an other titre) is
walked too."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pilot import (
    SITUATION_BPS,
    SITUATION_TITRE,
    case_count,
    make_settings,
    new_app,
    pick,
    screen_name,
    settle,
    start_route,
)

TO_AUTRE_TITRE = [
    "Je demande ou renouvelle un titre de séjour",
    "Moi-même (à partir de 16 ans)",
    SITUATION_BPS,
    "Je sollicite un autre titre de séjour",
]


def shown(pilot, dom_id: str) -> str:  # type: ignore[no-untyped-def]
    return str(pilot.app.screen.query_one(f"#{dom_id}").render())


def test_route_not_available_online(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    asyncio.run(walk_unavailable(settings))
    assert case_count(settings) == 0


async def walk_unavailable(settings) -> None:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(150, 50)) as pilot:
        await start_route(pilot, TO_AUTRE_TITRE)
        assert shown(pilot, "route-question") == "JE SOLLICITE UN AUTRE TITRE DE SÉJOUR :"
        await pick(pilot, "En tant qu'étudiant")
        assert screen_name(pilot) == "ProfileScreen"
        # ANEF has this démarche; this tool does not prepare it, and says so.
        assert shown(pilot, "route-title") == "Démarche non préparée par cet outil"
        assert "cet outil ne la prépare pas" in " ".join(shown(pilot, "route-text").split())
        # « < Revenir au choix précédent »: the same question, the student choice undone.
        await pick(pilot, "< Revenir au choix précédent")
        assert screen_name(pilot) == "ProfileScreen"
        assert shown(pilot, "route-question") == "JE SOLLICITE UN AUTRE TITRE DE SÉJOUR :"
        assert app.screen.labels == TO_AUTRE_TITRE  # type: ignore[attr-defined]
        # Another unavailable choice, then « Retour à l'accueil ».
        await pick(pilot, "En tant que visiteur")
        assert shown(pilot, "route-title") == "Démarche non préparée par cet outil"
        await pick(pilot, "Retour à l'accueil")
        assert screen_name(pilot) == "HomeScreen"


def test_renewal_of_an_other_titre_is_not_accessible_online(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)

    async def walk() -> None:
        app = new_app(settings)
        async with app.run_test(size=(150, 50)) as pilot:
            await start_route(pilot, [*TO_AUTRE_TITRE[:2], SITUATION_TITRE,
                                      "Je sollicite le renouvellement de ce titre"])
            assert shown(pilot, "route-title") == "Démarche non disponible en ligne"
            assert "n'est pas accessible en ligne pour le moment" in " ".join(
                shown(pilot, "route-text").split())

    asyncio.run(walk())
    assert case_count(settings) == 0


def test_escape_walks_the_route_back_to_home(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)

    async def walk() -> None:
        app = new_app(settings)
        async with app.run_test(size=(150, 50)) as pilot:
            await start_route(pilot, TO_AUTRE_TITRE[:2])
            await pilot.press("escape")
            await pilot.pause()
            assert shown(pilot, "route-question") == \
                "Je sollicite ou renouvelle un titre de séjour pour :"
            await pilot.press("escape", "escape")
            await pilot.pause()
            assert screen_name(pilot) == "HomeScreen"

    asyncio.run(walk())
    assert case_count(settings) == 0


async def rows_above_the_choices(settings) -> list[int]:  # type: ignore[no-untyped-def]
    """The rows between the page's title and the list of choices, node after node."""
    from textual.widgets import OptionList

    rows = []
    async with new_app(settings).run_test(size=(80, 24)) as pilot:
        await start_route(pilot, [])
        for label in ["Je demande ou renouvelle un titre de séjour",
                      "Moi-même (à partir de 16 ans)", SITUATION_BPS, None]:
            await settle(pilot)
            screen = pilot.app.screen
            title = screen.query_one("#route-title")
            rows.append(screen.query_one(OptionList).region.y - title.region.y)
            if label is not None:
                await pick(pilot, label)
    return rows


def test_no_blank_rows_between_a_question_and_its_title(tmp_path: Path) -> None:
    # At 80×24 the empty percentage and text lines took a row each: three blank rows
    # between « Demander un titre de séjour » and its question.
    rows = asyncio.run(rows_above_the_choices(make_settings(tmp_path)))
    # Title, blank, question (twice); the situation actuelle's title alone (no text,
    # no question); then its title and the BPS sentence (two lines).
    assert rows == [3, 3, 1, 3]
