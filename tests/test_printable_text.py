"""Text that lies: direction marks, invisible characters, characters the PDF cannot print.

One rule (``formats.check_printable``) that every text field goes through; table-driven
here, then through ``answers.parse_value`` for each kind of field that takes text.
"""

from __future__ import annotations

from datetime import date

import pytest

from anef_tui import formats
from anef_tui.answers import parse_value
from anef_tui.catalog.models import FieldDef
from anef_tui.documents.glyphs import FONT_FILES, FONTS_DIR, printable_codepoints
from anef_tui.formats import FormatError, check_printable


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("12 rue\u202e de la Paix", "marque invisible de sens d'écriture (U+202E)"),
        ("Lyon\u200f", "(U+200F)"),
        ("\u2066Paris\u2069", "(U+2066)"),
        ("Pa\u200bris", "caractère invisible (U+200B, espace sans largeur)"),
        ("\ufeffParis", "(U+FEFF, indicateur d'ordre des octets)"),
        ("Saint\u00adDenis", "(U+00AD, trait d'union conditionnel)"),
        ("mot\u2060joint", "(U+2060, gluon de mots)"),
        ("Paris\u2028Lyon", "(U+2028)"),
        ("e\ufe0f", "(U+FE0F)"),
        ("abc\x00def", "caractère invisible non accepté (U+0000)"),
        ("Lieu 🙂", "Le caractère « 🙂 » (U+1F642) ne peut pas être imprimé"),
        ("Tōkyō 東京", "« 東 » (U+6771)"),
        ("France 🇫🇷", "(U+1F1EB)"),
    ],
)
def test_refused(text: str, excerpt: str) -> None:
    with pytest.raises(FormatError) as caught:
        check_printable(text)
    assert excerpt in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["Nguyễn Thị Ánh", "Łódź", "Øresund", "São Paulo", "Ağrı", "Reykjavík", "Müller-Straße",
     "Ça coûte 12 € — « oui »", "Μαρία", "Владимир", "l’école", "100\u00a0m", "ligne\nsuivante",
     "tab\there", "Jean  Pierre"],
)
def test_accepted(text: str) -> None:
    check_printable(text)


def test_every_style_of_the_font_must_have_the_glyph() -> None:
    # U+1D538 (𝔸) exists in the regular and bold DejaVu but not in the oblique one.
    from anef_tui.documents.glyphs import _cmap_codepoints

    regular = _cmap_codepoints(FONTS_DIR / FONT_FILES[""])
    oblique = _cmap_codepoints(FONTS_DIR / FONT_FILES["I"])
    missing_in_oblique = sorted(regular - oblique)
    assert missing_in_oblique
    code = missing_in_oblique[-1]
    assert code not in printable_codepoints()


def test_the_cmap_reader_agrees_with_fonttools() -> None:
    from fontTools.ttLib import TTFont

    from anef_tui.documents.glyphs import _cmap_codepoints

    for name in FONT_FILES.values():
        expected = set(TTFont(FONTS_DIR / name).getBestCmap())
        assert _cmap_codepoints(FONTS_DIR / name) == expected


KINDS_THAT_TAKE_TEXT = [
    FieldDef(id="adresse", label="Adresse", type="text"),
    FieldDef(id="obs", label="Observations", type="textarea"),
    FieldDef(id="nom", label="Nom", type="name"),
    FieldDef(id="mail", label="Email", type="email"),
    FieldDef(id="tel", label="Téléphone", type="phone"),
    FieldDef(id="cp", label="Code postal", type="postal_code"),
    FieldDef(id="pays", label="Pays", type="country"),
    FieldDef(id="n", label="Nombre", type="number"),
]


@pytest.mark.parametrize("field", KINDS_THAT_TAKE_TEXT, ids=lambda f: f.type)
def test_every_kind_of_text_field_refuses_a_direction_mark(field: FieldDef) -> None:
    with pytest.raises(FormatError) as caught:
        parse_value(field, "1\u202e2", {}, date(2026, 1, 15))
    assert "U+202E" in str(caught.value)


def test_parse_text_still_normalises_after_the_rule() -> None:
    assert formats.parse_text("  Paris\t13e  ") == "Paris 13e"
