"""`anef-tui db …`: the site's database seen from the command line.

- `status`: the engine, the schema version, the counts (changes nothing, not even an
  older schema);
- `upgrade`: brings the schema to this release's (what the app does at start);
- `copy --to URL`: moves a counter's SQLite database and its files into a new, empty
  PostgreSQL base when the site grows to several desks. It reads a snapshot of the
  SQLite file (SQLite's backup API), so the source is never written; everything goes
  into the target in one transaction, and the transaction is committed only once the
  counts of every table and the SHA-256 of every file match. « terminé » means that.

Messages are French and name no applicant: counts, case numbers and hashes only.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from anef_tui.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from anef_tui.config import Settings

ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
STATUS_TABLE = "cases"
DRAFT = "brouillon"
# The local folders of a case's files (anef_tui.service / instruction_service).
FILE_FOLDERS = {"attachments": "pieces", "complement_files": "complements"}


class CopyRefused(Exception):
    """The copy cannot start or did not verify: nothing was committed in the target."""


@dataclass(frozen=True)
class Counts:
    tables: dict[str, int]
    statuses: dict[str, int]


def _engine_label(engine: Engine) -> str:
    from anef_tui.storage.database import describe_url

    name = ENGINE_NAMES.get(engine.dialect.name, engine.dialect.name)
    version = ".".join(str(p) for p in (engine.dialect.server_version_info or ())[:2])
    return f"{name} {version}".strip() + f" — {describe_url(engine.url.render_as_string())}"


def counts(conn: Connection) -> Counts:
    from sqlalchemy import inspect, text

    present = set(inspect(conn).get_table_names())
    tables = {
        name: int(conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one())
        for name in _table_names() if name in present
    }
    statuses: dict[str, int] = {}
    if STATUS_TABLE in present:
        for status, n in conn.execute(text(
                "SELECT status, COUNT(*) FROM cases GROUP BY status ORDER BY status")):
            statuses[str(status)] = int(n)
    return Counts(tables, statuses)


def _table_names() -> list[str]:
    from sqlmodel import SQLModel

    from anef_tui.storage import tables  # noqa: F401  (registers the tables)

    return [t.name for t in SQLModel.metadata.sorted_tables]


def status(settings: Settings, out: TextIO) -> int:
    from anef_tui.lifecycle import label
    from anef_tui.storage import database, migrate

    engine = database.create(settings.database_url)
    try:
        with engine.connect() as conn:
            print(f"moteur        {_engine_label(engine)}", file=out)
            try:
                state = migrate.state(conn)
            except migrate.NewerSchema as exc:
                print(f"schéma        {exc}", file=out)
                return 1
            except migrate.NotAnefDatabase:
                print("schéma        cette base n'est pas une base anef-tui", file=out)
                return 1
            current = migrate.schema_number(state.current)
            if state.current is None:
                print("schéma        base vide : « anef-tui db upgrade » (ou le premier "
                      "lancement) la crée", file=out)
                return 0
            if state.up_to_date:
                print(f"schéma        {current} (à jour)", file=out)
            else:
                print(f"schéma        {current} — cette version connaît le schéma "
                      f"{migrate.schema_number(state.head)} : « anef-tui db upgrade »",
                      file=out)
            found = counts(conn)
    except Exception as exc:  # driver errors: said in French, never the driver's text
        raise _explained(exc, settings.database_url) from exc
    finally:
        engine.dispose()
    by_status = ", ".join(f"{label(s).lower()} {n}" for s, n in found.statuses.items())
    print(f"dossiers      {found.tables.get('cases', 0)}" + (f" ({by_status})" if by_status
                                                            else ""), file=out)
    where = "dans la base" if engine.dialect.name == "postgresql" else "dans le dossier des données"
    print(f"pièces        {found.tables.get('attachments', 0)} (fichiers {where})", file=out)
    for name, n in found.tables.items():
        print(f"  {name:<24}{n:>8}", file=out)
    return 0


def upgrade(settings: Settings, out: TextIO) -> int:
    from anef_tui.storage import database, migrate

    engine = database.create(settings.database_url)
    try:
        with engine.connect() as conn:
            before = migrate.state(conn)
    except (migrate.NewerSchema, migrate.NotAnefDatabase) as exc:
        engine.dispose()
        raise StorageError(str(exc) or "Cette base n'est pas une base anef-tui.") from exc
    except Exception as exc:
        engine.dispose()
        raise _explained(exc, settings.database_url) from exc
    engine.dispose()
    database.open_engine(settings.database_url).dispose()
    head = migrate.schema_number(before.head)
    if before.up_to_date:
        print(f"Schéma {head} : la base est déjà à jour.", file=out)
    else:
        print(f"Schéma {migrate.schema_number(before.current)} → {head} : base mise à jour.",
              file=out)
    return 0


def _explained(exc: BaseException, url: str) -> StorageError:
    from sqlalchemy.exc import DBAPIError

    from anef_tui.storage.database import explain

    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, DBAPIError):
        return explain(exc, url)
    return StorageError(f"Base de données illisible : {type(exc).__name__}.")


# -- copy ---------------------------------------------------------------------------------


def copy(settings: Settings, target_url: str, out: TextIO) -> int:
    from anef_tui.storage import database

    source = database._sqlite_path(settings.database_url)  # noqa: SLF001
    if source is None:
        raise CopyRefused("La copie part d'une base SQLite (celle de ce poste) : "
                          f"« {database.describe_url(settings.database_url)} » n'en est pas une.")
    if not source.is_file():
        raise CopyRefused(f"La base « {source} » n'existe pas : rien à copier.")
    if database._sqlite_path(target_url) is not None:  # noqa: SLF001
        raise CopyRefused("La cible doit être une base PostgreSQL "
                          "(postgresql+psycopg://rôle@serveur/base).")
    with tempfile.TemporaryDirectory(prefix="anef-copie-") as tmp:
        snapshot = Path(tmp) / "instantane.sqlite3"
        _snapshot(source, snapshot)
        # The snapshot, not the source, is brought to this release's schema.
        source_engine = database.open_engine(f"sqlite:///{snapshot}")
        try:
            target_engine = database.open_engine(target_url)
            try:
                report = _copy(source_engine, target_engine, settings.files_dir)
            finally:
                target_engine.dispose()
        finally:
            source_engine.dispose()
    for name, n in report.items():
        print(f"  {name:<24}{n:>8}  identique", file=out)
    print(f"Copie vérifiée vers « {database.describe_url(target_url)} » : terminé. "
          f"La base « {source} » n'a pas été modifiée.", file=out)
    return 0


def _snapshot(source: Path, snapshot: Path) -> None:
    """A consistent copy of the live SQLite file, read-only on the source."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(snapshot)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.DatabaseError as exc:
        raise CopyRefused(f"La base « {source} » est illisible ou endommagée : rien n'a été "
                          "copié.") from exc
    finally:
        src.close()


