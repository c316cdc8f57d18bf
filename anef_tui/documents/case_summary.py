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
    from anef_tui.documents import layout
    from anef_tui.documents.layout import MARGIN, DocumentPDF

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
            if not row.label.strip():
                # A sentence of the step (motif, attestation): said whole, with no label.
                layout.paragraph(pdf, row.value, size=10, line_h=4.8, align=layout.Align.L)
            elif not row.value:
                # A heading inside a section (« Enfant 1 »).
                layout.paragraph(pdf, row.label.strip(), bold=True, size=10, line_h=4.8,
                                 space_after=0.5, align=layout.Align.L)
            else:
                layout.label_value_row(pdf, row.label, row.value, x=MARGIN, w=pdf.epw,
                                       label_w=LABEL_W, line_h=4.8)

    layout.section_title(pdf, wording.files_title)
    if data.files:
        # Each slot's heading, then its files under it, one line each (« Fichier : … »).
        heads = wording.files_headings
        by_slot: dict[str, list[AttachedFile]] = {}
        for item in data.files:
            by_slot.setdefault(item.document_label, []).append(item)
        for label, files in by_slot.items():
            layout.paragraph(pdf, label, bold=True, size=10, line_h=4.8, space_after=0.5,
                             align=layout.Align.L)
            for item in files:
                parts = [f"{heads.file_name} : {item.file_name}",
                         f"{heads.file_type} : {item.file_type}"]
                extent = _extent(item, wording)
                if extent:
                    parts.append(f"{heads.extent} : {extent}")
                parts.append(f"{heads.size} : {layout.fmt_size(item.size_bytes)}")
                layout.paragraph(pdf, "– " + " · ".join(parts), size=9, line_h=4.6,
                                 space_after=0.5, x=MARGIN + 4, w=pdf.epw - 4,
                                 align=layout.Align.L)
            pdf.ln(1.5)
    else:
        layout.paragraph(pdf, wording.no_files)

    layout.section_title(pdf, wording.observations_title)
    layout.paragraph(
        pdf, data.observations.strip() or wording.no_observations, align=layout.Align.L
    )
    return layout.save(pdf, path)
