# ruff: noqa: F811 - the fixtures of test_snapshots are imported, then used as parameters
"""Every kind of screen at 80×24, in the default theme and in high contrast.

tests/test_snapshots.py holds the main screens at 80×24 and 120×40 in the default
theme; here the same kinds in the high-contrast theme, and the kinds it does not hold
in both: identity, préambule, the children's dialog, question and message dialogs, the
F1 help, the file chooser, the piece list, a refused step, and after the deposit both
sides of the instruction (the queue, the dossier, a notification about to be sent, the
demande de complément, the décision, the history; « Mes notifications », a notification,
the answer). Same deterministic data (counter_day's clock, casebuilder's answers,
relative data folder).

Each picture also checks the footer — at 80 columns it shows F1 and every key it holds,
none cut at the right edge — and the focus: on something, in view, never a container.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import casebuilder
import pytest
from counter_day import CLOCK
from pilot import SITUATION_BPS, focus, new_app, pick, screen_name, settle
from test_snapshots import (  # noqa: F401 - fixtures
    Compare,
    database_open,
    draft_at,
    frozen_cursors,
    open_first_case,
    service,
    settings,
)
from textual.containers import ScrollableContainer
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from anef_tui.config import Settings
from anef_tui.service import CaseService, Reason, RequestedPiece
from screens.focus import FILL_CONTROLS, is_visible

SMALL = (80, 24)
SCANNED = 1_781_510_400  # 15/06/2026 08:00 UTC, counter_day's morning
BPI_ROUTE = [
    "Je demande ou renouvelle un titre de séjour",
    "Moi-même (à partir de 16 ans)",
    SITUATION_BPS,
    "Je sollicite le renouvellement de ce titre",
]
THEMES = [pytest.param("sombre", id="sombre"), pytest.param("contraste", id="contraste")]


def footer_problems(pilot: Pilot[None]) -> list[str]:
    """What is wrong with the footer at this width: F1 missing, keys cut or hidden."""
    width = pilot.app.size.width
    keys = list(pilot.app.screen.query(FooterKey))
    problems = [f"{k.key_display} {k.description} cut" for k in keys
                if k.region.right > width or not k.region.width]
    if "f1" not in [k.key for k in keys]:
        problems.append("no F1")
    elif keys[0].key != "f1":
        # A list's own keys (« ⏎ Ouvrir ») came before it on the home screen, the file
        # chooser's priority Enter (« Choisir ») before it in the chooser.
        problems.append(f"F1 not first but {keys[0].key}")
    return problems


def focus_problems(pilot: Pilot[None]) -> list[str]:
    """The focus rules every screen keeps: on something, in view, never a container."""
    focused = pilot.app.focused
    if focused is None:
        return ["nothing focused"]
    problems = [] if is_visible(focused) else [f"{focused} not in view"]
    if isinstance(focused, ScrollableContainer) and not isinstance(focused, FILL_CONTROLS):
        problems.append(f"{focused} is a bare container")
    return problems


def shot(snap_compare: Compare, settings: Settings, theme: str,
         run_before: Callable[[Pilot[None]], object] | None = None) -> None:
    app = new_app(settings.with_overrides(theme=theme))
    footer: list[str] = []

    async def before(pilot: Pilot[None]) -> None:
        result = (run_before or settle)(pilot)
        if result is not None:
            await result  # type: ignore[misc]
        await settle(pilot)
        footer.extend([type(pilot.app.screen).__name__, *footer_problems(pilot),
                       *focus_problems(pilot)])

    assert snap_compare(app, terminal_size=SMALL, run_before=before)
    assert footer[1:] == [], footer


async def keys(pilot: Pilot[None], *pressed: str) -> None:
    await database_open(pilot)
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


# -- the kinds test_snapshots.py also shows, here in high contrast ----------------------


def test_home_contraste(snap_compare: Compare, settings: Settings,
                        service: CaseService) -> None:
    casebuilder.build(service, casebuilder.ordonnance(), Path("scans"))
    draft_at(service, casebuilder.bpi(), "motif_sejour", filled=1)
    shot(snap_compare, settings, "contraste")


def test_step_contraste(snap_compare: Compare, settings: Settings,
                        service: CaseService) -> None:
    draft_at(service, casebuilder.bpi(), "informations_personnelles", filled=1)
    shot(snap_compare, settings, "contraste", open_first_case)


def test_step_with_slots_contraste(snap_compare: Compare, settings: Settings,
                                   service: CaseService) -> None:
    draft_at(service, casebuilder.bpi(), "justificatifs", filled=3)
    shot(snap_compare, settings, "contraste", open_first_case)


def test_recapitulatif_contraste(snap_compare: Compare, settings: Settings,
                                 service: CaseService) -> None:
    draft_at(service, casebuilder.bpi(), "recapitulatif", filled=3)
    shot(snap_compare, settings, "contraste", open_first_case)


def test_confirmation_contraste(snap_compare: Compare, settings: Settings,
                                service: CaseService) -> None:
    casebuilder.build(service, casebuilder.bpi(), Path("scans"))
    shot(snap_compare, settings, "contraste", open_first_case)


# -- the other kinds, in both themes ----------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_profile(snap_compare: Compare, settings: Settings, theme: str) -> None:
    shot(snap_compare, settings, theme, lambda pilot: keys(pilot, "n"))


@pytest.mark.parametrize("theme", THEMES)
def test_refused_step(snap_compare: Compare, settings: Settings, service: CaseService,
                      theme: str) -> None:
    """Step 2 saved with no box ticked: the first box in error, focused and in view."""
    draft_at(service, casebuilder.bpi(), "motif_sejour", filled=1)

    async def refused(pilot: Pilot[None]) -> None:
        await open_first_case(pilot)
        await keys(pilot, "ctrl+s")

    shot(snap_compare, settings, theme, refused)


@pytest.mark.parametrize("theme", THEMES)
def test_preamble(snap_compare: Compare, settings: Settings, service: CaseService,
                  theme: str) -> None:
    casebuilder.create(service, casebuilder.bpi())
    shot(snap_compare, settings, theme, open_first_case)


@pytest.mark.parametrize("theme", THEMES)
def test_abandon_dialog(snap_compare: Compare, settings: Settings, service: CaseService,
                        theme: str) -> None:
    draft_at(service, casebuilder.bpi(), "motif_sejour", filled=1)

    async def asked(pilot: Pilot[None]) -> None:
        await open_first_case(pilot)
        await keys(pilot, "f8")

    shot(snap_compare, settings, theme, asked)


@pytest.mark.parametrize("theme", THEMES)
def test_help(snap_compare: Compare, settings: Settings, service: CaseService,
              theme: str) -> None:
    draft_at(service, casebuilder.bpi(), "informations_personnelles", filled=1)

    async def helped(pilot: Pilot[None]) -> None:
        await open_first_case(pilot)
        await keys(pilot, "f1")

    shot(snap_compare, settings, theme, helped)


@pytest.mark.parametrize("theme", THEMES)
def test_file_chooser(snap_compare: Compare, settings: Settings, service: CaseService,
                      theme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    draft_at(service, casebuilder.bpi(), "justificatifs", filled=2)
    # The chooser shows when each file was modified: a fixed time, read in UTC.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    for name, minute in (("facture.pdf", 0), ("quittance.jpg", 5)):
        made = casebuilder.make_file(Path("scans"), name)
        os.utime(made, (SCANNED + minute * 60, SCANNED + minute * 60))

    async def choosing(pilot: Pilot[None]) -> None:
        await open_first_case(pilot)
        button = pilot.app.screen.query_one("#f-document_justificatif_domicile-attach")
        button.focus()
        await keys(pilot, "enter")

    shot(snap_compare, settings, theme, choosing)


@pytest.mark.parametrize("theme", THEMES)
def test_piece_list(snap_compare: Compare, settings: Settings, theme: str) -> None:
    shot(snap_compare, settings, theme, lambda pilot: keys(pilot, "l"))


# -- before the deposit: identity, the children's dialog, questions ----------------------


@pytest.mark.parametrize("theme", THEMES)
def test_identity(snap_compare: Compare, settings: Settings, theme: str) -> None:
    async def identity(pilot: Pilot[None]) -> None:
        await keys(pilot, "n")
        for label in BPI_ROUTE:
            await pick(pilot, label)
            await settle(pilot)
        assert screen_name(pilot) == "IdentityScreen"

    shot(snap_compare, settings, theme, identity)


@pytest.mark.parametrize("theme", THEMES)
def test_child_dialog(snap_compare: Compare, settings: Settings, service: CaseService,
                      theme: str) -> None:
    """A child of the list « Enfants à votre charge », opened to be changed."""
    draft_at(service, casebuilder.conjoint_rf(), "motif_sejour", filled=2)

    async def editing(pilot: Pilot[None]) -> None:
        await open_first_case(pilot)
        await focus(pilot, "f-enfants-edit")
        await keys(pilot, "enter")
        assert screen_name(pilot) == "GroupItemDialog"

    shot(snap_compare, settings, theme, editing)


@pytest.mark.parametrize("theme", THEMES)
def test_message_dialog(snap_compare: Compare, settings: Settings, service: CaseService,
                        theme: str) -> None:
    """A message that stops an action: an abandoned dossier cannot be opened."""
    case_id = casebuilder.create(service, casebuilder.bpi())
    service.abandon(case_id)

    async def opened(pilot: Pilot[None]) -> None:
        await database_open(pilot)
        pilot.app.router.open_case(case_id)  # type: ignore[attr-defined]
        await settle(pilot)
        assert screen_name(pilot) == "MessageDialog"

    shot(snap_compare, settings, theme, opened)


# -- after the deposit: the instruction side --------------------------------------------


def complement_asked(service: CaseService, spec: casebuilder.CaseSpec) -> int:
    """A deposited dossier whose passport the agent asked again, on the counter's day."""
    record = casebuilder.build(service, spec, Path("scans"))
    service.instruction.request_complement(record.id, [RequestedPiece(
        "justificatif_nationalite", "", Reason.UNREADABLE,
        "Veuillez fournir une copie lisible de votre passeport.")], now=CLOCK())
    return record.id


