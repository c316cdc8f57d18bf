"""Input model, 2D code payload and wording loader of anef_tui.documents."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from anef_tui.documents import code2d, texts
from anef_tui.documents.model import (
    ConfirmationData,
    DocumentKind,
    Identity,
    ProtectionMention,
    References,
    add_months_minus_one_day,
)


def identity(**overrides: object) -> Identity:
    values: dict[str, object] = dict(
        nom_naissance="Nguyễn Ø",
        prenoms=("Łukasz", "Ğüler"),
        sexe="Masculin",
        date_naissance="1982",
        lieu_naissance="Hà Nội",
        pays_naissance="Viêt Nam",
        nationalites=("vietnamienne",),
        adresse=("20 rue Nationale", "59000 Lille"),
    )
    values.update(overrides)
    return Identity(**values)  # type: ignore[arg-type]


# -- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2022, 4, 26), 6, date(2022, 10, 25)),  # the BPI annex
        (date(2022, 4, 26), 3, date(2022, 7, 25)),
        (date(2022, 1, 1), 3, date(2022, 3, 31)),
        (date(2022, 8, 31), 6, date(2023, 2, 28)),  # 31/02 does not exist
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
        (date(2022, 11, 15), 3, date(2023, 2, 14)),  # across the year
    ],
)
def test_validity_end_is_start_plus_months_minus_one_day(
    start: date, months: int, end: date
) -> None:
    assert add_months_minus_one_day(start, months) == end


def test_validity_needs_at_least_one_month() -> None:
    with pytest.raises(ValueError):
        add_months_minus_one_day(date(2022, 4, 26), 0)


# -- references and data ------------------------------------------------------


def test_references_clean_spaces_and_default_emission_date() -> None:
    refs = References("5901 2022 0426 0000 120", date(2022, 4, 26), "750 313 618")
    assert refs.numero_demande == "5901202204260000120"
    assert refs.numero_etranger == "750313618"
    assert refs.emission == date(2022, 4, 26)


@pytest.mark.parametrize(
    "numero", ["590120220426000012", "59012022042600001200", "59012022A4260000120"]
)
def test_references_reject_a_demande_number_that_is_not_19_digits(numero: str) -> None:
    with pytest.raises(ValueError, match="19 chiffres"):
        References(numero, date(2022, 4, 26))


def test_pre_demande_has_no_numero_etranger() -> None:
    with pytest.raises(ValueError, match="pré-demande"):
        ConfirmationData(
            DocumentKind.PRE_DEMANDE,
            identity(),
            References("5901202309140000209", date(2023, 9, 14), "5903007192"),
        )


def test_prolongation_needs_mention_and_validity() -> None:
    refs = References("5901202204260000120", date(2022, 4, 26), "7503136189")
    with pytest.raises(ValueError, match="mention"):
        ConfirmationData(DocumentKind.PROLONGATION_INSTRUCTION, identity(), refs, validite_mois=6)
    with pytest.raises(ValueError, match="validité"):
        ConfirmationData(
            DocumentKind.PROLONGATION_INSTRUCTION,
            identity(),
            refs,
            mention=ProtectionMention.REFUGIE,
        )
    data = ConfirmationData(
        DocumentKind.PROLONGATION_INSTRUCTION,
        identity(),
        refs,
        mention="refugie",  # type: ignore[arg-type]
        validite_mois=6,
    )
    assert data.mention is ProtectionMention.REFUGIE
    assert data.validite == (date(2022, 4, 26), date(2022, 10, 25))


def test_identity_accepts_lists_and_skips_blank_lines() -> None:
    ident = identity(adresse=["20 rue Nationale", "  ", "59000 Lille"], prenoms="Jean")
    assert ident.adresse == ("20 rue Nationale", "59000 Lille")
    assert ident.adresse_text == "20 rue Nationale 59000 Lille"
    assert ident.prenoms_text == "Jean"
    assert ident.lieu_text == "Hà Nội, Viêt Nam"


# -- 2D code payload ------------------------------------------------------------


def test_ascii_upper_strips_accents_including_letters_nfkd_keeps() -> None:
    assert code2d.ascii_upper("Łukasz Øverby Straße Æsa Œuvre Nguyễn Ğüler Đặng") == (
        "LUKASZ OVERBY STRASSE AESA OEUVRE NGUYEN GULER DANG"
    )
    assert code2d.ascii_upper("D'Arc-Lévy | ẞ  «x»") == "D'ARC-LEVY SS X"


def _data(kind: DocumentKind = DocumentKind.PREMIERE_DEMANDE, **kw: object) -> ConfirmationData:
    numero = None if kind is DocumentKind.PRE_DEMANDE else "5903007192"
    return ConfirmationData(
        kind,
        kw.pop("ident", identity()),  # type: ignore[arg-type]
        References("5901202308160000184", date(2023, 8, 16), numero),
        **kw,  # type: ignore[arg-type]
    )


def test_payload_format_and_round_trip() -> None:
    payload = code2d.build_payload(_data())
    assert payload == ("ANEFTUI1|PD|5901202308160000184|5903007192|NGUYEN O|LUKASZ GULER|16082023|")
    assert payload.isascii() and payload == payload.upper()
    parsed = code2d.parse_payload(payload)
    assert parsed == code2d.fields_for(_data())
    assert code2d.build_payload(parsed) == payload


def test_payload_of_bpi_carries_end_of_validity_and_pre_demande_no_number() -> None:
    bpi = _data(
        DocumentKind.PROLONGATION_INSTRUCTION,
        mention=ProtectionMention.PROTECTION_SUBSIDIAIRE,
        validite_mois=6,
    )
    fields = code2d.parse_payload(code2d.build_payload(bpi))
    assert fields.kind is DocumentKind.PROLONGATION_INSTRUCTION
    assert fields.fin_validite == add_months_minus_one_day(date(2023, 8, 16), 6)
    pre = code2d.parse_payload(code2d.build_payload(_data(DocumentKind.PRE_DEMANDE)))
    assert pre.numero_etranger == "" and pre.kind is DocumentKind.PRE_DEMANDE


def test_payload_never_starts_with_the_2d_doc_header() -> None:
    # Even a name or a number that starts with DC cannot lead the payload.
    payload = code2d.build_payload(_data(ident=identity(nom_naissance="DC01 | FR")))
    assert not payload.startswith("DC")
    assert payload.count("|") == code2d.FIELD_COUNT - 1
    assert code2d.parse_payload(payload).nom == "DC01 FR"


@pytest.mark.parametrize(
    "text",
    [
        "DC04FR000001",
        "ANEFTUI1|PD|123|X|NOM|PRENOM|16082023|",
        "ANEFTUI1|ZZ|5901202308160000184||NOM|PRENOM|16082023|",
        "ANEFTUI1|PD|5901202308160000184||NOM|PRENOM|32082023|",
        "ANEFTUI1|PD|5901202308160000184||NOM|PRENOM|16082023",
    ],
)
def test_parse_payload_rejects_foreign_or_broken_codes(text: str) -> None:
    with pytest.raises(ValueError, match="code 2D"):
        code2d.parse_payload(text)


# -- wording files ---------------------------------------------------------------


def test_shipped_wording_files_are_valid() -> None:
    texts.validate_all()
    assert texts.confirmation_wording("pre_demande").title.full == (
        "CONFIRMATION DU DÉPÔT D'UNE PRÉ-DEMANDE"
    )


@pytest.fixture
def wording_copy(tmp_path: Path) -> Path:
    src = Path(str(texts.wording_dir()))
    dst = tmp_path / "documents"
    shutil.copytree(src, dst)
    return dst


def _edit(path: Path, change: object) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def test_loader_names_file_and_field_of_a_missing_title(wording_copy: Path) -> None:
    _edit(wording_copy / "premiere_demande.yaml", lambda raw: raw["title"].pop("main"))
    with pytest.raises(texts.WordingError) as err:
        texts.confirmation_wording("premiere_demande", wording_copy)
    assert "premiere_demande.yaml" in str(err.value)
    assert "title.main" in str(err.value)


def test_loader_rejects_unknown_placeholder_and_unknown_key(wording_copy: Path) -> None:
    def typo(raw: dict) -> None:
        raw["paragraphs"][0]["text"] = "Le {date_dépôt}, vous avez déposé"

    _edit(wording_copy / "renouvellement.yaml", typo)
    with pytest.raises(texts.WordingError, match=r"renouvellement\.yaml.*paragraphs\.0\.text"):
        texts.confirmation_wording("renouvellement", wording_copy)

    _edit(wording_copy / "piece_list.yaml", lambda raw: raw.update(titel="x"))
    with pytest.raises(texts.WordingError, match=r"piece_list\.yaml.*titel"):
        texts.piece_list_wording(wording_copy)


def test_loader_rejects_missing_mention_wrong_kind_and_bad_yaml(wording_copy: Path) -> None:
    _edit(
        wording_copy / "prolongation_instruction.yaml",
        lambda raw: raw["mentions"].pop("refugie"),
    )
    with pytest.raises(texts.WordingError, match=r"prolongation_instruction\.yaml.*refugie"):
        texts.confirmation_wording("prolongation_instruction", wording_copy)

    _edit(wording_copy / "pre_demande.yaml", lambda raw: raw.update(kind="renouvellement"))
    with pytest.raises(texts.WordingError, match=r"pre_demande\.yaml.*kind"):
        texts.confirmation_wording("pre_demande", wording_copy)

    (wording_copy / "common.yaml").write_text("header: [unclosed\n", encoding="utf-8")
    with pytest.raises(texts.WordingError, match=r"common\.yaml.*YAML"):
        texts.common_wording(wording_copy)


def test_importing_the_package_does_not_load_fpdf() -> None:
    # The TUI imports these at startup; fpdf2 must only load when printing.
    code = (
        "import sys\n"
        "import anef_tui.documents.confirmation, anef_tui.documents.piece_list\n"
        "import anef_tui.documents.case_summary, anef_tui.documents.printing\n"
        "assert 'fpdf' not in sys.modules, 'fpdf imported at startup'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
