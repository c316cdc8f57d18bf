"""Récapitulatif: « Modifier ma saisie » opens the step and comes back to the
récapitulatif; the observations are deposited with the case. Steps 1 and 2 are filled
through the service (tests/casebuilder.py): the BPI route's walk is test_walk_bpi's."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
import pytest
from a11y_cases import case_at, resume
from filefactory import pdf_bytes, write
from pilot import enter_text, fill, focus, make_settings, new_app, screen_name, settle
from sqlalchemy import create_engine, text
from test_attach_ui import attach
from textual.widgets import Static, TextArea


async def scenario(settings) -> dict[str, object]:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    seen: dict[str, object] = {}
    async with app.run_test(size=(150, 60)) as pilot:
        await resume(pilot, "StepScreen")
        assert app.screen.step_id == "justificatifs"  # type: ignore[attr-defined]
        await fill(pilot, "ephoto", "1234567890123456789012")
        assert not app.screen.query("#f-type_hebergement")
        help_text = app.screen.query_one("#f-document_justificatif_domicile .help", Static)
        seen["domicile_help"] = str(help_text.render())
        await attach(pilot, "hotel")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen_name(pilot) == "RecapScreen"
        # Observations typed first survive « Modifier ma saisie ».
        await focus(pilot, "observations")
        await enter_text(pilot, "Nom d'usage depuis 2024")
        for _ in range(100):  # Tab to the first « Modifier ma saisie »
            if getattr(app.focused, "name", None) == "edit-informations_personnelles":
                break
            await pilot.press("tab")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.step_id == "informations_personnelles"  # type: ignore[attr-defined]
        await fill(pilot, "telephone", "07 81 23 45 67")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen_name(pilot) == "RecapScreen", app.screen.query_one("#error-summary").render()
        rows = " ".join(str(s.render()) for s in app.screen.query("ReadonlyRow Static"))
        seen["recap_has_new_phone"] = "07 81 23 45 67" in rows
        seen["observations_kept"] = app.screen.query_one("#observations", TextArea).text
        for _ in range(3):
            await pilot.press("enter")  # « Valider et vérifier la suite de ma saisie »
            await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("right", "enter")
        await settle(pilot)
        assert screen_name(pilot) == "ConfirmationScreen"
    return seen


@pytest.mark.slow
def test_modifier_ma_saisie_then_deposit(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "justificatifs")
    write(settings.scan_dir / "hotel.pdf", pdf_bytes(pages=1))
    seen = asyncio.run(scenario(settings))
    # Guide 000's step screen: this one sentence (its annex lists the three cases).
    assert seen["domicile_help"] == "Veuillez joindre un justificatif de domicile"
    assert seen["observations_kept"] == "Nom d'usage depuis 2024"
    assert seen["recap_has_new_phone"] is True
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        case = conn.execute(text("select status, observations from cases")).one()
    engine.dispose()
    assert case == ("depose", "Nom d'usage depuis 2024")


async def parts_in_view(settings) -> list[tuple[bool, bool]]:  # type: ignore[no-untyped-def]
    """After each « Valider »: (the next part's title in view, the focus in view)."""
    from screens.focus import is_visible

    seen = []
    async with new_app(settings).run_test(size=(80, 24)) as pilot:
        await resume(pilot, "RecapScreen")
        for index in (1, 2):
            await pilot.press("enter")  # « Valider et vérifier la suite de ma saisie »
            await settle(pilot)
            title = pilot.app.screen.query_one(f"#part-{index} .section-title")
            assert pilot.app.focused is not None
            seen.append((is_visible(title), is_visible(pilot.app.focused)))
    return seen


def test_the_next_part_to_check_is_shown_from_its_title(tmp_path: Path) -> None:
    # At 80×24, « Valider » of « Mes informations personnelles » showed « Mon motif de
    # séjour » from its buttons down: its answers, the thing to check, were above.
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), None)
    assert asyncio.run(parts_in_view(settings)) == [(True, True), (True, True)]
