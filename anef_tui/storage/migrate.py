"""The schema's history, one for SQLite and PostgreSQL: Alembic, run programmatically.

The revisions live in ``anef_tui/storage/migrations/versions`` and ship in the package;
nothing is read from the working directory (no alembic.ini). Revision ids are numbers
(``0001``, ``0002``…): the schema version a counter assistant reads in a message and in
``anef-tui db status`` is that number.

At opening, in one transaction (holding SQLite's write lock, or a PostgreSQL advisory
lock so that two desks starting at once do not both create the schema):

- a new, empty database is created at the newest revision;
- a SQLite database from before Alembic (``PRAGMA user_version`` 1, same tables) is
  adopted: stamped at the baseline revision, its data untouched, then upgraded;
- a database at a revision this release does not know comes from a newer release and
  is refused, changed in nothing.

Alembic is imported here only, and this module only from the database worker: the
first screen does not wait for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection, Engine

SCRIPT_LOCATION = "anef_tui.storage:migrations"
BASELINE = "0001"
# SQLite databases of the first release carry their version here; later releases keep
# it equal to the revision number so that a pre-Alembic release refuses a newer base.
PRE_ALEMBIC_VERSION = 1
# Any constant: the key of the advisory lock that serialises schema changes on PostgreSQL.
_PG_SCHEMA_LOCK = 0x414E4546


class NewerSchema(Exception):
    """The database was written by a newer release of anef-tui."""

    def __init__(self, found: str, known: str) -> None:
        super().__init__(
            "Cette base de données a été créée par une version plus récente d'anef-tui "
            f"(schéma {schema_number(found)}, cette version connaît le schéma "
            f"{schema_number(known)}). Mettez anef-tui à jour."
        )


class NotAnefDatabase(Exception):
    """The database holds tables, but not anef-tui's."""


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: an empty database
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def schema_number(revision: str | None) -> str:
    """« 1 » for revision 0001: the number a person reads."""
    if revision is None:
        return "0"
    return str(int(revision)) if revision.isdigit() else revision


def _config(location: str | None = None) -> Config:
    # A fresh one per use: it carries the connection, and desks may open in threads.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", location or SCRIPT_LOCATION)
    return config


def _scripts() -> ScriptDirectory:
    # Read at call time: the tests point SCRIPT_LOCATION at a copy with extra revisions.
    return _scripts_at(SCRIPT_LOCATION)


@cache
def _scripts_at(location: str) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(location))


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "aucune révision de schéma livrée"
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision the database is at; adopts a pre-Alembic SQLite database's version."""
    from alembic.runtime.migration import MigrationContext

    revision = MigrationContext.configure(conn).get_current_revision()
    if revision is not None:
        return revision
    if conn.dialect.name == "sqlite":
        version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
        if version > PRE_ALEMBIC_VERSION:
            raise NewerSchema(f"{version:04d}", head_revision())
        if version == PRE_ALEMBIC_VERSION:
            return BASELINE
    if "cases" in inspect(conn).get_table_names():
        raise NotAnefDatabase()
    return None


def state(conn: Connection) -> SchemaState:
    current = current_revision(conn)
    head = head_revision()
    if current is not None and current != head:
        from alembic.util import CommandError

        try:
            _scripts().get_revision(current)
        except CommandError:
            raise NewerSchema(current, head) from None
    return SchemaState(current, head)


def upgrade(engine: Engine, target: str | None = None) -> SchemaState:
    """Bring the database to the newest revision (or `target`, for tests), in one
    transaction; return its state."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_SCHEMA_LOCK})
        before = state(conn)
        adopt = before.current == BASELINE and _not_stamped(conn)
        goal = target or before.head
        if before.current == goal and not adopt:
            return before
        from alembic import command

        config = _config()
        config.attributes["connection"] = conn
        if adopt:
            command.stamp(config, BASELINE)
        command.upgrade(config, goal)
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA user_version = {int(goal)}")
    return SchemaState(goal, before.head)


def _not_stamped(conn: Connection) -> bool:
    return "alembic_version" not in inspect(conn).get_table_names()
