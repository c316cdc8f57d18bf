"""Rules for the files attached to one document slot (pure functions, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence

from anef_tui.attachments.errors import IngestError

# ANEF's general limit; some slots (« Justificatif de résidence habituelle »: 6)
# allow more, and that number comes from the catalogue data.
DEFAULT_MAX_FILES = 3


def _files(count: int) -> str:
    return "1 fichier" if count == 1 else f"{count} fichiers"


def check_can_add(
    existing: Sequence[str], new_sha256: str, max_files: int, slot_label: str
) -> None:
    """Raise IngestError if a file with ``new_sha256`` may not join the slot.

    ``existing`` are the sha256 of the files already in the slot. A duplicate is
    reported before a full slot: it is the more precise explanation.
    """
    if max_files < 1:
        raise ValueError("max_files must be at least 1")
    if new_sha256.lower() in {sha.lower() for sha in existing}:
        raise IngestError(
            f"Ce fichier est déjà joint à « {slot_label} ». Choisissez un autre fichier "
            "(une autre page ou un autre document).",
            reason="duplicate",
        )
    check_not_full(existing, max_files, slot_label)


def check_not_full(existing: Sequence[str], max_files: int, slot_label: str) -> None:
    """Raise IngestError if the slot already holds ``max_files`` files.

    Cheap: callers check it before copying a file they would have to throw away.
    """
    if len(existing) >= max_files:
        raise IngestError(
            f"Ce document accepte au plus {_files(max_files)} et « {slot_label} » en a déjà "
            f"{len(existing)}. Retirez-en un avant d'en joindre un autre, ou regroupez "
            "les pages dans un seul PDF.",
            reason="slot_full",
        )
