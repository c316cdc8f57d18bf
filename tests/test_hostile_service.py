"""Hostile input through the service, on real SQLite: refused in French, nothing written.

For every refused file of the corpus, and for text that lies, the proof is the same:
every row of the database and every file of the data folder is as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import casebuilder
import pytest
from filefactory import write
from hostile_files import CORPUS

from anef_tui.attachments import IngestError
from anef_tui.config import Settings
from anef_tui.service import CaseService, DepositRefused


def database_rows(settings: Settings) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(settings.data_dir / "anef.sqlite3")
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        conn.close()


def data_files(settings: Settings) -> list[str]:
    return sorted(str(p.relative_to(settings.data_dir)) for p in settings.files_dir.rglob("*"))


def test_every_refused_file_of_the_corpus_writes_nothing(
    service: CaseService, settings: Settings, tmp_path: Path
) -> None:
    spec = casebuilder.bpi()
    case_id = casebuilder.create(service, spec)
    before_rows, before_files = database_rows(settings), data_files(settings)
    refused = [case for case in CORPUS if case.reason]
    for case in refused:
        source = write(tmp_path / "scans" / case.name, case.make())
        with pytest.raises(IngestError) as caught:
            service.attach(case_id, "justificatif_domicile", "Justificatif de domicile", 3,
                           source, [])
        assert caught.value.reason == case.reason, case.name
        assert case.excerpt in str(caught.value), case.name
        assert database_rows(settings) == before_rows, case.name
        # The case folder may now exist (created private, empty); never a file in it.
        assert [f for f in data_files(settings) if "." in Path(f).name] == [
            f for f in before_files if "." in Path(f).name], case.name


@pytest.mark.parametrize(
    ("field", "value", "excerpt"),
    [
        ("adresse", "20 rue \u202eelanoitaN", "marque invisible de sens d'écriture (U+202E)"),
        ("ville", "Li\u200blle", "(U+200B, espace sans largeur)"),
        ("complement_adresse", "Bât. C 🙂", "« 🙂 » (U+1F642) ne peut pas être imprimé"),
    ],
)
def test_text_that_lies_is_refused_and_not_saved(
    service: CaseService, settings: Settings, field: str, value: str, excerpt: str
) -> None:
    spec = casebuilder.bpi()
    case_id = casebuilder.create(service, spec)
    record = service.get(case_id)
    before = database_rows(settings)
    step = service.state(record).step("informations_personnelles")
    raw = {**spec.steps["informations_personnelles"], field: value}
    outcome, _ = service.check_step(record, step, raw, {}, [])
    messages = {e.key: e.message for e in outcome.errors}
    assert excerpt in messages[field]
    assert database_rows(settings) == before


def test_an_emoji_in_the_birth_place_is_named(service: CaseService) -> None:
    spec = casebuilder.bpi()
    procedure = service.procedure(spec.procedure_id)
    identity = {**spec.identity, "lieu_naissance": "Kaboul 🇦🇫"}
    _, _, errors = service.validate_identity(procedure, spec.profile, identity,
                                             spec.numero_etranger)
    assert [e.message for e in errors if e.key == "lieu_naissance"] == [
        "Le caractère « 🇦 » (U+1F1E6) ne peut pas être imprimé sur les documents : "
        "retirez-le ou remplacez-le (par exemple par des lettres sans symbole)."]


def test_observations_that_lie_refuse_the_deposit(
    service: CaseService, settings: Settings, tmp_path: Path
) -> None:
    record = casebuilder.build(service, casebuilder.bpi(), tmp_path / "scans", deposit=False)
    before_rows, before_files = database_rows(settings), data_files(settings)
    with pytest.raises(DepositRefused) as caught:
        service.deposit(record.id, "Prénom \u202eéxuL")
    assert "Observations : " in str(caught.value) and "U+202E" in str(caught.value)
    assert database_rows(settings) == before_rows
    assert data_files(settings) == before_files


def test_a_case_folder_that_cannot_be_made_is_said_where_the_agent_attaches(
    service: CaseService, settings: Settings, tmp_path: Path
) -> None:
    case_id = casebuilder.create(service, casebuilder.bpi())
    # Something not a folder sits where the case's folder goes (a restore gone wrong).
    settings.case_dir(case_id).write_bytes(b"")
    source = write(tmp_path / "scans" / "scan.pdf", CORPUS[0].make())
    with pytest.raises(IngestError) as caught:
        service.attach(case_id, "justificatif_domicile", "Justificatif de domicile", 3,
                       source, [])
    assert caught.value.reason == "store_failed"
    assert "un élément du chemin n'est pas un dossier" in str(caught.value)
