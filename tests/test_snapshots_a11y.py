# ruff: noqa: F811 - the fixtures of test_snapshots are imported, then used as parameters
"""Every kind of screen at 80×24, in the default theme and in high contrast.

tests/test_snapshots.py holds the main screens at 80×24 and 120×40 in the default
theme; here the same kinds in the high-contrast theme, and the kinds it does not hold
(identity, préambule, a question dialog, the F1 help, the file chooser, the piece list,
a refused step) in both. Same deterministic data (counter_day's clock, casebuilder's
answers, relative data folder).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import casebuilder
import pytest
from pilot import new_app, settle
from test_snapshots import (  # noqa: F401 - fixtures
    Compare,
    database_open,
    draft_at,
    frozen_cursors,
    open_first_case,
    service,
    settings,
)
from textual.pilot import Pilot

from anef_tui.config import Settings
from anef_tui.service import CaseService

SMALL = (80, 24)
SCANNED = 1_781_510_400  # 15/06/2026 08:00 UTC, counter_day's morning
THEMES = [pytest.param("sombre", id="sombre"), pytest.param("contraste", id="contraste")]
BPI_ROUTE = [
    "Je demande ou renouvelle un titre de séjour",
    "Moi-même (à partir de 16 ans)",
    "Et je suis titulaire d'un titre de séjour / VLS-TS",
    "« BPS » – mention « BÉNÉFICIAIRE DE LA PROTECTION SUBSIDIAIRE »",
    "Je sollicite le renouvellement de ce titre",
]


def shot(snap_compare: Compare, settings: Settings, theme: str,
         run_before: Callable[[Pilot[None]], object] | None = None) -> None:
    app = new_app(settings.with_overrides(theme=theme))
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before or settle)


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
