"""« Liste des pièces justificatives » and « Récapitulatif du dossier » PDFs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from anef_tui.documents.case_summary import render_case_summary
from anef_tui.documents.model import (
    AttachedFile,
    CaseSummaryData,
    Identity,
    PieceItem,
    PieceListData,
    PieceRequirement,
    PieceSection,
    References,
    SummarySection,
)
from anef_tui.documents.piece_list import render_piece_list

NAME = "ŁUKASZ ĞÜLER NGUYỄN Ø"
# Word for word from the guides' ANNEXE 1 (same in the five guides).
INTRO_1 = (
    "Vous devez fournir sous forme numérique tous les documents justificatifs demandés en "
    "vous assurant de leur lisibilité, ainsi que leur traduction lorsque ceux-ci sont rédigés "
    "en langue étrangère. Vous pouvez consulter la liste des traducteurs agréés en suivant ce "
    "lien : https://www.service-public.fr/particuliers/vosdroits/F12956"
)
INTRO_2 = (
    "Vous devez respecter les formats suivants : .jpg, .pdf, .png, .bmp, .tiff et ne pas "
    "dépasser 10Mo par fichier."
)


def pdf_text(path: Path) -> tuple[str, int]:
    reader = PdfReader(path)
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(raw.split()), len(reader.pages)


def sections(repeat: int = 1) -> tuple[PieceSection, ...]:
    nationalite = PieceItem(
        "Justificatif de nationalité",
        (
            "Veuillez joindre un des justificatifs suivants :",
            "- Passeport ;",
            "- ou attestation consulaire ;",
        ),
    )
    emancipation = PieceItem(
        "Justificatif d'émancipation",
        ("Veuillez joindre un des justificatifs suivants :", "- Décision du juge des tutelles"),
        PieceRequirement.CONDITIONAL,
        "SI VOUS ÊTES MINEUR ET ÉMANCIPÉ (ENTRE 16 ET 18 ANS)",
    )
    condamnation = PieceItem(
        "Jugement portant condamnation (facultatif)", (), PieceRequirement.OPTIONAL
    )
    return tuple(
        PieceSection(f"Informations personnelles {i}", (nationalite, emancipation, condamnation))
        for i in range(repeat)
    )


def piece_list(applicant: str | None, repeat: int = 1) -> PieceListData:
    return PieceListData(
        procedure_title="Demande de titre de séjour bénéficiaire de la protection internationale",
        sections=sections(repeat),
        applicant=applicant,
    )


def test_blank_piece_list_has_the_guide_intro_and_no_case_data(tmp_path: Path) -> None:
    path = render_piece_list(piece_list(None), tmp_path / "pieces.pdf")
    text, pages = pdf_text(path)
    assert pages == 1
    assert (
        "DEMANDE DE TITRE DE SÉJOUR BÉNÉFICIAIRE DE LA PROTECTION INTERNATIONALE "
        "Liste des documents justificatifs à fournir"
    ) in text
    assert INTRO_1 in text and INTRO_2 in text
    assert "INFORMATIONS PERSONNELLES 0" in text
    assert "Justificatif de nationalité Obligatoire" in text
    assert "Veuillez joindre un des justificatifs suivants : • Passeport ; • ou attestation" in text
    assert (
        "SI VOUS ÊTES MINEUR ET ÉMANCIPÉ (ENTRE 16 ET 18 ANS) Justificatif d'émancipation "
        "Selon votre situation"
    ) in text
    assert "Jugement portant condamnation (facultatif) Facultatif" in text
    assert "Demandeur" not in text


def test_piece_list_for_a_case_names_the_applicant_and_spans_pages(tmp_path: Path) -> None:
    path = render_piece_list(piece_list(NAME, repeat=8), tmp_path / "pieces.pdf")
    text, pages = pdf_text(path)
    assert f"Demandeur : {NAME}" in text
    assert 2 <= pages <= 6
    assert f"Page 1/{pages}" in text and f"Page {pages}/{pages}" in text
    assert text.count("Justificatif d'émancipation") == 8


def test_piece_list_size_limit_is_a_setting(tmp_path: Path) -> None:
    data = PieceListData("Pré-demande", sections(), max_file_size_mo=5)
    text, _ = pdf_text(render_piece_list(data, tmp_path / "p.pdf"))
    assert "ne pas dépasser 5Mo par fichier." in text


def identity() -> Identity:
    return Identity(
        nom_naissance=NAME,
        nom_usage="Straße",
        prenoms=("Łukasz", "Ğüler"),
        sexe="Masculin",
        date_naissance="1982",
        lieu_naissance="Hà Nội",
        pays_naissance="Viêt Nam",
        nationalites=("vietnamienne", "polonaise"),
        adresse=(
            "Résidence Les Jardins de la Citadelle bâtiment C escalier 4 appartement 1207 "
            "127 boulevard du Maréchal Foch 59000 Lille France",
        ),
    )


def summary(**overrides: object) -> CaseSummaryData:
    values: dict[str, object] = dict(
        procedure_title="Étranger malade",
        identity=identity(),
        references=References("5901202310040000310", date(2023, 10, 4), "5903007229"),
        generated_on=date(2023, 10, 4),
        sections=(
            SummarySection(
                "MON MOTIF DE SÉJOUR",
                (
                    ("Situation familiale", "Marié(e)"),
                    ("Date de début de l'union", "12/06/2015"),
                    ("Motif", "Je demande un titre de séjour en raison de mon état de santé. " * 6),
                ),
            ),
        ),
        files=(
            AttachedFile("Justificatif de nationalité", "passeport.pdf", "PDF", 1_258_291, pages=3),
            AttachedFile(
                "Justificatif de domicile datant de moins de 6 mois",
                "facture-électricité.png",
                "PNG",
                524_288,
                pixels=(2480, 3508),
            ),
        ),
        observations="Nom d'usage à mettre à jour : « Straße ».",
    )
    values.update(overrides)
    return CaseSummaryData(**values)  # type: ignore[arg-type]


def test_case_summary_lists_every_answer_file_and_observation(tmp_path: Path) -> None:
    path = render_case_summary(summary(), tmp_path / "recap.pdf")
    text, pages = pdf_text(path)
    assert pages == 1
    assert "RÉCAPITULATIF DU DOSSIER Étranger malade Édité le 04/10/2023" in text
    assert "N° de la demande : 5901202310040000310" in text
    assert "Identifiant (N° étranger) : 5903007229" in text
    assert f"Nom de naissance : {NAME}" in text
    assert "Prénom(s) : Łukasz Ğüler" in text
    assert "Nationalité(s) : vietnamienne, polonaise" in text
    assert "Lieu de naissance : Hà Nội, Viêt Nam" in text
    assert "boulevard du Maréchal Foch 59000 Lille France" in text
    assert "Situation familiale : Marié(e)" in text
    assert ("Je demande un titre de séjour en raison de mon état de santé. " * 6).strip() in text
    assert "passeport.pdf" in text and "3 p." in text and "1,2 Mo" in text
    assert "facture-électricité.png" in text and "2480 × 3508 px" in text and "512 Ko" in text
    assert "Observations à destination de l'administration" in text
    assert "Nom d'usage à mettre à jour : « Straße »." in text


def test_case_summary_before_deposit_without_files(tmp_path: Path) -> None:
    data = summary(references=None, files=(), observations="  ", generated_on=None)
    text, _ = pdf_text(render_case_summary(data, tmp_path / "recap.pdf"))
    assert "Demande non déposée : pas encore de numéro de demande." in text
    assert "Aucun justificatif joint." in text
    assert "Aucune observation." in text
    assert "Édité le" not in text


def test_case_summary_with_many_rows_continues_on_next_pages(tmp_path: Path) -> None:
    rows = tuple((f"Question {i} ?", f"Réponse {i} " + "détaillée " * 12) for i in range(80))
    data = summary(sections=(SummarySection("RÉPONSES", rows),))
    text, pages = pdf_text(render_case_summary(data, tmp_path / "recap.pdf"))
    assert 3 <= pages <= 12
    assert "Question 0 ? : Réponse 0" in text and "Question 79 ? : Réponse 79" in text


def test_piece_item_splits_a_multi_line_help_text() -> None:
    item = PieceItem("Justificatif de domicile", "Veuillez joindre :\n- Facture ;\n\n- Bail.")
    assert item.help_lines == ("Veuillez joindre :", "- Facture ;", "- Bail.")


def test_fonts_are_parsed_once_per_process(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Three documents in a row: the font files are parsed for the first one only, and
    each document still embeds the glyphs it prints (its own subset)."""
    from fpdf import FPDF

    from anef_tui.documents import layout

    parsed: list[str] = []
    real_add_font = FPDF.add_font

    def counting(self, family=None, style="", fname=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(str(fname))
        return real_add_font(self, family, style, fname, *args, **kwargs)

    monkeypatch.setattr(FPDF, "add_font", counting)
    monkeypatch.setattr(layout, "_parsed", {})
    texts = [pdf_text(render_piece_list(piece_list(name), tmp_path / f"{i}.pdf"))[0]
             for i, name in enumerate([NAME, "Ødegård Þór", "Straße Ğ"])]
    assert len(parsed) == len(layout.FONT_FILES)
    assert f"Demandeur : {NAME}" in texts[0]
    assert "Demandeur : Ødegård Þór" in texts[1]
    assert "Demandeur : Straße Ğ" in texts[2]