async def instruction(pilot: Pilot[None], *pressed: str) -> None:
    """« i » (instruction side), Entrée on the first dossier, then `pressed`."""
    await keys(pilot, "i", "enter", *pressed)


@pytest.mark.parametrize("theme", THEMES)
def test_instruction_queue(snap_compare: Compare, settings: Settings, service: CaseService,
                           theme: str) -> None:
    complement_asked(service, casebuilder.ase())
    casebuilder.build(service, casebuilder.etranger_malade(), Path("scans"))
    shot(snap_compare, settings, theme, lambda pilot: keys(pilot, "i"))


@pytest.mark.parametrize("theme", THEMES)
def test_instruction_dossier(snap_compare: Compare, settings: Settings,
                             service: CaseService, theme: str) -> None:
    """Every action that applies to a deposited étranger malade renewal."""
    casebuilder.build(service, casebuilder.etranger_malade(), Path("scans"))
    shot(snap_compare, settings, theme, instruction)


@pytest.mark.parametrize("theme", THEMES)
def test_sending_dialog(snap_compare: Compare, settings: Settings, service: CaseService,
                        theme: str) -> None:
    """A notification about to be sent: « Prolonger l'instruction ? »."""
    casebuilder.build(service, casebuilder.etranger_malade(), Path("scans"))
    shot(snap_compare, settings, theme, lambda pilot: instruction(pilot, "p"))


