"""`anef-tui db status | upgrade | copy --to URL`, run as a site's administrator would:
through the command line, on real SQLite files and a real PostgreSQL base."""

from __future__ import annotations

import contextlib
import hashlib
import io
import sqlite3
from datetime import date, datetime
from pathlib import Path

import casebuilder
import pytest
from filefactory import pdf_bytes, write
from test_storage import make_first_release

from anef_tui.cli import main
from anef_tui.config import load_settings
from anef_tui.service import KEEP, UPDATE, CaseService, PieceAnswer, Reason, RequestedPiece
from anef_tui.storage import migrate

HEAD = migrate.schema_number(migrate.head_revision())


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_status_counts_on_both_engines(engine_url: str, tmp_path: Path) -> None:
    service = CaseService(load_settings(data_dir=tmp_path / "data", database_url=engine_url,
                                        environ={}))
    try:
        casebuilder.build(service, casebuilder.bpi(), tmp_path / "scans")
        casebuilder.create(service, casebuilder.bpi())
    finally:
        service.close()
    code, out, _ = run("--data-dir", str(tmp_path / "data"), "--database-url", engine_url,
                       "db", "status")
    assert code == 0, out
    engine = "PostgreSQL" if engine_url.startswith("postgresql") else "SQLite"
    assert f"moteur        {engine}" in out
    assert f"schéma        {HEAD} (à jour)" in out
    assert "dossiers      2 (brouillon 1, déposé 1)" in out
    assert "pièces        2" in out


def test_status_leaves_an_older_base_alone_and_upgrade_brings_it_up(tmp_path: Path) -> None:
    path = tmp_path / "data" / "anef.sqlite3"
    path.parent.mkdir(parents=True)
    make_first_release(path)
    before = digest(path)
    code, out, _ = run("--data-dir", str(tmp_path / "data"), "db", "status")
    assert code == 0
    assert f"schéma        1 — cette version connaît le schéma {HEAD} : « anef-tui db upgrade »" \
        in out
    assert "dossiers      1 (brouillon 1)" in out
    assert digest(path) == before
    code, out, _ = run("--data-dir", str(tmp_path / "data"), "db", "upgrade")
    assert (code, out.strip()) == (0, f"Schéma 1 → {HEAD} : base mise à jour.")
    code, out, _ = run("--data-dir", str(tmp_path / "data"), "db", "upgrade")
    assert out.strip() == f"Schéma {HEAD} : la base est déjà à jour."


def test_status_of_a_newer_base_says_so(tmp_path: Path) -> None:
    path = tmp_path / "data" / "anef.sqlite3"
    CaseService(load_settings(data_dir=tmp_path / "data", environ={})).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    code, out, _ = run("--data-dir", str(tmp_path / "data"), "db", "status")
    assert code == 1
    assert "version plus récente d'anef-tui (schéma 99" in out
    code, _, err = run("--data-dir", str(tmp_path / "data"), "db", "upgrade")
    assert code == 1 and "Mettez anef-tui à jour." in err


def _site(tmp_path: Path) -> tuple[CaseService, dict[str, int]]:
    """A counter's SQLite site: deposited, draft, abandoned and instructed cases."""
    service = CaseService(load_settings(data_dir=tmp_path / "site", environ={}))
    when = datetime(2023, 8, 16, 14, 37).astimezone()
    ids = {
        "depose": casebuilder.build(service, casebuilder.bpi(), tmp_path / "scans",
                                    when=when).id,
        "brouillon": casebuilder.build(service, casebuilder.etranger_malade(),
                                       tmp_path / "scans", deposit=False).id,
        "abandonne": casebuilder.build(service, casebuilder.bpi(), tmp_path / "scans",
                                       deposit=False).id,
        "complement": casebuilder.build(service, casebuilder.ase(age=17), tmp_path / "scans",
                                        when=when).id,
    }
    service.abandon(ids["abandonne"])
    instruction = service.instruction
    nid = instruction.request_complement(ids["complement"], [
        RequestedPiece("justificatif_nationalite", "", Reason.UNREADABLE, "Illisible."),
        RequestedPiece("autre_1", "Attestation de scolarité", Reason.MISSING, "Manquant."),
    ], now=datetime(2023, 8, 20, 10).astimezone()).id
    instruction.open(nid, now=datetime(2023, 8, 21, 10).astimezone())
    scan = write(tmp_path / "scans" / "attestation_scolarite.pdf", pdf_bytes(pages=1))
    stored = instruction.attach(nid, "autre_1", scan, [], today=date(2023, 8, 22))
    instruction.answer(nid, [PieceAnswer("justificatif_nationalite", KEEP, reason="Lisible"),
                             PieceAnswer("autre_1", UPDATE, files=(stored,))],
                       now=datetime(2023, 8, 22, 10).astimezone())
    ids["notification"] = nid
    return service, ids


