"""The one exception the attachments package raises for a refused file."""

from __future__ import annotations

from typing import Literal

Reason = Literal[
    "missing",
    "unreadable",
    "directory",
    "not_regular",
    "empty",
    "too_large",
    "not_accepted",
    "broken",
    "encrypted",
    "too_many_pixels",
    "too_many_pages",
    "active_pdf",
    "store_failed",
    "duplicate",
    "slot_full",
]


class IngestError(Exception):
    """A file cannot be attached. ``str(error)`` is the French message for the agent.

    The message is meant to be shown as is: it says what is wrong and what to do.
    ``reason`` is a stable code so callers (and tests) never have to parse French.
    """

    def __init__(self, message: str, *, reason: Reason) -> None:
        super().__init__(message)
        self.message = message
        self.reason: Reason = reason

    def __str__(self) -> str:
        return self.message
