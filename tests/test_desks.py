"""Several desks on one database: two desks, one draft (the second save refused, with who
and when); files attached at one desk open and print at another (PostgreSQL keeps them
in the database). Each desk is a CaseService with its own data folder and desk name."""

from __future__ import annotations

import hashlib
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import casebuilder
import pytest
from pypdf import PdfReader
from sqlalchemy import text

from anef_tui.config import load_settings
from anef_tui.documents.printing import print_pdf
from anef_tui.service import CaseConflict, CaseService
from anef_tui.storage.database import CaseLocked

STEP = "informations_personnelles"


def desk(tmp_path: Path, url: str, name: str) -> CaseService:
    settings = load_settings(data_dir=tmp_path / name / "data", database_url=url,
                             scan_dir=tmp_path / name / "scans", desk=name, environ={})
    return CaseService(settings)


@pytest.fixture
def desks(tmp_path: Path, engine_url: str) -> Iterator[tuple[CaseService, CaseService]]:
    a = desk(tmp_path, engine_url, "Guichet 1")
    b = desk(tmp_path, engine_url, "Guichet 2")
    yield a, b
    a.close()
    b.close()


def _step_outcome(service: CaseService, case_id: int, spec: casebuilder.CaseSpec,
                  **changes: str):  # type: ignore[no-untyped-def]
    record = service.get(case_id)
    step = service.state(record).step(STEP)
    outcome, _ = service.check_step(record, step, {**spec.steps[STEP], **changes}, {}, [])
    assert outcome.ok, outcome.errors
    return record, step, outcome


def test_second_desk_saving_the_same_draft_is_refused(
    desks: tuple[CaseService, CaseService]
) -> None:
    a, b = desks
    spec = casebuilder.bpi()
    case_id = casebuilder.create(a, spec)
    # Both desks open the same draft.
    rec_a, step, out_a = _step_outcome(a, case_id, spec, ville="Lille")
    rec_b, _, out_b = _step_outcome(b, case_id, spec, ville="Roubaix")
    assert rec_a.version == rec_b.version

    a.save_step(rec_a, step, out_a, None, "motif_sejour")
    with pytest.raises(CaseConflict) as err:
        b.save_step(rec_b, step, out_b, None, "motif_sejour")
    message = str(err.value)
    saved = a.get(case_id)
    assert "au guichet « Guichet 1 »" in message
    assert f"le {saved.updated_at:%d/%m/%Y à %H:%M:%S}" in message
    assert "Rechargez le dossier" in message and "n'a pas été enregistrée" in message
    # The first desk's save stands; nothing of the second was written.
    assert saved.answers[STEP]["ville"] == "Lille"
    assert saved.updated_by == "Guichet 1"

    # Reloaded, the second desk saves over the first knowingly.
    rec_b, step, out_b = _step_outcome(b, case_id, spec, ville="Roubaix")
    b.save_step(rec_b, step, out_b, None, "motif_sejour")
    final = a.get(case_id)
    assert final.answers[STEP]["ville"] == "Roubaix" and final.updated_by == "Guichet 2"
    assert final.version == saved.version + 1


def test_deposit_of_a_draft_changed_at_another_desk_is_refused(
    desks: tuple[CaseService, CaseService], tmp_path: Path
) -> None:
    a, b = desks
    spec = casebuilder.bpi()
    record = casebuilder.build(a, spec, tmp_path / "scans", deposit=False)
    shown = b.get(record.id)  # desk B's récapitulatif
    rec_a, step, out_a = _step_outcome(a, record.id, spec, ville="Lille")
    a.save_step(rec_a, step, out_a, None, "recapitulatif")
    with pytest.raises(CaseConflict, match="Guichet 1"):
        b.deposit(record.id, None, version=shown.version)
    assert a.get(record.id).status == "brouillon"
    assert b.deposit(record.id, None, version=b.get(record.id).version).numero


