"""The wording of the notifications (data/documents/notifications.yaml), validated at load.

A broken file fails with the file and the field named, in French (WordingError), never
with a wrong sentence shown to an applicant.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from anef_tui.documents.texts import (
    NonEmpty,
    WordingError,
    _check_placeholders,
    _Strict,
    load_wording_file,
    wording_dir,
)

FILE_NAME = "notifications.yaml"
PLACEHOLDERS = {"nom", "prenom", "numero_demande", "date_depot", "jours", "date_limite",
                "debut", "fin"}


class NotificationKind(StrEnum):
    COMPLEMENT = "demande_complement"
    COMPLEMENT_PRE_DEMANDE = "demande_complement_pre_demande"
    CERTIFICAT_MEDICAL = "certificat_medical"
    PROLONGATION = "prolongation"
    DECISION_FAVORABLE = "decision_favorable"
    DECISION_UNFAVORABLE = "decision_defavorable"
    CLOSURE = "cloture"

    @property
    def is_complement(self) -> bool:
        return self in (NotificationKind.COMPLEMENT, NotificationKind.COMPLEMENT_PRE_DEMANDE)


class Reason(StrEnum):
    MISSING = "manquant"
    INVALID = "non_valide"
    UNREADABLE = "non_lisible"


class ListFilter(StrEnum):
    ALL = "toutes"
    UNREAD = "non_lues"
    TO_ANSWER = "a_repondre"


class ListWording(_Strict):
    title: NonEmpty
    intro: list[NonEmpty]
    filter_label: NonEmpty
    domain: NonEmpty
    states: dict[str, NonEmpty]
    read_on: NonEmpty
    answered_on: NonEmpty
    filters: dict[ListFilter, NonEmpty]

    @model_validator(mode="after")
    def _complete(self) -> ListWording:
        missing = {"lue", "non_lue", "repondu"} - set(self.states)
        if missing:
            raise ValueError(f"listing.states : manquants {sorted(missing)}")
        if set(self.filters) != set(ListFilter):
            raise ValueError(f"listing.filters : attendus {sorted(f.value for f in ListFilter)}")
        _check_placeholders([("listing.read_on", self.read_on),
                             ("listing.answered_on", self.answered_on)], {"date"})
        return self


class HistoryWording(_Strict):
    title: NonEmpty
    # What the counter's and the préfecture's own acts are called (a notification sent
    # is called by its title, kinds.<kind>.title).
    events: dict[str, NonEmpty]

    @model_validator(mode="after")
    def _complete(self) -> HistoryWording:
        missing = {"depot", "lecture", "reponse_complement"} - set(self.events)
        if missing:
            raise ValueError(f"history.events : manquants {sorted(missing)}")
        return self


class SendingWording(_Strict):
    """A notification the agent sends from the dossier: confirmed, then said sent."""

    question: NonEmpty
    detail: NonEmpty
    confirm: NonEmpty  # the dialog's button (« yes » would be read a boolean by YAML)
    done: NonEmpty


# The notifications sent after a confirmation (the others have their own form).
CONFIRMED_KINDS = frozenset({NotificationKind.CERTIFICAT_MEDICAL, NotificationKind.PROLONGATION,
                             NotificationKind.DECISION_UNFAVORABLE, NotificationKind.CLOSURE})


class ReasonWording(_Strict):
    heading: NonEmpty
    label: NonEmpty


class AnswerSummaryWording(_Strict):
    heading: NonEmpty  # {date}
    reason: NonEmpty  # {texte}
    message: NonEmpty  # {texte}
    observations: NonEmpty  # {texte}

    @model_validator(mode="after")
    def _placeholders(self) -> AnswerSummaryWording:
        _check_placeholders([("summary.heading", self.heading)], {"date"})
        _check_placeholders([(f"summary.{name}", text) for name, text in self
                             if name != "heading"], {"texte"})
        return self


class AnswerWording(_Strict):
    observations_label: NonEmpty
    response_label: NonEmpty
    keep: NonEmpty
    update: NonEmpty
    keep_reason: NonEmpty
    attach: NonEmpty
    message: NonEmpty
    send: NonEmpty
    resume: NonEmpty
    resume_observations: NonEmpty
    resume_send: NonEmpty
    back: NonEmpty
    other_document: NonEmpty
    summary: AnswerSummaryWording


class Plural(_Strict):
    """A sentence about a number of days: `one` for 1, `other` for more (French: 0 and 1
    are singular, but a countdown never says 0 days)."""

    one: NonEmpty
    other: NonEmpty

    def of(self, count: int) -> str:
        return self.one if abs(count) <= 1 else self.other


class ShortCountdown(_Strict):
    """The deadline in a few columns, for the home lists ({jours}, {date_limite})."""

    left: NonEmpty
    last_day: NonEmpty
    overdue: NonEmpty


class CountdownWording(_Strict):
    """A deadline in words, never by colour alone ({jours}, {date_limite} JJ/MM/AAAA)."""

    left: Plural
    last_day: NonEmpty
    overdue: Plural
    short: ShortCountdown

    @model_validator(mode="after")
    def _placeholders(self) -> CountdownWording:
        _check_placeholders([("left.one", self.left.one), ("left.other", self.left.other),
                             ("last_day", self.last_day), ("overdue.one", self.overdue.one),
                             ("overdue.other", self.overdue.other),
                             ("short.left", self.short.left),
                             ("short.last_day", self.short.last_day),
                             ("short.overdue", self.short.overdue)], {"jours", "date_limite"})
        return self

    def say_short(self, days_left: int, deadline: date) -> str:
        when = f"{deadline:%d/%m/%Y}"
        if days_left < 0:
            return self.short.overdue.format(jours=-days_left, date_limite=when)
        if days_left == 0:
            return self.short.last_day.format(jours=0, date_limite=when)
        return self.short.left.format(jours=days_left, date_limite=when)

    def say(self, days_left: int, deadline: date) -> str:
        when = f"{deadline:%d/%m/%Y}"
        if days_left < 0:
            return self.overdue.of(-days_left).format(jours=-days_left, date_limite=when)
        if days_left == 0:
            return self.last_day.format(jours=0, date_limite=when)
        return self.left.of(days_left).format(jours=days_left, date_limite=when)


class AttentionLine(_Strict):
    # `mark`: the symbol the screens put before the words (state never by colour alone);
    # plain mode, read by screen readers, says the words only.
    mark: NonEmpty | None = None
    text: NonEmpty
    # The home's filter for the dossiers that need this (a code of the filter has one).
    filter: NonEmpty | None = None


# The codes the home's filter offers, each with its `filter` words (expire_bientot is a
# way of saying « expire », not a code of its own).
FILTERED = ("a_repondre", "non_lue", "a_envoyer", "expire")


class AttentionWording(_Strict):
    """What the home lists say a dossier needs ({delai}: the countdown in words,
    {echeance}: in a few columns)."""

    non_lue: AttentionLine
    a_repondre: AttentionLine
    a_envoyer: AttentionLine
    expire_bientot: AttentionLine
    expire: AttentionLine

    @model_validator(mode="after")
    def _placeholders(self) -> AttentionWording:
        _check_placeholders([(f"{name}.text", line.text) for name, line in self],
                            {"delai", "echeance", "jours", "date_limite"})
        missing = [code for code in FILTERED if getattr(self, code).filter is None]
        if missing:
            raise ValueError(f"attention : « filter » manquant pour {missing}")
        return self


class KindWording(_Strict):
    title: NonEmpty
    # True when the guides do not give this text and we wrote it.
    ours: bool = False
    greeting: NonEmpty
    before: list[NonEmpty] = Field(min_length=1)
    after: list[NonEmpty] = Field(default_factory=list)
    documents: list[NonEmpty] = Field(default_factory=list)
    signature: list[NonEmpty] | None = None


class ActionWords(_Strict):
    """The instruction dossier's actions: a button's word (its key added) and the footer's."""

    complement: NonEmpty
    certificat: NonEmpty
    prolongation: NonEmpty
    decision: NonEmpty
    refusal: NonEmpty
    closure: NonEmpty
    history: NonEmpty
    leave: NonEmpty


