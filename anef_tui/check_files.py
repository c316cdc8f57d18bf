"""``anef-tui check-files``: the checks of « Joindre un document », run on a scan folder.

A volunteer runs it on the scans before the applicant arrives: each file gets
exactly the verdict the counter would give it (the same code, ``check_file``),
one line each, so a file to scan again is known before the appointment.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from anef_tui.attachments import IngestError, StoredFile, check_file
from anef_tui.attachments.filetypes import FILE_TYPES
from anef_tui.attachments.humanize import format_size, safe_file_name
from anef_tui.config import Limits


def files_under(paths: Sequence[Path]) -> Iterator[Path]:
    """Each path as given; a folder's files, sub-folders included, by name.

    Hidden entries are skipped (desktops and scanners' own); links to folders are
    not followed, so a link loop cannot make the walk endless.
    """
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith("."):
                        yield Path(folder) / name
        else:
            yield path


def describe(stored: StoredFile) -> str:
    """« PDF, 1,3 Mo, 3 pages » / « JPG, 850 Ko, 2 480 × 3 508 pixels »."""
    parts = [FILE_TYPES[stored.kind].label, format_size(stored.size)]
    if stored.kind == "pdf" or stored.pages > 1:
        parts.append("1 page" if stored.pages == 1 else f"{stored.pages} pages")
    if stored.width and stored.height:
        parts.append(f"{stored.width} × {stored.height} pixels")
    return ", ".join(parts)


def check_files(paths: Sequence[Path], out: TextIO, limits: Limits | None = None) -> int:
    """Print one line per file; 0 when every file is accepted, 1 otherwise."""
    limits = limits or Limits()
    accepted = refused = 0
    for path in files_under(paths):
        shown = safe_file_name(str(path))
        try:
            stored = check_file(path, max_bytes=limits.max_file_bytes,
                                image_limits=limits.image_limits)
        except IngestError as exc:
            refused += 1
            print(f"refusé   {shown} — {exc}", file=out)
            continue
        accepted += 1
        print(f"accepté  {shown} — {describe(stored)}", file=out)
    if not accepted and not refused:
        print("Aucun fichier à vérifier.", file=out)
        return 1
    print(f"{accepted} fichier(s) accepté(s), {refused} refusé(s) "
          f"(limite : {format_size(limits.max_file_bytes)} par fichier).", file=out)
    return 1 if refused else 0
