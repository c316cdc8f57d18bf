"""Alembic's environment for anef-tui: always run programmatically, on a connection.

anef_tui.storage.migrate hands over an open connection (already inside the transaction
that holds the schema lock) in ``config.attributes["connection"]``; there is no
alembic.ini and no URL read from the working directory.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from anef_tui.storage import tables  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite cannot ALTER most things: batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