class RequestFormWording(_Strict):
    """« Demande de complément » as the agent fills it in (labels without « * : »)."""

    intro: NonEmpty
    other_label: NonEmpty
    observations: NonEmpty
    send: NonEmpty


class DecisionFormWording(_Strict):
    """« Notification de décision » favourable, as the agent fills it in."""

    heading: NonEmpty
    titre: NonEmpty
    mention: NonEmpty
    valid_from: NonEmpty
    months: NonEmpty
    tax: NonEmpty
    send: NonEmpty


class InstructionScreensWording(_Strict):
    """notifications.yaml « instruction »: the agent's screens, and the words the counter's
    answer shares with them."""

    actions: ActionWords
    deposited: NonEmpty  # before a piece's files
    request: RequestFormWording
    decision: DecisionFormWording
    cancel: NonEmpty


class NotificationsWording(_Strict):
    listing: ListWording
    history: HistoryWording
    sending: dict[NotificationKind, SendingWording]
    decision_validity: NonEmpty  # {debut} {fin}
    decision_favorable_done: NonEmpty
    countdown: CountdownWording
    attention: AttentionWording
    instruction: InstructionScreensWording
    reasons: dict[Reason, ReasonWording]
    answer: AnswerWording
    signature_instruction: list[NonEmpty] = Field(min_length=1)
    kinds: dict[NotificationKind, KindWording]
    titres: dict[str, NonEmpty] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> NotificationsWording:
        for what, have, want in (("reasons", set(self.reasons), set(Reason)),
                                 ("kinds", set(self.kinds), set(NotificationKind)),
                                 ("sending", set(self.sending), CONFIRMED_KINDS)):
            missing = want - have
            if missing:
                raise ValueError(f"{what} : manquants {sorted(m.value for m in missing)}")
        _check_placeholders([("decision_validity", self.decision_validity)], {"debut", "fin"})
        for kind, wording in self.kinds.items():
            texts = [(f"kinds.{kind.value}.greeting", wording.greeting)]
            texts += [(f"kinds.{kind.value}.before.{i}", t) for i, t in enumerate(wording.before)]
            texts += [(f"kinds.{kind.value}.after.{i}", t) for i, t in enumerate(wording.after)]
            _check_placeholders(texts, PLACEHOLDERS)
        return self

    def kind(self, kind: NotificationKind | str) -> KindWording:
        return self.kinds[NotificationKind(kind)]

    def signature(self, kind: NotificationKind | str) -> list[str]:
        return self.kind(kind).signature or self.signature_instruction


def load_notifications_wording(directory: Path | None = None) -> NotificationsWording:
    if directory is not None:
        return load_wording_file(directory / FILE_NAME, NotificationsWording)
    return _cached()


@cache
def _cached() -> NotificationsWording:
    return load_wording_file(wording_dir() / FILE_NAME, NotificationsWording)


__all__ = ["ListFilter", "NotificationKind", "NotificationsWording", "Reason", "WordingError",
           "load_notifications_wording"]
