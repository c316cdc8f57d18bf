"""Only the actions that apply are offered: on the buttons, in the footer and on the keys.

The instruction dossier offers the notifications its status and its téléprocédure allow
on the day (a closure once the complément's deadline has passed); a notification that
asks for no answer (a certificat médical) has no « Répondre »; the préambule has no
« Précédente ». Real SQLite, the days injected.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

import casebuilder
import pytest
from counter_day import CLOCK
from pilot import make_settings, new_app, screen_name, settle
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from anef_tui.clock import fixed_clock
from anef_tui.config import Settings
from anef_tui.service import CaseService, Event, Reason, RequestedPiece

NOTIFY = {
    "c": Event.REQUEST_COMPLEMENT, "m": Event.CERTIFICAT_MEDICAL, "p": Event.PROLONGATION,
    "d": Event.DECISION_FAVORABLE, "r": Event.DECISION_UNFAVORABLE, "x": Event.CLOSE,
}


def events(letters: str) -> frozenset[Event]:
    return frozenset(NOTIFY[c] for c in letters)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour).astimezone()


def ask_passport(service: CaseService, case_id: int, when: datetime) -> int:
    return service.instruction.request_complement(case_id, [RequestedPiece(
        "justificatif_nationalite", "", Reason.UNREADABLE,
        "Veuillez fournir une copie lisible de votre passeport.")], now=when).id


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


def test_the_notifications_offered_follow_the_status_the_procedure_and_the_day(
        settings: Settings) -> None:
    service = CaseService(settings, CLOCK)
    try:
        deposit = at(date(2023, 8, 16))
        ase = casebuilder.build(service, casebuilder.ase(), settings.scan_dir / "a",
                                when=deposit).id
        malade = casebuilder.build(service, casebuilder.etranger_malade(),
                                   settings.scan_dir / "m", when=deposit).id
        possible = service.instruction.possible_events
        # A first demande has no prolongation, only the étranger malade a certificat.
        assert possible(ase, date(2023, 8, 17)) == events("cdr")
        assert possible(malade, date(2023, 8, 17)) == events("cmpdr")
        # A complément asked: nothing is decided or asked again while it waits; the
        # closure only after its last day (read on the 21st: to 20/09 inclusive).
        nid = ask_passport(service, ase, at(date(2023, 8, 20)))
        service.instruction.open(nid, now=at(date(2023, 8, 21)))
        assert possible(ase, date(2023, 9, 20)) == frozenset()
        assert possible(ase, date(2023, 9, 21)) == events("x")
        ask_passport(service, malade, at(date(2023, 8, 20)))
        assert possible(malade, date(2023, 8, 21)) == events("mp")  # unread: no deadline
        # A closed dossier is final: nothing more.
        service.instruction.close_unanswered(ase, now=at(date(2023, 9, 21)))
        assert possible(ase, date(2023, 9, 22)) == frozenset()
    finally:
        service.close()


def footer(pilot: Pilot[None]) -> dict[str, tuple[str, int]]:
    """The footer's keys: action → (description, right edge)."""
    return {k.action: (k.description, k.region.right)
            for k in pilot.app.screen.query(FooterKey)}


async def home_ready(pilot: Pilot[None]) -> None:
    for _ in range(50):
        await settle(pilot)
        tables = pilot.app.screen.query("#cases")
        if tables and tables.first().row_count:  # type: ignore[attr-defined]
            return
    raise AssertionError("the home screen never listed the dossiers")


def test_instruction_dossier_shows_only_what_applies(settings: Settings) -> None:
    service = CaseService(settings, CLOCK)
    try:
        case_id = casebuilder.build(service, casebuilder.ase(), settings.scan_dir).id
    finally:
        service.close()

    async def walk() -> None:
        app = new_app(settings)
        async with app.run_test(size=(80, 24)) as pilot:
            await home_ready(pilot)
            await pilot.press("i", "enter")
            await settle(pilot)
            assert screen_name(pilot) == "InstructionCaseScreen"
            shown = [b.id for b in pilot.app.screen.query(".nav Button") if b.display]
            assert shown == ["complement", "decision", "refusal", "history", "leave"]
            keys = footer(pilot)
            assert list(keys) == ["help", "complement", "decision", "refusal", "history",
                                  "leave"]
            assert max(right for _, right in keys.values()) <= 80
            # Opens on the first action that applies.
            assert pilot.app.focused is not None and pilot.app.focused.id == "complement"
            # « m » (no certificat for this téléprocédure) does nothing.
            await pilot.press("m")
            await settle(pilot)
            assert screen_name(pilot) == "InstructionCaseScreen"
            # After a décision défavorable nothing is offered but the history and return,
            # and the focus, whose button went away, is on one of them.
            await pilot.press("r")
            await settle(pilot)
            await pilot.press("right", "enter")
            await settle(pilot)
            assert screen_name(pilot) == "InstructionCaseScreen"
            shown = [b.id for b in pilot.app.screen.query(".nav Button") if b.display]
            assert shown == ["history", "leave"]
            assert list(footer(pilot)) == ["help", "history", "leave"]
            assert pilot.app.focused is not None and pilot.app.focused.id == "history"

    asyncio.run(walk())
    service = CaseService(settings, CLOCK)
    try:
        assert service.get(case_id).status == "decision_defavorable"
    finally:
        service.close()


def test_a_certificat_medical_has_no_answer(settings: Settings) -> None:
    service = CaseService(settings, CLOCK)
    try:
        case_id = casebuilder.build(service, casebuilder.etranger_malade(),
                                    settings.scan_dir).id
        service.instruction.provide_certificat(case_id, now=CLOCK())
    finally:
        service.close()

    async def walk() -> None:
        app = new_app(settings)
        async with app.run_test(size=(80, 24)) as pilot:
            await home_ready(pilot)
            await pilot.press("m", "enter")
            await settle(pilot)
            assert screen_name(pilot) == "NotificationScreen"
            assert "answer" not in footer(pilot)
            assert not pilot.app.screen.query("#answer")
            assert pilot.app.focused is not None
            assert pilot.app.focused.id == "print_documents"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert screen_name(pilot) == "NotificationScreen"

    asyncio.run(walk())


def test_the_preamble_has_no_previous_step(settings: Settings) -> None:
    service = CaseService(settings, fixed_clock(CLOCK()))
    try:
        casebuilder.create(service, casebuilder.bpi())
    finally:
        service.close()

    async def walk() -> None:
        app = new_app(settings)
        async with app.run_test(size=(80, 24)) as pilot:
            await home_ready(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert screen_name(pilot) == "PreambleScreen"
            keys = footer(pilot)
            assert "previous" not in keys and "help" in keys
            assert max(right for _, right in keys.values()) <= 80

    asyncio.run(walk())
