"""The objects that live as long as the app, kept out of Python's full collections.

A full (generation 2) garbage collection walks every object the process holds: with
the catalog, the database layer and Textual loaded, that walk stopped the interface
for 150 to 300 ms on a 2-core machine, at moments of Python's choosing — often in the
middle of a step switch, which allocates many widgets. What exists once the first
step of a case is built (definitions, service, stylesheet, home screen) lives until
the app ends: `gc.freeze()` moves it to the permanent generation, so the collections
after it walk only the screens of the case at hand. Frozen once per process: what is
frozen is never collected, so freezing again would keep the screens left since.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_once() -> None:
    """Freeze what the process holds now, the first time only."""
    global _frozen  # noqa: PLW0603 - once per process, by design
    if not _frozen:
        _frozen = True
        gc.freeze()
