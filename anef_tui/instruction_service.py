"""The instruction of deposited cases, for both sides, reached as `CaseService.instruction`.

Instruction side (agent instructeur): the dossiers waiting, demande de complément,
certificat médical, prolongation, décision, closure. Counter side: « Mes notifications »,
opening one (the accusé de réception), answering a complément with its own files.
Each operation is one transaction; a refused one writes nothing and says why in French.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from anef_tui.catalog.models import Instruction
from anef_tui.instruction import clock, rules
from anef_tui.instruction.records import (
    KEEP,
    OTHER_PREFIX,
    SIDE_COUNTER,
    SIDE_INSTRUCTION,
    SIDE_LABELS,
    ComplementAnswer,
    HistoryEntry,
    HistoryLine,
    Notification,
    PieceAnswer,
    RequestedPiece,
    TitreDecision,
)
from anef_tui.instruction.rules import AnswerRefused, InstructionRefused
from anef_tui.instruction.wording import (
    ListFilter,
    NotificationKind,
    NotificationsWording,
    load_notifications_wording,
)
from anef_tui.lifecycle import OPEN_STATUSES, Event, is_deposited
from anef_tui.storage.exchanges import ExchangeRepository

if TYPE_CHECKING:
    from anef_tui.casefile import CaseState
    from anef_tui.catalog.models import Procedure
    from anef_tui.clock import Clock
    from anef_tui.config import Settings
    from anef_tui.documents.instruction import LetterData
    from anef_tui.records import CaseRecord, CaseSummary, StoredAttachment, StoredFile
    from anef_tui.search_terms import QueueCursor
    from anef_tui.storage.repository import CaseRepository


class Cases(Protocol):
    """What the instruction needs of CaseService (a Protocol: no import cycle)."""

    settings: Settings
    repo: CaseRepository
    clock: Clock

    def procedure(self, procedure_id: str) -> Procedure: ...
    def get(self, case_id: int) -> CaseRecord: ...
    def state(self, record: CaseRecord, today: date | None = None) -> CaseState: ...
    def list_cases(self) -> list[CaseSummary]: ...
    def case_dir(self, case_id: int) -> Path: ...
    def attachment_file(self, case_id: int, attachment: StoredFile,
                        store: Path | None = None) -> Path: ...

COMPLEMENTS_DIR = "complements"
NOTIFICATIONS_DIR = "notifications"


@dataclass(frozen=True)
class RequestablePiece:
    """A slot of the dossier the agent may ask again, with the files deposited in it."""

    key: str
    label: str
    deposited_files: tuple[str, ...]


TEXT_MAX = 2000


def clean_text(value: str | None, what: str, error: type[Exception],
               multiline: bool = True) -> str:
    """Free text of an exchange, under the same rule as every field (no hidden marks)."""
    from anef_tui.formats import FormatError, parse_text

    try:
        return parse_text(value or "", max_length=TEXT_MAX, multiline=multiline)
    except FormatError as exc:
        raise error(f"{what} : {exc}") from None


def _whole(typed: str, field: str, message: str) -> int:
    try:
        return int(typed.strip())
    except ValueError:
        raise InstructionRefused(message, field) from None


class InstructionService:
    def __init__(self, cases: Cases) -> None:
        self.cases = cases
        self.repo = ExchangeRepository(cases.repo)

    def _now(self, now: datetime | None) -> datetime:
        """`now` if a test gives it, else the service's clock (never the wall clock here)."""
        return (now or self.cases.clock()).astimezone().replace(microsecond=0)

    def today(self) -> date:
        return self.cases.clock().date()

    @property
    def wording(self) -> NotificationsWording:
        return load_notifications_wording()

    def rules(self, record: CaseRecord) -> Instruction:
        return self.cases.procedure(record.procedure_id).instruction

    def api_validity(self, record: CaseRecord) -> tuple[date, date] | None:
        """The attestation issued with the deposit (BPI: 6 months), if the procedure has one."""
        confirmation = self.cases.procedure(record.procedure_id).confirmation
        if (confirmation.document != "prolongation_instruction" or not record.deposited_at
                or not confirmation.validity_months):
            return None
        start = record.deposited_at.astimezone().date()
        return start, clock.validity_end(start, confirmation.validity_months)

    # -- reading (both sides) ------------------------------------------------------

    def waiting(self) -> list[CaseSummary]:
        """The deposited dossiers still open to instruction, oldest deposit first."""
        return self.cases.repo.with_status(OPEN_STATUSES)

    def waiting_page(self, limit: int, after: QueueCursor | None = None
                     ) -> tuple[list[CaseSummary], QueueCursor | None]:
        """A page of waiting(), after the previous page's cursor; and the next cursor
        (None: the queue is whole)."""
        return self.cases.repo.status_page(OPEN_STATUSES, limit, after)

    def notifications(self, case_id: int,
                      which: ListFilter = ListFilter.ALL) -> list[Notification]:
        """Newest first, as « Mes notifications » lists them."""
        found = list(reversed(self.repo.notifications(case_id)))
        if which is ListFilter.UNREAD:
            return [n for n in found if n.read_at is None]
        if which is ListFilter.TO_ANSWER:
            return [n for n in found if n.kind.is_complement and n.answered_at is None]
        return found

    def notification(self, notification_id: int) -> Notification:
        return self.repo.notification(notification_id)

    def deadline(self, notification: Notification) -> date | None:
        record = self.cases.get(notification.case_id)
        return rules.deadline(notification, self.rules(record))

    def countdown(self, notification: Notification, today: date) -> clock.Countdown | None:
        last_day = self.deadline(notification)
        return None if last_day is None else clock.countdown(last_day, today)

    def letter(self, notification: Notification) -> LetterData:
        """The notification's text as the applicant reads it (title, body, pieces…)."""
        from anef_tui.instruction_documents import letter

        record = self.cases.get(notification.case_id)
        return letter(self.cases.state(record), record, notification, self.wording,
                      self.rules(record))

    def documents(self, notification_id: int) -> list[Path]:
        """Its printable documents (letter, attestation, certificat forms), written if
        missing, in the case's private folder."""
        from anef_tui.instruction_documents import write_documents

        notification = self.repo.notification(notification_id)
        record = self.cases.get(notification.case_id)
        return write_documents(self.cases.state(record), record, notification, self.wording,
                               self.rules(record),
                               self.cases.case_dir(record.id) / NOTIFICATIONS_DIR)

    def answer_of(self, notification_id: int) -> ComplementAnswer | None:
        return self.repo.answer_of(notification_id)

    def answer_lines(self, notification: Notification,
                     answer: ComplementAnswer) -> tuple[str, list[str]]:
        """A complément's answer read back, the same on the dossier screen and in plain
        mode: « Réponse du JJ/MM/AAAA : », then one line per piece and the observations
        (each caller indents them its own way)."""
        words = self.wording.answer
        summary = words.summary
        labels = {p.key: p.label for p in notification.pieces}
        lines = []
        for item in answer.items:
            parts = [f"{labels.get(item.piece, item.piece)} : "
                     f"{words.keep if item.choice == KEEP else words.update}"]
            if item.reason:
                parts.append(summary.reason.format(texte=item.reason))
            files = [f.original_name for f in answer.files if f.piece == item.piece]
            if files:
                parts.append(", ".join(files))
            if item.message:
                parts.append(summary.message.format(texte=item.message))
            lines.append(" — ".join(parts))
        if answer.observations:
            lines.append(summary.observations.format(texte=answer.observations))
        heading = summary.heading.format(date=f"{answer.answered_at.astimezone():%d/%m/%Y}")
        return heading, lines

    def validity_line(self, start: date | None, end: date | None) -> str:
        """« Valable du … au … (calculé) »: a décision favorable's validity as typed; a date
        not known yet (the form being typed) is said « — »."""
        def day(when: date | None) -> str:
            return "—" if when is None else f"{when:%d/%m/%Y}"

        return self.wording.decision_validity.format(debut=day(start), fin=day(end))

    def history(self, case_id: int) -> list[HistoryEntry]:
        return self.repo.history(case_id)

    def history_lines(self, case_id: int) -> list[HistoryLine]:
        """« Historique du dossier » in words, newest first: a notification is called by
        its title (and so is the one an accusé de réception acknowledges)."""
        wording = self.wording
        titles = {k.value: w.title for k, w in wording.kinds.items()}
        events = wording.history.events
        return [HistoryLine(entry.at, SIDE_LABELS.get(entry.side, entry.side),
                            events.get(entry.kind) or titles.get(entry.kind, entry.kind),
                            titles.get(entry.detail, entry.detail) if entry.kind == "lecture"
                            else entry.detail)
                for entry in self.history(case_id)]

    def attention_text(self, summary: CaseSummary, today: date, *, marked: bool = True) -> str:
        """What the dossier needs, in words; `marked=False` without the screens' symbol
        (plain mode: a screen reader would read the symbol's name aloud)."""
        return rules.attention_text(summary.attention, summary.attention_until, today,
                                    marked=marked)

    def attention_rank(self, summary: CaseSummary, today: date) -> tuple[int, date] | None:
        return rules.attention_rank(summary.attention, summary.attention_until, today)

    def possible_events(self, case_id: int, today: date) -> frozenset[Event]:
        """What the agent can notify today on this dossier (rules.possible_events)."""
        record = self.cases.get(case_id)
        return rules.possible_events(self.notifications(case_id), record.status,
                                     self.rules(record), today)

    def requestable_pieces(self, record: CaseRecord) -> list[RequestablePiece]:
        """The dossier's slots (those its answers make apply), with their deposited files."""
        state = self.cases.state(record)
        out = []
        for visible in state.all_documents():
            files = tuple(a.original_name for a in record.attachments
                          if a.slot_id == visible.slot.id)
            out.append(RequestablePiece(visible.slot.id, visible.slot.label, files))
        return out

    def max_files(self, record: CaseRecord, piece_key: str) -> int:
        state = self.cases.state(record)
        for visible in state.all_documents():
            if visible.slot.id == piece_key:
                return visible.max_files
        return self.cases.settings.limits.max_files_per_slot

    # -- instruction side ----------------------------------------------------------

    def _deposited(self, case_id: int) -> CaseRecord:
        record = self.cases.get(case_id)
        if not is_deposited(record.status):
            raise InstructionRefused("Ce dossier n'a pas été déposé : il ne peut pas être "
                                     "instruit.")
        return record

    def request_complement(self, case_id: int, pieces: Sequence[RequestedPiece],
                           now: datetime | None = None) -> Notification:
        """« Demande de complément »: the missing, invalid or unreadable pieces."""
        when = self._now(now)
        record = self._deposited(case_id)
        instruction = self.rules(record)
        known = {p.key: p for p in self.requestable_pieces(record)}
        if not pieces:
            raise InstructionRefused("Choisissez au moins un document à demander.")
        checked: list[RequestedPiece] = []
        for piece in pieces:
            if piece.key in {c.key for c in checked}:
                raise InstructionRefused(f"« {piece.label} » est demandé deux fois.")
            if not piece.is_other and piece.key not in known:
                raise InstructionRefused("Un document demandé n'est pas une pièce de ce "
                                         "dossier : choisissez « Autre document ».")
            label = (clean_text(piece.label, "Autre document", InstructionRefused, False)
                     if piece.is_other else known[piece.key].label)
            if not label:
                raise InstructionRefused("« Autre document » : précisez le document demandé.")
            observation = clean_text(piece.observation, f"« {label} »", InstructionRefused)
            if not observation:
                raise InstructionRefused(f"« {label} » : l'observation est obligatoire.")
            files = () if piece.is_other else known[piece.key].deposited_files
            checked.append(RequestedPiece(piece.key, label, piece.reason, observation, files))
        kind = (NotificationKind.COMPLEMENT_PRE_DEMANDE
                if instruction.complement.answer == "reprise" else NotificationKind.COMPLEMENT)
        payload: dict[str, object] = {"pieces": [p.to_json() for p in checked]}
        last_day = clock.complement_deadline(instruction, when.date(), None)
        if last_day is not None:
            payload["deadline"] = last_day.isoformat()
        return self.repo.notify(case_id, kind, Event.REQUEST_COMPLEMENT, payload, when=when,
                                side=SIDE_INSTRUCTION, instruction=instruction,
                                api_validity=self.api_validity(record),
                                detail=", ".join(p.label for p in checked))

    def provide_certificat(self, case_id: int, now: datetime | None = None) -> Notification:
        """« Mise à disposition de votre formulaire vierge de certificat médical »."""
        when = self._now(now)
        record = self._deposited(case_id)
        instruction = self.rules(record)
        if instruction.certificat_medical is None:
            raise InstructionRefused("Cette téléprocédure ne prévoit pas de certificat médical.")
        return self.repo.notify(case_id, NotificationKind.CERTIFICAT_MEDICAL,
                                Event.CERTIFICAT_MEDICAL, {}, when=when, side=SIDE_INSTRUCTION,
                                instruction=instruction, api_validity=self.api_validity(record))

    def prolong(self, case_id: int, now: datetime | None = None) -> Notification:
        """« Notification de prolongation de l'instruction »: dates computed, never typed."""
        when = self._now(now)
        record = self._deposited(case_id)
        instruction = self.rules(record)
        if instruction.prolongation is None:
            raise InstructionRefused("La prolongation de l'instruction ne concerne que les "
                                     "demandes de renouvellement.")
        debut, fin = clock.prolongation_validity(instruction, when.date())
        payload = {"validity": [debut.isoformat(), fin.isoformat()]}
        return self.repo.notify(case_id, NotificationKind.PROLONGATION, Event.PROLONGATION,
                                payload, when=when, side=SIDE_INSTRUCTION,
                                instruction=instruction, api_validity=self.api_validity(record),
                                detail=f"{debut:%d/%m/%Y} – {fin:%d/%m/%Y}")

    def decision(self, titre: str, mention: str, valid_from: date, months: int,
                 tax_euros: int) -> TitreDecision:
        """A décision checked and its end date computed (« valable du … au … »)."""
        if titre not in self.wording.titres:
            raise InstructionRefused("Choisissez le titre de séjour délivré.", "titre")
        try:
            mention = clean_text(mention, "Mention", InstructionRefused, multiline=False)
        except InstructionRefused as exc:
            raise InstructionRefused(str(exc), "mention") from None
        if not mention:
            raise InstructionRefused("La mention du titre est obligatoire.", "mention")
        if months < 1 or months > 120:
            raise InstructionRefused("La durée de validité doit être comprise entre 1 et 120 "
                                     "mois.", "months")
        if tax_euros < 0 or tax_euros > 10_000:
            raise InstructionRefused("Le montant des taxes doit être compris entre 0 et "
                                     "10 000 €.", "tax_euros")
        start, end = clock.titre_validity(valid_from, months)
        return TitreDecision(titre, mention.strip(), start, end, tax_euros)

    def typed_decision(self, titre: str, mention: str, valid_from: str, months: str,
                       tax_euros: str) -> TitreDecision:
        """A décision as typed (« Valable du » JJ/MM/AAAA, whole months and euros), checked
        as `decision` checks it: the screen and the plain mode read it alike. A refusal
        names the parameter refused (`InstructionRefused.field`)."""
        try:
            start = datetime.strptime(valid_from.strip(), "%d/%m/%Y").date()
        except ValueError:
            raise InstructionRefused("« Valable du » : date attendue au format JJ/MM/AAAA.",
                                     "valid_from") from None
        whole_months = _whole(months, "months",
                              "La durée de validité est un nombre entier de mois.")
        tax = _whole(tax_euros, "tax_euros", "Le montant des taxes est un nombre entier "
                     "d'euros.")
        return self.decision(titre, mention, start, whole_months, tax)

    def decide_favorable(self, case_id: int, decision: TitreDecision,
                         now: datetime | None = None) -> Notification:
        """« Notification de décision » with its « ATTESTATION DE DÉCISION FAVORABLE »."""
        when = self._now(now)
        record = self._deposited(case_id)
        instruction = self.rules(record)
        # The attestation justifies the stay until the new titre starts (our reading: the
        # guides give no end date; it is printed nowhere, only used to warn the counter).
        until = max(when.date(), decision.valid_from - timedelta(days=1))
        payload = {"decision": decision.to_json(),
                   "validity": [when.date().isoformat(), until.isoformat()]}
        return self.repo.notify(case_id, NotificationKind.DECISION_FAVORABLE,
                                Event.DECISION_FAVORABLE, payload, when=when,
                                side=SIDE_INSTRUCTION, instruction=instruction,
                                api_validity=self.api_validity(record),
                                detail=decision.mention)

    def decide_unfavorable(self, case_id: int, now: datetime | None = None) -> Notification:
        """« Notification de décision » défavorable (our wording: the guides give none)."""
        when = self._now(now)
        record = self._deposited(case_id)
        return self.repo.notify(case_id, NotificationKind.DECISION_UNFAVORABLE,
                                Event.DECISION_UNFAVORABLE, {}, when=when,
                                side=SIDE_INSTRUCTION, instruction=self.rules(record))

    def close_unanswered(self, case_id: int, now: datetime | None = None) -> Notification:
        """Close the dossier whose demande de complément was not answered in time."""
        when = self._now(now)
        record = self._deposited(case_id)
        instruction = self.rules(record)
        def check(notifications: list[Notification], status: str) -> dict[str, str]:
            pending = rules.open_complement(notifications)
            if pending is None:
                raise InstructionRefused("Aucune demande de complément n'attend de réponse : "
                                         "le dossier ne peut pas être clôturé.")
            last_day = rules.deadline(pending, instruction)
            if last_day is None:
                raise InstructionRefused("La demande de complément n'a pas encore été lue : "
                                         "son délai n'a pas commencé.")
            if when.date() <= last_day:
                raise InstructionRefused(
                    f"Le délai de réponse court jusqu'au {last_day:%d/%m/%Y} inclus : le "
                    "dossier ne peut pas encore être clôturé.")
            return {"deadline": last_day.isoformat(), "complement": str(pending.id)}

        return self.repo.notify(case_id, NotificationKind.CLOSURE, Event.CLOSE, {},
                                when=when, side=SIDE_INSTRUCTION, instruction=instruction,
                                check=check)

    # -- counter side --------------------------------------------------------------

    def open(self, notification_id: int, now: datetime | None = None) -> Notification:
        """Open a notification: its first opening is the accusé de réception."""
        notification = self.repo.notification(notification_id)
        record = self.cases.get(notification.case_id)
        return self.repo.mark_read(notification_id, when=self._now(now), side=SIDE_COUNTER,
                                   instruction=self.rules(record),
                                   api_validity=self.api_validity(record))

    def check_answerable(self, notification: Notification, today: date) -> None:
        """Refuse at once (before any file is chosen) an answer that cannot be sent."""
        record = self.cases.get(notification.case_id)
        rules.check_answerable(notification, record.status, self.rules(record), today)

    def complements_dir(self, case_id: int) -> Path:
        return self.cases.case_dir(case_id) / COMPLEMENTS_DIR

    def attach(self, notification_id: int, piece_key: str, source: Path,
               pending: Sequence[StoredAttachment],
               today: date | None = None) -> StoredAttachment:
        """Check `source` as at the deposit and copy it into the case's complements store."""
        from anef_tui.attachments.ingest import ingest
        from anef_tui.attachments.slots import check_can_add, check_not_full
        from anef_tui.attachments.store import remove_stored
        from anef_tui.config import ensure_private_dir
        from anef_tui.records import StoredAttachment

        notification = self.repo.notification(notification_id)
        self.check_answerable(notification, today or self.today())
        piece = next((p for p in notification.pieces if p.key == piece_key), None)
        if piece is None:
            raise InstructionRefused("Ce document ne fait pas partie de la demande.")
        record = self.cases.get(notification.case_id)
        max_files = self.max_files(record, piece_key)
        in_piece = [a.sha256 for a in pending if a.slot_id == piece_key]
        check_not_full(in_piece, max_files, piece.label)
        ensure_private_dir(self.cases.case_dir(record.id))
        store = self.complements_dir(record.id)
        ensure_private_dir(store)
        limits = self.cases.settings.limits
        stored = ingest(source, store, max_bytes=limits.max_file_bytes,
                        image_limits=limits.image_limits)
        try:
            check_can_add(in_piece, stored.sha256, max_files, piece.label)
        except Exception:
            if not any(a.stored_name == stored.relpath for a in pending):
                remove_stored(store, stored.relpath)
            raise
        return StoredAttachment(
            slot_id=piece_key, original_name=stored.original_name, stored_name=stored.relpath,
            sha256=stored.sha256, size=stored.size, kind=str(stored.kind), mime=stored.mime,
            pages=stored.pages, width=stored.width, height=stored.height,
        )

    def answer(self, notification_id: int, items: Sequence[PieceAnswer],
               observations: str | None = None,
               now: datetime | None = None) -> ComplementAnswer:
        """« Valider et envoyer » (or « Déposer les compléments » for a pré-demande)."""
        notification = self.repo.notification(notification_id)
        record = self.cases.get(notification.case_id)
        max_files = max((self.max_files(record, p.key) for p in notification.pieces),
                        default=self.cases.settings.limits.max_files_per_slot)
        labels = {p.key: p.label for p in notification.pieces}
        items = [PieceAnswer(i.piece, i.choice,
                             clean_text(i.reason, f"« {labels.get(i.piece, '')} »", AnswerRefused),
                             clean_text(i.message, "Message à l'agent", AnswerRefused),
                             i.files) for i in items]
        observations = clean_text(observations, "Observations", AnswerRefused)
        sent = self.repo.answer(notification_id, items, observations, when=self._now(now),
                                side=SIDE_COUNTER, instruction=self.rules(record),
                                max_files=max_files, api_validity=self.api_validity(record),
                                file_source=lambda f: self._complement_path(
                                    record.id, f).read_bytes())
        # Sent: what was attached and not sent goes. A failure here loses nothing (the
        # answer is committed) and the start-up sweep finishes the job.
        with contextlib.suppress(OSError):
            self.prune_complements(record.id)
        return sent

    def prune_complements(self, case_id: int) -> int:
        """Erase the case's complément files that no sent answer references.

        A file is copied in when attached but referenced only once the answer is sent:
        what was attached then removed, or left unsent when the answer screen was left,
        is personal data with no use any more (as `CaseService.prune_store` for drafts).
        """
        from anef_tui.attachments.store import remove_stored, sweep_partials

        store = self.complements_dir(case_id)
        if not store.is_dir():
            return 0
        kept = {f.stored_name for n in self.repo.notifications(case_id) if n.answered_at
                for answer in [self.repo.answer_of(n.id)] if answer is not None
                for f in answer.files}
        removed = sweep_partials(store)
        for entry in store.iterdir():
            if entry.is_file() and entry.name not in kept and not entry.name.startswith("."):
                removed += remove_stored(store, entry.name)
        return removed

    def _complement_path(self, case_id: int, attachment: StoredAttachment) -> Path:
        from anef_tui.attachments.store import stored_path

        return stored_path(self.complements_dir(case_id), attachment.stored_name)

    def complement_file(self, case_id: int, attachment: StoredFile) -> Path:
        """A readable copy of a complément's file on this desk (from the database on
        PostgreSQL when it was sent from another desk), to open or print it."""
        return self.cases.attachment_file(case_id, attachment,
                                          store=self.complements_dir(case_id))


__all__ = ["OTHER_PREFIX", "InstructionRefused", "InstructionService", "RequestablePiece"]