def _copy(source: Engine, target: Engine, files_dir: Path) -> dict[str, int]:
    from sqlalchemy import select, text
    from sqlmodel import SQLModel

    tables = [t for t in SQLModel.metadata.sorted_tables if t.name != "case_files"]
    with source.connect() as src, target.begin() as dst:
        if dst.execute(text("SELECT COUNT(*) FROM cases")).scalar_one():
            raise CopyRefused("La base cible contient déjà des dossiers : la copie se fait "
                              "dans une base neuve (rien n'a été modifié).")
        deferred: list[tuple[int, str]] = []
        for table in tables:
            rows = [dict(r) for r in src.execute(select(table)).mappings()]
            if table.name == STATUS_TABLE:
                # The lock triggers refuse children under a deposited case: the cases go
                # in as drafts, get their children, then their real status.
                deferred = [(r["id"], r["status"]) for r in rows if r["status"] != DRAFT]
                for r in rows:
                    r["status"] = DRAFT
            for r in rows:
                _aware(r)
            if rows:
                dst.execute(table.insert(), rows)
        _copy_files(src, dst, files_dir)
        for case_id, status in deferred:
            dst.execute(text("UPDATE cases SET status = :s WHERE id = :i"),
                        {"s": status, "i": case_id})
        _reset_sequences(dst, [t.name for t in tables if "id" in t.c])
        return _verify(src, dst, [t.name for t in tables])


