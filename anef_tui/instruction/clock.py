"""The deadlines and validities of the instruction, the day always injected.

A deadline is the last day the applicant may still act (inclusive): « dans un délai de
30 jours après avoir pris connaissance de ce message » read on 01/03 ends on 31/03.
A month counted from the 31st ends on the last day of a shorter month.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from anef_tui.catalog.models import Instruction


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the last day of that month if it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def validity_end(start: date, months: int) -> date:
    """Last day of a validity of `months` months from `start` (26/04 + 6 → 25/10)."""
    from anef_tui.documents.model import add_months_minus_one_day

    return add_months_minus_one_day(start, months)


def complement_deadline(rules: Instruction, issued: date, read: date | None) -> date | None:
    """Last day to answer a demande de complément; None while its clock has not started."""
    rule = rules.complement
    start = issued if rule.counted_from == "reception" else read
    return None if start is None else start + timedelta(days=rule.days)


def certificat_deadline(rules: Instruction, read: date | None) -> date | None:
    """Last day to send the certificat médical to the OFII (« un mois »), from its reading."""
    if rules.certificat_medical is None or read is None:
        return None
    return add_months(read, rules.certificat_medical.months)


def prolongation_validity(rules: Instruction, issued: date) -> tuple[date, date]:
    """Validity of the attestation de prolongation d'instruction issued on `issued`."""
    if rules.prolongation is None:
        raise ValueError("pas de prolongation d'instruction pour cette téléprocédure")
    return issued, validity_end(issued, rules.prolongation.months)


def titre_validity(start: date, months: int) -> tuple[date, date]:
    """The titre decided: « valable du … au … » (30/01/2024 + 6 months → 29/07/2024)."""
    return start, validity_end(start, months)


@dataclass(frozen=True)
class Countdown:
    deadline: date
    days_left: int  # negative once overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def text(self) -> str:
        """Said in words, never by colour alone (notifications.yaml « countdown »)."""
        from anef_tui.instruction.wording import load_notifications_wording

        return load_notifications_wording().countdown.say(self.days_left, self.deadline)

    def short(self) -> str:
        """In a few columns, the date kept (notifications.yaml « countdown.short »)."""
        from anef_tui.instruction.wording import load_notifications_wording

        return load_notifications_wording().countdown.say_short(self.days_left,
                                                                self.deadline)


def countdown(deadline: date, today: date) -> Countdown:
    return Countdown(deadline, (deadline - today).days)
