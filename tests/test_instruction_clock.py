"""Every clock of the instruction, the day injected: month ends, leap years."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from anef_tui.catalog.loader import load_catalog
from anef_tui.instruction import clock, rules
from anef_tui.instruction.records import Notification
from anef_tui.instruction.wording import NotificationKind

CATALOG = load_catalog()
ASE = CATALOG["ase_premiere_demande"].instruction
PRE = CATALOG["ordonnance_protection"].instruction
MALADE = CATALOG["etranger_malade_renouvellement"].instruction
RF = CATALOG["conjoint_rf_renouvellement"].instruction
d = date


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 30).astimezone()


@pytest.mark.parametrize(("issued", "read", "expected"), [
    (d(2023, 8, 16), None, None),  # not opened: the clock has not started
    (d(2023, 8, 16), d(2023, 8, 16), d(2023, 9, 15)),
    (d(2022, 2, 24), d(2022, 3, 1), d(2022, 3, 31)),
    (d(2024, 1, 31), d(2024, 1, 31), d(2024, 3, 1)),  # leap year: 29 days in February
    (d(2023, 1, 31), d(2023, 1, 31), d(2023, 3, 2)),
    (d(2023, 12, 10), d(2023, 12, 15), d(2024, 1, 14)),  # across the new year
])
def test_complement_30_days_from_reading(issued: date, read: date | None,
                                         expected: date | None) -> None:
    assert clock.complement_deadline(ASE, issued, read) == expected


@pytest.mark.parametrize(("issued", "read", "expected"), [
    (d(2023, 9, 14), None, d(2023, 9, 29)),  # 002: from reception, read or not
    (d(2023, 9, 14), d(2023, 9, 20), d(2023, 9, 29)),
    (d(2024, 2, 20), None, d(2024, 3, 6)),
    (d(2023, 2, 20), None, d(2023, 3, 7)),
])
def test_pre_demande_15_days_from_reception(issued: date, read: date | None,
                                            expected: date) -> None:
    assert clock.complement_deadline(PRE, issued, read) == expected


@pytest.mark.parametrize(("read", "expected"), [
    (d(2023, 10, 31), d(2023, 11, 30)),  # 31 → the last day of a 30-day month
    (d(2024, 1, 31), d(2024, 2, 29)),  # leap year
    (d(2023, 1, 31), d(2023, 2, 28)),
    (d(2023, 12, 15), d(2024, 1, 15)),
    (None, None),
])
def test_certificat_medical_one_month_from_reading(read: date | None,
                                                   expected: date | None) -> None:
    assert clock.certificat_deadline(MALADE, read) == expected


def test_no_certificat_outside_etranger_malade() -> None:
    assert clock.certificat_deadline(RF, d(2023, 1, 1)) is None


@pytest.mark.parametrize(("issued", "expected"), [
    (d(2023, 5, 15), d(2023, 8, 14)),  # guide 003 annex
    (d(2023, 11, 8), d(2024, 2, 7)),  # guide 004 annex
    (d(2023, 11, 30), d(2024, 2, 29)),  # into a leap February
    (d(2022, 11, 30), d(2023, 2, 28)),
    (d(2024, 12, 1), d(2025, 2, 28)),
])
def test_prolongation_three_months(issued: date, expected: date) -> None:
    assert clock.prolongation_validity(RF, issued) == (issued, expected)


def test_no_prolongation_for_a_premiere_demande() -> None:
    with pytest.raises(ValueError):
        clock.prolongation_validity(ASE, d(2023, 1, 1))


@pytest.mark.parametrize(("start", "months", "expected"), [
    (d(2024, 1, 30), 6, d(2024, 7, 29)),  # guide 004 example
    (d(2023, 9, 18), 12, d(2024, 9, 17)),  # guide 001 example
    (d(2023, 8, 2), 120, d(2033, 8, 1)),  # guide 003 example (CRA, 10 years)
    (d(2024, 2, 29), 12, d(2025, 2, 28)),
])
def test_titre_validity(start: date, months: int, expected: date) -> None:
    assert clock.titre_validity(start, months) == (start, expected)


@pytest.mark.parametrize(("deadline", "today", "text"), [
    (d(2023, 9, 15), d(2023, 9, 1), "14 jours restants (jusqu'au 15/09/2023)"),
    (d(2023, 9, 15), d(2023, 9, 14), "1 jour restant (jusqu'au 15/09/2023)"),
    (d(2023, 9, 15), d(2023, 9, 15), "dernier jour aujourd'hui (15/09/2023)"),
    (d(2023, 9, 15), d(2023, 9, 16), "DÉLAI DÉPASSÉ depuis 1 jour (le 15/09/2023)"),
    (d(2023, 9, 15), d(2023, 10, 1), "DÉLAI DÉPASSÉ depuis 16 jours (le 15/09/2023)"),
])
def test_countdown_in_words(deadline: date, today: date, text: str) -> None:
    assert clock.countdown(deadline, today).text() == text


@pytest.mark.parametrize(("deadline", "today", "text"), [
    (d(2023, 9, 15), d(2023, 9, 1), "J-14 (15/09/2023)"),
    (d(2023, 9, 15), d(2023, 9, 14), "J-1 (15/09/2023)"),
    (d(2023, 9, 15), d(2023, 9, 15), "Dernier jour (15/09/2023)"),
    (d(2023, 9, 15), d(2023, 10, 1), "DÉPASSÉ (15/09/2023)"),
])
def test_countdown_in_a_few_columns_keeps_the_date(deadline: date, today: date,
                                                   text: str) -> None:
    """The home lists' « À faire » (about twenty columns at 80): the deadline first."""
    assert clock.countdown(deadline, today).short() == text


