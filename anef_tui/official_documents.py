"""From a case to its printed documents: confirmation, récapitulatif, pieces list.

anef_tui.documents knows layouts and wording; this module knows where each printed value
comes from in a case (answers, identity, definition).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from anef_tui.answers import display_value, step_summary
from anef_tui.casefile import CaseState
from anef_tui.catalog.conditions import EvalContext, holds
from anef_tui.catalog.loader import iter_fields
from anef_tui.catalog.models import FieldDef, Procedure

if TYPE_CHECKING:
    from anef_tui.documents.model import (
        CaseSummaryData,
        ConfirmationData,
        Identity,
        PieceListData,
    )
    from anef_tui.documents.texts import CommonWording
    from anef_tui.records import CaseRecord


def _fields(procedure: Procedure) -> dict[str, FieldDef]:
    return {f.id: f for _, f in iter_fields(procedure)}


def _shown(fields: dict[str, FieldDef], flat: dict[str, Any], field_id: str) -> str:
    value = flat.get(field_id)
    if field_id not in fields or value in (None, "", []):
        return ""
    return display_value(fields[field_id], value)


def shown_value(state: CaseState, field_id: str) -> str:
    """An answer as the guides print it (« 06 12 34 56 78 », « 31/08/2022 »), or ""."""
    return _shown(_fields(state.procedure), state.flat_answers(), field_id)


def shown_role(state: CaseState, role: str) -> str:
    """The answer of the field playing `role`, as printed; "" if no field plays it."""
    field_id = state.procedure.role_id(role)
    return shown_value(state, field_id) if field_id else ""


def identity_of(state: CaseState) -> Identity:
    """The identity block the documents print, read by role (anef_tui.catalog.roles)."""
    from anef_tui import reference
    from anef_tui.documents.model import Identity

    flat = state.flat_answers()
    fields = _fields(state.procedure)
    ids = state.procedure.role_ids()

    def raw(role: str) -> Any:
        return flat.get(ids[role]) if role in ids else None

    def shown(role: str) -> str:
        return _shown(fields, flat, ids[role]) if role in ids else ""

    prenoms = raw("prenoms") or []
    nationalites = raw("nationalite") or []
    town = " ".join(p for p in (shown("code_postal"), shown("ville")) if p)
    # Typed whole under « Adresse », or by hand (outre-mer) as « Numéro de voie » + « Voie ».
    street = shown("adresse") or " ".join(
        p for p in (shown("numero_voie"), shown("voie")) if p)
    return Identity(
        nom_naissance=str(raw("nom_naissance") or "—"),
        nom_usage=str(raw("nom_usage") or ""),
        prenoms=tuple(prenoms) if isinstance(prenoms, list) else (str(prenoms),),
        sexe=shown("sexe"),
        date_naissance=shown("date_naissance"),
        lieu_naissance=shown("lieu_naissance"),
        pays_naissance=shown("pays_naissance"),
        # The adjective agrees with the applicant (« sénégalaise »), as the guides print it.
        nationalites=tuple(
            reference.display(n, nationality=True)
            for n in (nationalites if isinstance(nationalites, list) else [nationalites])
        ) if "nationalite" in ids else (),
        adresse=tuple(p for p in (street, shown("complement_adresse"), town,
                                  shown("pays_residence")) if p),
    )


def confirmation_data(state: CaseState, record: CaseRecord) -> ConfirmationData:
    from anef_tui.documents.model import ConfirmationData, DocumentKind, References

    assert record.numero_demande and record.deposited_at
    kind = DocumentKind(state.procedure.confirmation.document)
    deposit_day = record.deposited_at.astimezone().date()
    return ConfirmationData(
        kind=kind,
        identity=identity_of(state),
        references=References(
            numero_demande=record.numero_demande,
            date_depot=deposit_day,
            numero_etranger=None if kind is DocumentKind.PRE_DEMANDE else record.numero_etranger,
        ),
        mention=state.mention(),
        validite_mois=state.procedure.confirmation.validity_months,
    )


def confirmation_path(state: CaseState, record: CaseRecord, folder: Path) -> Path:
    """Where the case's confirmation is written (its name says the document and number)."""
    from anef_tui.documents.confirmation import default_file_name

    return folder / default_file_name(confirmation_data(state, record))


def common_for(procedure: Procedure) -> CommonWording:
    """The shared wording, with the ministry as this téléprocédure's guide prints it."""
    from anef_tui.documents.texts import common_wording

    common = common_wording()
    if procedure.ministry_lines is None:
        return common
    header = common.header.model_copy(update={"ministry_lines": procedure.ministry_lines})
    return common.model_copy(update={"header": header})


