"""The objects that live as long as the app, kept out of Python's full collections.

A full (generation 2) garbage collection walks every object the process holds: with
the catalog, the database layer and Textual loaded, that walk stopped the interface
for 150 to 300 ms on a 2-core machine, at moments of Python's choosing — often in the
middle of a step switch, which allocates many widgets. What exists once the first
step of a case is built (definitions, service, stylesheet, home screen) lives until
the app ends: `gc.freeze()` moves it to the permanent generation, so the collections
after it walk only the screens of the case at hand. What is frozen is never collected,
so freezing is done at start-up's milestones (`set_aside`, from the home screen: its
mount, its first page, the start-up sweep) and once when the first step is built
(`freeze_once`), never after a case's screens were left; `release` when the app closes.
"""

from __future__ import annotations

import gc

_frozen = False


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