def _notification(kind: NotificationKind, issued: date, read: date | None = None,
                  **payload: object) -> Notification:
    return Notification(1, 1, kind, at(issued), dict(payload),
                        read_at=at(read) if read else None)


def test_deadline_of_a_notification_uses_its_kind() -> None:
    complement = _notification(NotificationKind.COMPLEMENT, d(2023, 8, 16), d(2023, 8, 20))
    assert rules.deadline(complement, ASE) == d(2023, 9, 19)
    certificat = _notification(NotificationKind.CERTIFICAT_MEDICAL, d(2023, 10, 31),
                               d(2023, 10, 31))
    assert rules.deadline(certificat, MALADE) == d(2023, 11, 30)
    decision = _notification(NotificationKind.DECISION_FAVORABLE, d(2023, 10, 31))
    assert rules.deadline(decision, MALADE) is None


@pytest.mark.parametrize(("code", "until", "today", "text"), [
    ("a_repondre", d(2023, 9, 15), d(2023, 9, 10),
     "⚠ J-5 (15/09/2023) : complément à envoyer"),
    ("a_repondre", d(2023, 9, 15), d(2023, 9, 20),
     "⚠ DÉPASSÉ (15/09/2023) : complément à envoyer"),
    ("non_lue", None, d(2023, 9, 20), "● Notification non lue"),
    ("expire", d(2023, 10, 25), d(2023, 10, 1), "⚠ 25/10/2023 (J-24) : attestation qui expire"),
    ("expire", d(2023, 12, 25), d(2023, 10, 1), ""),  # more than 30 days away: nothing
    ("expire", d(2023, 9, 25), d(2023, 10, 1), "25/09/2023 : attestation expirée"),
    (None, None, d(2023, 10, 1), ""),
])
def test_attention_in_words(code: str | None, until: date | None, today: date,
                            text: str) -> None:
    assert rules.attention_text(code, until, today) == text


