"""Rendered confirmations: wording from the guides, names, dates and the 2D code."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from anef_tui.documents import code2d
from anef_tui.documents.confirmation import default_file_name, render_confirmation
from anef_tui.documents.model import (
    ConfirmationData,
    DocumentKind,
    Identity,
    ProtectionMention,
    References,
)

# Word for word from the guides (001 ASE, 002, 003, 004: ETAPE CONFIRMATION).
PREUVE = "Ce document constitue la preuve de dépôt de votre demande."
PAS_REGULARITE = (
    "Il ne constitue pas une preuve de régularité du séjour et ne permet pas "
    "l'ouverture de droits associés à un séjour régulier."
)
PAS_SCHENGEN = "Ce document n'autorise pas le franchissement des frontières de l'espace Schengen."
INFORME = (
    "Vous serez informé(e) de l'avancement et de la suite donnée à votre démarche par un "
    "courrier électronique vous invitant à vous connecter à votre espace personnel."
)
# Word for word from guide 000 (BPI), ANNEXE 1.
TRAVAIL = (
    "Elle vous permet d'exercer une activité professionnelle sur le territoire métropolitain "
    "ou dans la collectivité d'outre-mer qui vous l'a délivrée, conformément aux articles "
    "L. 414-10 et R. 431-15-4 du code de l'entrée et du séjour des étrangers et du droit "
    "d'asile dans le cadre de la législation en vigueur."
)
SCHENGEN_OK = "Ce document autorise le franchissement des frontières de l'espace Schengen."

NAME = "ŁUKASZ ĞÜLER NGUYỄN Ø"
LONG_ADDRESS = (
    "Résidence Les Jardins de la Citadelle bâtiment C escalier 4 appartement 1207 "
    "127 boulevard du Maréchal Foch 59000 Lille France"
)


def identity(**overrides: object) -> Identity:
    values: dict[str, object] = dict(
        nom_naissance="Nguyễn Ø",
        nom_usage="Øverby-Straße",
        prenoms=("Łukasz", "Ğüler"),
        sexe="Masculin",
        date_naissance="05/04/2006",
        lieu_naissance="Kaboul",
        pays_naissance="Afghanistan",
        nationalites=("afghane",),
        adresse=("20 rue Nationale", "59000 Lille", "France"),
    )
    values.update(overrides)
    return Identity(**values)  # type: ignore[arg-type]


def confirmation(kind: DocumentKind, **overrides: object) -> ConfirmationData:
    numero = None if kind is DocumentKind.PRE_DEMANDE else "7503136189"
    extra: dict[str, object] = {}
    if kind is DocumentKind.PROLONGATION_INSTRUCTION:
        extra = dict(mention=ProtectionMention.PROTECTION_SUBSIDIAIRE, validite_mois=6)
    extra.update(overrides)
    ident = extra.pop("identity", identity())
    return ConfirmationData(
        kind,
        ident,  # type: ignore[arg-type]
        References("5901202204260000120", date(2022, 4, 26), numero),
        **extra,  # type: ignore[arg-type]
    )


def pdf_text(path: Path) -> tuple[str, int]:
    """Whole text with whitespace collapsed (line breaks, NBSP, justification)."""
    reader = PdfReader(path)
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(raw.split()), len(reader.pages)


def render(tmp_path: Path, data: ConfirmationData) -> tuple[str, int]:
    path = render_confirmation(data, tmp_path / default_file_name(data))
    assert path.is_file() and path.read_bytes().startswith(b"%PDF")
    return pdf_text(path)


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (
            DocumentKind.PREMIERE_DEMANDE,
            "CONFIRMATION DU DÉPÔT D'UNE PREMIÈRE DEMANDE DE TITRE DE SÉJOUR",
        ),
        (
            DocumentKind.RENOUVELLEMENT,
            "CONFIRMATION DU DÉPÔT D'UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE SÉJOUR",
        ),
        (DocumentKind.PRE_DEMANDE, "CONFIRMATION DU DÉPÔT D'UNE PRÉ-DEMANDE"),
    ],
)
def test_confirmation_prints_title_references_identity_and_legal_text(
    tmp_path: Path, kind: DocumentKind, title: str
) -> None:
    text, pages = render(tmp_path, confirmation(kind))
    assert pages == 1
    assert "MINISTÈRE DE L'INTÉRIEUR Liberté Égalité Fraternité" in text
    assert title in text
    assert "VOS RÉFÉRENCES :" in text
    assert "N° de la demande : 5901202204260000120" in text
    assert "DATE D'ÉMISSION : 26/04/2022" in text
    assert "Nom de naissance : NGUYỄN Ø" in text
    assert "Nom d'usage : ØVERBY-STRASSE" in text
    assert "Prénom : ŁUKASZ ĞÜLER" in text
    assert "Né(e) le : 05/04/2006" in text
    assert "A : KABOUL, AFGHANISTAN" in text
    assert "Nationalité : AFGHANE" in text
    assert "Adresse : 20 RUE NATIONALE 59000 LILLE FRANCE" in text
    assert (
        "Le 26/04/2022, vous avez déposé avec succès une demande de titre de séjour qui sera "
        "examinée par la préfecture compétente."
    ) in text
    for sentence in (PREUVE, PAS_REGULARITE, PAS_SCHENGEN, INFORME):
        assert sentence in text
    assert SCHENGEN_OK not in text
    if kind is DocumentKind.PRE_DEMANDE:
        # No identifiant yet: the label is printed with no value, as in guide 002.
        assert "Identifiant (N° étranger) : N° de la demande" in text
    else:
        assert "Identifiant (N° étranger) : 7503136189" in text


def test_prolongation_attestation_of_the_bpi_guide(tmp_path: Path) -> None:
    text, pages = render(tmp_path, confirmation(DocumentKind.PROLONGATION_INSTRUCTION))
    assert pages == 1
    assert "ATTESTATION DE PROLONGATION D'INSTRUCTION D'UNE DEMANDE DE TITRE DE SÉJOUR" in text
    assert "Identifiant (N° de l'étranger) : 7503136189" in text
    assert "A OBTENU LE BÉNÉFICE DE LA PROTECTION SUBSIDIAIRE" in text
    assert "Prénom(s) : ŁUKASZ ĞÜLER" in text
    assert "À : KABOUL, AFGHANISTAN" in text
    assert "Nom d'usage" not in text  # not on the annex
    assert (
        "Le 26/04/2022, vous avez déposé une demande de titre de séjour qui est en cours "
        "d'examen par la préfecture compétente."
    ) in text
    # Six months from the deposit, the last day included.
    assert (
        "Cette attestation justifie de la régularité de votre séjour en France entre le "
        "26/04/2022 et le 25/10/2022."
    ) in text
    assert TRAVAIL in text
    assert SCHENGEN_OK in text
    assert INFORME in text
    assert PAS_SCHENGEN not in text and PREUVE not in text


def test_prolongation_for_a_refugee_with_another_validity(tmp_path: Path) -> None:
    data = confirmation(
        DocumentKind.PROLONGATION_INSTRUCTION, mention=ProtectionMention.REFUGIE, validite_mois=3
    )
    text, _ = render(tmp_path, data)
    assert "A OBTENU LE BÉNÉFICE DU STATUT DE RÉFUGIÉ" in text
    assert "PROTECTION SUBSIDIAIRE" not in text
    assert "entre le 26/04/2022 et le 25/07/2022." in text


def test_accented_latin_names_print_right(tmp_path: Path) -> None:
    data = confirmation(
        DocumentKind.RENOUVELLEMENT,
        identity=identity(nom_naissance=NAME, prenoms=("Œdipe", "Þór", "Ærøskøbing")),
    )
    text, _ = render(tmp_path, data)
    assert f"Nom de naissance : {NAME}" in text
    assert "Prénom : ŒDIPE ÞÓR ÆRØSKØBING" in text


def test_decomposed_accents_are_composed_before_printing(tmp_path: Path) -> None:
    # An NFD name (as some keyboards/scanners produce) prints as the NFC one.
    data = confirmation(
        DocumentKind.RENOUVELLEMENT, identity=identity(nom_naissance="Nguye\u0302\u0303n")
    )
    text, _ = render(tmp_path, data)
    assert "Nom de naissance : NGUYỄN" in text


def test_long_address_and_compound_name_wrap_on_one_page(tmp_path: Path) -> None:
    assert len(LONG_ADDRESS) >= 120
    long_name = "de la Łęczycka-Nguyễn Øverby-Straße Ğüler Van Den Berghe Dos Santos Oliveira"
    data = confirmation(
        DocumentKind.PROLONGATION_INSTRUCTION,
        identity=identity(nom_naissance=long_name, adresse=(LONG_ADDRESS,)),
    )
    path = render_confirmation(data, tmp_path / "long.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    raw = reader.pages[0].extract_text()
    text = " ".join(raw.split())
    assert f"Adresse : {LONG_ADDRESS.upper()}" in text
    assert f"Nom de naissance : {long_name.upper()}" in text
    # Wrapped over several lines rather than running off the page.
    address_lines = [
        line for line in raw.splitlines() if "BOULEVARD" in line or "RÉSIDENCE" in line
    ]
    assert address_lines and all(len(line) < 60 for line in address_lines)
    assert SCHENGEN_OK in text  # the text after the block is all there


def test_unbreakable_word_does_not_overflow(tmp_path: Path) -> None:
    word = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft"
    data = confirmation(DocumentKind.PREMIERE_DEMANDE, identity=identity(nom_naissance=word))
    path = render_confirmation(data, tmp_path / "word.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    assert word.upper() in "".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_qr_code_decodes_to_the_payload(tmp_path: Path, kind: DocumentKind) -> None:
    if shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None:
        pytest.skip("poppler-utils (pdftoppm) and zbar-tools (zbarimg) are needed")
    data = confirmation(kind, identity=identity(nom_naissance=NAME))
    pdf = render_confirmation(data, tmp_path / "c.pdf")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "page.png")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    decoded = result.stdout.strip()
    assert decoded == code2d.build_payload(data)
    fields = code2d.parse_payload(decoded)
    assert fields.kind is kind
    assert fields.nom == "LUKASZ GULER NGUYEN O"
    assert fields.numero_demande == "5901202204260000120"
    assert fields.date_depot == date(2022, 4, 26)
    if kind is DocumentKind.PROLONGATION_INSTRUCTION:
        assert fields.fin_validite == date(2022, 10, 25)


def test_render_overwrites_and_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "dir" / "x.pdf"
    data = confirmation(DocumentKind.RENOUVELLEMENT)
    assert render_confirmation(data, target) == target
    first = target.stat().st_size
    render_confirmation(data, target)
    assert target.stat().st_size == pytest.approx(first, rel=0.01)
    assert [p.name for p in target.parent.iterdir()] == ["x.pdf"]


def test_default_file_name() -> None:
    data = confirmation(DocumentKind.PROLONGATION_INSTRUCTION)
    assert default_file_name(data) == (
        "ATTESTATION_PROLONGATION_INSTRUCTION_5901202204260000120_20220426.pdf"
    )


def test_prolongation_with_a_mention_text_from_the_procedure_definition(tmp_path: Path) -> None:
    data = confirmation(
        DocumentKind.PROLONGATION_INSTRUCTION,
        mention="A obtenu le bénéfice de la protection subsidiaire",
    )
    assert data.mention == "A obtenu le bénéfice de la protection subsidiaire"
    text, _ = render(tmp_path, data)
    assert "A OBTENU LE BÉNÉFICE DE LA PROTECTION SUBSIDIAIRE" in text
