"""Files every desk can read: the attached documents inside the database.

On PostgreSQL the files of a case are stored here, content-addressed per case (the
case and the SHA-256 of the content), written in the same transaction as the step that
references them: one pg_dump holds the whole site, and a file attached at one desk opens
at every other. SQLite (one machine) keeps them in its private folder and leaves this
table empty. A file is never rewritten, and past the draft never deleted.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LOCKED = "dossier déposé : modification interdite"
DRAFT = "brouillon"
APPEND_ONLY = "échange enregistré : modification interdite"


def upgrade() -> None:
    op.create_table(
        "case_files",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("sha256", sa.String(), primary_key=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    # Appended to, never rewritten: a file is inserted (with the step that references it,
    # or with a complément's answer after the deposit), never updated; it is deleted only
    # while the case is a draft (a file taken off a step, an abandon).
    if op.get_bind().dialect.name == "postgresql":
        # The functions of 0001/0002: the case's children, and the append-only exchanges.
        op.execute("CREATE TRIGGER case_files_delete_locked BEFORE DELETE ON case_files "
                   "FOR EACH ROW EXECUTE FUNCTION anef_child_locked()")
        op.execute("CREATE TRIGGER case_files_update_locked BEFORE UPDATE ON case_files "
                   "FOR EACH ROW EXECUTE FUNCTION anef_append_only()")
    else:
        op.execute(
            "CREATE TRIGGER case_files_delete_locked BEFORE DELETE ON case_files "
            f"WHEN (SELECT status FROM cases WHERE id = OLD.case_id) <> '{DRAFT}' "
            f"BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
        )
        op.execute(
            "CREATE TRIGGER case_files_update_locked BEFORE UPDATE ON case_files "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )


def downgrade() -> None:
    raise NotImplementedError("anef-tui ne revient pas à un schéma antérieur")
