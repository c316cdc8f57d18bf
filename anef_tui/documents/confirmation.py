"""Confirmation of deposit PDFs and the BPI attestation de prolongation d'instruction.

Layout after the guides' annexes: header, title, « VOS RÉFÉRENCES », identity
block (values in upper case as in the annexes), dated text, 2D code.
"""

from __future__ import annotations

from pathlib import Path

from anef_tui.documents import code2d
from anef_tui.documents.model import ConfirmationData, DocumentKind, ProtectionMention
from anef_tui.documents.texts import (
    CommonWording,
    ConfirmationWording,
    common_wording,
    confirmation_wording,
)

QR_SIZE = 36.0


def confirmation_texts(
    data: ConfirmationData, wording: ConfirmationWording
) -> list[tuple[str, bool]]:
    """The dated paragraphs, placeholders filled: (text, bold)."""
    from anef_tui.documents.layout import fmt_date

    values = {"date_depot": fmt_date(data.references.date_depot), "debut": "", "fin": ""}
    validite = data.validite
    if validite:
        values["debut"], values["fin"] = fmt_date(validite[0]), fmt_date(validite[1])
    return [(p.text.format(**values), p.bold) for p in wording.paragraphs]


def identity_rows(data: ConfirmationData, wording: ConfirmationWording) -> list[tuple[str, str]]:
    ident, labels = data.identity, wording.identity
    rows: list[tuple[str, str]] = [(labels.nom_naissance, ident.nom_naissance)]
    if labels.nom_usage is not None:
        rows.append((labels.nom_usage, ident.nom_usage))
    rows += [
        (labels.prenoms, ident.prenoms_text),
        (labels.date_naissance, ident.date_naissance),
        (labels.lieu, ident.lieu_text),
        (labels.nationalite, ident.nationalites_text),
        (labels.adresse, ident.adresse_text),
    ]
    # The annexes print the whole identity block in upper case.
    return [(label, value.strip().upper()) for label, value in rows]


def mention_text(data: ConfirmationData, wording: ConfirmationWording) -> str | None:
    if data.mention is None:
        return None
    if isinstance(data.mention, ProtectionMention):
        return wording.mentions[data.mention]
    return data.mention.strip().upper()


def render_confirmation(
    data: ConfirmationData,
    path: Path | str,
    *,
    wording: ConfirmationWording | None = None,
    common: CommonWording | None = None,
) -> Path:
    """Write the confirmation (or BPI attestation) of ``data`` to ``path``."""
    from anef_tui.documents import layout
    from anef_tui.documents.layout import FONT, MARGIN, DocumentPDF

    wording = wording or confirmation_wording(data.kind)
    common = common or common_wording()
    pdf = DocumentPDF(common, wording.title.full)
    pdf.add_page()

    header_bottom = layout.header_block(pdf)
    y = layout.title_block(pdf, wording.title, header_bottom + 8)

    refs_top = y + 8
    qr_x = pdf.w - MARGIN - QR_SIZE
    refs_bottom = layout.references_block(
        pdf, wording.references, data.references, MARGIN, refs_top, qr_x - MARGIN - 4
    )
    payload = code2d.build_payload(data)
    code2d.draw_qr(pdf, payload, qr_x, refs_top - 2, QR_SIZE)
    pdf.set_xy(qr_x - 4, refs_top - 2 + QR_SIZE)
    pdf.set_font(FONT, "I", 6.5)
    pdf.set_text_color(*layout.GREY)
    pdf.multi_cell(QR_SIZE + 8, 3, layout.nfc(common.code2d_caption), align="C")
    pdf.set_text_color(0, 0, 0)
    qr_bottom = pdf.get_y()

    pdf.set_y(max(refs_bottom, qr_bottom))
    layout.rule(pdf, space=4)

    identity_top = pdf.get_y()
    mention = mention_text(data, wording)
    mention_bottom = identity_top
    if mention:
        # BPI: the mention sits in a box right of the identity, as in the annex.
        pdf.set_xy(pdf.w - MARGIN - 46, identity_top)
        pdf.set_font(FONT, "B", 10.5)
        pdf.set_draw_color(*layout.BLUE)
        pdf.set_line_width(0.5)
        pdf.multi_cell(46, 6, layout.nfc(mention), border=1, align="C", padding=2)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.2)
        mention_bottom = pdf.get_y()
        pdf.set_xy(MARGIN, identity_top)
    identity_w = pdf.epw - (52 if mention else 0)
    first_page = pdf.page_no()
    for label, value in identity_rows(data, wording):
        layout.label_value_row(
            pdf, label, value, x=MARGIN, w=identity_w, label_w=38, value_style="B"
        )
    identity_bottom = pdf.get_y()
    if pdf.page_no() == first_page:
        identity_bottom = max(identity_bottom, mention_bottom)
    pdf.set_y(identity_bottom)
    layout.rule(pdf, space=4)
    pdf.ln(2)

    for text, bold in confirmation_texts(data, wording):
        layout.paragraph(pdf, text, bold=bold, space_after=3)

    return layout.save(pdf, path)


def default_file_name(data: ConfirmationData) -> str:
    """File name in the style of ANEF's (ATTESTATION_..._<n°>_<AAAAMMJJ>.pdf)."""
    prefix = {
        DocumentKind.PREMIERE_DEMANDE: "CONFIRMATION_DEPOT",
        DocumentKind.RENOUVELLEMENT: "CONFIRMATION_DEPOT",
        DocumentKind.PRE_DEMANDE: "CONFIRMATION_DEPOT_PRE_DEMANDE",
        DocumentKind.PROLONGATION_INSTRUCTION: "ATTESTATION_PROLONGATION_INSTRUCTION",
    }[data.kind]
    refs = data.references
    return f"{prefix}_{refs.numero_demande}_{refs.date_depot:%Y%m%d}.pdf"