def _aware(row: dict[str, object]) -> None:
    # SQLite gives the desk's wall-clock time without offset: PostgreSQL stores instants.
    for key, value in row.items():
        if isinstance(value, datetime) and value.tzinfo is None:
            row[key] = value.astimezone()


def _files_of(src: Connection) -> Iterable[tuple[int, str, str, str]]:
    """(case, folder, stored name, sha256) of every file a row references."""
    from sqlalchemy import text

    for case_id, name, sha in src.execute(text(
            "SELECT case_id, stored_name, sha256 FROM attachments")):
        yield int(case_id), FILE_FOLDERS["attachments"], str(name), str(sha)
    for case_id, name, sha in src.execute(text(
            "SELECT a.case_id, f.stored_name, f.sha256 FROM complement_files f "
            "JOIN complement_answers a ON a.id = f.answer_id")):
        yield int(case_id), FILE_FOLDERS["complement_files"], str(name), str(sha)


def _copy_files(src: Connection, dst: Connection, files_dir: Path) -> None:
    from anef_tui.attachments.store import stored_path
    from anef_tui.storage.tables import CaseFileRow

    done: set[tuple[int, str]] = set()
    for case_id, folder, name, sha in _files_of(src):
        if (case_id, sha) in done:
            continue
        store = files_dir / f"{case_id:06d}" / folder
        try:
            data = stored_path(store, name).read_bytes()
        except (OSError, ValueError) as exc:
            raise CopyRefused(f"Dossier n° {case_id} : un fichier joint manque dans « {store} » "
                              f"(empreinte {sha[:12]}…). Rien n'a été copié.") from exc
        if hashlib.sha256(data).hexdigest() != sha:
            raise CopyRefused(f"Dossier n° {case_id} : un fichier joint a été modifié sur le "
                              f"disque (empreinte {sha[:12]}…). Rien n'a été copié.")
        dst.execute(CaseFileRow.__table__.insert(),  # type: ignore[attr-defined]
                    {"case_id": case_id, "sha256": sha, "size": len(data), "data": data})
        done.add((case_id, sha))


def _reset_sequences(dst: Connection, names: list[str]) -> None:
    from sqlalchemy import text

    if dst.dialect.name != "postgresql":
        return
    for name in names:
        dst.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{name}\"), 0) + 1, false)"))


def _verify(src: Connection, dst: Connection, names: list[str]) -> dict[str, int]:
    """Counts of every table, and every referenced file present with its exact SHA-256."""
    from sqlalchemy import text

    report: dict[str, int] = {}
    for name in names:
        a = int(src.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one())
        b = int(dst.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one())
        if a != b:
            raise CopyRefused(f"Vérification : {name} compte {a} ligne(s) dans la source et {b} "
                              "dans la cible. Rien n'a été copié.")
        report[name] = a
    wanted = {(case_id, sha) for case_id, _, _, sha in _files_of(src)}
    stored = {
        (int(case_id), str(sha)): str(digest)
        for case_id, sha, digest in dst.execute(text(
            "SELECT case_id, sha256, encode(sha256(data), 'hex') FROM case_files"))
    }
    bad = [key for key in wanted if stored.get(key) != key[1]]
    if bad or len(stored) != len(wanted):
        raise CopyRefused(f"Vérification : {len(bad) or abs(len(stored) - len(wanted))} "
                          "fichier(s) ne correspondent pas à leur empreinte. Rien n'a été "
                          "copié.")
    report["case_files (empreintes)"] = len(stored)
    return report
