"""Documents of the instruction: attestations (décision favorable, prolongation of a
renewal), the notification letters, and the certificat médical forms (guide 004).

Wording in data/documents/instruction_documents.yaml, validated at load; this module
takes plain data (no database, no case) so a script or a test can render them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from anef_tui.documents.model import Identity
from anef_tui.documents.texts import (
    CommonWording,
    IdentityLabels,
    NonEmpty,
    Paragraph,
    ReferencesWording,
    TitleWording,
    _check_placeholders,
    _Strict,
    load_wording_file,
    wording_dir,
)

FILE_NAME = "instruction_documents.yaml"
DECISION_PLACEHOLDERS = {"date_decision", "titre", "debut", "fin", "mention", "taxe"}
PROLONGATION_PLACEHOLDERS = {"date_depot", "debut", "fin"}
# The values the certificat's first block may print (filled by the administration).
FORM_VALUES = {"nom", "prenoms", "nom_usage", "sexe", "date_naissance", "lieu", "nationalite",
               "adresse", "date_entree", "telephone", "email", "responsable_legal"}


class AttestationWording(_Strict):
    title: TitleWording
    references: ReferencesWording
    identity: IdentityLabels
    paragraphs: list[Paragraph] = Field(min_length=1)


class BlockStyle(StrEnum):
    TITLE = "title"
    SUBTITLE = "subtitle"
    HEADING = "heading"
    TEXT = "text"
    BOLD = "bold"
    SMALL = "small"
    ITEM = "item"
    BLANK = "blank"  # a label followed by empty lines to write on
    FIELDS = "fields"
    PAGE_BREAK = "page_break"


class FormField(_Strict):
    label: NonEmpty
    value: NonEmpty


class FormBlock(_Strict):
    style: BlockStyle
    text: str = ""
    fields: list[FormField] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> FormBlock:
        if self.style is BlockStyle.FIELDS:
            if not self.fields:
                raise ValueError("fields : au moins un champ")
            unknown = {f.value for f in self.fields} - FORM_VALUES
            if unknown:
                raise ValueError(f"fields : valeur(s) inconnue(s) {sorted(unknown)}")
        elif self.style is not BlockStyle.PAGE_BREAK and not self.text.strip():
            raise ValueError(f"text : obligatoire pour le style « {self.style.value} »")
        _check_placeholders([("text", self.text)], {"identifiant"})
        return self


class FormWording(_Strict):
    file_name: NonEmpty
    blocks: list[FormBlock] = Field(min_length=1)


FORMS = ("notice_explicative", "demande_communication", "certificat_medical")


class InstructionDocumentsWording(_Strict):
    decision_favorable: AttestationWording
    prolongation_renouvellement: AttestationWording
    forms: dict[str, FormWording]

    @model_validator(mode="after")
    def _complete(self) -> InstructionDocumentsWording:
        for name, wording, allowed in (
            ("decision_favorable", self.decision_favorable, DECISION_PLACEHOLDERS),
            ("prolongation_renouvellement", self.prolongation_renouvellement,
             PROLONGATION_PLACEHOLDERS),
        ):
            _check_placeholders(((f"{name}.paragraphs.{i}.text", p.text)
                                 for i, p in enumerate(wording.paragraphs)), allowed)
        missing = set(FORMS) - set(self.forms)
        if missing:
            raise ValueError(f"forms : manquants {sorted(missing)}")
        return self


def instruction_wording(directory: Path | None = None) -> InstructionDocumentsWording:
    if directory is not None:
        return load_wording_file(directory / FILE_NAME, InstructionDocumentsWording)
    return _cached()


@cache
def _cached() -> InstructionDocumentsWording:
    return load_wording_file(wording_dir() / FILE_NAME, InstructionDocumentsWording)


# -- data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttestationData:
    """An attestation's dated values; `references` are (label key, value) rows."""

    identity: Identity
    numero_demande: str
    numero_etranger: str
    third_reference: str  # the DATE D'ÉMISSION, or « du … au … » (Validité)
    values: dict[str, str]


@dataclass(frozen=True)
class LetterSection:
    heading: str
    items: tuple[tuple[str, str], ...]  # (piece label, « Observations » text)


@dataclass(frozen=True)
class LetterData:
    """A notification as printed: what « Mes notifications » shows when opened."""

    title: str
    references: tuple[tuple[str, str], ...]
    greeting: str
    before: tuple[str, ...]
    sections: tuple[LetterSection, ...] = ()
    observations_label: str = "Observations :"
    after: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()
    ours_note: str = ""


@dataclass(frozen=True)
class FormData:
    identifiant: str
    values: dict[str, str] = field(default_factory=dict)


# -- rendering ------------------------------------------------------------------------


