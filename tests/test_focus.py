"""The focus rules of screens/focus.py, screen by screen, by keyboard at 80×24.

Each screen opens on its first field to fill; a refused save focuses the first field in
error, in view; the focus never rests on a container or off screen; PageUp/PageDown
scroll long screens; a text field keeps its editing keys (ctrl+a).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
from a11y_cases import case_at, resume
from pilot import make_settings, new_app, screen_name, settle
from textual.containers import ScrollableContainer
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Static

from screens.focus import FILL_CONTROLS, ErrorSummary, Page, is_visible
from screens.toggles import ChoiceList

SMALL = (80, 24)


def assert_focus_sound(pilot: Pilot[None]) -> None:
    """The focus is on a visible control, never on a bare container."""
    focused = pilot.app.focused
    assert focused is not None, f"no focus on {screen_name(pilot)}"
    assert is_visible(focused), f"{focused} is off screen"
    assert not isinstance(focused, ScrollableContainer) or isinstance(focused, FILL_CONTROLS), \
        f"{focused} is a container"


def assert_no_container_in_chain(pilot: Pilot[None]) -> None:
    bare = [w for w in pilot.app.screen.focus_chain
            if isinstance(w, ScrollableContainer) and not isinstance(w, FILL_CONTROLS)]
    assert not bare, f"containers in the Tab order of {screen_name(pilot)}: {bare}"


def test_each_screen_opens_on_its_first_field(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "motif_sejour")

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await resume(pilot, "StepScreen")
            assert pilot.app.screen.step_id == "motif_sejour"  # type: ignore[attr-defined]
            # Step 2 has only boxes to tick: the first box, not the save button.
            assert isinstance(pilot.app.focused, Checkbox | ChoiceList), pilot.app.focused
            assert_focus_sound(pilot)
            assert_no_container_in_chain(pilot)
            # One Tab from the first box reaches the next box (no page in between).
            await pilot.press("tab")
            assert isinstance(pilot.app.focused, Checkbox | ChoiceList), pilot.app.focused
            await pilot.press("ctrl+r")  # back to step 1
            await settle(pilot)
            assert pilot.app.screen.step_id == "informations_personnelles"  # type: ignore[attr-defined]
            assert isinstance(pilot.app.focused, Input | ChoiceList)
            assert pilot.app.focused.id == "f-en_couple-control"
            assert_focus_sound(pilot)

    asyncio.run(run())


def test_refused_save_focuses_the_first_field_in_error_in_view(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "informations_personnelles")

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await resume(pilot, "StepScreen")
            screen = pilot.app.screen
            await pilot.press("ctrl+s")
            await settle(pilot)
            summary = screen.query_one("#error-summary", ErrorSummary)
            assert "erreur" in str(summary.render())
            focused = pilot.app.focused
            assert focused is not None and focused.id == "f-en_couple-control", focused
            assert_focus_sound(pilot)
            # Fill the two choices: the next refusal is about fields further down.
            for _ in range(2):
                await pilot.press("down", "enter", "tab")
            await pilot.press("ctrl+s")
            await settle(pilot)
            focused = pilot.app.focused
            assert focused is not None and focused.id != "f-en_couple-control"
            assert_focus_sound(pilot)
            # The summary stays reachable: it is in the Tab order, before the fields.
            assert summary in screen.focus_chain
            await pilot.press("pageup", "pageup", "pageup", "pageup")
            await pilot.pause()
            assert is_visible(summary)

    asyncio.run(run())


def test_a_field_error_clears_when_the_field_is_corrected(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "informations_personnelles")

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await resume(pilot, "StepScreen")
            screen = pilot.app.screen
            await pilot.press("ctrl+s")
            await settle(pilot)
            phone = screen.query_one("#f-telephone")
            assert phone.has_class("-invalid")
            screen.query_one("#f-telephone-control", Input).focus()
            await pilot.pause()
            await pilot.press("0", "6")
            await pilot.pause()
            assert not phone.has_class("-invalid")
            assert str(phone.query_one(".error", Static).render()).strip() == ""

    asyncio.run(run())


def test_ctrl_a_stays_in_the_text_field_and_f8_abandons(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "informations_personnelles")

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await resume(pilot, "StepScreen")
            field = pilot.app.screen.query_one("#f-ville-control", Input)
            field.focus()
            await pilot.pause()
            await pilot.press("L", "i", "l", "l", "e", "ctrl+a")
            await pilot.pause()
            assert screen_name(pilot) == "StepScreen"
            assert field.cursor_position == 0 and field.value == "Lille"
            await pilot.press("f8")
            await pilot.pause()
            assert screen_name(pilot) == "ConfirmDialog"
            await pilot.press("escape")
            await pilot.pause()
            assert screen_name(pilot) == "StepScreen"
            assert pilot.app.focused is field

    asyncio.run(run())


def test_pagedown_scrolls_the_deposit_screen_and_part_3_lands_on_a_control(
        tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), None)

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await resume(pilot, "RecapScreen")
            screen = pilot.app.screen
            assert_no_container_in_chain(pilot)
            assert_focus_sound(pilot)
            # The three parts of the BPI récapitulatif, each validated by Enter.
            for _ in range(3):
                focused = pilot.app.focused
                assert isinstance(focused, Button) and (focused.name or "").startswith(
                    "validate-"), focused
                await pilot.press("enter")
                await settle(pilot)
                assert_focus_sound(pilot)
            assert isinstance(pilot.app.focused, Button | Checkbox), pilot.app.focused
            # From a button docked below the page, PageDown and PageUp scroll the page.
            pilot.app.screen.query_one("#save", Button).focus()
            await pilot.pause()
            page = screen.query_one(Page)
            page.scroll_home(animate=False)
            await pilot.pause()
            await pilot.press("pagedown")
            await pilot.pause()
            assert page.scroll_y > 0
            await pilot.press("pageup")
            await pilot.pause()
            assert page.scroll_y == 0

    asyncio.run(run())


def test_preamble_and_identity_open_on_their_action_or_first_field(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "preamble")

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await resume(pilot, "PreambleScreen")
            assert pilot.app.focused is not None and pilot.app.focused.id == "save"
            assert_focus_sound(pilot)
            assert_no_container_in_chain(pilot)
            await pilot.press("pagedown")
            await pilot.pause()
            assert pilot.app.screen.query_one(Page).scroll_y > 0

    asyncio.run(run())
