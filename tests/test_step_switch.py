"""Steps switch at once: the first screenful first, the rest in chunks, the save off the
UI thread (screens/step.py, screens/step_parts.py).

The largest step (BPI « Informations personnelles ») is opened at 80×24, where most of
it is below the fold: it opens on its first field, visible, before the end is mounted;
once all is mounted the Tab order is the reading order; a save asked before the end is
mounted saves every field; a save refused because another program holds the database
says so in French, changes nothing, and never holds the keyboard while it waits.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import casebuilder
import pytest
from a11y_cases import case_at, resume
from pilot import keys_handed_on, make_settings, new_app, settle
from textual.pilot import Pilot
from textual.widgets import Input

from anef_tui.service import CaseService
from screens.fields import FieldInput
from screens.focus import is_visible
from screens.toggles import ChoiceList

SMALL = (80, 24)
FIRST = "informations_personnelles"


def stored(settings: Any, case_id: int) -> tuple[str | None, dict[str, Any], int]:
    service = CaseService(settings)
    try:
        record = service.get(case_id)
        return record.current_step, record.answers, record.version
    finally:
        service.close()


async def back_to_first(pilot: Pilot[None]) -> None:
    """From step 2, ctrl+r; returns as soon as the step screen is shown (not all mounted)."""
    await pilot.press("ctrl+r")
    for _ in range(200):
        await pilot.pause()
        if getattr(pilot.app.screen, "step_id", None) == FIRST:
            return
    raise AssertionError("ctrl+r did not go back to step 1")


async def whole(pilot: Pilot[None]) -> None:
    for _ in range(200):
        await settle(pilot)
        if pilot.app.screen.whole:  # type: ignore[attr-defined]
            return
    raise AssertionError("the step was never mounted whole")


def test_the_first_screenful_comes_first_then_the_rest_in_reading_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from screens.step import StepScreen

    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "motif_sejour")
    # The chunks after the first frame wait for the test to look at that frame.
    gate = asyncio.Event()
    chain = StepScreen._mount_next

    async def gated(self: Any) -> None:
        if gate.is_set():
            await chain(self)

    monkeypatch.setattr(StepScreen, "_mount_next", gated)

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await resume(pilot, "StepScreen")
            gate.clear()
            await back_to_first(pilot)
            screen: Any = pilot.app.screen
            order = [p.widget for p in screen.parts.order]
            mounted = [w for w in order if w.is_attached]
            # Drawn first: the screenful, not the whole step.
            assert 0 < len(mounted) < len(order)
            assert mounted == order[:len(mounted)]  # a prefix, in reading order
            # Where the focus opens: the first field to fill, on screen.
            focused = pilot.app.focused
            assert isinstance(focused, Input | ChoiceList), focused
            first_field = next(w for w in screen.parts.field_inputs()
                               if not w.readonly and w.display)
            assert focused.parent is first_field
            assert is_visible(focused)

            gate.set()
            screen.call_after_refresh(screen._mount_next)  # noqa: SLF001 - the chain, let go
            await whole(pilot)
            assert all(w.is_attached for w in order)
            # Every widget once, no rebuilt copy.
            assert len(screen.query(FieldInput)) == len(screen.parts.field_inputs())
            # Tab order = reading order: the fields' controls in the definition's order.
            keys = [f.id for s in screen.step.sections for f in s.fields
                    if not screen.parts.fields[f.id].readonly
                    and screen.parts.fields[f.id].display
                    and screen.parts.sections[s.id].display]
            chain = [w.parent.key for w in screen.focus_chain
                     if isinstance(w.parent, FieldInput)]
            assert [k for k in chain if k in keys] == keys
            # And the focus never left the first field while the rest was mounted.
            assert pilot.app.focused is focused

    asyncio.run(run())


def test_a_save_before_the_end_is_mounted_saves_every_field(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from screens.step import StepScreen

    settings = make_settings(tmp_path)
    case_id = case_at(settings, casebuilder.bpi(), "motif_sejour")
    _, before, _ = stored(settings, case_id)

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await resume(pilot, "StepScreen")
            # The chunks after the first frame wait (as on a slow machine): the save
            # itself must mount and read the rest.
            monkeypatch.setattr(StepScreen, "_mount_next", _later)
            await back_to_first(pilot)
            assert not pilot.app.screen.whole  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert pilot.app.screen.step_id == "motif_sejour"  # type: ignore[attr-defined]
            _, after, _ = stored(settings, case_id)
            # The same answers saved again: the fields below the fold were read too.
            assert after[FIRST] == before[FIRST]

    asyncio.run(run())


async def _later(self: Any) -> None:
    """Mounts nothing: the chain of chunks after the first frame, held back."""


def test_a_locked_database_refuses_the_save_in_french_without_holding_the_keyboard(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from anef_tui.storage import database

    # How long SQLite waits for the other program: long enough to press keys meanwhile.
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 4000)
    settings = make_settings(tmp_path)
    case_id = case_at(settings, casebuilder.bpi(), "motif_sejour")
    before: list[Any] = []

    async def run() -> tuple[str, str, str, bool]:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            await back_to_first(pilot)
            await whole(pilot)
            before.append(stored(settings, case_id))
            screen: Any = pilot.app.screen
            holder = sqlite3.connect(settings.data_dir / "anef.sqlite3", isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")  # another desk is writing
            try:
                focused = pilot.app.focused
                await pilot.press("ctrl+s")
                assert screen.busy  # the save waits for the lock, in its worker
                await pilot.press("tab")  # … and the keyboard still answers
                await keys_handed_on(pilot)  # (it waits for a quick save, not a locked one)
                moved = pilot.app.focused is not focused
                assert screen.busy
                await pilot.press("ctrl+s")  # pressed again: said, not saved twice
                again = " ".join(str(n.message) for n in pilot.app._notifications)  # noqa: SLF001
                await settle(pilot)
            finally:
                holder.execute("ROLLBACK")
                holder.close()
            summary = str(screen.query_one("#error-summary").render())
            return summary, again, screen.step_id, moved and pilot.app.focused is not None

    summary, again, step, moved = asyncio.run(run())
    assert "Enregistrement impossible" in summary
    assert "verrouillée par un autre programme" in summary
    assert "Enregistrement en cours" in again
    assert step == FIRST
    assert moved
    assert stored(settings, case_id) == before[0]  # nothing changed