def test_two_desks_saving_at_the_same_moment_one_is_refused(pg_url: str, tmp_path: Path) -> None:
    a, b = desk(tmp_path, pg_url, "Guichet 1"), desk(tmp_path, pg_url, "Guichet 2")
    try:
        spec = casebuilder.bpi()
        case_id = casebuilder.create(a, spec)
        version = a.get(case_id).version
        barrier = threading.Barrier(2)
        results: dict[str, str] = {}

        def save(service: CaseService, city: str) -> None:
            barrier.wait(timeout=30)
            try:
                service.repo.save_step(case_id, STEP, {"ville": city}, "motif_sejour",
                                       expected_version=version)
                results[city] = "enregistré"
            except CaseConflict:
                results[city] = "refusé"

        threads = [threading.Thread(target=save, args=(a, "Lille")),
                   threading.Thread(target=save, args=(b, "Roubaix"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert sorted(results.values()) == ["enregistré", "refusé"]
        winner = next(city for city, r in results.items() if r == "enregistré")
        record = a.get(case_id)
        assert record.answers[STEP] == {"ville": winner}
        assert record.version == version + 1
    finally:
        a.close()
        b.close()


def test_file_attached_at_one_desk_opens_prints_and_is_listed_at_another(
    pg_url: str, tmp_path: Path
) -> None:
    a, b = desk(tmp_path, pg_url, "Guichet 1"), desk(tmp_path, pg_url, "Guichet 2")
    try:
        record = casebuilder.build(a, casebuilder.bpi(), tmp_path / "scans")
        assert len(record.attachments) == 2
        seen = b.get(record.id)
        assert seen.attachments == record.attachments
        for attachment in seen.attachments:
            original = (a.pieces_dir(record.id) / attachment.stored_name).read_bytes()
            path = b.attachment_file(record.id, attachment)
            assert path.is_relative_to(b.settings.data_dir)
            assert path.read_bytes() == original
            assert hashlib.sha256(path.read_bytes()).hexdigest() == attachment.sha256
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            # Printed at desk B: the printer receives the very bytes scanned at desk A.
            spool = tmp_path / f"imprime-{attachment.sha256[:8]}"
            outcome = print_pdf(path, f"cp -t {tmp_path}")
            assert outcome.ok, outcome.message
            (tmp_path / path.name).rename(spool)
            assert spool.read_bytes() == original
        # The case summary written at desk B lists desk A's pieces.
        summary = b.write_case_summary(seen)
        words = " ".join(p.extract_text() for p in PdfReader(summary).pages)
        for attachment in seen.attachments:
            assert attachment.original_name in words
        # The deposited case's files are locked in the database too.
        with pytest.raises(CaseLocked), b.repo._tx() as session:  # noqa: SLF001
            session.execute(text("DELETE FROM case_files WHERE case_id = :id"),
                            {"id": record.id})
        assert b.repo.read_file(record.id, seen.attachments[0].sha256) is not None
    finally:
        a.close()
        b.close()


def test_files_in_the_database_follow_the_saved_attachments(pg_url: str, tmp_path: Path) -> None:
    a = desk(tmp_path, pg_url, "Guichet 1")
    try:
        spec = casebuilder.bpi()
        record = casebuilder.build(a, spec, tmp_path / "scans", deposit=False)

        def stored() -> set[str]:
            with a.repo.engine.connect() as conn:
                return set(conn.execute(text("SELECT sha256 FROM case_files WHERE case_id = :i"),
                                        {"i": record.id}).scalars())

        assert stored() == {x.sha256 for x in record.attachments}
        step = a.state(record).step("justificatifs")
        kept = record.attachments[:1]
        outcome, _ = a.check_step(record, step, spec.steps["justificatifs"], {}, kept)
        assert outcome.ok, outcome.errors
        record = a.save_step(record, step, outcome, kept, "recapitulatif")
        assert stored() == {kept[0].sha256}
        a.abandon(record.id)
        assert stored() == set()
    finally:
        a.close()


def test_complement_sent_at_one_desk_opens_at_another(pg_url: str, tmp_path: Path) -> None:
    from datetime import date, datetime

    from filefactory import pdf_bytes, write

    from anef_tui.service import KEEP, UPDATE, PieceAnswer, Reason, RequestedPiece

    a, b = desk(tmp_path, pg_url, "Guichet 1"), desk(tmp_path, pg_url, "Instruction")
    try:
        when = datetime(2023, 8, 16, 14, 37).astimezone()
        case_id = casebuilder.build(a, casebuilder.ase(age=17), tmp_path / "scans",
                                    when=when).id
        nid = b.instruction.request_complement(case_id, [
            RequestedPiece("justificatif_nationalite", "", Reason.UNREADABLE, "Illisible."),
            RequestedPiece("autre_1", "Attestation de scolarité", Reason.MISSING, "Manquant."),
        ], now=datetime(2023, 8, 20, 10).astimezone()).id
        a.instruction.open(nid, now=datetime(2023, 8, 21, 10).astimezone())
        scan = write(tmp_path / "scans" / "attestation_scolarite.pdf", pdf_bytes(pages=1))
        stored = a.instruction.attach(nid, "autre_1", scan, [], today=date(2023, 8, 22))
        a.instruction.answer(nid, [
            PieceAnswer("justificatif_nationalite", KEEP, reason="Lisible à l'original"),
            PieceAnswer("autre_1", UPDATE, files=(stored,)),
        ], now=datetime(2023, 8, 22, 10).astimezone())
        answer = b.instruction.answer_of(nid)
        assert answer is not None
        sent = answer.files[0]
        path = b.instruction.complement_file(case_id, sent)
        assert path.is_relative_to(b.settings.data_dir)
        assert path.read_bytes() == scan.read_bytes()
    finally:
        a.close()
        b.close()


def test_one_desk_is_never_refused_by_its_own_saves(engine_url: str, tmp_path: Path) -> None:
    a = desk(tmp_path, engine_url, "Guichet 1")
    try:
        record = casebuilder.build(a, casebuilder.bpi(), tmp_path / "scans", deposit=False)
        # Observations kept twice from the récapitulatif (leave, then stay), then deposited.
        record = a.keep_observations(record, "Première note")
        record = a.keep_observations(record, "Seconde note")
        assert a.get(record.id).observations == "Seconde note"
        assert a.deposit(record.id, "Seconde note", version=record.version).numero
    finally:
        a.close()


def test_a_plain_postgresql_url_uses_the_shipped_driver() -> None:
    from anef_tui.storage.database import driver_url

    assert driver_url("postgresql://anef@serveur/anef") == "postgresql+psycopg://anef@serveur/anef"
    assert driver_url("postgres://anef@serveur/anef") == "postgresql+psycopg://anef@serveur/anef"
    assert driver_url("postgresql+psycopg://a@b/c") == "postgresql+psycopg://a@b/c"
    assert driver_url("sqlite:///x.sqlite3") == "sqlite:///x.sqlite3"
