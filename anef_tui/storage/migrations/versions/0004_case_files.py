"""Files every desk can read: the attached documents inside the database.

On PostgreSQL the files of a case are stored here, content-addressed per case (the
case and the SHA-256 of the content), written in the same transaction as the step that
references them: one pg_dump holds the whole site, and a file attached at one desk opens
at every other. SQLite (one machine) keeps them in its private folder and leaves this
table empty. Past the draft, a case's files are locked like its answers (0002's rule).

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


def upgrade() -> None:
    op.create_table(
        "case_files",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("sha256", sa.String(), primary_key=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for op_name, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        name = f"case_files_{op_name.lower()}_locked"
        if postgresql:
            # anef_child_locked() is the function of the case's children (0001, 0002).
            op.execute(f"CREATE TRIGGER {name} BEFORE {op_name} ON case_files FOR EACH ROW "
                       "EXECUTE FUNCTION anef_child_locked()")
        else:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {op_name} ON case_files "
                f"WHEN (SELECT status FROM cases WHERE id = {row}.case_id) <> '{DRAFT}' "
                f"BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
            )


def downgrade() -> None:
    raise NotImplementedError("anef-tui ne revient pas à un schéma antérieur")
