"""Sweep every case's store at start: what a crash left behind is personal data for nothing.

A kill during « Joindre un document » can leave a ``.incoming-*.part`` copy, and a
file copied in but never referenced (the step was not saved); an abandoned case
whose folder was being erased can keep its files. Without this sweep they would
stay until that dossier is reopened, which may be never.

Another instance of anef-tui on the same data folder may be attaching a file right
now: its copy is not referenced yet. So the full sweep runs only when this
instance is alone (``InstanceLock``); otherwise only what cannot belong to a live
attach is removed: partial copies older than ``PARTIAL_GRACE_SECONDS``, and files
of cases that can no longer take attachments (deposited, abandoned).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from anef_tui.attachments.store import PARTIAL_PREFIX, PARTIAL_SUFFIX

PIECES_DIR = "pieces"
# A partial copy lives a few seconds (10 Mo, fsynced); ten minutes is far beyond.
PARTIAL_GRACE_SECONDS = 600
LOCK_NAME = ".instances.lock"
# How many case folders are looked up in the database at once: the sweep's memory and
# each query stay this size, whether the counter has a hundred dossiers or a year of them.
SWEEP_BATCH = 500


@dataclass(frozen=True, slots=True)
class CaseFiles:
    """What the database says of one store: may a file be joined to it right now,
    is its case abandoned, and which stored files its rows reference."""

    may_attach: bool
    abandoned: bool
    referenced: frozenset[str]


@dataclass(slots=True)
class SweepReport:
    partials: int = 0
    unreferenced: int = 0
    abandoned_folders: int = 0

    @property
    def total(self) -> int:
        return self.partials + self.unreferenced + self.abandoned_folders


class InstanceLock:
    """Tells whether this is the only anef-tui running on the data folder.

    Every instance holds a shared ``flock`` on ``.instances.lock`` while it runs; the
    one that can take it exclusively at start is alone. The lock goes with the
    process (kill -9 included), so a crash never leaves a stale lock behind.
    """

    def __init__(self, data_dir: Path) -> None:
        # Without the lock file (a read-only folder…) we never believe we are alone.
        self._fd: int | None = None
        with contextlib.suppress(OSError):
            self._fd = os.open(data_dir / LOCK_NAME,
                               os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)

    def acquire_alone(self) -> bool:
        """Exclusive if nobody else runs (True); else shared (False). Call once, at start."""
        if self._fd is None:
            return False
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_SH)
            return False
        except OSError:
            return False

    def share(self) -> None:
        """From alone to one among others: later instances may start now."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_SH)

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def case_folders(files_dir: Path, batch: int | None = None) -> Iterator[list[int]]:
    """The case numbers of the folders found in files_dir (named « 000042 »), a batch at a
    time, as the directory is read: never the whole list at once. A case without a folder
    has nothing a crash could have left; names that are not case numbers are skipped."""
    size = batch or SWEEP_BATCH
    ids: list[int] = []
    try:
        with os.scandir(files_dir) as entries:
            for entry in entries:
                if entry.name.isdigit() and entry.is_dir(follow_symlinks=False):
                    ids.append(int(entry.name))
                    if len(ids) >= size:
                        yield ids
                        ids = []
    except OSError:
        pass  # an unreadable folder is swept next time
    if ids:
        yield ids


def sweep_stores(
    stores: Iterable[tuple[Path, CaseFiles]], *, alone: bool, now: float | None = None
) -> SweepReport:
    """Remove leftovers from each store given; never raises OSError.

    The caller gives only the stores a crash can have left files in (one directory
    read each): drafts' and abandoned cases' attachments, the complements of cases
    the instruction side wrote to — a deposited case's store is pruned when it is
    deposited, and a year of dossiers is not read at every start. Folders of cases the
    database does not know are never given: they may belong to another database.
    """
    now = time.time() if now is None else now
    report = SweepReport()
    for store, case in stores:
        if case.abandoned:
            # Abandoning erases the folder after the commit; a crash in between keeps it.
            if store.is_dir():
                shutil.rmtree(store, ignore_errors=True)
                report.abandoned_folders += 1
            continue
        _sweep_store(store, case, alone=alone, now=now, report=report)
    return report


def _sweep_store(
    store: Path, case: CaseFiles, *, alone: bool, now: float, report: SweepReport
) -> None:
    try:
        entries = list(os.scandir(store))
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if entry.name.startswith(PARTIAL_PREFIX) and entry.name.endswith(PARTIAL_SUFFIX):
                if alone or now - entry.stat(follow_symlinks=False).st_mtime > (
                        PARTIAL_GRACE_SECONDS):
                    os.unlink(entry.path)
                    report.partials += 1
                continue
            if entry.name.startswith(".") or entry.name in case.referenced:
                continue
            if alone or not case.may_attach:
                os.unlink(entry.path)
                report.unreferenced += 1
        except OSError:
            continue