@pytest.mark.parametrize(("code", "until", "today", "text"), [
    ("a_repondre", d(2023, 9, 15), d(2023, 9, 14),
     "J-1 (15/09/2023) : complément à envoyer"),
    ("non_lue", None, d(2023, 9, 20), "Notification non lue"),
    ("expire", d(2023, 10, 2), d(2023, 10, 1), "02/10/2023 (J-1) : attestation qui expire"),
    ("a_envoyer", d(2023, 9, 15), d(2023, 9, 15),
     "Dernier jour (15/09/2023) : certificat médical à envoyer à l'OFII"),
])
def test_attention_without_marks_says_words_only(code: str, until: date | None, today: date,
                                                 text: str) -> None:
    """Plain mode's words: the screens' symbol, and nothing else, is left out."""
    assert rules.attention_text(code, until, today, marked=False) == text
    marked = rules.attention_text(code, until, today)
    assert marked == text or marked.endswith(f" {text}") and marked[0] in "●⚠"


def test_countdown_words_come_from_the_data(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The words are data; the clock keeps the rules (which sentence, which number)."""
    import yaml

    from anef_tui.documents.texts import wording_dir
    from anef_tui.instruction import wording

    raw = yaml.safe_load((wording_dir() / "notifications.yaml").read_text(encoding="utf-8"))
    raw["countdown"]["left"] = {"one": "J-{jours} ({date_limite})", "other": "J-{jours}s"}
    (tmp_path / "notifications.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True),
                                                 encoding="utf-8")
    monkeypatch.setattr(wording, "_cached", lambda: wording.load_notifications_wording(tmp_path))
    assert clock.countdown(d(2023, 9, 15), d(2023, 9, 14)).text() == "J-1 (15/09/2023)"
    assert clock.countdown(d(2023, 9, 15), d(2023, 9, 13)).text() == "J-2s"


@pytest.mark.parametrize(("path", "value", "expected"), [
    (("countdown", "left", "one"), "{jours} jour (jusqu'au {date_limit})",
     "champ countdown : left.one : variable(s) inconnue(s) ['date_limit']"),
    (("countdown", "overdue"), {"one": "en retard"},
     "countdown.overdue.other"),
    (("attention", "a_repondre", "text"), "Complément : {delais}",
     "champ attention : a_repondre.text : variable(s) inconnue(s) ['delais']"),
])
def test_a_broken_countdown_wording_names_file_and_field(tmp_path, path: tuple[str, ...],  # type: ignore[no-untyped-def]
                                                         value: object, expected: str) -> None:
    import yaml

    from anef_tui.documents.texts import wording_dir
    from anef_tui.instruction.wording import WordingError, load_notifications_wording

    raw = yaml.safe_load((wording_dir() / "notifications.yaml").read_text(encoding="utf-8"))
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    (tmp_path / "notifications.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True),
                                                 encoding="utf-8")
    with pytest.raises(WordingError) as err:
        load_notifications_wording(tmp_path)
    assert str(err.value).startswith("notifications.yaml : ")
    assert expected in str(err.value)


def test_a_broken_notification_wording_names_file_and_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from anef_tui.documents.texts import wording_dir
    from anef_tui.instruction.wording import WordingError, load_notifications_wording

    raw = yaml.safe_load((wording_dir() / "notifications.yaml").read_text(encoding="utf-8"))
    raw["kinds"]["cloture"]["before"][0] = "Jusqu'au {date_limte}."
    del raw["kinds"]["prolongation"]
    (tmp_path / "notifications.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True),
                                                 encoding="utf-8")
    with pytest.raises(WordingError) as err:
        load_notifications_wording(tmp_path)
    message = str(err.value)
    assert message.startswith("notifications.yaml : ")
    assert "kinds : manquants ['prolongation']" in message


def test_ours_is_marked_where_the_guides_give_no_wording() -> None:
    from anef_tui.instruction.wording import load_notifications_wording

    wording = load_notifications_wording()
    ours = {k.value for k, w in wording.kinds.items() if w.ours}
    assert ours == {"decision_defavorable", "cloture", "prolongation"}
