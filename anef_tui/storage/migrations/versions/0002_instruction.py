"""The instruction after the deposit (issue 9).

Append-only exchange tables (notifications, their readings, complément answers with
their items and files, the history), the home screen's attention columns on `cases`,
and the lock triggers rewritten for the statuses that follow the deposit: a deposited
case's frozen columns, answers, files and identity never change, its status never goes
back to a draft nor out of a final status, and an exchange row is never updated nor
deleted. Frozen: the statuses are written here as they are, not imported.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LOCKED = "dossier déposé : modification interdite"
APPEND_ONLY = "échange enregistré : modification interdite"
DRAFT = "brouillon"
ABANDONED = "abandonne"
FINAL = ("abandonne", "cloture", "decision_defavorable", "decision_favorable")
FROZEN = ("procedure_id", "profile_json", "current_step", "last_validated_step",
          "numero_demande", "observations", "created_at", "deposited_at")
CHILD_TABLES = ("step_answers", "attachments", "applicants")
EXCHANGE_TABLES = ("notifications", "notification_reads", "complement_answers",
                   "complement_items", "complement_files", "case_history")


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(name: str, target: str, unique: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=False, unique=unique)


def _str(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def _file_columns() -> list[sa.Column]:
    return [
        _str("original_name"), _str("stored_name"), _str("sha256"),
        sa.Column("size", sa.Integer(), nullable=False), _str("kind"), _str("mime"),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    op.add_column("cases", sa.Column("attention", sa.String(), nullable=True))
    op.add_column("cases", sa.Column("attention_until", sa.Date(), nullable=True))
    op.create_index("ix_cases_attention", "cases", ["attention"])
    op.create_index("ix_cases_attention_until", "cases", ["attention_until"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("case_id", "cases.id"),
        _str("kind"),
        _when("issued_at"),
        _str("payload_json"),
    )
    op.create_index("ix_notifications_case_id", "notifications", ["case_id"])
    op.create_table(
        "notification_reads",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("notification_id", "notifications.id", unique=True),
        _when("read_at"),
    )
    op.create_table(
        "complement_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("notification_id", "notifications.id", unique=True),
        _fk("case_id", "cases.id"),
        _when("answered_at"),
        _str("observations", nullable=True),
    )
    op.create_index("ix_complement_answers_case_id", "complement_answers", ["case_id"])
    op.create_table(
        "complement_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("answer_id", "complement_answers.id"),
        _str("piece"),
        _str("choice"),
        _str("reason", nullable=True),
        _str("message", nullable=True),
        sa.UniqueConstraint("answer_id", "piece"),
    )
    op.create_index("ix_complement_items_answer_id", "complement_items", ["answer_id"])
    op.create_table(
        "complement_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("answer_id", "complement_answers.id"),
        _str("piece"),
        sa.Column("position", sa.Integer(), nullable=False),
        *_file_columns(),
    )
    op.create_index("ix_complement_files_answer_id", "complement_files", ["answer_id"])
    op.create_table(
        "case_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("case_id", "cases.id"),
        _when("at"),
        _str("side"),
        _str("kind"),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        _str("detail"),
    )
    op.create_index("ix_case_history_case_id", "case_history", ["case_id"])
    # The dossiers deposited before this revision start their history with the deposit.
    op.execute(
        "INSERT INTO case_history (case_id, at, side, kind, detail) "
        "SELECT id, deposited_at, 'guichet', 'depot', numero_demande FROM cases "
        "WHERE deposited_at IS NOT NULL"
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _case_update_condition(distinct: str) -> str:
    changed = " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in FROZEN)
    return (f"OLD.status <> '{DRAFT}' AND ({changed} OR NEW.status = '{DRAFT}' "
            f"OR (OLD.status IN ({_quoted(FINAL)}) AND NEW.status <> OLD.status))")


def _sqlite_triggers() -> None:
    raise_locked = f"BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
    op.execute("DROP TRIGGER IF EXISTS cases_locked_after_deposit")
    op.execute("DROP TRIGGER IF EXISTS cases_no_delete_after_deposit")
    op.execute(
        "CREATE TRIGGER cases_locked_after_deposit BEFORE UPDATE ON cases "
        f"WHEN {_case_update_condition('IS NOT')} {raise_locked}"
    )
    op.execute(
        "CREATE TRIGGER cases_no_delete_after_deposit BEFORE DELETE ON cases "
        f"WHEN OLD.status NOT IN ('{DRAFT}', '{ABANDONED}') {raise_locked}"
    )
    for table in CHILD_TABLES:
        for op_name, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            name = f"{table}_{op_name.lower()}_locked"
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {op_name} ON {table} "
                f"WHEN (SELECT status FROM cases WHERE id = {row}.case_id) <> '{DRAFT}' "
                f"{raise_locked}"
            )
    for table in EXCHANGE_TABLES:
        for op_name in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_{op_name.lower()}_append_only "
                f"BEFORE {op_name} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )


def _postgresql_triggers() -> None:
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION anef_child_locked() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            target integer;
        BEGIN
            IF TG_OP = 'DELETE' THEN target := OLD.case_id; ELSE target := NEW.case_id; END IF;
            IF (SELECT status FROM cases WHERE id = target) <> '{DRAFT}' THEN
                RAISE EXCEPTION '{LOCKED}';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION anef_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{APPEND_ONLY}';
        END $$
        """
    )
    op.execute("DROP TRIGGER cases_locked_after_deposit ON cases")
    op.execute("DROP TRIGGER cases_no_delete_after_deposit ON cases")
    op.execute(
        "CREATE TRIGGER cases_locked_after_deposit BEFORE UPDATE ON cases FOR EACH ROW "
        f"WHEN ({_case_update_condition('IS DISTINCT FROM')}) "
        "EXECUTE FUNCTION anef_case_locked()"
    )
    op.execute(
        "CREATE TRIGGER cases_no_delete_after_deposit BEFORE DELETE ON cases FOR EACH ROW "
        f"WHEN (OLD.status NOT IN ('{DRAFT}', '{ABANDONED}')) "
        "EXECUTE FUNCTION anef_case_locked()"
    )
    for table in EXCHANGE_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION anef_append_only()"
        )


def downgrade() -> None:
    raise NotImplementedError("anef-tui ne revient pas à un schéma antérieur")
