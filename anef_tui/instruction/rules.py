"""The rules of the exchanges: deadlines of a notification, what an answer must hold,
and what the counter has to do next (the home screen's « attention »).

Pure functions of records and the day: the storage calls them inside its transaction so
that the check and the write cannot be separated.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from anef_tui.catalog.models import Instruction
from anef_tui.instruction import clock
from anef_tui.instruction.records import KEEP, UPDATE, Notification, PieceAnswer
from anef_tui.instruction.wording import (
    AttentionLine,
    NotificationKind,
    load_notifications_wording,
)
from anef_tui.lifecycle import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    STATUS_COMPLEMENT_REQUESTED,
    STATUS_DECISION_FAVORABLE,
    TRANSITIONS,
    Event,
    label,
)

# Codes of cases.attention, in the order the home screen lists them.
ATTENTION_TO_ANSWER = "a_repondre"
ATTENTION_UNREAD = "non_lue"
ATTENTION_TO_SEND = "a_envoyer"
ATTENTION_EXPIRES = "expire"
ATTENTION_ORDER = (ATTENTION_TO_ANSWER, ATTENTION_UNREAD, ATTENTION_TO_SEND, ATTENTION_EXPIRES)
EXPIRY_WARNING_DAYS = 30


class InstructionRefused(Exception):
    """What the agent asked is not possible as asked; French message, nothing written.

    `field`, when one value is refused, names it (the parameter of the call that carried
    it: « mention », « valid_from »…): the form puts the focus there, without reading the
    message.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AnswerRefused(Exception):
    """A notification cannot be answered (or not this way); French message, nothing saved."""


def deadline(notification: Notification, rules: Instruction) -> date | None:
    """The last day to act on it: answer a complément, send the certificat médical."""
    issued = notification.issued_at.astimezone().date()
    read = notification.read_at.astimezone().date() if notification.read_at else None
    if notification.kind.is_complement:
        return clock.complement_deadline(rules, issued, read)
    if notification.kind is NotificationKind.CERTIFICAT_MEDICAL:
        return clock.certificat_deadline(rules, read)
    return None


def open_complement(notifications: Sequence[Notification]) -> Notification | None:
    """The demande de complément still waiting for its answer, if any."""
    for n in reversed(notifications):
        if n.kind.is_complement:
            return None if n.answered_at else n
    return None


# What the instruction side may notify from the dossier's screen.
INSTRUCTION_EVENTS = (
    Event.REQUEST_COMPLEMENT, Event.CERTIFICAT_MEDICAL, Event.PROLONGATION,
    Event.DECISION_FAVORABLE, Event.DECISION_UNFAVORABLE, Event.CLOSE,
)


def possible_events(notifications: Sequence[Notification], status: str, rules: Instruction,
                    today: date) -> frozenset[Event]:
    """What the agent can notify on `today`: the transitions the status allows, the
    notifications this téléprocédure has (certificat médical, prolongation), and a
    closure only once the complément's deadline has passed. The screens show these
    actions only; the service checks each again when it is asked."""
    if status not in OPEN_STATUSES:
        return frozenset()
    events = {e for e in INSTRUCTION_EVENTS if (status, e) in TRANSITIONS}
    if rules.certificat_medical is None:
        events.discard(Event.CERTIFICAT_MEDICAL)
    if rules.prolongation is None:
        events.discard(Event.PROLONGATION)
    if Event.CLOSE in events:
        pending = open_complement(notifications)
        last_day = deadline(pending, rules) if pending is not None else None
        if last_day is None or today <= last_day:
            events.discard(Event.CLOSE)
    return frozenset(events)


def check_answerable(notification: Notification, status: str, rules: Instruction,
                     today: date) -> None:
    """Refuse, in French, an answer the guides do not allow."""
    if not notification.kind.is_complement:
        raise AnswerRefused("Cette notification n'appelle pas de réponse.")
    if notification.answered_at is not None:
        raise AnswerRefused(
            f"Cette demande de complément a déjà reçu une réponse, le "
            f"{notification.answered_at.astimezone():%d/%m/%Y} : elle ne peut pas être "
            "envoyée une seconde fois.")
    if status in FINAL_STATUSES:
        raise AnswerRefused(f"Le dossier est au statut « {label(status)} » : il n'est plus "
                            "possible de répondre. Rien n'a été enregistré.")
    if status != STATUS_COMPLEMENT_REQUESTED:
        raise AnswerRefused("Aucune demande de complément n'attend de réponse sur ce dossier.")
    last_day = deadline(notification, rules)
    if last_day is None:
        raise AnswerRefused("La notification doit d'abord être ouverte (accusé de réception).")
    if today > last_day:
        raise AnswerRefused(
            f"Le délai de réponse est dépassé depuis le {last_day:%d/%m/%Y} : la réponse ne "
            "peut plus être envoyée. Rien n'a été enregistré.")


