"""Printed documents of real cases: built through CaseService for each téléprocédure,
deposited, then read back from the PDFs (text with pypdf, 2D code with zbarimg)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import casebuilder
import pytest
from counter_day import CLOCK, TODAY
from pypdf import PdfReader

from anef_tui.answers import display_value
from anef_tui.catalog.loader import iter_fields, load_catalog
from anef_tui.config import load_settings
from anef_tui.documents import code2d
from anef_tui.documents.confirmation import mention_text
from anef_tui.documents.model import DocumentKind, PieceRequirement
from anef_tui.documents.texts import confirmation_wording
from anef_tui.official_documents import (
    case_summary_data,
    confirmation_data,
    piece_list_data,
    write_piece_list,
)
from anef_tui.service import CaseService
from anef_tui.storage.repository import CaseRecord

NAMES = ("NGUYỄN", "ŁUKASZ ĞÜLER")  # printed upper case on the confirmations
APPLICANT = "Nguyễn Łukasz Ğüler"  # as typed, on the piece list of a case

# Short names for the tables below: obligatoire, selon la situation, facultatif.
REQ, C, F = (PieceRequirement.REQUIRED, PieceRequirement.CONDITIONAL,
             PieceRequirement.OPTIONAL)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


class Cases:
    def __init__(self, service: CaseService, records: dict[str, CaseRecord]) -> None:
        self.service = service
        self.records = records

    def confirmation_pdf(self, procedure_id: str) -> Path:
        record = self.records[procedure_id]
        detail = [e.detail for e in self.service.repo.events(record.id)
                  if e.kind == "confirmation_pdf"]
        assert len(detail) == 1
        return Path(detail[0])


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cases]:
    tmp = tmp_path_factory.mktemp("official")
    service = CaseService(load_settings(data_dir=tmp / "data", site_prefix="5901",
                                        environ={}), CLOCK)
    records = {pid: casebuilder.build(service, make(), tmp / "scans")
               for pid, make in casebuilder.DEMO_SPECS.items()}
    yield Cases(service, records)
    service.close()


# -- confirmations ----------------------------------------------------------------------

CONFIRMATIONS = [
    ("bpi_renouvellement", DocumentKind.PROLONGATION_INSTRUCTION,
     "ATTESTATION DE PROLONGATION D'INSTRUCTION D'UNE DEMANDE DE TITRE DE SÉJOUR",
     "A OBTENU LE BÉNÉFICE DE LA PROTECTION SUBSIDIAIRE", 6,
     "Identifiant (N° de l'étranger) : 7503136189"),
    ("ase_premiere_demande", DocumentKind.PREMIERE_DEMANDE,
     "CONFIRMATION DU DÉPÔT D'UNE PREMIÈRE DEMANDE DE TITRE DE SÉJOUR", None, None,
     "Identifiant (N° étranger) : 5903007192"),
    ("ordonnance_protection", DocumentKind.PRE_DEMANDE,
     "CONFIRMATION DU DÉPÔT D'UNE PRÉ-DEMANDE", None, None,
     # Usager inconnu: the label is printed with no value (guide 002).
     "Identifiant (N° étranger) : N° de la demande"),
    ("conjoint_rf_renouvellement", DocumentKind.RENOUVELLEMENT,
     "CONFIRMATION DU DÉPÔT D'UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE SÉJOUR", None, None,
     "Identifiant (N° étranger) : 5903007229"),
    ("etranger_malade_renouvellement", DocumentKind.RENOUVELLEMENT,
     "CONFIRMATION DU DÉPÔT D'UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE SÉJOUR", None, None,
     "Identifiant (N° étranger) : 5903007230"),
]


def test_every_procedure_is_covered() -> None:
    assert {row[0] for row in CONFIRMATIONS} == set(load_catalog()) == set(
        casebuilder.DEMO_SPECS)


@pytest.mark.parametrize(
    ("procedure_id", "kind", "title", "mention", "months", "identifiant"), CONFIRMATIONS,
    ids=[row[0] for row in CONFIRMATIONS],
)
def test_confirmation_of_each_procedure(cases: Cases, procedure_id: str, kind: DocumentKind,
                                        title: str, mention: str | None, months: int | None,
                                        identifiant: str) -> None:
    record = cases.records[procedure_id]
    data = confirmation_data(cases.service.state(record), record)
    assert data.kind is kind
    assert (mention_text(data, confirmation_wording(kind)) if data.mention else None) == mention
    assert data.validite_mois == months
    assert data.references.numero_demande == record.numero_demande
    assert data.references.date_depot == TODAY
    if kind is DocumentKind.PRE_DEMANDE:
        assert data.references.numero_etranger is None
    else:
        assert data.references.numero_etranger == record.numero_etranger

    words = pdf_text(cases.confirmation_pdf(procedure_id))
    assert title in words
    assert f"N° de la demande : {record.numero_demande}" in words
    assert identifiant in words
    for name in NAMES:
        assert name in words
    if mention:
        assert mention in words
    if kind is DocumentKind.PRE_DEMANDE:
        # No N° étranger anywhere, the typed nationalities agree with « Sexe : F ».
        for other in ("7503136189", "5903007192"):
            assert other not in words
        assert "Nationalité : SÉNÉGALAISE, FRANÇAISE" in words
        assert "Né(e) le : 1996" in words


@pytest.mark.parametrize("procedure_id", [row[0] for row in CONFIRMATIONS])
def test_confirmation_2d_code_decodes_to_the_payload(cases: Cases, procedure_id: str,
                                                     tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None:
        pytest.skip("poppler-utils (pdftoppm) and zbar-tools (zbarimg) are needed")
    record = cases.records[procedure_id]
    pdf = cases.confirmation_pdf(procedure_id)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    result = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "page.png")],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    decoded = result.stdout.strip()
    data = confirmation_data(cases.service.state(record), record)
    assert decoded == code2d.build_payload(data)
    fields = code2d.parse_payload(decoded)
    assert (fields.nom, fields.prenoms) == ("NGUYEN", "LUKASZ GULER")
    assert fields.numero_demande == record.numero_demande
    assert fields.numero_etranger == (record.numero_etranger or "")
    assert fields.date_depot == TODAY


# -- piece lists ------------------------------------------------------------------------

# The items of each guide's ANNEXE « Liste des pièces justificatives », in order, as the
# annex words them (the list printed in advance).
DOMICILE = ["Justificatif de domicile datant de moins de 6 mois :", "Si hébergement à l'hôtel :",
            "Si hébergement chez un particulier :"]
PHOTO = "Photographie d'identité récente - Numéro EPhoto"
NATIONALITE = "Justificatif de nationalité"
IN_ADVANCE = {
    "bpi_renouvellement": [PHOTO, "Si vous êtes un mineur émancipé", *DOMICILE],
    "ase_premiere_demande": [
        NATIONALITE, PHOTO, *DOMICILE,
        "Décision de placement par l'autorité judiciaire au service de l'Aide Sociale à "
        "l'Enfance (ASE)", "Justificatifs d'activité professionnelle",
        "Nature des liens avec la famille restée dans le pays d'origine",
        "Insertion dans la société française"],
    "ordonnance_protection": [
        NATIONALITE, PHOTO, "Justificatif d'identité", "Justificatif de représentation légale",
        "Justificatif d'émancipation", *DOMICILE, "Ordonnance de protection",
        "Jugement portant condamnation (facultatif)"],
    "conjoint_rf_renouvellement": [
        NATIONALITE, PHOTO, "Justificatif d'entrée régulière", *DOMICILE,
        "Justificatif de communauté de vie", "Justificatif de mariage"],
    "etranger_malade_renouvellement": [
        PHOTO, NATIONALITE, "Justificatif d'identité", "Justificatif d'entrée régulière",
        *DOMICILE, "Justificatif de résidence habituelle"],
}

# For the demo case of each procedure (adult BPI, ASE CAS 1, adult ordonnance, RF, malade
# with a titre): only what applies.
FOR_THE_CASE = {
    "bpi_renouvellement": [PHOTO, *DOMICILE],
    "ase_premiere_demande": IN_ADVANCE["ase_premiere_demande"],
    "ordonnance_protection": [
        NATIONALITE, PHOTO, "Justificatif d'identité", *DOMICILE, "Ordonnance de protection",
        "Jugement portant condamnation (facultatif)"],
    "conjoint_rf_renouvellement": IN_ADVANCE["conjoint_rf_renouvellement"],
    # The annex's « n° étranger sans titre » items are not this renewal's.
    "etranger_malade_renouvellement": [PHOTO, NATIONALITE, *DOMICILE,
                                       "Justificatif de résidence habituelle"],
}


def items(data: Any) -> list[str]:
    return [i.label for sec in data.sections for i in sec.items]


@pytest.mark.parametrize("procedure_id", list(IN_ADVANCE))
def test_piece_list_printed_in_advance(cases: Cases, procedure_id: str,
                                       tmp_path: Path) -> None:
    procedure = load_catalog()[procedure_id]
    data = piece_list_data(procedure)
    assert data.applicant is None
    assert items(data) == IN_ADVANCE[procedure_id]
    # The annexes print no requirement note.
    assert {i.requirement for sec in data.sections for i in sec.items} == {None}
    words = pdf_text(write_piece_list(procedure, tmp_path))
    assert procedure.piece_list_title in words
    for label in IN_ADVANCE[procedure_id]:
        assert label in words
    for note in ("Obligatoire", "Selon votre situation", "Facultatif"):
        assert note not in words
    # Blank of any case data.
    assert "Demandeur" not in words
    for name in ("Nguyễn", "Łukasz", "NGUYỄN"):
        assert name not in words


@pytest.mark.parametrize("procedure_id", list(FOR_THE_CASE))
def test_piece_list_of_a_case(cases: Cases, procedure_id: str, tmp_path: Path) -> None:
    record = cases.records[procedure_id]
    state = cases.service.state(record)
    data = piece_list_data(state.procedure, state)
    assert data.applicant == APPLICANT
    expected = FOR_THE_CASE[procedure_id]
    assert items(data) == expected
    path = write_piece_list(state.procedure, tmp_path, state)
    words = pdf_text(path)
    assert f"Demandeur : {APPLICANT}" in words
    for label in set(IN_ADVANCE[procedure_id]) - set(expected):
        assert label not in words, label


def slot_labels(procedure_id: str) -> dict[str, str]:
    procedure = load_catalog()[procedure_id]
    return {d.id: d.label for s in procedure.steps for sec in s.sections for d in sec.documents}


# -- case summary -----------------------------------------------------------------------


def expected_rows(cases: Cases, record: CaseRecord) -> list[tuple[str, str]]:
    """(label, shown value) of every answer of the case, groups' elements included."""
    procedure = load_catalog()[record.procedure_id]
    fields = {f.id: f for _, f in iter_fields(procedure)}
    flat = cases.service.state(record).flat_answers()
    rows = []
    answered = {k for values in record.answers.values() for k in values} | set(record.identity)
    for key in sorted(answered - {"attestations"}):
        value = flat[key]
        if value in (None, "", []):
            continue
        f = fields[key]
        if f.type == "checkbox" and not value:
            continue  # an unticked box is not summed up
        rows.append((f.recap_label or f.label, display_value(f, value)))
        if f.type == "group":
            for item in value:
                for sub in f.fields:
                    if sub.id in item:
                        rows.append((sub.label, display_value(sub, item[sub.id])))
    return rows


