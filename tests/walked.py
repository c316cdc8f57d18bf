"""The dossier each route's keyboard walk leaves: walked once per test run, then shared.

A whole walk of a route through the screens (tests/test_walk_<route>.py) is the costliest
thing in the suite, about ten seconds of CPU, and several tests want what it leaves: the
walk's own test checks the dossier and the PDF, the plain mode's tests compare theirs
with it row for row, the instruction's test goes on from the deposited dossier.

The `walks` fixture (tests/conftest.py) gives a `Walks`: `walks.get("ase")` runs the
route's walk key by key the first time any test of the run asks for it, in a folder the
pytest-xdist workers share, and gives every later asker that folder; the walk's own
assertions run in whichever test walked it first. A test that changes the dossier works
on a copy: `walks.copy("ase", tmp_path / "x")`. While another worker is walking the
route, the asker walks it in a folder of its own rather than wait with a core idle
(conftest.py starts the walks' own tests first, their users later, so this is rare).
"""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pilot import key_by_key, make_settings

from anef_tui.config import Settings

# The routes whose module tests/test_walk_<route>.py has `walk_route(settings)`: the
# scans written, then the walk; it returns the confirmation PDF and what it noted.
ROUTES = ("ase", "bpi", "conjoint_rf", "malade", "ordonnance")


@dataclass(frozen=True)
class Walked:
    folder: Path  # the test folder the walk ran in (make_settings's)
    settings: Settings
    pdf: Path  # the confirmation printed at the end of the walk
    seen: dict[str, Any]  # what the walk noted on its way (e.g. the mouse events)


def _walked(route: str, folder: Path, done: Path) -> Walked:
    """The walk left in `folder` (its outcome in `done`), walked first if need be."""
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)  # a walk that failed half way
        folder.mkdir(parents=True)
        walk_route = importlib.import_module(f"test_walk_{route}").walk_route
        with key_by_key():
            pdf, seen = walk_route(make_settings(folder))
        done.write_text(json.dumps({"pdf": str(Path(pdf).relative_to(folder)),
                                    "seen": seen}))
    outcome = json.loads(done.read_text())
    return Walked(folder, make_settings(folder), folder / outcome["pdf"], outcome["seen"])


class Walks:
    """The routes walked in this run (one walk per route, shared by the workers)."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        base = factory.getbasetemp()
        # Under xdist each worker's base is a folder of the run's base, which they share.
        shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
        self.root = shared / "walked"
        self.root.mkdir(exist_ok=True)
        self.factory = factory

    def get(self, route: str) -> Walked:
        """What the route's key-by-key walk left; walked now if no test has yet."""
        assert route in ROUTES, route
        with (self.root / f"{route}.lock").open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released on close
            except BlockingIOError:  # another worker is walking it right now
                here = self.factory.mktemp(f"walked-{route}")
                return _walked(route, here / route, here / f"{route}.json")
            return _walked(route, self.root / route, self.root / f"{route}.json")

    def copy(self, route: str, into: Path) -> Walked:
        """A copy of the walked folder, for a test that goes on with the dossier."""
        walked = self.get(route)
        shutil.copytree(walked.folder, into, dirs_exist_ok=True)
        return Walked(into, make_settings(into), into / walked.pdf.relative_to(walked.folder),
                      walked.seen)