def check_answer(notification: Notification, items: Sequence[PieceAnswer],
                 max_files: int, reprise: bool) -> None:
    """Every requested piece answered once: maintained with a reason, or updated with files."""
    pieces = {p.key: p for p in notification.pieces}
    seen: set[str] = set()
    for item in items:
        piece = pieces.get(item.piece)
        if piece is None:
            raise AnswerRefused("Un document répondu ne fait pas partie de la demande.")
        if item.piece in seen:
            raise AnswerRefused(f"« {piece.label} » a reçu deux réponses.")
        seen.add(item.piece)
        if item.choice == KEEP:
            if reprise or not piece.can_keep:
                raise AnswerRefused(f"« {piece.label} » : ce document doit être joint "
                                    "(« Mettre à jour le Document »).")
            if not (item.reason or "").strip():
                raise AnswerRefused(f"« {piece.label} » : veuillez préciser les raisons du "
                                    "maintien du document.")
        elif item.choice == UPDATE:
            if not item.files:
                raise AnswerRefused(f"« {piece.label} » : joignez au moins un document.")
            if len(item.files) > max_files:
                raise AnswerRefused(f"« {piece.label} » : {max_files} fichiers au plus.")
        else:
            raise AnswerRefused(f"« {piece.label} » : choisissez « Maintenir le Document » ou "
                                "« Mettre à jour le Document ».")
    missing = [p.label for key, p in pieces.items() if key not in seen]
    if missing:
        raise AnswerRefused("Répondez pour chaque document demandé : "
                            + ", ".join(f"« {m} »" for m in missing) + ".")


def attention(notifications: Sequence[Notification], status: str, rules: Instruction,
              api_validity: tuple[date, date] | None = None) -> tuple[str | None, date | None]:
    """What the counter has to do next for a case, and the date it is about.

    A complément to answer (its last day), an unread notification, a certificat médical
    to send to the OFII (its last day), an attestation that will expire (its last day).
    `api_validity`: the attestation issued at the deposit (BPI), if any.
    """
    pending = open_complement(notifications)
    if pending is not None and status == STATUS_COMPLEMENT_REQUESTED:
        last_day = deadline(pending, rules)
        if last_day is None:
            return ATTENTION_UNREAD, None
        return ATTENTION_TO_ANSWER, last_day
    if any(n.read_at is None for n in notifications):
        return ATTENTION_UNREAD, None
    if status in FINAL_STATUSES and status != STATUS_DECISION_FAVORABLE:
        return None, None
    for n in reversed(notifications):
        if n.kind is NotificationKind.CERTIFICAT_MEDICAL and status not in FINAL_STATUSES:
            return ATTENTION_TO_SEND, deadline(n, rules)
        if n.validity is not None:
            return ATTENTION_EXPIRES, n.validity[1]
    if api_validity is not None:
        return ATTENTION_EXPIRES, api_validity[1]
    return None, None


def attention_text(code: str | None, until: date | None, today: date, *,
                   marked: bool = True) -> str:
    """The home lists' words for an attention code (notifications.yaml « attention »):
    never a colour alone. `marked`: with the symbol the screens put before some of them;
    plain mode, read aloud, takes the words only (a reader says « puce noire »)."""
    line = _attention_line(code, until, today)
    if line is None:
        return ""
    wording, values = line
    text = wording.text.format(**values)
    return f"{wording.mark} {text}" if marked and wording.mark else text


def _attention_line(code: str | None, until: date | None,
                    today: date) -> tuple[AttentionLine, dict[str, object]] | None:
    lines = load_notifications_wording().attention
    if code == ATTENTION_UNREAD:
        return lines.non_lue, {}
    if code is None or until is None:
        return None
    left = clock.countdown(until, today)
    when = {"date_limite": f"{until:%d/%m/%Y}", "jours": left.days_left}
    if code in (ATTENTION_TO_ANSWER, ATTENTION_TO_SEND):
        line = lines.a_repondre if code == ATTENTION_TO_ANSWER else lines.a_envoyer
        return line, {**when, "delai": left.text(), "echeance": left.short()}
    if code == ATTENTION_EXPIRES:
        if left.overdue:
            return lines.expire, when
        if left.days_left <= EXPIRY_WARNING_DAYS:
            return lines.expire_bientot, when
    return None


def attention_rank(code: str | None, until: date | None, today: date) -> tuple[int, date] | None:
    """Where a case goes in the home screen's « what needs action first »; None: nothing
    to do. A complément to answer first (the nearest deadline first), then unread
    notifications, then certificats to send, then attestations about to expire."""
    if _attention_line(code, until, today) is None:
        return None
    return ATTENTION_ORDER.index(code or ""), until or date.max
