"""The tables (SQLModel), the same on SQLite and PostgreSQL.

A change here ships with an Alembic revision in anef_tui/storage/migrations/versions
(see anef_tui.storage.migrate): databases already in use are upgraded in place.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from anef_tui.records import (  # noqa: F401  (the statuses are stored in these tables)
    STATUS_ABANDONED,
    STATUS_DEPOSITED,
    STATUS_DRAFT,
    STATUS_LABELS,
)

# Stored with their offset on PostgreSQL (timestamptz); SQLite keeps the local wall time.
TIMESTAMP = DateTime(timezone=True)


class CaseRow(SQLModel, table=True):
    __tablename__ = "cases"
    # The home screen lists the most recent first, one page at a time (keyset on
    # updated_at, id), with or without a status or « à traiter » filter.
    __table_args__ = (
        Index("ix_cases_recent", "updated_at", "id"),
        Index("ix_cases_status_recent", "status", "updated_at", "id"),
        Index("ix_cases_attention_recent", "attention", "updated_at", "id"),
        # What needs action first: by code, the nearest date first.
        Index("ix_cases_attention_due", "attention", "attention_until"),
        # The instruction's queue, oldest deposit first, a page at a time.
        Index("ix_cases_deposited", "deposited_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    procedure_id: str = Field(index=True)
    profile_json: str = "{}"
    status: str = Field(default=STATUS_DRAFT, index=True)
    # The step the case resumes at: the one after the last validated step.
    current_step: str
    last_validated_step: str | None = None
    numero_demande: str | None = Field(default=None, unique=True)
    observations: str | None = None
    created_at: datetime = Field(sa_type=TIMESTAMP)
    updated_at: datetime = Field(sa_type=TIMESTAMP)
    deposited_at: datetime | None = Field(default=None, sa_type=TIMESTAMP)
    # What the counter has to do next, kept in the same transaction as each exchange so
    # that the home screen sorts and filters a year of cases by an index: a code of
    # anef_tui.instruction.attention (« non_lue », « a_repondre »…) and its date.
    attention: str | None = Field(default=None, index=True)
    attention_until: date | None = Field(default=None, index=True)
    # Bumped by every save: a desk saving from an older version is refused (two desks,
    # one draft). updated_by names the desk that saved last (setting ANEF_TUI_DESK).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    updated_by: str | None = None


class ApplicantRow(SQLModel, table=True):
    """The applicant's identity, as on the current titre for known applicants."""

    __tablename__ = "applicants"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", unique=True)
    numero_etranger: str | None = Field(default=None, index=True)
    nom_naissance: str = ""
    prenoms: str = ""
    date_naissance: str | None = None  # ISO, possibly partial (« 1982 »)
    identity_json: str = "{}"


class CaseSearchTermRow(SQLModel, table=True):
    """The folded words a case is found by (see anef_tui.search_terms).

    The primary key (case_id, term) answers « does this case have a term starting
    with… »; the (term, case_id) index answers « which cases have one ». PostgreSQL
    compares the terms in the C collation so that a prefix is one B-tree range.
    """

    __tablename__ = "case_search_terms"
    __table_args__ = (Index("ix_case_search_terms_term", "term", "case_id"),)

    case_id: int = Field(sa_column=Column(Integer, ForeignKey("cases.id"), primary_key=True))
    term: str = Field(sa_column=Column(
        String(40).with_variant(String(40, collation="C"), "postgresql"), primary_key=True))


class StepAnswerRow(SQLModel, table=True):
    __tablename__ = "step_answers"
    __table_args__ = (UniqueConstraint("case_id", "step_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    step_id: str
    data_json: str
    validated_at: datetime = Field(sa_type=TIMESTAMP)


class AttachmentRow(SQLModel, table=True):
    __tablename__ = "attachments"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    slot_id: str
    position: int
    original_name: str
    stored_name: str  # relative to the case folder
    sha256: str
    size: int
    kind: str
    mime: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None
    added_at: datetime = Field(sa_type=TIMESTAMP)


class EventRow(SQLModel, table=True):
    __tablename__ = "events"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    at: datetime = Field(sa_type=TIMESTAMP)
    kind: str
    detail: str = ""


class DepositCounterRow(SQLModel, table=True):
    """Last sequence number used per site prefix and deposit date."""

    __tablename__ = "deposit_counters"

    key: str = Field(primary_key=True)  # prefix + YYYYMMDD
    last: int = 0


# -- after the deposit: exchanges, all append-only (see database.py's triggers) ----------


class NotificationRow(SQLModel, table=True):
    """A notification of the instruction side; its content is fixed when it is sent."""

    __tablename__ = "notifications"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: str
    issued_at: datetime = Field(sa_type=TIMESTAMP)
    # Pieces asked, titre decided, validity dates: what its text and documents print.
    payload_json: str = "{}"


class NotificationReadRow(SQLModel, table=True):
    """The first opening of a notification: the accusé de réception, starts the clock."""

    __tablename__ = "notification_reads"

    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(foreign_key="notifications.id", unique=True)
    read_at: datetime = Field(sa_type=TIMESTAMP)


class ComplementAnswerRow(SQLModel, table=True):
    """« Valider et envoyer »: one answer per demande de complément, never changed."""

    __tablename__ = "complement_answers"

    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(foreign_key="notifications.id", unique=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    answered_at: datetime = Field(sa_type=TIMESTAMP)
    observations: str | None = None


class ComplementItemRow(SQLModel, table=True):
    """The answer for one requested piece: maintained (with its reason) or updated."""

    __tablename__ = "complement_items"
    __table_args__ = (UniqueConstraint("answer_id", "piece"),)

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="complement_answers.id", index=True)
    piece: str
    choice: str  # « maintenir » / « mettre_a_jour »
    reason: str | None = None
    message: str | None = None


class ComplementFileRow(SQLModel, table=True):
    """A file sent with an answer; kept in the case's own complements store."""

    __tablename__ = "complement_files"

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="complement_answers.id", index=True)
    piece: str
    position: int
    original_name: str
    stored_name: str
    sha256: str
    size: int
    kind: str
    mime: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None


class HistoryRow(SQLModel, table=True):
    """A dossier's history after its deposit: who (side) did what, when."""

    __tablename__ = "case_history"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    at: datetime = Field(sa_type=TIMESTAMP)
    side: str  # « guichet » / « instruction »
    kind: str
    notification_id: int | None = None
    detail: str = ""


class CaseFileRow(SQLModel, table=True):
    """An attached file's content, in the database (PostgreSQL: every desk reads it)."""

    __tablename__ = "case_files"

    case_id: int = Field(foreign_key="cases.id", primary_key=True)
    sha256: str = Field(primary_key=True)
    size: int
    data: bytes = Field(sa_type=LargeBinary)