@pytest.mark.parametrize("procedure_id", list(casebuilder.DEMO_SPECS))
def test_case_summary_lists_every_answer_and_file(cases: Cases, procedure_id: str) -> None:
    service = cases.service
    record = cases.records[procedure_id]
    data = case_summary_data(service.state(record), record)
    assert data.references is not None
    assert data.references.numero_demande == record.numero_demande
    shown = {(r.label.strip(), r.value) for sec in data.sections for r in sec.rows}
    for row in expected_rows(cases, record):
        assert row in shown, row
    ticked = [text for _, text in shown if text.startswith("[x] ")]
    attested = [a for values in record.answers.values()
                for a in values.get("attestations", {})]
    assert len(ticked) == len(attested) >= 2
    assert not [text for _, text in shown if text.startswith("[ ] ")]

    spec_files = sorted(n for names in casebuilder.DEMO_SPECS[procedure_id]().files.values()
                        for n in names)
    assert sorted(f.file_name for f in data.files) == spec_files
    labels = slot_labels(procedure_id)
    for f, a in zip(data.files, record.attachments, strict=True):
        assert f.document_label == labels[a.slot_id]
        assert f.file_name == a.original_name and f.size_bytes == a.size
        if f.file_name.endswith(".pdf"):
            assert (f.file_type, f.pages, f.pixels) == ("PDF", 2, None)
        else:
            assert (f.file_type, f.pages, f.pixels) == ("JPEG", None, (120, 160))

    words = pdf_text(service.write_case_summary(record))
    assert "RÉCAPITULATIF DU DOSSIER" in words
    assert f"N° de la demande : {record.numero_demande}" in words
    for f in data.files:
        assert f"Fichier : {f.file_name} · Type : {f.file_type}" in words
        assert ("Pages / dimensions : 2 p." if f.file_type == "PDF" else
                "Pages / dimensions : 120 × 160 px") in words
    # Each slot's files under its own heading: the label, then its first file.
    first: dict[str, str] = {}
    for f in data.files:
        first.setdefault(f.document_label, f.file_name)
    for label, name in first.items():
        assert f"{' '.join(label.split())} – Fichier : {name}" in words
    # No row with an empty label: the step's sentences are printed whole, never after an
    # empty « : » (the old rendering gave « : Je demande un titre de séjour … »).
    sentences = [r.value for sec in data.sections for r in sec.rows
                 if not r.label.strip() and not r.value.startswith("[")]
    assert sentences
    for sentence in sentences:
        assert f": {' '.join(sentence.split())}" not in words, sentence
    for label, value in expected_rows(cases, record):
        assert " ".join(value.split()) in words, (label, value)
    observations = casebuilder.DEMO_SPECS[procedure_id]().observations
    assert (observations or "Aucune observation.") in words
