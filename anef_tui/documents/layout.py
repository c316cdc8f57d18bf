"""Shared fpdf2 building blocks of the printed documents.

This module imports fpdf2 at import time; the renderers import it inside their
functions so that starting the TUI never loads fpdf2.
"""

from __future__ import annotations

import copy
import os
import re
import threading
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos
from fpdf.fonts import SubsetMap, TTFFont

from anef_tui.documents.glyphs import FONT_FILES, FONTS_DIR
from anef_tui.documents.model import References
from anef_tui.documents.texts import CommonWording, ReferencesWording, TitleWording

FONT = "DejaVu"
# One list of font files: what the form accepts (glyphs) is what the PDF can print.
_FONT_FILES = FONT_FILES

MARGIN = 18.0
LINE_H = 5.0
GREY = (90, 90, 90)
LIGHT_FILL = (235, 238, 245)
# Blue of the French State brand; only used for rules and section fills.
BLUE = (0, 0, 145)


NBSP = "\u00a0"
# French typography: no line may start with « ? : ; ! » » nor end with « «, and
# « L. 414-10 » must not be split after « L. ». Only the rendering changes:
# the wording files keep plain spaces, word for word with the guides.
_NBSP_BEFORE = re.compile(r" (?=[?:;!»])")
_NBSP_AFTER = re.compile(r"(?<=«) ")
_ARTICLE = re.compile(r"\b([LRD])\. (?=\d)")


def nfc(text: str) -> str:
    """Text ready to print: composed accents (a decomposed « ễ » prints badly
    without text shaping) and non-breaking spaces of French typography."""
    text = unicodedata.normalize("NFC", text)
    text = _NBSP_BEFORE.sub(NBSP, text)
    text = _NBSP_AFTER.sub(NBSP, text)
    return _ARTICLE.sub(rf"\1.{NBSP}", text)


def fmt_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def fmt_size(size_bytes: int) -> str:
    """French file size (« 1,2 Mo »), as the 10 Mo limit is written."""
    if size_bytes < 1024:
        return f"{size_bytes} o"
    if size_bytes < 1024 * 1024:
        return f"{size_bytes / 1024:.0f} Ko"
    return f"{size_bytes / (1024 * 1024):.1f} Mo".replace(".", ",")


_parsed: dict[str, TTFFont] = {}
_parsing = threading.Lock()


def _parsed_fonts() -> dict[str, TTFFont]:
    """The three fonts, parsed once per process (metrics, character map, glyph ids)."""
    with _parsing:
        if not _parsed:
            pdf = FPDF()
            for style, file_name in _FONT_FILES.items():
                pdf.add_font(FONT, style, str(FONTS_DIR / file_name))
            _parsed.update(pdf.fonts)  # type: ignore[arg-type]
        return _parsed


def _add_parsed_fonts(pdf: FPDF) -> None:
    """Give `pdf` its own copy of the parsed fonts (what add_font would build).

    Shared with the parsed ones: the character map, the descriptor. Its own: the
    widths, the subset of glyphs it uses, and a lazily opened fontTools font, which the
    PDF output subsets in place.
    """
    for key, parsed in _parsed_fonts().items():
        font = copy.deepcopy(parsed)
        font.i = len(pdf.fonts) + 1
        font.ttfont = ttLib.TTFont(str(parsed.ttffile), recalcTimestamp=False, lazy=True)
        font.subset = SubsetMap(font)
        font.missing_glyphs = []
        pdf.fonts[key] = font


