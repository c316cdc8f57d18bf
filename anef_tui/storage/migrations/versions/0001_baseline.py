"""Baseline: the schema of the first release (SQLite ``PRAGMA user_version`` 1).

Frozen: it states the tables, indexes and lock triggers as they were, never imports
tables.py (which moves on). SQLite databases made before Alembic carry this exact
schema and are stamped at this revision, not recreated (anef_tui.storage.migrate).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

LOCKED = "dossier déposé : modification interdite"
CHILD_TABLES = ("step_answers", "attachments", "applicants")


def _str(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _case_fk() -> sa.Column:
    return sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        _str("procedure_id"),
        _str("profile_json"),
        _str("status"),
        _str("current_step"),
        _str("last_validated_step", nullable=True),
        sa.Column("numero_demande", sa.String(), nullable=True, unique=True),
        _str("observations", nullable=True),
        _when("created_at"),
        _when("updated_at"),
        _when("deposited_at", nullable=True),
    )
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_index("ix_cases_procedure_id", "cases", ["procedure_id"])
    op.create_table(
        "deposit_counters",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    op.create_table(
        "applicants",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False,
                  unique=True),
        _str("numero_etranger", nullable=True),
        _str("nom_naissance"),
        _str("prenoms"),
        _str("date_naissance", nullable=True),
        _str("identity_json"),
    )
    op.create_index("ix_applicants_numero_etranger", "applicants", ["numero_etranger"])
    op.create_table(
        "step_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        _case_fk(),
        _str("step_id"),
        _str("data_json"),
        _when("validated_at"),
        sa.UniqueConstraint("case_id", "step_id"),
    )
    op.create_index("ix_step_answers_case_id", "step_answers", ["case_id"])
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        _case_fk(),
        _str("slot_id"),
        sa.Column("position", sa.Integer(), nullable=False),
        _str("original_name"),
        _str("stored_name"),
        _str("sha256"),
        sa.Column("size", sa.Integer(), nullable=False),
        _str("kind"),
        _str("mime"),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        _when("added_at"),
    )
    op.create_index("ix_attachments_case_id", "attachments", ["case_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        _case_fk(),
        _when("at"),
        _str("kind"),
        _str("detail"),
    )
    op.create_index("ix_events_case_id", "events", ["case_id"])
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_lock_triggers()
    else:
        _sqlite_lock_triggers()


def _sqlite_lock_triggers() -> None:
    # The storage itself refuses to modify a deposited case, whatever code path tries.
    for op_name in ("UPDATE", "DELETE"):
        name = ("cases_locked_after_deposit" if op_name == "UPDATE"
                else "cases_no_delete_after_deposit")
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {op_name} ON cases "
            f"WHEN OLD.status = 'depose' BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
        )
    for table in CHILD_TABLES:
        for op_name, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_{op_name.lower()}_locked "
                f"BEFORE {op_name} ON {table} "
                f"WHEN (SELECT status FROM cases WHERE id = {row}.case_id) = 'depose' "
                f"BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
            )


def _postgresql_lock_triggers() -> None:
    # The same guarantees as SQLite's triggers, with the same message (which
    # anef_tui.storage.database.explain turns into CaseLocked).
    op.execute(
        f"""
        CREATE FUNCTION anef_case_locked() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{LOCKED}';
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION anef_child_locked() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            target integer;
        BEGIN
            IF TG_OP = 'DELETE' THEN target := OLD.case_id; ELSE target := NEW.case_id; END IF;
            IF (SELECT status FROM cases WHERE id = target) = 'depose' THEN
                RAISE EXCEPTION '{LOCKED}';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER cases_locked_after_deposit BEFORE UPDATE ON cases FOR EACH ROW "
        "WHEN (OLD.status = 'depose') EXECUTE FUNCTION anef_case_locked()"
    )
    op.execute(
        "CREATE TRIGGER cases_no_delete_after_deposit BEFORE DELETE ON cases FOR EACH ROW "
        "WHEN (OLD.status = 'depose') EXECUTE FUNCTION anef_case_locked()"
    )
    for table in CHILD_TABLES:
        for op_name in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_{op_name.lower()}_locked BEFORE {op_name} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION anef_child_locked()"
            )


def downgrade() -> None:
    raise NotImplementedError("anef-tui ne revient pas à un schéma antérieur")