def write_confirmation(state: CaseState, record: CaseRecord, folder: Path) -> Path:
    from anef_tui.documents.confirmation import default_file_name, render_confirmation

    data = confirmation_data(state, record)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return render_confirmation(data, folder / default_file_name(data),
                               common=common_for(state.procedure))


def case_summary_data(state: CaseState, record: CaseRecord) -> CaseSummaryData:
    from anef_tui.documents.model import (
        AttachedFile,
        CaseSummaryData,
        References,
        SummaryRow,
        SummarySection,
    )

    sections = []
    for step in state.steps:
        if step.kind != "form":
            continue
        for part in step_summary(state, step):
            rows = tuple(SummaryRow(("  " * r.indent) + r.label, r.value) for r in part.rows)
            sections.append(SummarySection(f"{step.title} — {part.title}".rstrip(" —"), rows))
    labels = {v.slot.id: v.slot.label for v in state.all_documents()}
    files = tuple(
        AttachedFile(document_label=labels.get(a.slot_id, a.slot_id), file_name=a.original_name,
                     file_type=a.kind.upper(), size_bytes=a.size,
                     pages=a.pages if a.kind == "pdf" else None,
                     pixels=(a.width, a.height) if a.width and a.height else None)
        for a in record.attachments
    )
    references = None
    if record.numero_demande and record.deposited_at:
        references = References(record.numero_demande, record.deposited_at.astimezone().date(),
                                numero_etranger=record.numero_etranger)
    return CaseSummaryData(
        procedure_title=state.procedure.title, identity=identity_of(state),
        references=references, sections=tuple(sections), files=files,
        observations=record.observations or "", generated_on=state.today,
    )


def write_case_summary(state: CaseState, record: CaseRecord, folder: Path) -> Path:
    from anef_tui.documents.case_summary import render_case_summary

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return render_case_summary(case_summary_data(state, record),
                               folder / f"RECAPITULATIF_DOSSIER_{record.id:06d}.pdf",
                               common=common_for(state.procedure))


def piece_list_data(procedure: Procedure, state: CaseState | None = None) -> PieceListData:
    """The « Liste des pièces justificatives »: for a case, or blank to print in advance.

    From the definition's copy of the guide's annex (`piece_list`), else from its slots.
    Printed in advance (no case), every item is listed with the condition under which it
    is asked; for a case, only those that apply to it.
    """
    from anef_tui.documents.model import PieceItem, PieceListData, PieceRequirement, PieceSection

    ctx: EvalContext | None = state.context() if state else None
    by_category: dict[str, list[PieceItem]] = {}
    # The guide's annex, word for word: its items, in its order, no requirement note.
    for annex in procedure.piece_list:
        for entry in annex.items:
            if ctx is not None and (entry.blank_only or not holds(entry.when, ctx)):
                continue
            by_category.setdefault(annex.title, []).append(PieceItem(
                entry.label, tuple(entry.lines), None, entry.heading or ""))
    for step in procedure.steps if not procedure.piece_list else ():
        for section in step.sections:
            if ctx is not None and not holds(section.when, ctx):
                continue
            for slot in section.documents:
                if ctx is not None and not holds(slot.when, ctx):
                    continue
                helps = [slot.help or ""]
                if ctx is None:
                    helps += [v.help for v in slot.variants]
                else:
                    helps = [next((v.help for v in slot.variants if holds(v.when, ctx)),
                                  slot.help or "")]
                requirement = (PieceRequirement.OPTIONAL if not slot.required else
                               PieceRequirement.CONDITIONAL if slot.when and ctx is None else
                               PieceRequirement.REQUIRED)
                item = PieceItem(slot.label, tuple(h for h in helps if h), requirement)
                by_category.setdefault(slot.category or section.title or "DOCUMENTS",
                                       []).append(item)
    applicant = None
    if state is not None:
        flat = state.flat_answers()
        # An usager inconnu's prénoms are a list (« + Ajouter un prénom »).
        applicant = " ".join(
            " ".join(value) if isinstance(value, list) else str(value)
            for value in (flat.get(procedure.role_id("nom_naissance") or ""),
                          flat.get(procedure.role_id("prenoms") or "")) if value
        ).strip() or None
    return PieceListData(
        procedure_title=procedure.piece_list_title,
        sections=tuple(PieceSection(title, tuple(items)) for title, items in by_category.items()),
        applicant=applicant,
    )


def write_piece_list(procedure: Procedure, folder: Path, state: CaseState | None = None) -> Path:
    from anef_tui.documents.piece_list import render_piece_list

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    suffix = "" if state is None else "_DOSSIER"
    return render_piece_list(piece_list_data(procedure, state),
                             folder / f"LISTE_PIECES_{procedure.id.upper()}{suffix}.pdf",
                             common=common_for(procedure))
