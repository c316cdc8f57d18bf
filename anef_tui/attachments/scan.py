"""List a scan folder for the file chooser, cheaply enough for huge folders."""

from __future__ import annotations

import heapq
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from anef_tui.attachments.filetypes import has_candidate_extension
from anef_tui.oserrors import os_reason

DEFAULT_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    path: Path
    is_dir: bool
    size: int
    mtime: float


@dataclass(frozen=True, slots=True)
class Listing:
    folder: Path
    folders: tuple[Entry, ...]
    files: tuple[Entry, ...]
    # How many candidate files were left out by the limit (the oldest ones).
    hidden_files: int = 0
    error: str | None = None


def list_folder(folder: Path, *, limit: int = DEFAULT_LIMIT) -> Listing:
    """Subfolders by name and candidate files newest first, at most ``limit`` of each.

    Uses os.scandir so the names come without one syscall each; only candidate
    files and folders are stat'ed. Hidden entries are skipped: scanners never
    write them and desktops fill home folders with them.
    """
    folders: list[Entry] = []
    files: list[Entry] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir()
                    if not is_dir and not has_candidate_extension(entry.name):
                        continue
                    info = entry.stat()
                except OSError:
                    # Vanished or a dangling link: not offerable, not an error.
                    continue
                item = Entry(entry.name, Path(entry.path), is_dir, info.st_size, info.st_mtime)
                if is_dir:
                    folders.append(item)
                elif stat.S_ISREG(info.st_mode):
                    files.append(item)
    except FileNotFoundError:
        return Listing(folder, (), (), error=f"Le dossier « {folder} » n'existe pas.")
    except NotADirectoryError:
        return Listing(folder, (), (), error=f"« {folder} » n'est pas un dossier.")
    except PermissionError:
        return Listing(folder, (), (), error=f"Accès refusé au dossier « {folder} ».")
    except OSError as exc:
        return Listing(folder, (), (), error=f"Lecture impossible de « {folder} » : "
                       f"{os_reason(exc)}.")
    newest = heapq.nlargest(limit, files, key=lambda e: (e.mtime, e.name))
    by_name = sorted(folders, key=lambda e: e.name.casefold())[:limit]
    return Listing(folder, tuple(by_name), tuple(newest), max(0, len(files) - limit))
