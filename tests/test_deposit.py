"""A case from creation to deposit through CaseService, then locked for good: by the
domain (CaseLocked) and by the database itself (triggers), whatever the code path."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import casebuilder
import pytest
from counter_day import CLOCK, TODAY
from pypdf import PdfReader
from sqlalchemy import text

from anef_tui.answers import REQUIRED_MESSAGE
from anef_tui.config import Settings, load_settings
from anef_tui.documents.model import add_months_minus_one_day
from anef_tui.service import CaseService
from anef_tui.storage.database import CaseLocked
from anef_tui.storage.repository import CaseRecord


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


@pytest.fixture
def settings(tmp_path: Path, engine_url: str) -> Settings:
    return load_settings(data_dir=tmp_path / "data", database_url=engine_url, environ={})


@pytest.fixture
def service(settings: Settings) -> Iterator[CaseService]:
    svc = CaseService(settings, CLOCK)
    yield svc
    svc.close()


def test_invalid_step_is_refused_in_french_and_not_saved(service: CaseService,
                                                          tmp_path: Path) -> None:
    spec = casebuilder.bpi()
    case_id = casebuilder.create(service, spec)
    record = service.get(case_id)
    step = service.state(record).step("informations_personnelles")
    raw = {**spec.steps["informations_personnelles"], "telephone": "", "code_postal": "5900",
           "date_union": "31/02/2015"}
    outcome, _ = service.check_step(record, step, raw, {}, [])
    by_key = {e.key: e.message for e in outcome.errors}
    assert by_key["telephone"] == REQUIRED_MESSAGE
    assert "code_postal" in by_key
    # Hidden for a single applicant: not checked, not stored.
    assert "date_union" not in by_key
    assert service.get(case_id).answers == {}


def test_create_fill_deposit_then_locked(service: CaseService, settings: Settings,
                                         tmp_path: Path) -> None:
    spec = casebuilder.bpi("subsidiaire")
    draft = casebuilder.build(service, spec, tmp_path / "scans", deposit=False)
    assert draft.status == "brouillon" and draft.editable
    assert sorted(draft.answers) == ["informations_personnelles", "justificatifs",
                                     "motif_sejour"]
    assert draft.answers["motif_sejour"]["attestations"] == {
        "protection_non_marie": True, "sanctions_penales": True}
    assert draft.answers["informations_personnelles"]["telephone"] == "+33612345678"
    assert draft.answers["justificatifs"]["ephoto"] == "1234567890123456789012"
    assert draft.identity["nom_naissance"] == "Nguyễn"
    assert draft.identity["date_naissance"] == "1982-04-05"
    assert draft.current_step == "recapitulatif"
    assert [a.original_name for a in draft.attachments] == [
        "facture_électricité_mars.pdf", "quittance.jpg"]

    result = service.deposit(draft.id, spec.observations)

    today = TODAY
    assert re.fullmatch(rf"7501{today:%Y%m%d}\d{{7}}", result.numero)
    record = service.get(draft.id)
    assert (record.status, record.numero_demande) == ("depose", result.numero)
    assert record.observations == spec.observations
    assert record.deposited_at is not None and record.deposited_at.date() == today
    # The confirmation is written in the case folder, and recorded.
    assert result.confirmation_pdf.parent == settings.case_dir(draft.id)
    assert result.confirmation_pdf.name == (
        f"ATTESTATION_PROLONGATION_INSTRUCTION_{result.numero}_{today:%Y%m%d}.pdf")
    events = [(e.kind, e.detail) for e in service.repo.events(draft.id)]
    assert ("depot", result.numero) in events
    assert ("confirmation_pdf", str(result.confirmation_pdf)) in events
    words = pdf_text(result.confirmation_pdf)
    assert "ATTESTATION DE PROLONGATION D'INSTRUCTION D'UNE DEMANDE DE TITRE DE SÉJOUR" in words
    assert f"N° de la demande : {result.numero}" in words
    assert "Identifiant (N° de l'étranger) : 7503136189" in words
    assert "Nom de naissance : NGUYỄN" in words
    assert "Prénom(s) : ŁUKASZ ĞÜLER" in words
    assert "A OBTENU LE BÉNÉFICE DE LA PROTECTION SUBSIDIAIRE" in words
    end = add_months_minus_one_day(today, 6)
    assert f"entre le {today:%d/%m/%Y} et le {end:%d/%m/%Y}." in words

    check_locked(service, record, tmp_path)


def check_locked(service: CaseService, record: CaseRecord, tmp_path: Path) -> None:
    state = service.state(record)
    step = state.step("motif_sejour")
    outcome, _ = service.check_step(record, step, {}, {"protection_non_marie": True,
                                                       "sanctions_penales": True}, [])
    assert outcome.ok
    with pytest.raises(CaseLocked, match="déposé"):
        service.deposit(record.id, None)
    with pytest.raises(CaseLocked, match="déposé"):
        service.save_step(record, step, outcome, None, "justificatifs")
    # Even with a stale record that still says « brouillon », the storage refuses.
    stale = CaseRecord(**{**record.__dict__, "status": "brouillon"})
    with pytest.raises(CaseLocked, match="déposé"):
        service.save_step(stale, step, outcome, None, "justificatifs")
    with pytest.raises(CaseLocked, match="déposé"):
        service.repo.save_step(record.id, "motif_sejour", {}, "justificatifs")
    with pytest.raises(CaseLocked, match="déposé"):
        service.repo.set_current_step(record.id, "motif_sejour")
    with pytest.raises(CaseLocked, match="déposé"):
        service.abandon(record.id)
    pieces = service.pieces_dir(record.id)
    before = sorted(p.name for p in pieces.iterdir())
    scan = casebuilder.make_file(tmp_path / "late", "nouvelle_facture.pdf")
    with pytest.raises(CaseLocked, match="déposé"):
        service.attach(record.id, "justificatif_domicile", "Justificatif de domicile", 3,
                       scan, record.attachments)
    assert sorted(p.name for p in pieces.iterdir()) == before
    # Going to a step of a deposited case changes nothing either.
    service.go_to(record, "motif_sejour")
    assert service.get(record.id) == record


# -- the database refuses on its own ---------------------------------------------------

RAW_WRITES = [
    ("step_answers", "UPDATE step_answers SET data_json = '{}' WHERE case_id = :id"),
    ("step_answers", "DELETE FROM step_answers WHERE case_id = :id"),
    ("step_answers", "INSERT INTO step_answers (case_id, step_id, data_json, validated_at) "
                     "VALUES (:id, 'en_plus', '{}', '2022-04-26 10:00:00')"),
    ("attachments", "UPDATE attachments SET original_name = 'autre.pdf' WHERE case_id = :id"),
    ("attachments", "DELETE FROM attachments WHERE case_id = :id"),
    ("attachments", "INSERT INTO attachments (case_id, slot_id, position, original_name, "
                    "stored_name, sha256, size, kind, mime, added_at) VALUES (:id, 'x', 9, "
                    "'a.pdf', 'a.pdf', 'ab', 1, 'pdf', 'application/pdf', "
                    "'2022-04-26 10:00:00')"),
    ("applicants", "UPDATE applicants SET nom_naissance = 'Autre' WHERE case_id = :id"),
    ("applicants", "DELETE FROM applicants WHERE case_id = :id"),
    ("applicants", "INSERT INTO applicants (case_id, nom_naissance, prenoms, identity_json) "
                   "VALUES (:id, 'Autre', 'X', '{}')"),
    ("cases", "UPDATE cases SET status = 'brouillon' WHERE id = :id"),
    ("cases", "UPDATE cases SET numero_demande = NULL WHERE id = :id"),
    ("cases", "UPDATE cases SET observations = 'changé' WHERE id = :id"),
    ("cases", "DELETE FROM cases WHERE id = :id"),
]


def dump(path: Path, case_id: int) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} WHERE {key} = ? ORDER BY 1",
                                (case_id,)).fetchall()
            for table, key in (("cases", "id"), ("applicants", "case_id"),
                               ("step_answers", "case_id"), ("attachments", "case_id"))
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def deposited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, int]:
    tmp = tmp_path_factory.mktemp("deposited")
    settings = load_settings(data_dir=tmp / "data", environ={})
    service = CaseService(settings, CLOCK)
    try:
        record = casebuilder.build(service, casebuilder.bpi(), tmp / "scans")
    finally:
        service.close()
    return settings, record.id


@pytest.mark.parametrize(("table", "sql"), RAW_WRITES,
                         ids=[f"{t}:{s.split()[0]}:{i}" for i, (t, s) in enumerate(RAW_WRITES)])
def test_raw_sql_on_a_deposited_case_is_refused(deposited: tuple[Settings, int], table: str,
                                                sql: str) -> None:
    settings, case_id = deposited
    path = settings.data_dir / "anef.sqlite3"
    before = dump(path, case_id)
    assert before[table], table  # the rows exist: the refusal is not « nothing matched »
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="dossier déposé : modification interdite"):
            conn.execute(sql.replace(":id", str(case_id)))
    finally:
        conn.close()
    assert dump(path, case_id) == before


def test_raw_sql_through_the_repository_becomes_case_locked(
    deposited: tuple[Settings, int]
) -> None:
    settings, case_id = deposited
    service = CaseService(settings, CLOCK)
    try:
        with pytest.raises(CaseLocked, match="Ce dossier a été déposé"), \
                service.repo._tx() as session:
            session.execute(text("UPDATE step_answers SET data_json = '{}' "
                                 "WHERE case_id = :id"), {"id": case_id})
    finally:
        service.close()


def test_a_draft_next_to_a_deposited_case_stays_editable(
    deposited: tuple[Settings, int], tmp_path: Path
) -> None:
    settings, _ = deposited
    service = CaseService(settings, CLOCK)
    try:
        record = casebuilder.build(service, casebuilder.etranger_malade(), tmp_path,
                                   deposit=False)
        service.repo.save_step(record.id, "motif_sejour",
                               {"situation_familiale": "divorce", "enfants_a_charge": False},
                               "justificatifs")
        assert service.get(record.id).answers["motif_sejour"]["situation_familiale"] == "divorce"
    finally:
        service.close()


def test_deposit_refused_while_a_step_is_not_validated(service: CaseService) -> None:
    from anef_tui.service import DepositRefused

    proc = service.procedure("bpi_renouvellement")
    profile = {p.id: p.options[0].value for p in proc.profile}
    case_id = service.create_case(proc.id, profile, {"nom_naissance": "Doe"}, "7503136189")
    with pytest.raises(DepositRefused, match="Informations personnelles"):
        service.deposit(case_id, None)
    record = service.get(case_id)
    assert record.status == "brouillon" and record.numero_demande is None


def test_raw_sql_on_a_deposited_case_is_refused_by_postgresql(
    pg_url: str, tmp_path: Path
) -> None:
    """The PostgreSQL triggers: every write of RAW_WRITES, straight through psycopg."""
    import psycopg
    from sqlalchemy import make_url

    settings = load_settings(data_dir=tmp_path / "data", database_url=pg_url, environ={})
    service = CaseService(settings)
    try:
        case_id = casebuilder.build(service, casebuilder.bpi(), tmp_path / "scans").id
    finally:
        service.close()
    url = make_url(pg_url)
    dsn = f"host={url.query['host']} user={url.username} dbname={url.database}"

    def snapshot(conn: psycopg.Connection[Any]) -> dict[str, Any]:
        return {table: conn.execute(f"SELECT * FROM {table} WHERE {key} = %s ORDER BY 1",
                                    (case_id,)).fetchall()
                for table, key in (("cases", "id"), ("applicants", "case_id"),
                                   ("step_answers", "case_id"), ("attachments", "case_id"))}

    with psycopg.connect(dsn, autocommit=True) as conn:
        before = snapshot(conn)
        assert all(before.values())
        for table, sql in RAW_WRITES:
            with pytest.raises(psycopg.errors.RaiseException,
                               match="dossier déposé : modification interdite"):
                conn.execute(sql.replace(":id", str(case_id)))  # type: ignore[arg-type]
            assert snapshot(conn) == before, (table, sql)
