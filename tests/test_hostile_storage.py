"""Storage errors on real SQLite and real disks: French, what to do, nothing half-written.

A full disk is made two ways: SQLite's ``max_page_count`` (the database may not grow;
works everywhere) and, where the machine allows it (root, mount permitted), a real
tmpfs of a few hundred Ko.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import casebuilder
import pytest
from filefactory import image_bytes, write
from sqlalchemy import event

from anef_tui.attachments import IngestError
from anef_tui.config import Settings, load_settings
from anef_tui.service import CaseService
from anef_tui.storage.database import StorageError, explain

# What must never reach the screen: driver names, English, web addresses.
LEAKS = re.compile(r"sqlite3\.\w+Error|OperationalError|Background|https?://|database is|"
                   r"disk is full|No space|readonly database|\(Errno", re.IGNORECASE)


def database_rows(settings: Settings) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(settings.data_dir / "anef.sqlite3")
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        conn.close()


def limit_pages(service: CaseService, extra_pages: int = 0) -> None:
    """Every new connection may not grow the database past its present size."""
    engine = service.repo.engine
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    @event.listens_for(engine, "connect")
    def _limit(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

    engine.dispose()


def _fill_until_full(service: CaseService, settings: Settings) -> tuple[StorageError, dict]:
    spec = casebuilder.bpi()
    for _ in range(200):
        before = database_rows(settings)
        try:
            casebuilder.create(service, spec)
        except StorageError as exc:
            return exc, before
    raise AssertionError("the database never became full")


def test_full_database_says_so_in_french_and_writes_nothing(
    service: CaseService, settings: Settings
) -> None:
    limit_pages(service)
    error, before = _fill_until_full(service, settings)
    message = str(error)
    assert "est plein : rien n'a été enregistré" in message
    assert "Libérez de la place" in message
    assert not LEAKS.search(message), message
    assert database_rows(settings) == before


def test_full_database_while_saving_a_step(service: CaseService, settings: Settings) -> None:
    spec = casebuilder.bpi()
    raw = {**spec.steps["informations_personnelles"], "adresse": "X" * 200,
           "complement_adresse": "Y" * 120}
    records = [service.get(casebuilder.create(service, spec)) for _ in range(60)]
    step = service.state(records[0]).step("informations_personnelles")
    outcome, _ = service.check_step(records[0], step, raw, {}, [])
    assert outcome.ok
    limit_pages(service)
    for record in records:
        before = database_rows(settings)
        try:
            service.save_step(record, step, outcome, None, "motif_sejour")
        except StorageError as exc:
            assert "est plein : rien n'a été enregistré" in str(exc)
            assert not LEAKS.search(str(exc)), str(exc)
            assert database_rows(settings) == before
            assert service.get(record.id).answers == {}
            return
    raise AssertionError("the database never became full")


def test_read_only_database_says_what_to_do(service: CaseService, settings: Settings) -> None:
    @event.listens_for(service.repo.engine, "connect")
    def _read_only(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute("PRAGMA query_only = 1")

    service.repo.engine.dispose()
    with pytest.raises(StorageError) as caught:
        casebuilder.create(service, casebuilder.bpi())
    message = str(caught.value)
    assert "en lecture seule : rien n'a été enregistré" in message
    assert not LEAKS.search(message), message


@pytest.mark.parametrize(
    ("driver_text", "code", "excerpt"),
    [
        ("database or disk is full", 13, "est plein"),
        ("disk I/O error", 10 | (4 << 8), "Erreur d'écriture sur le disque"),
        ("database is locked", 5, "verrouillée par un autre programme"),
        ("file is not a database", 26, "endommagée"),
        ("attempt to write a readonly database", 8, "lecture seule"),
        ("unable to open database file", 14, "Impossible d'ouvrir"),
        ("no such column: applicants.nom_naissance = 'Dupont'", 1, "a refusé l'opération"),
    ],
)
def test_every_driver_error_becomes_french_without_driver_text(
    driver_text: str, code: int, excerpt: str
) -> None:
    from sqlalchemy.exc import OperationalError

    orig = sqlite3.OperationalError(driver_text)
    orig.sqlite_errorcode = code  # type: ignore[attr-defined]
    wrapped = OperationalError("INSERT …", {"nom": "Dupont"}, orig)
    message = str(explain(wrapped, "sqlite:////srv/anef/anef.sqlite3"))
    assert excerpt in message
    assert not LEAKS.search(message), message
    assert "Dupont" not in message


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                           str(where)], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disque"
    try:
        mounted = _mount_tmpfs(disk, "400k")
    except FileNotFoundError:
        mounted = False
    if not mounted:
        pytest.skip("mount -t tmpfs is not permitted here (max_page_count tests cover it)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_real_full_disk(tiny_disk: Path, tmp_path: Path) -> None:
    settings = load_settings(data_dir=tiny_disk / "data", environ={})
    service = CaseService(settings)
    try:
        case_id = casebuilder.create(service, casebuilder.bpi())
        # Attaching fills the disk first: the store says it in French, keeps nothing.
        big = write(tmp_path / "scans" / "scan.bmp", image_bytes("bmp", (300, 400)))
        store_errors = []
        for _ in range(10):
            try:
                service.attach(case_id, "justificatif_domicile", "Justificatif de domicile",
                               3, big, [])
            except IngestError as exc:
                store_errors.append(exc)
                break
            big = write(big, image_bytes("bmp", (300, 400)) + b"")
            big.write_bytes(big.read_bytes()[:-1] + b"\x01")
        assert store_errors, "the disk never became full"
        assert "le disque est plein" in str(store_errors[0])
        assert not LEAKS.search(str(store_errors[0]))
        assert not [p for p in service.pieces_dir(case_id).iterdir() if p.name.startswith(".")]
        error, before = _fill_until_full(service, settings)
        assert "est plein" in str(error) or "Erreur d'écriture" in str(error)
        assert not LEAKS.search(str(error)), str(error)
        assert database_rows(settings) == before
    finally:
        service.close()