class DocumentPDF(FPDF):
    """A4 portrait with the DejaVu fonts embedded and a « Page x/y » footer."""

    def __init__(self, common: CommonWording, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.common = common
        self.set_margins(MARGIN, 15, MARGIN)
        self.set_auto_page_break(True, margin=20)
        _add_parsed_fonts(self)
        self.set_font(FONT, size=10)
        self.set_title(nfc(title))
        self.set_author("anef-tui")
        self.set_creator("anef-tui")
        self.set_lang("fr-FR")

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, size=8)
        self.set_text_color(*GREY)
        text = self.common.page_footer.format(page=self.page_no(), pages="{nb}")
        self.cell(0, 5, text, align=Align.C)
        self.set_text_color(0, 0, 0)

    # -- measuring ---------------------------------------------------------

    def text_height(self, w: float, text: str, line_h: float = LINE_H) -> float:
        height = self.multi_cell(w, line_h, text, dry_run=True, output=MethodReturnValue.HEIGHT)
        assert isinstance(height, float | int)
        return float(height)

    def ensure_space(self, height: float) -> None:
        """Start a new page rather than split a short block over two."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()


def header_block(pdf: DocumentPDF, with_direction: bool = False) -> float:
    """« MINISTÈRE DE L'INTÉRIEUR / Liberté Égalité Fraternité »; returns bottom y."""
    header = pdf.common.header
    x, y = MARGIN, 12.0
    # A thin tricolour rule, not the Marianne logo: we are not the Ministry.
    pdf.set_fill_color(*BLUE)
    pdf.rect(x, y, 6, 1.2, style="F")
    pdf.set_fill_color(225, 0, 15)
    pdf.rect(x + 12, y, 6, 1.2, style="F")
    pdf.set_draw_color(180, 180, 180)
    pdf.rect(x + 6, y, 6, 1.2, style="D")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_xy(x, y + 3)
    pdf.set_font(FONT, "B", 9.5)
    for line in header.ministry_lines:
        pdf.cell(70, 4.3, nfc(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_font(FONT, "I", 8)
    for line in header.motto_lines:
        pdf.cell(70, 3.6, nfc(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    bottom = pdf.get_y()
    if with_direction and header.direction_lines:
        pdf.set_xy(pdf.w - MARGIN - 90, y + 3)
        for i, line in enumerate(header.direction_lines):
            pdf.set_font(FONT, "B" if i == 0 else "", 9 if i == 0 else 7.5)
            pdf.set_x(pdf.w - MARGIN - 90)
            pdf.cell(90, 4.3, nfc(line), align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        bottom = max(bottom, pdf.get_y())
    pdf.set_font(FONT, "", 10)
    return bottom


def title_block(pdf: DocumentPDF, title: TitleWording, y: float) -> float:
    pdf.set_xy(MARGIN, y)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(pdf.epw, 7, nfc(title.main), align=Align.C, new_x=XPos.LMARGIN)
    if title.sub:
        pdf.set_font(FONT, "", 11.5)
        pdf.multi_cell(pdf.epw, 6, nfc(title.sub), align=Align.C, new_x=XPos.LMARGIN)
    pdf.set_font(FONT, "", 10)
    return pdf.get_y()


def centered_lines(pdf: DocumentPDF, lines: Sequence[str], size: float, style: str = "") -> None:
    pdf.set_font(FONT, style, size)
    for line in lines:
        pdf.multi_cell(pdf.epw, size * 0.5, nfc(line), align=Align.C, new_x=XPos.LMARGIN)
    pdf.set_font(FONT, "", 10)


def references_block(
    pdf: DocumentPDF,
    wording: ReferencesWording,
    refs: References,
    x: float,
    y: float,
    w: float,
) -> float:
    """« VOS RÉFÉRENCES : » then identifiant, N° de la demande, date; returns bottom y."""
    pdf.set_xy(x, y)
    pdf.set_font(FONT, "B", 10.5)
    pdf.cell(w, 6, nfc(wording.heading), new_x=XPos.LEFT, new_y=YPos.NEXT)
    rows = (
        (wording.identifiant, refs.numero_etranger or ""),
        (wording.numero_demande, refs.numero_demande),
        (wording.date_emission, fmt_date(refs.emission)),
    )
    for label, value in rows:
        pdf.set_x(x)
        pdf.set_font(FONT, "", 10)
        label_text = nfc(f"{label} : ")
        pdf.cell(pdf.get_string_width(label_text), 5.5, label_text)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 5.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    return pdf.get_y()


def label_value_row(
    pdf: DocumentPDF,
    label: str,
    value: str,
    *,
    x: float,
    w: float,
    label_w: float,
    line_h: float = LINE_H,
    value_style: str = "",
    size: float = 10,
) -> None:
    """« Label : value » with the value wrapped in its column (long names, addresses)."""
    label_text = nfc(f"{label} :")
    value_text = nfc(value)
    value_w = w - label_w
    pdf.set_font(FONT, value_style, size)
    value_h = pdf.text_height(value_w, value_text or " ", line_h)
    pdf.set_font(FONT, "", size)
    label_h = pdf.text_height(label_w, label_text, line_h)
    pdf.ensure_space(max(value_h, label_h))
    top = pdf.get_y()
    page = pdf.page_no()
    pdf.set_xy(x, top)
    pdf.multi_cell(label_w, line_h, label_text, align=Align.L, new_x=XPos.RIGHT, new_y=YPos.TOP)
    label_bottom = top + label_h
    pdf.set_xy(x + label_w, top)
    pdf.set_font(FONT, value_style, size)
    pdf.multi_cell(value_w, line_h, value_text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    # A value taller than a page continues on the next one: keep its end then.
    bottom = pdf.get_y() if pdf.page_no() != page else max(pdf.get_y(), label_bottom)
    pdf.set_xy(pdf.l_margin, bottom)
    pdf.set_font(FONT, "", 10)


def paragraph(
    pdf: DocumentPDF,
    text: str,
    *,
    bold: bool = False,
    size: float = 10,
    line_h: float = LINE_H,
    space_after: float = 2.5,
    x: float | None = None,
    w: float | None = None,
    align: Align = Align.J,
) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_x(pdf.l_margin if x is None else x)
    pdf.multi_cell(
        pdf.epw if w is None else w,
        line_h,
        nfc(text),
        align=align,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(space_after)
    pdf.set_font(FONT, "", 10)


def section_title(pdf: DocumentPDF, text: str, size: float = 10.5) -> None:
    pdf.ensure_space(18)  # keep a title with at least its first lines
    pdf.ln(2)
    pdf.set_font(FONT, "B", size)
    pdf.set_fill_color(*LIGHT_FILL)
    pdf.multi_cell(
        pdf.epw, 6.5, nfc(text), fill=True, padding=(0, 2), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(1.5)
    pdf.set_font(FONT, "", 10)


def rule(pdf: DocumentPDF, space: float = 3) -> None:
    pdf.ln(space)
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.ln(space)


def save(pdf: DocumentPDF, path: Path | str) -> Path:
    """Write atomically: the print worker must never read a half-written file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    # Private from the first byte: these papers carry the applicant's identity.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(bytes(pdf.output()))
    tmp.replace(target)
    return target
