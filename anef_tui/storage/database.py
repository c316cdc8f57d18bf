"""Opening the database: durability settings, schema versions, clear errors.

SQLite runs in WAL mode with synchronous=FULL so that a committed step survives a power
cut, and every transaction starts with BEGIN IMMEDIATE so that two instances of the app
on one database serialise their writes instead of failing half-way. PostgreSQL (several
desks) is reached with psycopg; its password comes from libpq (PGPASSWORD, ~/.pgpass, a
service file), never from the command line. The schema's history, one for both engines,
is in anef_tui.storage.migrate (Alembic); the lock triggers are in its revisions.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, InterfaceError, OperationalError

from anef_tui.errors import CaseLocked, StorageError  # noqa: F401  (raised from here)
from anef_tui.storage import tables  # noqa: F401  (registers the tables on SQLModel.metadata)

BUSY_TIMEOUT_MS = 5000


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


def describe_url(url: str) -> str:
    """What a message names: the SQLite file, or the server and base (never a password)."""
    path = _sqlite_path(url)
    if path is not None:
        return str(path)
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "(adresse illisible)"
    if parsed.get_backend_name() == "postgresql":
        host = parsed.host or parsed.query.get("host") or "local"
        return f"{parsed.database or '(base par défaut)'} sur {host}"
    return parsed.render_as_string(hide_password=True)


def explain(exc: BaseException, url: str) -> StorageError:
    """Turn a driver error into a French message a counter assistant can act on.

    Never the driver's own text: it is English, carries a web address, and may quote
    the statement's values (personal data).
    """
    message = str(getattr(exc, "orig", exc)).lower()
    where = describe_url(url)
    if "échange enregistré" in message:
        return CaseLocked("Une notification, une lecture ou une réponse envoyée ne peut plus "
                          "être modifiée.")
    if "modification interdite" in message:
        return CaseLocked("Ce dossier a été déposé : il ne peut plus être modifié.")
    disk = _disk_problem(exc, where)
    if disk is not None:
        return disk
    if "locked" in message or "busy" in message or "lock timeout" in message:
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
    if "unable to open" in message:
        return StorageError(
            f"Impossible d'ouvrir la base de données « {where} ». Vérifiez que le dossier "
            "existe et que ce compte peut y écrire, ou choisissez un autre dossier de "
            "données avec --data-dir."
        )
    if "password" in message or "authentication" in message:
        return StorageError(
            f"Le serveur PostgreSQL a refusé la connexion à « {where} » (identifiant ou mot "
            "de passe). Le mot de passe se donne par le fichier ~/.pgpass, un service "
            "(PGSERVICE) ou la variable PGPASSWORD, jamais sur la ligne de commande."
        )
    if "does not exist" in message and ("database" in message or "role" in message):
        return StorageError(
            f"La base ou le rôle PostgreSQL de « {where} » n'existe pas : créez-les (voir "
            "« Plusieurs guichets » dans le README) ou corrigez l'adresse."
        )
    if isinstance(exc, OperationalError | InterfaceError) and (
        "connect" in message or "connection" in message or "server" in message
        or "timeout" in message
    ):
        return StorageError(
            f"Impossible de joindre le serveur PostgreSQL pour « {where} ». Vérifiez que le "
            "serveur fonctionne et que ce poste peut le joindre, puis réessayez : rien n'a "
            "été enregistré."
        )
    return StorageError(
        f"La base de données « {where} » a refusé l'opération : rien n'a été enregistré. "
        "Réessayez ; si cela se reproduit, signalez-le à l'assistance informatique."
    )


def driver_url(url: str) -> str:
    """`postgresql://…` (as libpq and pg_dump write it) means psycopg 3, the driver shipped."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def create(url: str) -> Engine:
    """An engine on `url` with anef-tui's connection settings, without touching the schema."""
    url = driver_url(url)
    path = _sqlite_path(url)
    if path is not None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            # Create the file private before SQLite writes anything into it.
            path.touch(mode=0o600)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"check_same_thread": False,
                                                      "timeout": 5})
            _install_sqlite_hooks(engine)
        else:
            # pre_ping: a desk left idle over lunch finds its pooled connection closed.
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise StorageError(
            f"Adresse de base de données invalide : « {describe_url(url)} ». Exemples : "
            "sqlite:///chemin/anef.sqlite3, postgresql+psycopg://role@serveur/anef."
        ) from exc
    return engine


def open_engine(url: str) -> Engine:
    """Open (creating or upgrading if needed) the database at `url`."""
    from anef_tui.storage import migrate

    engine = create(url)
    try:
        migrate.upgrade(engine)
    except StorageError:
        engine.dispose()
        raise
    except (migrate.NewerSchema, migrate.NotAnefDatabase) as exc:
        engine.dispose()
        if isinstance(exc, migrate.NewerSchema):
            raise StorageError(str(exc)) from exc
        raise StorageError(
            f"La base de données « {describe_url(url)} » n'est pas une base anef-tui. Rien "
            "n'a été modifié. Choisissez une autre base ou un autre dossier de données."
        ) from exc
    except (OperationalError, DatabaseError, InterfaceError) as exc:
        engine.dispose()
        raise explain(exc, url) from exc
    except Exception as exc:
        # A migration that fails is rolled back with its transaction: say so plainly.
        engine.dispose()
        raise StorageError(
            f"La mise à jour de la base de données « {describe_url(url)} » a échoué. "
            "Rien n'a été modifié : signalez-le avant de réessayer."
        ) from exc
    return engine
