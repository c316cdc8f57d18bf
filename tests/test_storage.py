"""The database on disk: schema versions, damaged or locked files, permissions, crashes
and abandon. Real SQLite files in tmp_path, no mocks."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
import stat
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any

import casebuilder
import pytest
from counter_day import CLOCK
from sqlmodel import Session

from anef_tui.config import load_settings
from anef_tui.service import CaseService
from anef_tui.storage import database, migrate
from anef_tui.storage.database import CaseLocked, StorageError
from anef_tui.storage.repository import CaseRepository, StoredAttachment
from anef_tui.storage.tables import CaseRow, StepAnswerRow

IDENTITY = {"nom_naissance": "Nguyễn", "prenoms": "Łukasz Ğüler", "date_naissance": "1982-04-05"}
STEP1 = {"situation_familiale": "celibataire", "adresse": "20 rue Nationale",
         "telephone": "+33612345678"}
STEP2 = {"situation_familiale": "celibataire", "enfants_a_charge": False}


def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "anef.sqlite3"


def open_repo(tmp_path: Path, url: str | None = None) -> CaseRepository:
    return CaseRepository(url or f"sqlite:///{db_path(tmp_path)}",
                          tmp_path / "data" / "dossiers")


def new_case(repo: CaseRepository) -> int:
    return repo.create_case("etranger_malade_renouvellement", {"titulaire": "titre"},
                            "informations_personnelles", IDENTITY, "7503136189")


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def rows(path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


# -- schema versions -------------------------------------------------------------------

HEAD = int(migrate.head_revision())


def alembic_revision(path: Path) -> str | None:
    found = rows(path, "SELECT version_num FROM alembic_version")
    return found[0][0] if found else None


def make_first_release(path: Path) -> int:
    """What the first release left: the v1 schema, user_version 1, no Alembic; one case."""
    engine = database.create(f"sqlite:///{path}")
    migrate.upgrade(engine, migrate.BASELINE)
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE alembic_version")
    conn.execute("PRAGMA user_version = 1")
    now = "2024-03-01 10:00:00.000000"
    case_id = conn.execute(
        "INSERT INTO cases (procedure_id, profile_json, status, current_step, created_at, "
        "updated_at) VALUES ('etranger_malade_renouvellement', '{}', 'brouillon', "
        "'motif_sejour', ?, ?)", (now, now)).lastrowid
    conn.execute("INSERT INTO applicants (case_id, numero_etranger, nom_naissance, prenoms, "
                 "identity_json) VALUES (?, '7503136189', ?, ?, ?)",
                 (case_id, IDENTITY["nom_naissance"], IDENTITY["prenoms"],
                  json.dumps(IDENTITY, ensure_ascii=False)))
    conn.execute("INSERT INTO step_answers (case_id, step_id, data_json, validated_at) "
                 "VALUES (?, 'informations_personnelles', ?, ?)",
                 (case_id, json.dumps(STEP1, ensure_ascii=False), now))
    conn.commit()
    conn.close()
    assert case_id is not None
    return case_id


def test_new_database_is_stamped_with_the_schema_version(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    repo.close()
    path = db_path(tmp_path)
    assert alembic_revision(path) == migrate.head_revision()
    # A release from before Alembic reads user_version: it must refuse a newer base.
    assert user_version(path) == HEAD
    assert rows(path, "PRAGMA journal_mode") == [("wal",)]
    triggers = {r[0] for r in rows(path, "SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"cases_locked_after_deposit", "step_answers_update_locked",
            "attachments_insert_locked", "applicants_delete_locked"} <= triggers


def test_reopening_keeps_version_and_data(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    case_id = new_case(repo)
    repo.close()
    repo = open_repo(tmp_path)
    try:
        assert repo.get(case_id).identity == IDENTITY
    finally:
        repo.close()
    assert alembic_revision(db_path(tmp_path)) == migrate.head_revision()


def test_database_of_the_first_release_is_adopted_not_recreated(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir(parents=True)
    case_id = make_first_release(path)
    inode = path.stat().st_ino
    repo = open_repo(tmp_path)
    try:
        record = repo.get(case_id)
    finally:
        repo.close()
    assert record.answers == {"informations_personnelles": STEP1}
    assert record.identity == IDENTITY and record.current_step == "motif_sejour"
    assert record.version == 1  # the columns of later revisions, filled for old rows
    assert path.stat().st_ino == inode
    assert alembic_revision(path) == migrate.head_revision()
    assert user_version(path) == HEAD


@pytest.mark.parametrize("how", ["alembic", "user_version"])
def test_database_of_a_newer_version_is_refused(tmp_path: Path, how: str) -> None:
    open_repo(tmp_path).close()
    path = db_path(tmp_path)
    newer = HEAD + 1
    conn = sqlite3.connect(path)
    if how == "alembic":
        conn.execute("UPDATE alembic_version SET version_num = ?", (f"{newer:04d}",))
    else:  # a base from a release that still counted in user_version
        conn.execute("DROP TABLE alembic_version")
        conn.execute(f"PRAGMA user_version = {newer}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError) as err:
        open_repo(tmp_path)
    message = str(err.value)
    assert "créée par une version plus récente d'anef-tui" in message
    assert f"schéma {newer}" in message and "Mettez anef-tui à jour." in message
    assert path.read_bytes() == before  # not downgraded, not touched


def _extra_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    """Ship a copy of the migrations with one more revision, as the next release would."""
    source = Path(migrate.__file__).parent / "migrations"
    copy = tmp_path / "migrations"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
    revision = f"{HEAD + 1:04d}"
    (copy / "versions" / f"{revision}_essai.py").write_text(
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        f"revision = {revision!r}\ndown_revision = {migrate.head_revision()!r}\n"
        "branch_labels = None\ndepends_on = None\n\n\n"
        f"def upgrade() -> None:\n{body}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "SCRIPT_LOCATION", str(copy))


def test_next_revision_runs_once_and_keeps_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = open_repo(tmp_path)
    case_id = new_case(repo)
    repo.save_step(case_id, "informations_personnelles", STEP1, "motif_sejour")
    repo.close()
    path = db_path(tmp_path)
    _extra_revision(tmp_path, monkeypatch,
                    "    op.add_column('cases', sa.Column('guichet', sa.String()))\n"
                    "    op.execute(\"UPDATE cases SET guichet = 'Lille'\")")
    for _ in range(2):
        repo = open_repo(tmp_path)
        try:
            record = repo.get(case_id)
        finally:
            repo.close()
        assert record.answers == {"informations_personnelles": STEP1}
        assert record.identity == IDENTITY and record.current_step == "motif_sejour"
    assert alembic_revision(path) == f"{HEAD + 1:04d}"
    assert user_version(path) == HEAD + 1
    # A second run would fail on the existing column: it ran once.
    assert rows(path, "SELECT guichet FROM cases") == [("Lille",)]


def test_failed_migration_leaves_the_database_at_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = open_repo(tmp_path)
    new_case(repo)
    repo.close()
    path = db_path(tmp_path)
    shipped = migrate.head_revision()
    _extra_revision(tmp_path, monkeypatch,
                    "    op.add_column('cases', sa.Column('guichet', sa.String()))\n"
                    "    raise RuntimeError('coupure pendant la migration')")
    with pytest.raises(StorageError, match="Rien n'a été modifié") as err:
        open_repo(tmp_path)
    assert "coupure" not in str(err.value)
    assert alembic_revision(path) == shipped
    assert user_version(path) == HEAD
    columns = [r[1] for r in rows(path, "PRAGMA table_info(cases)")]
    assert "guichet" not in columns
    assert len(rows(path, "SELECT id FROM cases")) == 1


# -- damaged and locked files -----------------------------------------------------------


def _garbage() -> bytes:
    return bytes((i * 37 + 11) % 256 for i in range(8192))


def _bad_pages(tmp_path: Path) -> bytes:
    # A real header, then pages of garbage: SQLite accepts the header, not the rest.
    open_repo(tmp_path / "good").close()
    good = (tmp_path / "good" / "data" / "anef.sqlite3").read_bytes()
    return good[:100] + _garbage()[: len(good) - 100]


@pytest.mark.parametrize("content", ["garbage", "bad_pages"])
def test_damaged_file_is_refused_and_left_untouched(tmp_path: Path, content: str) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir(parents=True)
    data = _garbage() if content == "garbage" else _bad_pages(tmp_path)
    path.write_bytes(data)
    with pytest.raises(StorageError) as err:
        open_repo(tmp_path)
    message = str(err.value)
    assert "endommagée" in message and str(path) in message
    assert "Rien n'a été modifié" in message
    assert path.read_bytes() == data
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)


def _hold_exclusive(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    return other


@pytest.mark.usefixtures("short_busy_timeout")
def test_locked_database_at_opening(tmp_path: Path) -> None:
    open_repo(tmp_path).close()
    other = _hold_exclusive(db_path(tmp_path))
    try:
        with pytest.raises(StorageError) as err:
            open_repo(tmp_path)
    finally:
        other.rollback()
        other.close()
    assert "verrouillée par un autre programme" in str(err.value)
    assert "Fermez l'autre instance d'anef-tui" in str(err.value)


@pytest.mark.usefixtures("short_busy_timeout")
def test_locked_database_while_saving_writes_nothing(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    try:
        case_id = new_case(repo)
        repo.save_step(case_id, "informations_personnelles", STEP1, "motif_sejour")
        before = repo.get(case_id)
        other = _hold_exclusive(db_path(tmp_path))
        try:
            with pytest.raises(StorageError) as err:
                repo.save_step(case_id, "motif_sejour", STEP2, "justificatifs")
            assert "verrouillée" in str(err.value)
            with pytest.raises(StorageError, match="verrouillée"):
                repo.deposit(case_id, observations=None, site_prefix="5901",
                             when=datetime.now().astimezone())
        finally:
            other.rollback()
            other.close()
        after = repo.get(case_id)
    finally:
        repo.close()
    assert after == before


# -- permissions ----------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_permissions(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # the usual desktop umask: files would be 0644
    try:
        settings = load_settings(data_dir=tmp_path / "data", environ={})
        service = CaseService(settings, CLOCK)
        try:
            record = casebuilder.build(service, casebuilder.bpi(), tmp_path / "scans",
                                       deposit=False)
        finally:
            service.close()
    finally:
        os.umask(old_umask)
    db = db_path(tmp_path)
    assert _mode(settings.data_dir) == 0o700
    assert _mode(settings.files_dir) == 0o700
    assert _mode(db) == 0o600
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db}{suffix}")
        if side.exists():
            assert _mode(side) == 0o600, side
    pieces = settings.case_dir(record.id) / "pieces"
    assert _mode(settings.case_dir(record.id)) == 0o700
    assert _mode(pieces) == 0o700
    stored = [pieces / a.stored_name for a in record.attachments]
    assert len(stored) == 2
    for path in stored:
        assert _mode(path) == 0o600, path


def test_existing_open_data_dir_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    CaseService(load_settings(data_dir=data, environ={}), CLOCK).close()
    assert _mode(data) == 0o700


# -- crashes between steps ------------------------------------------------------------


def test_failure_inside_step_2_leaves_the_case_as_at_step_1(
    tmp_path: Path, engine_url: str
) -> None:
    repo = open_repo(tmp_path, engine_url)
    case_id = new_case(repo)
    repo.save_step(case_id, "informations_personnelles", STEP1, "motif_sejour")
    before = repo.get(case_id)
    events_before = repo.events(case_id)
    # A NOT NULL column left empty: the attachment row is the last write of the step.
    broken = StoredAttachment(slot_id="justificatif_domicile", original_name="facture.pdf",
                              stored_name="x.pdf", sha256="0" * 64, size=None,  # type: ignore[arg-type]
                              kind="pdf", mime="application/pdf", pages=1)
    with pytest.raises(Exception):  # noqa: B017 — whatever the driver raises
        repo.save_step(case_id, "justificatifs", {"ephoto": "X" * 22}, "depot_demande",
                       identity={**IDENTITY, "nom_naissance": "Autre"}, attachments=[broken])
    repo.close()
    repo = open_repo(tmp_path, engine_url)
    try:
        after = repo.get(case_id)
        assert after == before
        assert after.answers == {"informations_personnelles": STEP1}
        assert (after.current_step, after.last_validated_step) == (
            "motif_sejour", "informations_personnelles")
        assert after.identity == IDENTITY and after.attachments == []
        assert repo.events(case_id) == events_before
    finally:
        repo.close()


def _crash_in_step_2(url: str, files_dir: str, case_id: int, out: Any) -> None:
    """Save step 1, then die (os._exit) in the middle of step 2's transaction."""
    try:
        repo = CaseRepository(url, Path(files_dir))
        repo.save_step(case_id, "informations_personnelles", STEP1, "motif_sejour")
        session = Session(repo.engine)
        session.begin()
        session.add(StepAnswerRow(case_id=case_id, step_id="motif_sejour",
                                  data_json=json.dumps(STEP2),
                                  validated_at=repo.get(case_id).created_at))
        case = session.get(CaseRow, case_id)
        assert case is not None
        case.current_step = "justificatifs"
        case.last_validated_step = "motif_sejour"
        session.add(case)
        session.flush()  # written to the WAL's uncommitted frames, not committed
        out.put("flushed")
    except BaseException:
        out.put(traceback.format_exc())
        raise
    finally:
        # os._exit skips the queue's feeder thread: flush it first.
        out.close()
        out.join_thread()
    os._exit(3)


