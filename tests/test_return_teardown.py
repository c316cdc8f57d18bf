"""Leaving a dossier: the home screen answers at once, and the dossier's screens are freed
(screens/router.py KeptSteps, screens/long_lived.py).

The step screens left are taken apart a part per frame; Python's full collection, which
alone frees them, is held back until they are all removed and runs once, when the
counter pauses (or as the next dossier opens). Nothing long-lived keeps them: Textual
listed every removed header on the app's title (issue #6666) and kept the styles caches
of removed widgets in an lru_cache (issue #6665); twenty dossiers opened and left leave
as many widgets and screens as two.
"""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import casebuilder
from a11y_cases import case_at, resume
from pilot import make_settings, new_app, settle, whole
from test_kept_steps import FIRST, SECOND, key_to_step, let_go
from textual import events
from textual._styles_cache import StylesCache
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from screens import long_lived
from screens.home import SearchInput


def kept(pilot: Pilot[None]) -> Any:
    return pilot.app.router.kept  # type: ignore[attr-defined]


async def leave(pilot: Pilot[None]) -> None:
    """« Quitter et revenir plus tard », the screens let go removed, the held collection
    done (as when the counter pauses)."""
    await pilot.press("ctrl+q")
    await let_go(pilot)
    kept(pilot).collect()
    await settle(pilot)


async def open_and_leave(pilot: Pilot[None]) -> list[weakref.ref[Screen[Any]]]:
    """Open the dossier on its second step, go back to the first (the second is kept),
    save it (the second shown again, the first kept), leave: weak references to both
    step screens. The dossier is left on its second step, as it was found."""
    await resume(pilot, "StepScreen")
    await whole(pilot)
    second = weakref.ref(pilot.app.screen)
    first = weakref.ref(await key_to_step(pilot, "ctrl+r", FIRST))
    assert await key_to_step(pilot, "ctrl+s", SECOND) is second()
    await leave(pilot)
    return [first, second]


async def until(condition: Callable[[], bool]) -> None:
    """Let the app run until `condition` holds (a state, not a time; bounded)."""
    for _ in range(100_000):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("never reached")


def census() -> Counter[str]:
    """Widgets and screens alive (garbage collected first), by class."""
    gc.collect()
    return Counter(type(o).__name__ for o in gc.get_objects()
                   if isinstance(o, Widget | StylesCache))


def test_leaving_a_dossier_leaves_nothing_listed_on_the_app(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), SECOND)

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            screens = await open_and_leave(pilot)
            assert type(pilot.app.screen).__name__ == "HomeScreen"
            # A key on the home: the typed-ahead keys (screens/keys.py) remember the
            # last widget typed into until the next key.
            await pilot.press("down")
            await settle(pilot)
            # (Whether they are freed is the twenty-dossier test's: here, a screen may
            # have been frozen by the home screen's start-up sweep, long_lived.set_aside
            # from its worker, which a test opening a dossier at once can overtake.)
            assert len(screens) == 2
            # Nothing on the app lists a removed widget any more (every Header did).
            watchers = getattr(pilot.app, "__watchers", {})
            assert all(not node._closing for watching in watchers.values()  # noqa: SLF001
                       for node, _ in watching)
            assert StylesCache.get_inner_outer.cache_info().currsize < 200

    asyncio.run(run())


def test_twenty_dossiers_opened_and_left_leave_as_many_widgets_as_two(
        tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), SECOND)

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            for _ in range(2):
                await open_and_leave(pilot)
            after_two = census()
            for _ in range(18):
                await open_and_leave(pilot)
            after_twenty = census()
            grown = {name: after_twenty[name] - after_two[name] for name in after_twenty
                     if after_twenty[name] > after_two[name]}
            assert grown == {}, grown

    asyncio.run(run())


def test_the_home_answers_a_key_typed_right_after_the_return(tmp_path: Path) -> None:
    """The key is handled between two parts of the take-apart, not after it."""
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), SECOND)

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            await whole(pilot)
            await key_to_step(pilot, "ctrl+r", FIRST)
            app = pilot.app

            def send(key: str, char: str | None = None) -> None:
                event = events.Key(key, char)
                event.set_sender(app)
                app.post_message(event)

            send("ctrl+q")  # as a terminal sends it: no wait for the app to be idle
            await until(lambda: type(app.screen).__name__ == "HomeScreen")
            search = app.screen.query_one(SearchInput)
            send("slash", "/")
            await until(lambda: app.focused is search)
            send("z", "z")
            await until(lambda: search.value == "z")
            assert kept(pilot)._trash  # noqa: SLF001 - still being taken apart
            assert long_lived.full_collection_deferred()  # and no full collection meanwhile
            await let_go(pilot)

    asyncio.run(run())


def test_the_full_collection_waits_for_the_take_apart_then_runs_once(
        tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), SECOND)
    usual = gc.get_threshold()

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            await whole(pilot)
            await key_to_step(pilot, "ctrl+r", FIRST)
            assert not long_lived.full_collection_deferred()  # a step left within the dossier
            full: list[int] = []

            def count(phase: str, info: dict[str, int]) -> None:
                if phase == "stop" and info["generation"] == 2:
                    full.append(info["collected"])

            gc.callbacks.append(count)
            try:
                await pilot.press("ctrl+q")
                assert long_lived.full_collection_deferred()
                assert gc.get_threshold()[2] == long_lived.NEVER
                await let_go(pilot)
                assert full == []  # none while the screens were taken apart
                kept(pilot).COLLECT_AFTER = 0.001  # the counter pauses
                kept(pilot)._collect_later()  # noqa: SLF001
                await settle(pilot)
                assert len(full) == 1 and full[0] > 0  # the screens let go, freed
            finally:
                gc.callbacks.remove(count)
            assert not long_lived.full_collection_deferred()
            assert gc.get_threshold() == usual

    asyncio.run(run())


def test_opening_the_next_dossier_first_runs_the_held_collection(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), SECOND)

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            await whole(pilot)
            await pilot.press("ctrl+q")
            await let_go(pilot)
            assert long_lived.full_collection_deferred()
            await resume(pilot, "StepScreen")  # before the counter paused
            assert not long_lived.full_collection_deferred()
            assert gc.get_threshold()[2] != long_lived.NEVER

    asyncio.run(run())


def test_closing_the_app_while_held_gives_python_its_collections_back(
        tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), SECOND)
    usual = gc.get_threshold()

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            await whole(pilot)
            await pilot.press("ctrl+q")
            assert long_lived.full_collection_deferred()

    asyncio.run(run())
    assert not long_lived.full_collection_deferred()
    assert gc.get_threshold() == usual