def test_copy_to_postgresql_is_verified_and_leaves_the_source(pg_url: str,
                                                             tmp_path: Path) -> None:
    source, ids = _site(tmp_path)
    records = {k: source.get(v) for k, v in ids.items() if k != "notification"}
    events = {k: source.repo.events(v) for k, v in ids.items() if k != "notification"}
    answer = source.instruction.answer_of(ids["notification"])
    source.close()
    db_file = tmp_path / "site" / "anef.sqlite3"
    before = digest(db_file)

    code, out, err = run("--data-dir", str(tmp_path / "site"), "db", "copy", "--to", pg_url)
    assert code == 0, err
    assert out.rstrip().endswith("La base « " + str(db_file) + " » n'a pas été modifiée.")
    assert "terminé" in out and "case_files (empreintes)" in out
    assert digest(db_file) == before

    # Another desk, on PostgreSQL only, sees the same site.
    desk = CaseService(load_settings(data_dir=tmp_path / "desk", database_url=pg_url,
                                     desk="Guichet 2", environ={}))
    try:
        for key, record in records.items():
            copied = desk.get(record.id)
            assert copied == record, key
            assert desk.repo.events(record.id) == events[key]
            for a in copied.attachments:
                original = (tmp_path / "site" / "dossiers" / f"{record.id:06d}" / "pieces"
                            / a.stored_name).read_bytes()
                assert desk.attachment_file(record.id, a).read_bytes() == original
        assert desk.instruction.answer_of(ids["notification"]) == answer
        assert answer is not None
        sent = desk.instruction.complement_file(ids["complement"], answer.files[0])
        assert sent.read_bytes() == (tmp_path / "scans" / "attestation_scolarite.pdf").read_bytes()
        # The site goes on: new cases get new ids, the day's numbers continue.
        fresh = casebuilder.build(desk, casebuilder.bpi(), tmp_path / "scans",
                                  when=datetime(2023, 8, 16, 16, 0).astimezone())
        assert fresh.id > max(r.id for r in records.values())
        numeros = sorted(r.numero_demande for r in records.values() if r.numero_demande)
        assert int(fresh.numero_demande[-7:]) == int(numeros[-1][-7:]) + 1  # type: ignore[index]
    finally:
        desk.close()

    # A second copy into the same base is refused: it is no longer new.
    code, _, err = run("--data-dir", str(tmp_path / "site"), "db", "copy", "--to", pg_url)
    assert code == 1 and "contient déjà des dossiers" in err


def test_copy_with_a_missing_file_copies_nothing(pg_url: str, tmp_path: Path) -> None:
    source, ids = _site(tmp_path)
    record = source.get(ids["depose"])
    source.close()
    (tmp_path / "site" / "dossiers" / f"{record.id:06d}" / "pieces"
     / record.attachments[0].stored_name).unlink()
    code, _, err = run("--data-dir", str(tmp_path / "site"), "db", "copy", "--to", pg_url)
    assert code == 1
    assert f"Dossier n° {record.id} : un fichier joint manque" in err
    assert "Rien n'a été copié." in err
    assert "Nguy" not in err and record.attachments[0].original_name not in err
    code, out, _ = run("--database-url", pg_url, "--data-dir", str(tmp_path / "x"),
                       "db", "status")
    assert "dossiers      0" in out


@pytest.mark.parametrize("url", ["sqlite:///ailleurs.sqlite3"])
def test_copy_refuses_a_sqlite_target(url: str, tmp_path: Path) -> None:
    CaseService(load_settings(data_dir=tmp_path / "site", environ={})).close()
    code, _, err = run("--data-dir", str(tmp_path / "site"), "db", "copy", "--to", url)
    assert code == 1 and "doit être une base PostgreSQL" in err
