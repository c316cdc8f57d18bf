"""The tables (SQLModel), the same on SQLite and PostgreSQL.

A change here ships with an Alembic revision in anef_tui/storage/migrations/versions
(see anef_tui.storage.migrate): databases already in use are upgraded in place.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, UniqueConstraint
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
