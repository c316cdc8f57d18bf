"""The status lifecycle: every (status, event) pair, allowed or refused, in one table."""

from __future__ import annotations

import pytest

from anef_tui.lifecycle import (
    STATUS_LABELS,
    TRANSITIONS,
    Event,
    TransitionRefused,
    next_status,
)

B, D, A = "brouillon", "depose", "abandonne"
IN, CD, CR = "en_instruction", "complement_demande", "complement_repondu"
F, U, C = "decision_favorable", "decision_defavorable", "cloture"
E = Event

# What the guides allow; every other pair must be refused.
ALLOWED = {
    (B, E.DEPOSIT): D, (B, E.ABANDON): A,
    (D, E.REQUEST_COMPLEMENT): CD, (IN, E.REQUEST_COMPLEMENT): CD,
    (CR, E.REQUEST_COMPLEMENT): CD,
    (CD, E.ANSWER_COMPLEMENT): CR,
    (D, E.CERTIFICAT_MEDICAL): IN, (IN, E.CERTIFICAT_MEDICAL): IN,
    (CD, E.CERTIFICAT_MEDICAL): CD, (CR, E.CERTIFICAT_MEDICAL): CR,
    (D, E.PROLONGATION): IN, (IN, E.PROLONGATION): IN, (CD, E.PROLONGATION): CD,
    (CR, E.PROLONGATION): CR,
    (D, E.DECISION_FAVORABLE): F, (IN, E.DECISION_FAVORABLE): F, (CR, E.DECISION_FAVORABLE): F,
    (D, E.DECISION_UNFAVORABLE): U, (IN, E.DECISION_UNFAVORABLE): U,
    (CR, E.DECISION_UNFAVORABLE): U,
    (CD, E.CLOSE): C,
}

PAIRS = [(s, e) for s in STATUS_LABELS for e in Event]


def test_the_table_is_exactly_what_the_guides_allow() -> None:
    assert TRANSITIONS == ALLOWED


@pytest.mark.parametrize(("status", "event"), PAIRS, ids=[f"{s}-{e.value}" for s, e in PAIRS])
def test_every_pair(status: str, event: Event) -> None:
    if (status, event) in ALLOWED:
        assert next_status(status, event) == ALLOWED[(status, event)]
        return
    with pytest.raises(TransitionRefused) as refused:
        next_status(status, event)
    message = str(refused.value)
    assert message.startswith("Impossible de ") and "Rien n'a été enregistré." in message


@pytest.mark.parametrize(("status", "words"), [
    (F, "« Décision favorable », qui est définitif"),
    (C, "« Clôturé », qui est définitif"),
    (CD, "une demande de complément attend la réponse du demandeur"),
    (B, "la demande n'a pas encore été déposée"),
])
def test_refusals_say_why(status: str, words: str) -> None:
    with pytest.raises(TransitionRefused, match=words):
        next_status(status, Event.DECISION_FAVORABLE)