def test_process_killed_during_step_2_resumes_at_step_2(
    tmp_path: Path, engine_url: str
) -> None:
    repo = open_repo(tmp_path, engine_url)
    case_id = new_case(repo)
    repo.close()
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    child = ctx.Process(target=_crash_in_step_2, args=(
        engine_url, str(tmp_path / "data" / "dossiers"), case_id, out))
    child.start()
    assert out.get(timeout=60) == "flushed"
    child.join(timeout=60)
    assert child.exitcode == 3
    repo = open_repo(tmp_path, engine_url)
    try:
        record = repo.get(case_id)
        assert record.answers == {"informations_personnelles": STEP1}
        assert record.current_step == "motif_sejour"
        assert record.last_validated_step == "informations_personnelles"
        # And the next save works: nothing was left locked.
        repo.save_step(case_id, "motif_sejour", STEP2, "justificatifs")
        assert repo.get(case_id).current_step == "justificatifs"
    finally:
        repo.close()


# -- abandon ----------------------------------------------------------------------------


def query(url: str, sql: str, **params: object) -> list[tuple[Any, ...]]:
    """Rows read straight from the database at `url`, whichever the engine."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def test_abandon_erases_answers_files_and_identity(tmp_path: Path, engine_url: str) -> None:
    settings = load_settings(data_dir=tmp_path / "data", database_url=engine_url, environ={})
    service = CaseService(settings, CLOCK)
    try:
        kept = casebuilder.build(service, casebuilder.bpi(), tmp_path / "scans", deposit=False)
        gone = casebuilder.build(service, casebuilder.bpi(), tmp_path / "scans", deposit=False)
        gone_dir = settings.case_dir(gone.id)
        assert [a.sha256 for a in gone.attachments] == [a.sha256 for a in kept.attachments]
        summary = service.write_case_summary(gone)
        assert summary.parent == gone_dir and summary.exists()

        service.abandon(gone.id)

        record = service.get(gone.id)
        assert record.status == "abandonne"
        assert record.answers == {} and record.attachments == []
        assert record.identity == {} and record.numero_etranger is None
        assert record.observations is None
        assert not gone_dir.exists()
        for table in ("step_answers", "attachments", "applicants", "case_files"):
            assert query(engine_url, f"SELECT count(*) FROM {table} WHERE case_id = :id",
                         id=gone.id) == [(0,)], table
        # Nothing personal is left anywhere in the rows of the case.
        dump = repr(query(engine_url, "SELECT * FROM cases WHERE id = :id", id=gone.id)) + repr(
            query(engine_url, "SELECT * FROM events WHERE case_id = :id", id=gone.id))
        for word in ("Nguyễn", "Łukasz", "7503136189", "Lille", "facture"):
            assert word not in dump
        assert [e.kind for e in service.repo.events(gone.id)][-1] == "abandon"
        # The other case, with the same files, is untouched.
        other = service.get(kept.id)
        assert other == kept
        for a in other.attachments:
            assert (settings.case_dir(kept.id) / "pieces" / a.stored_name).exists()
        # An abandoned case can no longer be changed.
        with pytest.raises(CaseLocked, match="abandonné"):
            service.repo.save_step(gone.id, "motif_sejour", {}, "justificatifs")
        with pytest.raises(CaseLocked):
            service.abandon(gone.id)
        with pytest.raises(CaseLocked):
            service.deposit(gone.id, None)
    finally:
        service.close()
