"""The focus rules of screens/focus.py on the instruction screens, both sides, at 80×24.

Each screen opens on something useful and visible, never on a bare container, and no
container is in its Tab order; PageDown scrolls the long ones from wherever the focus
is; a refused action puts the focus on what to fix, in view.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
from counter_day import CLOCK
from pilot import focus, make_settings, new_app, screen_name, settle
from test_actions_by_state import home_ready
from textual.containers import ScrollableContainer
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from anef_tui.service import CaseService, Reason, RequestedPiece
from screens.focus import FILL_CONTROLS, Page, is_visible

SMALL = (80, 24)


def opened_well(pilot: Pilot[None], expected: str, focused_id: str) -> None:
    """On `expected`, focused on `focused_id`, in view, and no container in Tab."""
    assert screen_name(pilot) == expected
    focused = pilot.app.focused
    assert focused is not None and focused.id == focused_id, (expected, focused)
    assert is_visible(focused), (expected, focused)
    bare = [w for w in pilot.app.screen.focus_chain
            if isinstance(w, ScrollableContainer) and not isinstance(w, FILL_CONTROLS)]
    assert bare == [], (expected, bare)


async def page_down_scrolls(pilot: Pilot[None]) -> None:
    page = pilot.app.screen.query_one(Page)
    assert page.max_scroll_y > 0, "the page fits: nothing to scroll at 80×24?"
    before = page.scroll_y
    await pilot.press("pagedown")
    await settle(pilot)
    assert page.scroll_y > before
    await pilot.press("pageup")
    await settle(pilot)
    assert page.scroll_y == before


async def refused_focuses(pilot: Pilot[None], expected_id: str, error_id: str) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
    focused = pilot.app.focused
    assert focused is not None and focused.id == expected_id, focused
    assert is_visible(focused)
    assert pilot.app.screen.query_one(f"#{error_id}").display


def test_instruction_screens_keep_the_focus_rules(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    service = CaseService(settings, CLOCK)
    try:
        case_id = casebuilder.build(service, casebuilder.ase(), settings.scan_dir).id
    finally:
        service.close()

    async def instruction_side() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await home_ready(pilot)
            await pilot.press("i")
            await settle(pilot)
            opened_well(pilot, "InstructionHomeScreen", "waiting")
            await pilot.press("enter")
            await settle(pilot)
            opened_well(pilot, "InstructionCaseScreen", "complement")
            await page_down_scrolls(pilot)
            assert pilot.app.focused is not None and pilot.app.focused.id == "complement"

            await pilot.press("h")
            await settle(pilot)
            opened_well(pilot, "HistoryScreen", "history")
            await pilot.press("escape")
            await settle(pilot)

            await pilot.press("c")
            await settle(pilot)
            opened_well(pilot, "ComplementRequestScreen", "ask-0")
            await page_down_scrolls(pilot)
            # Nothing ticked: the first box, back in view.
            await refused_focuses(pilot, "ask-0", "request-error")
            # The last piece ticked, its observation emptied: that observation, in view.
            last = len(pilot.app.screen.query(Checkbox)) - 2  # before « Autre document »
            await focus(pilot, f"ask-{last}")
            await pilot.press("space")
            pilot.app.screen.query_one(f"#observation-{last}", Input).value = ""
            await focus(pilot, "ask-0")
            await refused_focuses(pilot, f"observation-{last}", "request-error")
            await pilot.press("ctrl+q")
            await settle(pilot)

            await pilot.press("d")
            await settle(pilot)
            opened_well(pilot, "DecisionScreen", "titre")
            pilot.app.screen.query_one("#mention", Input).value = ""
            await refused_focuses(pilot, "mention", "decision-error")
            await pilot.press("ctrl+q")
            await settle(pilot)
            assert screen_name(pilot) == "InstructionCaseScreen"

    asyncio.run(instruction_side())

    service = CaseService(settings, CLOCK)
    try:
        service.instruction.request_complement(case_id, [RequestedPiece(
            "justificatif_nationalite", "", Reason.UNREADABLE,
            "Veuillez fournir une copie lisible de votre passeport.")], now=CLOCK())
    finally:
        service.close()

    async def counter_side() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await home_ready(pilot)
            await pilot.press("m")
            await settle(pilot)
            opened_well(pilot, "NotificationsScreen", "notifications")
            await pilot.press("enter")
            await settle(pilot)
            opened_well(pilot, "NotificationScreen", "answer")
            await page_down_scrolls(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            opened_well(pilot, "ComplementAnswerScreen", "choice-0")
            # No answer chosen: the choice, in view, and the message above the pieces.
            await focus(pilot, "send")
            await refused_focuses(pilot, "choice-0", "answer-error")
            # « Mettre à jour le Document »: « Joindre », but no « Retirer » with no file.
            await pilot.press("down", "space")
            await settle(pilot)
            screen = pilot.app.screen
            assert screen.query_one("#attach-0").display
            assert not screen.query_one("#remove-0").display

    asyncio.run(counter_side())
