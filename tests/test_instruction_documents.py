"""The documents of the instruction, rendered from real cases: their text checked."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import casebuilder
from pypdf import PdfReader

from anef_tui.config import Settings
from anef_tui.service import CaseService, Reason, RequestedPiece

DEPOSIT = datetime(2023, 10, 4, 9, 12).astimezone()


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11).astimezone()


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_decision_favorable_attestation(service: CaseService, tmp_path: Path) -> None:
    record = casebuilder.build(service, casebuilder.etranger_malade(), tmp_path / "scans",
                               when=DEPOSIT)
    instruction = service.instruction
    decision = instruction.decision("carte_sejour_temporaire", "Vie privée et familiale",
                                    date(2024, 1, 30), 6, 225)
    n = instruction.decide_favorable(record.id, decision, now=at(date(2023, 11, 14)))
    letter, attestation = instruction.documents(n.id)
    text = pdf_text(attestation)
    assert attestation.name.startswith("ATTESTATION_DECISION_FAVORABLE_")
    assert "ATTESTATION DE DÉCISION FAVORABLE" in text
    # Guide 004's attestation: the ministry as the guide prints it, as on the confirmation.
    assert "MINISTÈRE DE L'INTÉRIEUR ET DES OUTRE-MER" in text
    assert "SUR UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE SÉJOUR" in text
    assert f"N° de la demande : {record.numero_demande}" in text
    assert "Identifiant (N° étranger) : 5903007230" in text
    assert "DATE D'ÉMISSION : 14/11/2023" in text
    assert "Le 14/11/2023, une décision favorable a été prise" in text
    assert ("Une carte de séjour temporaire, valable du 30/01/2024 au 29/07/2024 portant la "
            "mention Vie privée et familiale va vous être délivré(e).") in text
    assert "Ce document autorise le franchissement des frontières de l'espace Schengen." in text
    assert "acquitter de 225 € correspondant" in text
    assert "NGUYỄN" in text
    letter_text = pdf_text(letter)
    assert "Notification de décision" in letter_text
    assert f"titre de séjour n° {record.numero_demande} a été acceptée" in letter_text


def test_prolongation_attestation_dates_computed(service: CaseService, tmp_path: Path) -> None:
    record = casebuilder.build(service, casebuilder.conjoint_rf(), tmp_path / "scans",
                               when=datetime(2023, 5, 15, 9).astimezone())
    n = service.instruction.prolong(record.id, now=at(date(2023, 5, 15)))
    text = pdf_text(service.instruction.documents(n.id)[1])
    assert "ATTESTATION DE PROLONGATION D'INSTRUCTION" in text
    assert "MINISTÈRE DE L'INTÉRIEUR ET DES OUTRE-MER" in text
    assert "D'UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE SÉJOUR" in text
    assert "Validité : du 15/05/2023 au 14/08/2023" in text
    assert ("La demande de titre de séjour que vous avez déposée le 15/05/2023 est toujours en "
            "cours d'instruction.") in text
    assert "autoriser votre présence en France entre le 15/05/2023 et le 14/08/2023" in text
    assert "Ce document autorise le franchissement des frontières de l'espace Schengen." in text


def test_demande_de_complement_letter(service: CaseService, tmp_path: Path) -> None:
    record = casebuilder.build(service, casebuilder.ase(age=17), tmp_path / "scans",
                               when=DEPOSIT)
    n = service.instruction.request_complement(record.id, [
        RequestedPiece("justificatif_nationalite", "", Reason.UNREADABLE,
                       "Veuillez fournir une copie lisible de votre passeport."),
        RequestedPiece("autre_1", "Attestation de scolarité", Reason.MISSING, "Manquante."),
    ], now=at(date(2023, 10, 10)))
    (path,) = service.instruction.documents(n.id)
    text = pdf_text(path)
    assert "Demande de complément" in text
    assert "Les documents mentionnés ci-dessous ne sont pas lisibles :" in text
    assert "Les documents mentionnés ci-dessous sont manquants :" in text
    assert "Justificatif de nationalité :" in text and "Attestation de scolarité :" in text
    assert "dans un délai de 30 jours après avoir pris connaissance de ce message" in text
    assert "L'agent Instructeur" in text


def test_certificat_medical_block_1_only(service: CaseService, settings: Settings,
                                        tmp_path: Path) -> None:
    record = casebuilder.build(service, casebuilder.etranger_malade(), tmp_path / "scans",
                               when=DEPOSIT)
    n = service.instruction.provide_certificat(record.id, now=at(date(2023, 10, 31)))
    paths = service.instruction.documents(n.id)
    names = [p.name.split("_0")[0] for p in paths]
    assert names == ["NOTIFICATION_CERTIFICAT_MEDICAL", "NOTICE_EXPLICATIVE_CERTIFICAT_MEDICAL",
                     "DEMANDE_COMMUNICATION_INFORMATIONS_MEDICALES",
                     "CERTIFICAT_MEDICAL_CONFIDENTIEL"]
    certificat = pdf_text(paths[3])
    assert "CERTIFICAT MEDICAL CONFIDENTIEL" in certificat
    assert "IDENTIFIANT : 5903007230" in certificat
    block1 = certificat.split("1er bloc rempli par l'administration")[1].split("2ème bloc")[0]
    assert "Nom : NGUYỄN" in block1 and "Prénoms : ŁUKASZ ĞÜLER" in block1
    assert "Né(e) le : 03/10/2000" in block1 and "MEXICO, MEXIQUE" in block1
    assert "Tél : 06 12 34 56 78" in block1 or "Tél : 0612345678" in block1
    # The patient's and the doctor's blocks stay blank.
    assert "Date : __________ Signature du patient" in certificat
    assert "Poids : __________ Taille : __________" in certificat
    notice = pdf_text(paths[1])
    assert "Aucune information médicale et aucun certificat médical ne doivent être donnés à la " \
           "préfecture." in notice
    assert "Demande de communication d'informations médicales" in pdf_text(paths[2])
    letter = pdf_text(paths[0])
    assert "Mise à disposition de votre formulaire vierge de certificat médical" in letter
    assert "Votre demande a été enregistrée le 04/10/2023." in letter
    # Nothing medical in the database: the notification stores no content of its own.
    conn = sqlite3.connect(settings.data_dir / "anef.sqlite3")
    try:
        dump = "\n".join(conn.iterdump()).lower()
    finally:
        conn.close()
    for word in ("pathologie", "diagnostic", "traitement", "médecin", "maladie"):
        assert word not in dump


def test_documents_are_written_again_when_missing(service: CaseService, tmp_path: Path) -> None:
    record = casebuilder.build(service, casebuilder.conjoint_rf(), tmp_path / "scans",
                               when=DEPOSIT)
    n = service.instruction.prolong(record.id, now=at(date(2023, 11, 8)))
    first = service.instruction.documents(n.id)
    first[1].unlink()
    again = service.instruction.documents(n.id)
    assert again == first and again[1].is_file()
    assert oct(again[1].stat().st_mode & 0o777) == "0o600"
