"""The objects that live as long as the app, kept out of Python's full collections, and
what the screens left must let go of.

A full (generation 2) garbage collection walks every object the process holds: with
the catalog, the database layer and Textual loaded, that walk stopped the interface
for 150 to 300 ms on a 2-core machine, at moments of Python's choosing — often in the
middle of a step switch, which allocates many widgets. What exists once the first
step of a case is built (definitions, service, stylesheet, home screen) lives until
the app ends: `gc.freeze()` moves it to the permanent generation, so the collections
after it walk only the screens of the case at hand. What is frozen is never collected,
so freezing is done at start-up's milestones (`set_aside`, from the home screen: its
mount, its first page, the start-up sweep) and once just before the first step screen
is built (`freeze_once`, screens/router.py: frozen with the rest, that screen and all it
held were never freed), never after a case's screens were left; `release` when the app
closes.

A screen left is a cycle of thousands of objects, freed only by a full collection, and
only if nothing long-lived still holds it (`let_go_of_left_screens`). While a
dossier's step screens are taken apart, full collections are held back
(`defer_full_collection`); the one that frees them runs once they are all gone, when
the counter pauses (`collect_deferred`, see screens/router.py).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

from textual._styles_cache import StylesCache

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import App
    from textual.widget import Widget

# A full collection starts once generation 1 has been collected this many times since
# the last one (and what those promoted is a quarter of what it would walk): held back,
# it never starts on its own.
NEVER = 2**30

_frozen = False
_held = False
_thresholds = gc.get_threshold()


def set_aside() -> None:
    """Freeze what start-up has built so far (modules, definitions, database engine)."""
    gc.freeze()


def release() -> None:
    """Unfreeze everything: the app is closing (in tests, the next app starts afresh)."""
    global _frozen  # noqa: PLW0603 - once per process, by design
    _frozen = False
    gc.unfreeze()
    # A step screen closed with the app before it was whole holds nothing any more.
    _building.clear()
    gc.enable()
    _resume_full_collections()


def freeze_once() -> None:
    """Freeze what the process holds now, the first time only."""
    global _frozen  # noqa: PLW0603 - once per process, by design
    if not _frozen:
        _frozen = True
        gc.freeze()


# Step screens being built now (compose to whole), during which Python collects nothing.
_building: set[int] = set()


def hold_collections(owner: object) -> None:
    """No automatic collection while `owner` (a step screen) is being built.

    Building a step allocates thousands of objects, which made Python run a full
    collection in the middle of it, on top of a layout: 30 to 90 ms more in the longest
    stall of a first visit. `collect_held` does it once the step is whole, on its own.
    """
    _building.add(id(owner))
    gc.disable()


def collect_held(owner: object) -> bool:
    """`owner` is built (or left): collections resume. Returns True when nothing else
    is being built, the moment to collect what the builds left, once."""
    _building.discard(id(owner))
    if _building:
        return False
    gc.enable()
    return True


def collect() -> None:
    """What the build left, collected now, unless a build started since (it will collect
    after). The young generations always (a few ms); all of them only when Python's own
    count says a full collection is due, which it would otherwise run at a moment of its
    choosing, perhaps under the next key typed."""
    if _building:
        return
    full = gc.get_count()[2] >= gc.get_threshold()[2]
    gc.collect(2 if full else 1)


def defer_full_collection() -> None:
    """No full collection until `collect_deferred`: a dossier's screens are being taken
    apart. The young generations are collected as usual."""
    global _held, _thresholds  # noqa: PLW0603 - one app per process
    if not _held:
        _held = True
        _thresholds = gc.get_threshold()
        young, middle, _ = _thresholds
        gc.set_threshold(young, middle, NEVER)


def full_collection_deferred() -> bool:
    return _held


def collect_deferred() -> None:
    """The full collection held back since a dossier's screens were let go, now.

    Python started one when it chose, in the middle of the taking apart, often inside
    a frame of the home screen: at the return from a dossier, 95 ms of a 110 ms stall.
    Held back, it runs once every screen let go is removed, when the app is idle, and
    frees them all.
    """
    if _held:
        if not _building:  # else the build collects once it is whole
            gc.collect()
        _resume_full_collections()


def _resume_full_collections() -> None:
    global _held  # noqa: PLW0603 - one app per process
    if _held:
        _held = False
        gc.set_threshold(*_thresholds)


def let_go_of_left_screens(app: App[Any]) -> None:
    """What long-lived objects still hold of the screens left: let go, so that those
    screens are freed and no collection walks them again.

    Two holds of Textual's own kept a screen's worth of objects alive at each dossier
    left (some 11 000 objects a dossier for every later full collection to walk, up to
    a hundred thousand): the watchers of removed widgets on the app and on the screen
    on show (`drop_closed_watchers`), and the background colours that
    `StylesCache.get_inner_outer` keeps in an `lru_cache` of 1 024 entries keyed by
    each widget's own styles cache (Textual issue #6665): emptied, it is filled again
    at the next frame, two styles per widget on show.
    """
    drop_closed_watchers(app, *app.screen.walk_children(with_self=True))
    StylesCache.get_inner_outer.cache_clear()


def drop_closed_watchers(*owners: object) -> int:
    """Forget the watchers that removed widgets left on long-lived objects; returns how
    many went.

    A widget that watches another object (Textual's `watch`, `data_bind`) stays listed
    on it until the watched value next changes (Textual issue #6666): every `Header`
    on the app's title and sub-title, which never change, and the keys of a footer on
    that footer. Each screen left stayed alive that way.
    """
    dropped = 0
    for owner in owners:
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(owner, "__watchers", {})
        for watching in watchers.values():
            alive = [(node, callback) for node, callback in watching
                     if not getattr(node, "_closing", False)
                     and not getattr(node, "_closed", False)]
            dropped += len(watching) - len(alive)
            watching[:] = alive
    return dropped


def empty_caches(removed: Iterable[Widget]) -> None:
    """Empty the render and style caches of widgets just removed.

    A removed widget is freed only by a full collection (it is a cycle with its styles
    and children), and so was everything its caches held: the lines it last rendered
    (a `Strip` and its seven small caches a line), a quarter of what the collection
    after a dossier walked. Emptied now, they are freed at once, a part at a time as
    the screen is taken apart. Caches only: a widget would fill them again if shown.
    """
    for widget in removed:
        widget._styles_cache.clear()  # noqa: SLF001 - Textual's caches, no API for them
        widget._layout_cache.clear()  # noqa: SLF001
        widget._box_model_cache.clear()  # noqa: SLF001
        widget._rich_style_cache.clear()  # noqa: SLF001
        widget._visual_style_cache.clear()  # noqa: SLF001
