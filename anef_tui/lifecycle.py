"""A case's status and the only transitions the guides allow, in one table.

brouillon → déposé → en instruction (complément demandé ⇄ répondu) → décision, or
→ clôturé when a complément was not answered in time. A draft may be abandoned.
Everything else is refused with a French message, before anything is written; the
storage's triggers refuse the worst (back to a draft, out of a final status) again.
"""

from __future__ import annotations

from enum import StrEnum

STATUS_DRAFT = "brouillon"
STATUS_DEPOSITED = "depose"
STATUS_ABANDONED = "abandonne"
STATUS_IN_INSTRUCTION = "en_instruction"
STATUS_COMPLEMENT_REQUESTED = "complement_demande"
STATUS_COMPLEMENT_ANSWERED = "complement_repondu"
STATUS_DECISION_FAVORABLE = "decision_favorable"
STATUS_DECISION_UNFAVORABLE = "decision_defavorable"
STATUS_CLOSED = "cloture"

STATUS_LABELS = {
    STATUS_DRAFT: "Brouillon",
    STATUS_DEPOSITED: "Déposé",
    STATUS_ABANDONED: "Abandonné",
    STATUS_IN_INSTRUCTION: "En instruction",
    STATUS_COMPLEMENT_REQUESTED: "Complément demandé",
    STATUS_COMPLEMENT_ANSWERED: "Complément répondu",
    STATUS_DECISION_FAVORABLE: "Décision favorable",
    STATUS_DECISION_UNFAVORABLE: "Décision défavorable",
    STATUS_CLOSED: "Clôturé",
}

# Deposited: the answers are frozen; only exchanges are appended.
DEPOSITED_STATUSES = frozenset({
    STATUS_DEPOSITED, STATUS_IN_INSTRUCTION, STATUS_COMPLEMENT_REQUESTED,
    STATUS_COMPLEMENT_ANSWERED, STATUS_DECISION_FAVORABLE, STATUS_DECISION_UNFAVORABLE,
    STATUS_CLOSED,
})
# Nothing follows these.
FINAL_STATUSES = frozenset({
    STATUS_ABANDONED, STATUS_DECISION_FAVORABLE, STATUS_DECISION_UNFAVORABLE, STATUS_CLOSED,
})
# The instruction side may act on these.
OPEN_STATUSES = frozenset({
    STATUS_DEPOSITED, STATUS_IN_INSTRUCTION, STATUS_COMPLEMENT_REQUESTED,
    STATUS_COMPLEMENT_ANSWERED,
})


class Event(StrEnum):
    DEPOSIT = "depot"
    ABANDON = "abandon"
    REQUEST_COMPLEMENT = "demande_complement"
    ANSWER_COMPLEMENT = "reponse_complement"
    CERTIFICAT_MEDICAL = "certificat_medical"
    PROLONGATION = "prolongation"
    DECISION_FAVORABLE = "decision_favorable"
    DECISION_UNFAVORABLE = "decision_defavorable"
    CLOSE = "cloture"


_WHILE_INSTRUCTED = (STATUS_DEPOSITED, STATUS_IN_INSTRUCTION, STATUS_COMPLEMENT_ANSWERED)

# (status, event) → new status. A pair missing from this table is refused.
TRANSITIONS: dict[tuple[str, Event], str] = {
    (STATUS_DRAFT, Event.DEPOSIT): STATUS_DEPOSITED,
    (STATUS_DRAFT, Event.ABANDON): STATUS_ABANDONED,
    # One complément at a time: a second one waits for the answer to the first.
    **{(s, Event.REQUEST_COMPLEMENT): STATUS_COMPLEMENT_REQUESTED for s in _WHILE_INSTRUCTED},
    (STATUS_COMPLEMENT_REQUESTED, Event.ANSWER_COMPLEMENT): STATUS_COMPLEMENT_ANSWERED,
    # The certificat médical and a prolongation do not wait for a pending complément.
    **{(s, Event.CERTIFICAT_MEDICAL): STATUS_IN_INSTRUCTION
       for s in (STATUS_DEPOSITED, STATUS_IN_INSTRUCTION)},
    (STATUS_COMPLEMENT_REQUESTED, Event.CERTIFICAT_MEDICAL): STATUS_COMPLEMENT_REQUESTED,
    (STATUS_COMPLEMENT_ANSWERED, Event.CERTIFICAT_MEDICAL): STATUS_COMPLEMENT_ANSWERED,
    **{(s, Event.PROLONGATION): STATUS_IN_INSTRUCTION
       for s in (STATUS_DEPOSITED, STATUS_IN_INSTRUCTION)},
    (STATUS_COMPLEMENT_REQUESTED, Event.PROLONGATION): STATUS_COMPLEMENT_REQUESTED,
    (STATUS_COMPLEMENT_ANSWERED, Event.PROLONGATION): STATUS_COMPLEMENT_ANSWERED,
    # A décision is not taken while the applicant still has time to answer.
    **{(s, Event.DECISION_FAVORABLE): STATUS_DECISION_FAVORABLE for s in _WHILE_INSTRUCTED},
    **{(s, Event.DECISION_UNFAVORABLE): STATUS_DECISION_UNFAVORABLE for s in _WHILE_INSTRUCTED},
    # Closure: only a complément left unanswered (the deadline is checked by the clock).
    (STATUS_COMPLEMENT_REQUESTED, Event.CLOSE): STATUS_CLOSED,
}

_EVENT_WORDS = {
    Event.DEPOSIT: "déposer la demande",
    Event.ABANDON: "abandonner la demande",
    Event.REQUEST_COMPLEMENT: "demander un complément",
    Event.ANSWER_COMPLEMENT: "répondre à la demande de complément",
    Event.CERTIFICAT_MEDICAL: "mettre à disposition le formulaire de certificat médical",
    Event.PROLONGATION: "prolonger l'instruction",
    Event.DECISION_FAVORABLE: "notifier une décision favorable",
    Event.DECISION_UNFAVORABLE: "notifier une décision défavorable",
    Event.CLOSE: "clôturer le dossier",
}


class TransitionRefused(Exception):
    """The guides do not allow this step from the case's status; French message."""


def is_deposited(status: str) -> bool:
    return status in DEPOSITED_STATUSES


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def next_status(status: str, event: Event) -> str:
    """The status after `event`, or TransitionRefused saying why not."""
    target = TRANSITIONS.get((status, Event(event)))
    if target is not None:
        return target
    action = _EVENT_WORDS[Event(event)]
    if status in FINAL_STATUSES:
        reason = f"le dossier est au statut « {label(status)} », qui est définitif"
    elif status == STATUS_COMPLEMENT_REQUESTED:
        reason = "une demande de complément attend la réponse du demandeur"
    elif status == STATUS_DRAFT:
        reason = "la demande n'a pas encore été déposée"
    else:
        reason = f"le dossier est au statut « {label(status)} »"
    raise TransitionRefused(f"Impossible de {action} : {reason}. Rien n'a été enregistré.")
