"""The case's private, content-addressed file store.

Files are named ``<sha256>.<ext>`` and only ever appear under that name once
complete, validated and fsynced: the database references final names only, so a
crash can leave at worst an orphan ``.incoming-*.part`` file, never a half file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
PARTIAL_PREFIX = ".incoming-"
PARTIAL_SUFFIX = ".part"
_CHUNK = 1024 * 1024
_HEAD_BYTES = 64


class SourceReadError(Exception):
    """Reading the source failed (as opposed to writing the store): a different message."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.cause = cause


@dataclass(frozen=True, slots=True)
class PartialCopy:
    path: Path
    sha256: str
    size: int
    head: bytes
    # True when the source had more than the byte budget: the copy was cut short.
    overflow: bool


def ensure_store_dir(store_dir: Path) -> None:
    """Create ``store_dir`` and any missing parent as 0700 (applicants' papers are private)."""
    missing: list[Path] = []
    current = store_dir
    while not current.exists():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        with contextlib.suppress(FileExistsError):
            directory.mkdir(mode=DIR_MODE)
            # mkdir's mode is filtered by the umask; chmod states the intent exactly.
            directory.chmod(DIR_MODE)
    if not store_dir.is_dir():
        raise NotADirectoryError(str(store_dir))


def copy_to_partial(src_fd: int, store_dir: Path, *, max_bytes: int) -> PartialCopy:
    """Copy at most ``max_bytes + 1`` bytes of ``src_fd`` into a fresh partial file.

    Hashing while copying reads the source once. Reading one byte past the budget
    is how a file that grew after the size check is still caught. The partial is
    removed if anything goes wrong, including KeyboardInterrupt.
    """
    fd, name = tempfile.mkstemp(dir=store_dir, prefix=PARTIAL_PREFIX, suffix=PARTIAL_SUFFIX)
    partial = Path(name)
    try:
        os.fchmod(fd, FILE_MODE)
        digest = hashlib.sha256()
        head = b""
        size = 0
        budget = max_bytes + 1
        with os.fdopen(fd, "wb", closefd=True) as out:
            while size < budget:
                try:
                    chunk = os.read(src_fd, min(_CHUNK, budget - size))
                except OSError as exc:
                    raise SourceReadError(exc) from exc
                if not chunk:
                    break
                if len(head) < _HEAD_BYTES:
                    head += chunk[: _HEAD_BYTES - len(head)]
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        return PartialCopy(partial, digest.hexdigest(), size, head, size > max_bytes)
    except BaseException:
        discard(partial)
        raise


def commit(partial: Path, store_dir: Path, final_name: str) -> Path:
    """Give a validated partial its final name atomically and make that durable."""
    final = store_dir / final_name
    existing = _regular_size(final)
    if existing is not None and existing == partial.stat().st_size:
        # Same content already stored (content-addressed): keep the durable copy.
        discard(partial)
        return final
    os.replace(partial, final)
    fsync_dir(store_dir)
    return final


def discard(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def fsync_dir(directory: Path) -> None:
    """Persist a rename: without it a power cut can forget the directory entry."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stored_path(store_dir: Path, relpath: str) -> Path:
    """Absolute path of a stored file; refuses anything escaping ``store_dir``.

    relpath comes back from the database, which must not become a way to read
    arbitrary files.
    """
    candidate = (store_dir / relpath).resolve()
    if candidate.parent != store_dir.resolve() or candidate.name.startswith("."):
        raise ValueError(f"chemin de pièce jointe invalide : {relpath!r}")
    return candidate


def remove_stored(store_dir: Path, relpath: str) -> bool:
    """Delete a stored file once no slot references it. True if something was removed."""
    path = stored_path(store_dir, relpath)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    fsync_dir(store_dir)
    return True


def sweep_partials(store_dir: Path) -> int:
    """Remove partial copies left by a crash; call at start-up. Returns how many."""
    removed = 0
    try:
        entries = list(os.scandir(store_dir))
    except FileNotFoundError:
        return 0
    for entry in entries:
        if entry.name.startswith(PARTIAL_PREFIX) and entry.name.endswith(PARTIAL_SUFFIX):
            discard(Path(entry.path))
            removed += 1
    return removed


def _regular_size(path: Path) -> int | None:
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None