def _fmt(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def decision_values(date_decision: date, titre: str, debut: date, fin: date, mention: str,
                    taxe: int) -> dict[str, str]:
    return {"date_decision": _fmt(date_decision), "titre": titre, "debut": _fmt(debut),
            "fin": _fmt(fin), "mention": mention, "taxe": str(taxe)}


def prolongation_values(date_depot: date, debut: date, fin: date) -> dict[str, str]:
    return {"date_depot": _fmt(date_depot), "debut": _fmt(debut), "fin": _fmt(fin)}


def attestation_texts(wording: AttestationWording, data: AttestationData) -> list[tuple[str, bool]]:
    return [(p.text.format(**data.values), p.bold) for p in wording.paragraphs]


def render_attestation(wording: AttestationWording, data: AttestationData,
                       path: Path | str, common: CommonWording | None = None) -> Path:
    """`common`: the téléprocédure's header (its guide's ministry lines), else the shared one."""
    from anef_tui.documents import layout
    from anef_tui.documents.layout import FONT, MARGIN, DocumentPDF
    from anef_tui.documents.texts import common_wording

    pdf = DocumentPDF(common or common_wording(), wording.title.full)
    pdf.add_page()
    y = layout.title_block(pdf, wording.title, layout.header_block(pdf) + 8)
    pdf.set_xy(MARGIN, y + 8)
    pdf.set_font(FONT, "B", 10.5)
    pdf.cell(0, 6, layout.nfc(wording.references.heading), new_x="LMARGIN", new_y="NEXT")
    refs = wording.references
    for label, value in ((refs.identifiant, data.numero_etranger),
                         (refs.numero_demande, data.numero_demande),
                         (refs.date_emission, data.third_reference)):
        layout.label_value_row(pdf, label, value, x=MARGIN, w=pdf.epw, label_w=62,
                               value_style="B")
    layout.rule(pdf, space=4)
    labels, ident = wording.identity, data.identity
    rows = [(labels.nom_naissance, ident.nom_naissance)]
    if labels.nom_usage is not None:
        rows.append((labels.nom_usage, ident.nom_usage))
    rows += [(labels.prenoms, ident.prenoms_text), (labels.date_naissance, ident.date_naissance),
             (labels.lieu, ident.lieu_text), (labels.nationalite, ident.nationalites_text),
             (labels.adresse, ident.adresse_text)]
    for label, value in rows:
        layout.label_value_row(pdf, label, value.strip().upper(), x=MARGIN, w=pdf.epw,
                               label_w=38, value_style="B")
    layout.rule(pdf, space=4)
    pdf.ln(2)
    for text, bold in attestation_texts(wording, data):
        layout.paragraph(pdf, text, bold=bold, space_after=3)
    return layout.save(pdf, path)


def render_letter(data: LetterData, path: Path | str,
                  common: CommonWording | None = None) -> Path:
    from anef_tui.documents import layout
    from anef_tui.documents.layout import FONT, MARGIN, DocumentPDF
    from anef_tui.documents.texts import TitleWording, common_wording

    pdf = DocumentPDF(common or common_wording(), data.title)
    pdf.add_page()
    y = layout.title_block(pdf, TitleWording(main=data.title), layout.header_block(pdf) + 8)
    pdf.set_xy(MARGIN, y + 6)
    for label, value in data.references:
        layout.label_value_row(pdf, label, value, x=MARGIN, w=pdf.epw, label_w=50,
                               value_style="B")
    layout.rule(pdf, space=4)
    layout.paragraph(pdf, data.greeting)
    for text in data.before:
        layout.paragraph(pdf, text)
    for section in data.sections:
        layout.paragraph(pdf, section.heading, bold=True)
        for label, observation in section.items:
            layout.paragraph(pdf, f"{label} :", bold=True, x=MARGIN + 4, w=pdf.epw - 4,
                             space_after=1)
            layout.paragraph(pdf, data.observations_label, x=MARGIN + 4, w=pdf.epw - 4,
                             space_after=1)
            layout.paragraph(pdf, observation, x=MARGIN + 8, w=pdf.epw - 8)
    for text in data.after:
        layout.paragraph(pdf, text)
    for text in data.documents:
        layout.paragraph(pdf, f"• {text}", bold=True, space_after=1)
    if data.signature:
        pdf.ln(2)
        for line in data.signature:
            layout.paragraph(pdf, line, space_after=0.5)
    if data.ours_note:
        pdf.ln(4)
        pdf.set_font(FONT, "I", 8)
        layout.paragraph(pdf, data.ours_note, size=8)
    return layout.save(pdf, path)


def render_form(wording: FormWording, data: FormData, path: Path | str,
                common: CommonWording | None = None) -> Path:
    """A form of guide 004; only the `fields` blocks print values (block 1)."""
    from fpdf.enums import Align

    from anef_tui.documents import layout
    from anef_tui.documents.layout import MARGIN, DocumentPDF
    from anef_tui.documents.texts import TitleWording, common_wording

    title = next((b.text for b in wording.blocks if b.style is BlockStyle.TITLE),
                 wording.file_name)
    pdf = DocumentPDF(common or common_wording(), title)
    pdf.add_page()
    values = {"identifiant": data.identifiant}
    for block in wording.blocks:
        text = block.text.format(**values) if block.text else ""
        style = block.style
        if style is BlockStyle.PAGE_BREAK:
            pdf.add_page()
        elif style is BlockStyle.TITLE:
            layout.title_block(pdf, TitleWording(main=text), pdf.get_y() + 2)
            pdf.ln(2)
        elif style is BlockStyle.SUBTITLE:
            layout.paragraph(pdf, text, size=11, align=Align.C)
        elif style is BlockStyle.HEADING:
            layout.section_title(pdf, text)
        elif style is BlockStyle.BOLD:
            layout.paragraph(pdf, text, bold=True)
        elif style is BlockStyle.SMALL:
            layout.paragraph(pdf, text, size=8, line_h=3.8)
        elif style is BlockStyle.ITEM:
            layout.paragraph(pdf, text, x=MARGIN + 5, w=pdf.epw - 5, space_after=1.5)
        elif style is BlockStyle.BLANK:
            layout.paragraph(pdf, text, space_after=14)
        elif style is BlockStyle.FIELDS:
            for f in block.fields:
                layout.label_value_row(pdf, f.label, data.values.get(f.value, ""), x=MARGIN,
                                       w=pdf.epw, label_w=45, value_style="B")
            pdf.ln(2)
        else:
            layout.paragraph(pdf, text)
    return layout.save(pdf, path)


def references_rows(rows: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((label, value) for label, value in rows if value)
