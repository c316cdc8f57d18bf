"""No Python collection while a step screen is built (screens/long_lived.py): a full
collection fell in the middle of the largest step's build, on top of a layout. Held from
the step's compose to its last chunk, collections resume once it is whole, or as soon as
it is left or the app closes, never left off."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path
from typing import Any

import casebuilder
from a11y_cases import case_at, resume
from pilot import make_settings, new_app, settle, whole
from textual import events

from screens import long_lived


def test_collections_held_by_each_build_until_the_last_ends() -> None:
    first, second = object(), object()
    try:
        long_lived.hold_collections(first)
        long_lived.hold_collections(second)
        assert not gc.isenabled()
        assert long_lived.collect_held(first) is False  # the other is still building
        assert not gc.isenabled()
        assert long_lived.collect_held(second) is True  # the moment to collect
        assert gc.isenabled()
        assert long_lived.collect_held(second) is True  # twice: no harm
        long_lived.hold_collections(first)
        long_lived.release()  # the app closes: nothing held any more
        assert gc.isenabled()
        assert long_lived.collect_held(first) is True
    finally:
        long_lived.release()


def test_a_step_built_or_left_lets_collections_resume(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "motif_sejour")
    building: list[bool] = []

    async def run() -> None:
        app = new_app(settings)
        async with app.run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            await whole(pilot)
            await settle(pilot)
            assert gc.isenabled()
            # Back to the largest step, built in chunks after its first frame: held
            # while they come, free once it is whole.
            key = events.Key("ctrl+r", None)  # as a terminal sends it: no wait for idle
            key.set_sender(app)
            app.post_message(key)
            for _ in range(5000):
                screen: Any = app.screen
                # Once mounted (before its compose a screen has nothing pending yet).
                if getattr(screen, "step_id", None) == "informations_personnelles" \
                        and screen.is_mounted:
                    building.append(not gc.isenabled() and not screen.whole)
                    if screen.whole:
                        break
                await asyncio.sleep(0.001)
            await settle(pilot)
            assert gc.isenabled()
            assert any(building), "the build was never seen holding the collections"
            # Left before it is whole: collections resume all the same.
            app.router.kept.forget()
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("ctrl+r")
            await pilot.press("ctrl+q")
            await settle(pilot)
            assert gc.isenabled()

    try:
        asyncio.run(run())
    finally:
        long_lived.release()
