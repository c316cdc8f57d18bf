"""From a notification of a case to its text and its printed documents.

anef_tui.documents knows layouts and wording; anef_tui.instruction knows the exchanges;
this module knows where each printed value comes from (identity, references, payload).
Documents are written again from the stored notification whenever they are missing:
the notification, not the PDF, is the record.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from anef_tui.catalog.models import Instruction
from anef_tui.documents.instruction import (
    AttestationData,
    FormData,
    LetterData,
    LetterSection,
    decision_values,
    instruction_wording,
    prolongation_values,
    references_rows,
    render_attestation,
    render_form,
    render_letter,
)
from anef_tui.instruction import rules
from anef_tui.instruction.records import Notification
from anef_tui.instruction.wording import NotificationKind, NotificationsWording, Reason

if TYPE_CHECKING:
    from anef_tui.casefile import CaseState
    from anef_tui.records import CaseRecord

OURS_NOTE = ("Texte rédigé pour anef-tui : les guides de la DGEF ne donnent pas le "
             "libellé de cette notification.")


def _fmt(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _placeholders(state: CaseState, record: CaseRecord, notification: Notification,
                  instruction: Instruction) -> dict[str, str]:
    flat = state.flat_answers()
    roles = state.procedure.role_ids()
    prenoms = flat.get(roles.get("prenoms", "")) or ""
    validity = notification.validity
    last_day = rules.deadline(notification, instruction)
    if notification.kind is NotificationKind.CLOSURE and notification.payload.get("deadline"):
        last_day = date.fromisoformat(notification.payload["deadline"])
    return {
        "nom": str(flat.get(roles.get("nom_naissance", "")) or ""),
        "prenom": " ".join(prenoms) if isinstance(prenoms, list) else str(prenoms),
        "numero_demande": record.numero_demande or "",
        "date_depot": _fmt(record.deposited_at.astimezone().date()
                           if record.deposited_at else None),
        "jours": str(instruction.complement.days),
        "date_limite": _fmt(last_day),
        "debut": _fmt(validity[0]) if validity else "",
        "fin": _fmt(validity[1]) if validity else "",
    }


def letter(state: CaseState, record: CaseRecord, notification: Notification,
           wording: NotificationsWording, instruction: Instruction) -> LetterData:
    """The notification as the applicant reads it, placeholders filled."""
    kind = wording.kind(notification.kind)
    values = _placeholders(state, record, notification, instruction)
    sections: list[LetterSection] = []
    if notification.kind is NotificationKind.COMPLEMENT:
        for reason in Reason:
            items = tuple((p.label, p.observation) for p in notification.pieces
                          if p.reason is reason)
            if items:
                sections.append(LetterSection(wording.reasons[reason].heading, items))
    before = [t.format(**values) for t in kind.before]
    if notification.kind is NotificationKind.COMPLEMENT_PRE_DEMANDE:
        # 002: « - JUSTIFICATIF.png « JUSTIFICATIF_NATIONALITE » (Le document n'est pas
        # valide) : Veuillez fournir un document valide »
        for p in notification.pieces:
            files = ", ".join(p.deposited_files)
            before.append(f"- {files + ' ' if files else ''}« {p.label} » "
                          f"({wording.reasons[p.reason].label}) : {p.observation}")
    references = references_rows([
        ("N° de la demande", record.numero_demande or ""),
        ("Date", _fmt(notification.issued_at.astimezone().date())),
        ("Domaine", wording.listing.domain),
    ])
    return LetterData(
        title=kind.title, references=references, greeting=kind.greeting.format(**values),
        before=tuple(before), sections=tuple(sections),
        observations_label=wording.answer.observations_label,
        after=tuple(t.format(**values) for t in kind.after),
        documents=tuple(kind.documents),
        signature=tuple(wording.signature(notification.kind)),
        ours_note=OURS_NOTE if kind.ours else "",
    )


def certificat_values(state: CaseState, record: CaseRecord) -> dict[str, str]:
    """The certificat médical's first block: identity only, never anything medical."""
    from anef_tui.official_documents import identity_of, shown_role

    ident = identity_of(state)
    return {
        "nom": ident.nom_naissance.upper(),
        "prenoms": ident.prenoms_text.upper(),
        "nom_usage": ident.nom_usage.upper(),
        "sexe": ident.sexe[:1].upper() if ident.sexe else "",
        "date_naissance": ident.date_naissance,
        "lieu": ident.lieu_text.upper(),
        "nationalite": ident.nationalites_text.upper(),
        "adresse": ident.adresse_text,
        "date_entree": shown_role(state, "date_entree"),
        "telephone": shown_role(state, "telephone"),
        "email": shown_role(state, "email"),
        "responsable_legal": "",
    }


def write_documents(state: CaseState, record: CaseRecord, notification: Notification,
                    wording: NotificationsWording, instruction: Instruction,
                    folder: Path) -> list[Path]:
    """The notification's printable documents, written if missing: its letter first."""
    from anef_tui.official_documents import common_for, identity_of

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = f"{notification.id:04d}_{notification.issued_at.astimezone():%Y%m%d}"
    docs = instruction_wording()
    paths: list[Path] = []

    def wanted(name: str) -> Path | None:
        path = folder / f"{name}_{stamp}.pdf"
        paths.append(path)
        return None if path.exists() else path

    # The ministry as this téléprocédure's guide prints it, as on the confirmation.
    header = common_for(state.procedure)
    target = wanted(f"NOTIFICATION_{notification.kind.value.upper()}")
    if target:
        render_letter(letter(state, record, notification, wording, instruction), target,
                      header)
    decision = notification.decision
    if notification.kind is NotificationKind.DECISION_FAVORABLE and decision is not None:
        target = wanted("ATTESTATION_DECISION_FAVORABLE")
        if target:
            day = notification.issued_at.astimezone().date()
            render_attestation(docs.decision_favorable, AttestationData(
                identity=identity_of(state), numero_demande=record.numero_demande or "",
                numero_etranger=record.numero_etranger or "", third_reference=_fmt(day),
                values=decision_values(day, wording.titres[decision.titre],
                                       decision.valid_from, decision.valid_to,
                                       decision.mention, decision.tax_euros)), target,
                               header)
    if notification.kind is NotificationKind.PROLONGATION and notification.validity:
        target = wanted("ATTESTATION_PROLONGATION_INSTRUCTION")
        if target:
            debut, fin = notification.validity
            deposit = record.deposited_at.astimezone().date() if record.deposited_at else debut
            render_attestation(docs.prolongation_renouvellement, AttestationData(
                identity=identity_of(state), numero_demande=record.numero_demande or "",
                numero_etranger=record.numero_etranger or "",
                third_reference=f"du {_fmt(debut)} au {_fmt(fin)}",
                values=prolongation_values(deposit, debut, fin)), target, header)
    if notification.kind is NotificationKind.CERTIFICAT_MEDICAL:
        values = certificat_values(state, record)
        for name in ("notice_explicative", "demande_communication", "certificat_medical"):
            form = docs.forms[name]
            target = wanted(form.file_name)
            if target:
                render_form(form, FormData(record.numero_etranger or "", values), target,
                            header)
    return paths
