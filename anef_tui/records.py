"""The records the service hands out: plain data, no database object behind them.

A screen gets these, never SQLModel rows, so that it cannot modify a row behind the
domain's back; and importing them costs no database library (the first screen needs
the status labels before the database is open).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from anef_tui.lifecycle import (  # noqa: F401  (the statuses live in the lifecycle)
    STATUS_ABANDONED,
    STATUS_DEPOSITED,
    STATUS_DRAFT,
    STATUS_LABELS,
)

if TYPE_CHECKING:
    from anef_tui.search_terms import HomeCursor


@dataclass(frozen=True)
class StoredAttachment:
    """A file attached to a slot: the one record of an attachment.

    The checked file (attachments.ingest.StoredFile) becomes one with `checked`, a row of
    the attachments table with `of_row`; the table's columns carry these same names (the
    storage writes the record's fields into the row as they are), so a new fact about a
    file is added here and in the table, never copied field by field.
    """

    slot_id: str
    original_name: str
    stored_name: str
    sha256: str
    size: int
    kind: str
    mime: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None

    @classmethod
    def checked(cls, slot_id: str, file: Any) -> StoredAttachment:
        """From the ingest result (its `relpath` is the stored name, its kind an enum)."""
        facts = {f.name: getattr(file, f.name) for f in fields(cls)
                 if f.name not in ("slot_id", "stored_name", "kind")}
        return cls(slot_id=slot_id, stored_name=file.relpath, kind=str(file.kind), **facts)

    @classmethod
    def of_row(cls, row: Any) -> StoredAttachment:
        """From a row of the attachments table (same column names)."""
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


class StoredFile(Protocol):
    """A file kept for a case (an attachment, a complément's file): enough to find it."""

    @property
    def original_name(self) -> str: ...
    @property
    def stored_name(self) -> str: ...
    @property
    def sha256(self) -> str: ...


@dataclass
class CaseRecord:
    id: int
    procedure_id: str
    profile: dict[str, str]
    status: str
    current_step: str
    last_validated_step: str | None
    answers: dict[str, dict[str, Any]]
    identity: dict[str, Any]
    numero_etranger: str | None
    attachments: list[StoredAttachment] = field(default_factory=list)
    observations: str | None = None
    numero_demande: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deposited_at: datetime | None = None
    # What a save hands back to prove it starts from the case as last saved.
    version: int = 0
    updated_by: str | None = None

    @property
    def editable(self) -> bool:
        return self.status == STATUS_DRAFT


@dataclass(frozen=True)
class CaseSummary:
    id: int
    procedure_id: str
    status: str
    nom: str
    prenoms: str
    numero_etranger: str | None
    current_step: str
    updated_at: datetime
    numero_demande: str | None
    # What the counter has to do next (anef_tui.instruction.rules) and its date.
    attention: str | None = None
    attention_until: date | None = None


@dataclass(frozen=True)
class CaseChanges:
    """What changed since the home screen last read: rows to show, rows to drop."""

    shown: list[CaseSummary]  # changed and matching the filter, newest first
    dropped: set[int]  # changed but no longer matching the filter
    watermark: datetime | None


@dataclass(frozen=True)
class HomePage:
    """A page of the home list: its cases in order, where the next page starts (None:
    nothing after), and the latest update of all cases (what changed_since starts
    from)."""

    cases: list[CaseSummary]
    next: HomeCursor | None
    watermark: datetime | None


@dataclass(frozen=True, slots=True)
class StoreFacts:
    """What the start-up sweep knows of one case from the database: its status, the
    stored files its attachments reference, and the complément files its answers
    reference (None when the instruction side never wrote to it: no complements store)."""

    status: str
    referenced: frozenset[str]
    complements: frozenset[str] | None


@dataclass(frozen=True)
class EventRecord:
    at: datetime
    kind: str
    detail: str
