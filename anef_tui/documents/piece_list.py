"""« Liste des documents justificatifs à fournir » (guides' ANNEXE 1).

The caller builds the sections from the téléprocédure definitions; this module
only renders what it is given. Printed in advance it carries no case data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from anef_tui.documents.model import PieceItem, PieceListData, PieceRequirement
from anef_tui.documents.texts import (
    CommonWording,
    PieceListWording,
    common_wording,
    piece_list_wording,
)

if TYPE_CHECKING:
    from anef_tui.documents.layout import DocumentPDF

_BULLETS = ("- ", "• ", "– ")


def _item(pdf: DocumentPDF, item: PieceItem, wording: PieceListWording) -> None:
    from anef_tui.documents import layout
    from anef_tui.documents.layout import FONT

    # Keep the label with its first help lines on the same page.
    pdf.ensure_space(6 + 5 * min(len(item.help_lines), 3) + (5 if item.condition else 0))
    if item.condition:
        layout.paragraph(
            pdf,
            item.condition,
            bold=True,
            size=9,
            line_h=4.5,
            space_after=0.5,
            align=layout.Align.L,
        )
    pdf.set_font(FONT, "B", 10)
    label = layout.nfc(item.label)
    if item.requirement is None:
        pdf.multi_cell(pdf.epw, 5, label, align="L", new_x="LMARGIN", new_y="NEXT")
    else:
        note = wording.requirement_notes[item.requirement]
        pdf.multi_cell(pdf.epw - 45, 5, label, align="L", new_x="RIGHT", new_y="TOP")
        label_bottom = pdf.get_y() + pdf.text_height(pdf.epw - 45, label)
        pdf.set_font(FONT, "I", 8.5)
        if item.requirement is PieceRequirement.REQUIRED:
            pdf.set_text_color(*layout.BLUE)
        else:
            pdf.set_text_color(*layout.GREY)
        pdf.multi_cell(45, 5, layout.nfc(note), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_y(max(pdf.get_y(), label_bottom))
    for line in item.help_lines:
        bullet = line.startswith(_BULLETS)
        text = line[2:].strip() if bullet else line
        if bullet:
            pdf.set_font(FONT, "", 9)
            pdf.set_x(pdf.l_margin + 4)
            pdf.cell(4, 4.6, "•")
            layout.paragraph(
                pdf,
                text,
                size=9,
                line_h=4.6,
                space_after=0,
                x=pdf.l_margin + 8,
                w=pdf.epw - 8,
                align=layout.Align.L,
            )
        else:
            layout.paragraph(pdf, text, size=9, line_h=4.6, space_after=0.5, align=layout.Align.L)
    pdf.ln(3)


def render_piece_list(
    data: PieceListData,
    path: Path | str,
    *,
    wording: PieceListWording | None = None,
    common: CommonWording | None = None,
) -> Path:
    """Write the list of supporting documents of one téléprocédure to ``path``."""
    from anef_tui.documents import layout
    from anef_tui.documents.layout import FONT, DocumentPDF

    wording = wording or piece_list_wording()
    common = common or common_wording()
    pdf = DocumentPDF(common, f"{data.procedure_title} – {wording.title}")
    pdf.add_page()
    bottom = layout.header_block(pdf, with_direction=True)
    pdf.set_y(bottom + 8)
    layout.centered_lines(pdf, [data.procedure_title.upper()], 12.5, "B")
    pdf.ln(2)
    layout.centered_lines(pdf, [wording.title], 11.5, "B")
    pdf.ln(3)
    if data.applicant:
        pdf.set_font(FONT, "", 10)
        layout.label_value_row(
            pdf,
            wording.applicant_label,
            data.applicant,
            x=pdf.l_margin,
            w=pdf.epw,
            label_w=pdf.get_string_width(f"{wording.applicant_label} :") + 3,
            value_style="B",
        )
        pdf.ln(2)
    for para in wording.intro:
        layout.paragraph(
            pdf,
            para.text.format(max_mo=data.max_file_size_mo),
            bold=para.bold,
            size=9,
            line_h=4.6,
            align=layout.Align.L,
        )
    for section in data.sections:
        layout.section_title(pdf, section.title.upper())
        for item in section.items:
            _item(pdf, item, wording)
    return layout.save(pdf, path)
