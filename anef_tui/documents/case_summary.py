"""« Récapitulatif du dossier »: every answer, the attached files, the observations.

Printed for the applicant (who often reads little French and keeps the paper)
and for the counter's records; values are printed as typed, long ones wrap.
"""

from __future__ import annotations

from pathlib import Path

from anef_tui.documents.model import AttachedFile, CaseSummaryData
from anef_tui.documents.texts import (
    CaseSummaryWording,
    CommonWording,
    case_summary_wording,
    common_wording,
)

LABEL_W = 62.0


def _extent(item: AttachedFile, wording: CaseSummaryWording) -> str:
    if item.pages is not None:
        return wording.pages_format.format(pages=item.pages)
    if item.pixels is not None:
        return wording.pixels_format.format(width=item.pixels[0], height=item.pixels[1])
    return ""


def render_case_summary(
    data: CaseSummaryData,
    path: Path | str,
    *,
    wording: CaseSummaryWording | None = None,
    common: CommonWording | None = None,
) -> Path:
    """Write the case summary to ``path``."""
    from fpdf.fonts import FontFace

    from anef_tui.documents import layout
    from anef_tui.documents.layout import FONT, MARGIN, DocumentPDF

    wording = wording or case_summary_wording()
    common = common or common_wording()
    pdf = DocumentPDF(common, wording.title)
    pdf.add_page()
    bottom = layout.header_block(pdf)
    pdf.set_y(bottom + 8)
    layout.centered_lines(pdf, [wording.title], 14, "B")
    pdf.ln(1)
    layout.centered_lines(pdf, [data.procedure_title], 10.5)
    if data.generated_on:
        pdf.set_text_color(*layout.GREY)
        layout.centered_lines(
            pdf, [wording.generated_on.format(date=layout.fmt_date(data.generated_on))], 8.5
        )
        pdf.set_text_color(0, 0, 0)
    pdf.ln(4)

    if data.references:
        layout.references_block(
            pdf, wording.references, data.references, MARGIN, pdf.get_y(), pdf.epw
        )
    else:
        layout.paragraph(pdf, wording.no_references, bold=True)

    ident, labels = data.identity, wording.identity
    layout.section_title(pdf, wording.identity_title)
    for label, value in (
        (labels.nom_naissance, ident.nom_naissance),
        (labels.nom_usage, ident.nom_usage),
        (labels.prenoms, ident.prenoms_text),
        (labels.sexe, ident.sexe),
        (labels.date_naissance, ident.date_naissance),
        (labels.lieu, ident.lieu_text),
        (labels.nationalite, ident.nationalites_text),
        (labels.adresse, ident.adresse_text),
    ):
        layout.label_value_row(pdf, label, value, x=MARGIN, w=pdf.epw, label_w=LABEL_W)

    for section in data.sections:
        layout.section_title(pdf, section.title)
        for row in section.rows:
            layout.label_value_row(
                pdf, row.label, row.value, x=MARGIN, w=pdf.epw, label_w=LABEL_W, line_h=4.8
            )

    layout.section_title(pdf, wording.files_title)
    if data.files:
        heads = wording.files_headings
        pdf.set_font(FONT, "", 8.5)
        with pdf.table(
            col_widths=(34, 30, 10, 15, 11),
            line_height=4.4,
            text_align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"),
            headings_style=FontFace(emphasis="BOLD", fill_color=layout.LIGHT_FILL),
            borders_layout="HORIZONTAL_LINES",
            padding=1.2,
        ) as table:
            head = table.row()
            for text in (
                heads.document,
                heads.file_name,
                heads.file_type,
                heads.extent,
                heads.size,
            ):
                head.cell(layout.nfc(text))
            for item in data.files:
                row = table.row()
                row.cell(layout.nfc(item.document_label))
                row.cell(layout.nfc(item.file_name))
                row.cell(item.file_type)
                row.cell(_extent(item, wording))
                row.cell(layout.fmt_size(item.size_bytes))
        pdf.set_font(FONT, "", 10)
    else:
        layout.paragraph(pdf, wording.no_files)

    layout.section_title(pdf, wording.observations_title)
    layout.paragraph(
        pdf, data.observations.strip() or wording.no_observations, align=layout.Align.L
    )
    return layout.save(pdf, path)
