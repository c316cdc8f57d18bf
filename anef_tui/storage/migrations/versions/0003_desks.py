"""Several desks on one base: a version per case (optimistic concurrency) and the desk
that saved it last, so that the second of two desks saving one draft is refused with
who saved it and when, instead of overwriting it.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("version", sa.Integer(), nullable=False,
                                     server_default="1"))
    op.add_column("cases", sa.Column("updated_by", sa.String(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("anef-tui ne revient pas à un schéma antérieur")
