"""Opening the database: durability settings, schema versions, clear errors.

SQLite runs in WAL mode with synchronous=FULL so that a committed step survives a power
cut, and every transaction starts with BEGIN IMMEDIATE so that two instances of the app
on one database serialise their writes instead of failing half-way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import SQLModel

from anef_tui.storage import tables  # noqa: F401  (registers the tables on SQLModel.metadata)

BUSY_TIMEOUT_MS = 5000


class StorageError(Exception):
    """The database cannot be used; the message says why and what to do, in French."""


class CaseLocked(StorageError):
    """A deposited or abandoned case was about to be modified."""


# Triggers make the storage layer itself refuse to modify a deposited case, whatever
# code path tries it.
_LOCK_TRIGGERS = [
    """
    CREATE TRIGGER IF NOT EXISTS cases_locked_after_deposit
    BEFORE UPDATE ON cases
    WHEN OLD.status = 'depose'
    BEGIN SELECT RAISE(ABORT, 'dossier déposé : modification interdite'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS cases_no_delete_after_deposit
    BEFORE DELETE ON cases
    WHEN OLD.status = 'depose'
    BEGIN SELECT RAISE(ABORT, 'dossier déposé : modification interdite'); END
    """,
]
for _table in ("step_answers", "attachments", "applicants"):
    for _op, _row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        _LOCK_TRIGGERS.append(
            f"""
            CREATE TRIGGER IF NOT EXISTS {_table}_{_op.lower()}_locked
            BEFORE {_op} ON {_table}
            WHEN (SELECT status FROM cases WHERE id = {_row}.case_id) = 'depose'
            BEGIN SELECT RAISE(ABORT, 'dossier déposé : modification interdite'); END
            """
        )


# MIGRATIONS[i] upgrades the schema from version i + 1 to i + 2. Version 1 is the first
# release, created from the table metadata; later releases append a function here (and
# bump SCHEMA_VERSION) so that existing databases are upgraded in place, never recreated.
MIGRATIONS: list[Callable[[Connection], None]] = []
SCHEMA_VERSION = 1


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: object) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]


def _sqlite_path(url: str) -> Path | None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and url != "sqlite:///:memory:":
        return Path(url[len(prefix):])
    return None


# SQLite primary result codes (sqlite3 errors carry the extended code).
_SQLITE_IOERR = 10
_SQLITE_FULL = 13


def _disk_problem(exc: BaseException, where: object) -> StorageError | None:
    """A full or failing disk, said with what to do: the step in progress is not saved."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    message = str(orig).lower()
    if primary == _SQLITE_FULL or "disk is full" in message or "no space left" in message:
        return StorageError(
            f"Le disque de la base de données « {where} » est plein : rien n'a été "
            "enregistré, la saisie à l'écran est conservée. Libérez de la place sur ce "
            "disque (ou demandez-le à l'assistance informatique), puis réessayez."
        )
    if primary == _SQLITE_IOERR or "disk i/o error" in message:
        return StorageError(
            f"Erreur d'écriture sur le disque de la base de données « {where} » : rien n'a "
            "été enregistré, la saisie à l'écran est conservée. Vérifiez que le disque est "
            "branché et qu'il reste de la place, puis réessayez."
        )
    return None


def explain(exc: BaseException, url: str) -> StorageError:
    """Turn a driver error into a French message a counter assistant can act on.

    Never the driver's own text: it is English, carries a web address, and may quote
    the statement's values (personal data).
    """
    message = str(getattr(exc, "orig", exc)).lower()
    where = _sqlite_path(url) or url
    disk = _disk_problem(exc, where)
    if disk is not None:
        return disk
    if "locked" in message or "busy" in message:
        return StorageError(
            f"La base de données « {where} » est verrouillée par un autre programme. "
            "Fermez l'autre instance d'anef-tui puis réessayez."
        )
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return StorageError(
            f"La base de données « {where} » est endommagée ou n'est pas une base anef-tui. "
            "Rien n'a été modifié. Restaurez une sauvegarde, ou choisissez un autre dossier "
            "de données avec --data-dir."
        )
    if "readonly" in message or "read-only" in message:
        return StorageError(
            f"La base de données « {where} » est en lecture seule : rien n'a été enregistré. "
            "Vérifiez que le disque n'est pas protégé en écriture et que le fichier "
            "appartient au compte qui lance anef-tui, puis réessayez."
        )
    if "modification interdite" in message:
        return CaseLocked("Ce dossier a été déposé : il ne peut plus être modifié.")
    if "unable to open" in message:
        return StorageError(
            f"Impossible d'ouvrir la base de données « {where} ». Vérifiez que le dossier "
            "existe et que ce compte peut y écrire, ou choisissez un autre dossier de "
            "données avec --data-dir."
        )
    return StorageError(
        f"La base de données « {where} » a refusé l'opération : rien n'a été enregistré. "
        "Réessayez ; si cela se reproduit, signalez-le à l'assistance informatique."
    )


def open_engine(url: str) -> Engine:
    """Open (creating or upgrading if needed) the database at `url`."""
    path = _sqlite_path(url)
    if path is not None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            # Create the file private before SQLite writes anything into it.
            path.touch(mode=0o600)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
    if engine.dialect.name == "sqlite":
        _install_sqlite_hooks(engine)
    try:
        _upgrade(engine)
    except StorageError:
        engine.dispose()
        raise
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise explain(exc, url) from exc
    except Exception as exc:
        # A migration that fails is rolled back with its transaction: say so plainly.
        engine.dispose()
        raise StorageError(
            f"La mise à jour de la base de données « {_sqlite_path(url) or url} » a échoué. "
            "Rien n'a été modifié : signalez-le avant de réessayer."
        ) from exc
    return engine


def _upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"Cette base de données a été créée par une version plus récente d'anef-tui "
                f"(schéma {version}, cette version connaît le schéma {SCHEMA_VERSION}). "
                "Mettez anef-tui à jour."
            )
        if version == 0:
            SQLModel.metadata.create_all(conn)
            for ddl in _LOCK_TRIGGERS:
                conn.execute(text(ddl))
            conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return
        for target in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target - 2](conn)
            conn.exec_driver_sql(f"PRAGMA user_version = {target}")