@pytest.mark.parametrize("theme", THEMES)
def test_complement_request(snap_compare: Compare, settings: Settings,
                            service: CaseService, theme: str) -> None:
    casebuilder.build(service, casebuilder.ase(), Path("scans"))

    async def requesting(pilot: Pilot[None]) -> None:
        await instruction(pilot, "c", "space")
        assert screen_name(pilot) == "ComplementRequestScreen"

    shot(snap_compare, settings, theme, requesting)


@pytest.mark.parametrize("theme", THEMES)
def test_decision(snap_compare: Compare, settings: Settings, service: CaseService,
                  theme: str) -> None:
    casebuilder.build(service, casebuilder.ase(), Path("scans"))
    shot(snap_compare, settings, theme, lambda pilot: instruction(pilot, "d"))


@pytest.mark.parametrize("theme", THEMES)
def test_history(snap_compare: Compare, settings: Settings, service: CaseService,
                 theme: str) -> None:
    complement_asked(service, casebuilder.ase())
    shot(snap_compare, settings, theme, lambda pilot: instruction(pilot, "h"))


# -- after the deposit: the counter side ------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_notifications(snap_compare: Compare, settings: Settings, service: CaseService,
                       theme: str) -> None:
    complement_asked(service, casebuilder.ase())
    shot(snap_compare, settings, theme, lambda pilot: keys(pilot, "m"))


@pytest.mark.parametrize("theme", THEMES)
def test_notification(snap_compare: Compare, settings: Settings, service: CaseService,
                      theme: str) -> None:
    complement_asked(service, casebuilder.ase())
    shot(snap_compare, settings, theme, lambda pilot: keys(pilot, "m", "enter"))


@pytest.mark.parametrize("theme", THEMES)
def test_complement_answer(snap_compare: Compare, settings: Settings,
                           service: CaseService, theme: str) -> None:
    """« Mettre à jour le Document » chosen: the files of the piece and their buttons."""
    complement_asked(service, casebuilder.ase())

    async def answering(pilot: Pilot[None]) -> None:
        await keys(pilot, "m", "enter", "ctrl+s", "down", "space")
        assert screen_name(pilot) == "ComplementAnswerScreen"

    shot(snap_compare, settings, theme, answering)


@pytest.mark.parametrize("theme", THEMES)
def test_refused_request(snap_compare: Compare, settings: Settings, service: CaseService,
                         theme: str) -> None:
    """An error outside a step: a demande de complément sent with nothing ticked — the
    message above the pieces (« ⚠ », not colour alone), the passing notice, the focus
    back on the first box."""
    casebuilder.build(service, casebuilder.ase(), Path("scans"))
    shot(snap_compare, settings, theme, lambda pilot: instruction(pilot, "c", "ctrl+s"))
