#!/usr/bin/env python3
"""Render every kind of printed document into ./renders/ (git-ignored).

Default mode: for each téléprocédure, a demo case is built through CaseService in a
temporary data folder (answers typed as at the counter, a generated PDF and JPEG
attached — see tests/casebuilder.py), deposited, and its documents are rendered: the
confirmation of its kind, the case summary, the piece list printed in advance and the
piece list of the case. --hand-made renders the hand-made document data below instead
(long names and addresses, every confirmation kind), to check layouts at their limits.

Writes the PDFs and, when poppler's pdftoppm is installed, one PNG per page so a reviewer
can compare the layout with the guides' annexes without a PDF viewer.

    .venv/bin/python scripts/render_samples.py [--hand-made] [output_dir]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from anef_tui.documents.case_summary import render_case_summary
from anef_tui.documents.confirmation import render_confirmation
from anef_tui.documents.model import (
    AttachedFile,
    CaseSummaryData,
    ConfirmationData,
    DocumentKind,
    Identity,
    PieceItem,
    PieceListData,
    PieceRequirement,
    PieceSection,
    ProtectionMention,
    References,
    SummarySection,
)
from anef_tui.documents.piece_list import render_piece_list

if TYPE_CHECKING:
    from anef_tui.service import CaseService

LONG_ADDRESS = (
    "Résidence « Les Jardins de la Citadelle », bâtiment C, escalier 4, appartement 1207, "
    "127 boulevard du Maréchal-de-Lattre-de-Tassigny",
    "59000 LILLE",
    "FRANCE",
)


def demo_identity() -> Identity:
    return Identity(
        nom_naissance="Nguyễn-Øverby de la Łęczycka-Güler",
        nom_usage="Straße",
        prenoms=("Łukasz", "Ğüler", "Thị Ễ"),
        sexe="Masculin",
        date_naissance="05/04/2006",
        lieu_naissance="Kaboul",
        pays_naissance="Afghanistan",
        nationalites=("afghane",),
        adresse=LONG_ADDRESS,
    )


def demo_confirmations() -> list[ConfirmationData]:
    ident = demo_identity()
    return [
        ConfirmationData(
            DocumentKind.PROLONGATION_INSTRUCTION,
            ident,
            References("5901202204260000120", date(2022, 4, 26), "7503136189"),
            mention=ProtectionMention.PROTECTION_SUBSIDIAIRE,
            validite_mois=6,
        ),
        ConfirmationData(
            DocumentKind.PREMIERE_DEMANDE,
            ident,
            References("5901202308160000184", date(2023, 8, 16), "5903007192"),
        ),
        ConfirmationData(
            DocumentKind.PRE_DEMANDE,
            Identity(
                nom_naissance="Étranger",
                prenoms=("Boppre",),
                sexe="Féminin",
                date_naissance="1996",
                lieu_naissance="Dakar",
                pays_naissance="Sénégal",
                nationalites=("sénégalaise",),
                adresse=("20 rue Nationale", "59000 Lille", "France"),
            ),
            References("5901202309140000209", date(2023, 9, 14)),
        ),
        ConfirmationData(
            DocumentKind.RENOUVELLEMENT,
            Identity(
                nom_naissance="Guide",
                prenoms=("Malade",),
                sexe="Masculin",
                date_naissance="03/10/2000",
                lieu_naissance="Mexico",
                pays_naissance="Mexique",
                nationalites=("mexicaine",),
                adresse=("20 rue Nationale", "59000 Lille", "France"),
            ),
            References("5901202310040000310", date(2023, 10, 4), "5903007229"),
        ),
    ]


def demo_piece_list(applicant: str | None) -> PieceListData:
    domicile_help = (
        "Veuillez joindre un des justificatifs de domicile suivant :",
        "- Facture d'électricité, gaz, eau, internet, fixe ou mobile ;",
        "- ou copie du bail de location ;",
        "- ou copie d'une quittance de loyer ou de taxe d'habitation.",
    )
    return PieceListData(
        procedure_title=(
            "Demande de titre de séjour vie privée et familiale - "
            "étranger confié(e) à l'aide sociale à l'enfance (ASE)"
        ),
        applicant=applicant,
        sections=(
            PieceSection(
                "Informations personnelles",
                (
                    PieceItem(
                        "Justificatif de nationalité",
                        (
                            "Veuillez joindre un des justificatifs suivants :",
                            "- Passeport ;",
                            "- ou attestation consulaire ;",
                            "- ou carte d'identité ;",
                            "- ou carte consulaire.",
                        ),
                    ),
                    PieceItem(
                        "Photographie d'identité récente - Numéro EPhoto",
                        (
                            "Si vous disposez d'une photo et d'une signature numériques, "
                            "veuillez renseigner le numéro ephoto figurant sur votre planche "
                            "de photos d'identité.",
                        ),
                    ),
                    PieceItem(
                        "Justificatif d'émancipation",
                        (
                            "Veuillez joindre un des justificatifs suivants :",
                            "- Décision du juge des tutelles",
                            "- Un acte de mariage",
                        ),
                        PieceRequirement.CONDITIONAL,
                        "SI VOUS ÊTES MINEUR ET ÉMANCIPÉ (ENTRE 16 ET 18 ANS)",
                    ),
                ),
            ),
            PieceSection(
                "Domicile",
                (
                    PieceItem(
                        "Justificatif de domicile datant de moins de 6 mois :", domicile_help
                    ),
                    PieceItem(
                        "Si hébergement à l'hôtel :",
                        (
                            "Veuillez joindre les justificatifs de domicile suivants :",
                            "- Une attestation de l'hôtelier ;",
                            "- Une copie de la facture du dernier mois.",
                        ),
                        PieceRequirement.CONDITIONAL,
                    ),
                ),
            ),
            PieceSection(
                "Motif de séjour",
                (
                    PieceItem(
                        "Décision de placement par l'autorité judiciaire au service de l'Aide "
                        "Sociale à l'Enfance (ASE)",
                        (
                            "Justifiant que l'enfant est confié au service de l'aide sociale à "
                            "l'enfance.",
                        ),
                    ),
                    PieceItem(
                        "Jugement portant condamnation (facultatif)",
                        (),
                        PieceRequirement.OPTIONAL,
                    ),
                ),
            ),
        ),
    )


def demo_case_summary() -> CaseSummaryData:
    return CaseSummaryData(
        procedure_title="Demande ou renouvellement d'un titre de séjour – BPI",
        identity=demo_identity(),
        references=References("5901202204260000120", date(2022, 4, 26), "7503136189"),
        generated_on=date(2022, 4, 26),
        sections=(
            SummarySection(
                "MES INFORMATIONS PERSONNELLES",
                (
                    ("Etes-vous marié, pacsé ou en concubinage ?", "Non"),
                    ("Avez-vous des enfants en France ?", "Oui"),
                    ("Téléphone", "06 12 34 56 78"),
                    ("Adresse électronique", "lukasz.guler@example.org"),
                ),
            ),
            SummarySection(
                "MON MOTIF DE SÉJOUR",
                (
                    (
                        "Motif",
                        "Je demande un titre de séjour en tant que bénéficiaire de la "
                        "protection subsidiaire",
                    ),
                    (
                        "Attestation",
                        "Bénéficier de la protection subsidiaire et ne pas être marié. — Oui",
                    ),
                ),
            ),
        ),
        files=(
            AttachedFile(
                "Justificatif de nationalité",
                "passeport_page_identite.pdf",
                "PDF",
                1_234_567,
                pages=2,
            ),
            AttachedFile(
                "Justificatif de domicile datant de moins de 6 mois",
                "facture-électricité-mars-2022-scan-guichet-numéro-3.jpg",
                "JPEG",
                845_000,
                pixels=(2480, 3508),
            ),
        ),
        observations=(
            "Le prénom figurant sur le passeport est « Łukasz » ; l'ancien titre portait "
            "« Lukasz » sans accent."
        ),
    )


def to_png(pdf: Path) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        return []
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(prefix)], check=True, timeout=60)
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))


def render_hand_made(out: Path) -> list[Path]:
    written: list[Path] = []
    for data in demo_confirmations():
        written.append(render_confirmation(data, out / f"confirmation_{data.kind.value}.pdf"))
    written.append(render_piece_list(demo_piece_list(None), out / "pieces_vierge.pdf"))
    written.append(
        render_piece_list(demo_piece_list("ŁUKASZ ĞÜLER NGUYỄN Ø"), out / "pieces_dossier.pdf")
    )
    written.append(render_case_summary(demo_case_summary(), out / "recapitulatif.pdf"))
    return written


def render_demo_cases(out: Path) -> list[Path]:
    """One deposited demo case per téléprocédure, through the same code as the app."""
    # The demo answers and files are the domain tests' (tests/casebuilder.py).
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import casebuilder
    from counter_day import CLOCK

    from anef_tui.config import load_settings
    from anef_tui.official_documents import write_piece_list
    from anef_tui.service import CaseService

    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="anef-demo-") as tmp:
        service = CaseService(load_settings(data_dir=Path(tmp) / "data", site_prefix="5901",
                                            environ={}), CLOCK)
        try:
            for procedure_id, make in casebuilder.DEMO_SPECS.items():
                folder = out / procedure_id
                folder.mkdir(parents=True, exist_ok=True)
                for old in folder.glob("*.p[dn][fg]"):
                    old.unlink()
                record = casebuilder.build(service, make(), Path(tmp) / "scans")
                state = service.state(record)
                confirmation = next(Path(e.detail) for e in service.repo.events(record.id)
                                    if e.kind == "confirmation_pdf")
                written.append(Path(shutil.copy2(confirmation, folder / confirmation.name)))
                summary = service.write_case_summary(record)
                written.append(Path(shutil.copy2(summary, folder / summary.name)))
                written.append(write_piece_list(state.procedure, folder))
                written.append(write_piece_list(state.procedure, folder, state))
                written += [Path(shutil.copy2(p, folder / p.name))
                            for p in instruction_documents(service, record.id,
                                                           Path(tmp) / "scans")]
        finally:
            service.close()
    return written


def instruction_documents(service: CaseService, case_id: int, scans: Path) -> list[Path]:
    """The instruction's documents a case of this téléprocédure can receive: a demande de
    complément (answered with a file), the certificat médical forms (étranger malade), a
    prolongation (renewals), then the décision favorable."""
    import casebuilder

    from anef_tui.service import UPDATE, PieceAnswer, Reason, RequestedPiece

    instruction = service.instruction
    record = service.get(case_id)
    rules = instruction.rules(record)
    first = instruction.requestable_pieces(record)[0]
    complement = instruction.request_complement(case_id, [
        RequestedPiece(first.key, first.label, Reason.INVALID, "Le document n'est pas valide"),
    ])
    sent = [complement]
    if rules.certificat_medical is not None:
        sent.append(instruction.provide_certificat(case_id))
    if rules.prolongation is not None:
        sent.append(instruction.prolong(case_id))
    instruction.open(complement.id)
    scan = casebuilder.make_file(scans / "complement", "document_valide.pdf")
    stored = instruction.attach(complement.id, first.key, scan, [])
    instruction.answer(complement.id, [PieceAnswer(first.key, UPDATE, files=(stored,))])
    decision = instruction.decision(rules.decision.titre, rules.decision.mention,
                                    date.today(), rules.decision.validity_months,
                                    rules.decision.tax_euros)
    sent.append(instruction.decide_favorable(case_id, decision))
    return [p for n in sent for p in instruction.documents(n.id)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("output_dir", nargs="?", default="renders")
    parser.add_argument("--hand-made", action="store_true",
                        help="render the hand-made document data instead of demo cases")
    args = parser.parse_args(argv[1:])
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = render_hand_made(out) if args.hand_made else render_demo_cases(out)
    for pdf in written:
        pngs = to_png(pdf)
        print(pdf, *(f"  {p.name}" for p in pngs), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
