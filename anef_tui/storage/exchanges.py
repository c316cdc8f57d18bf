"""The exchanges after the deposit, each one transaction: notification, reading, answer.

The checks (lifecycle, deadlines, answer completeness) run inside the transaction that
writes, on the rows as they are then: two desks acting on one dossier at once are
serialised by BEGIN IMMEDIATE and the second one is refused, not half-applied. Every row
is appended; nothing deposited or sent is ever rewritten (see database.lock_triggers).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from anef_tui.catalog.models import Instruction
from anef_tui.errors import StorageError
from anef_tui.instruction import rules
from anef_tui.instruction.records import (
    AnsweredFile,
    ComplementAnswer,
    HistoryEntry,
    Notification,
    PieceAnswer,
)
from anef_tui.instruction.wording import NotificationKind
from anef_tui.lifecycle import Event, next_status
from anef_tui.storage.repository import CaseRepository, FileSource, store_files
from anef_tui.storage.tables import (
    CaseRow,
    ComplementAnswerRow,
    ComplementFileRow,
    ComplementItemRow,
    EventRow,
    HistoryRow,
    NotificationReadRow,
    NotificationRow,
)

# Run inside the transaction on the case's notifications and status; raises to refuse,
# or returns what to add to the notification's payload.
Check = Callable[[list[Notification], str], dict[str, Any] | None]


def _aware(value: datetime | None) -> datetime | None:
    # SQLite gives back naive datetimes, written in the counter's local time; PostgreSQL
    # gives instants in the server's time zone: both are said in the desk's local time.
    if value is None:
        return value
    return value.astimezone()


class ExchangeRepository:
    def __init__(self, cases: CaseRepository) -> None:
        self.cases = cases

    # -- reading -------------------------------------------------------------------

    def _notifications(self, s: Session, case_id: int) -> list[Notification]:
        rows = s.exec(select(NotificationRow).where(NotificationRow.case_id == case_id)
                      .order_by(col(NotificationRow.id))).all()
        ids = [r.id for r in rows]
        reads = {r.notification_id: r.read_at for r in s.exec(
            select(NotificationReadRow).where(col(NotificationReadRow.notification_id).in_(ids)))}
        answers = {r.notification_id: r.answered_at for r in s.exec(
            select(ComplementAnswerRow).where(col(ComplementAnswerRow.notification_id).in_(ids)))}
        return [
            Notification(id=r.id or 0, case_id=r.case_id, kind=NotificationKind(r.kind),
                         issued_at=_aware(r.issued_at) or r.issued_at,
                         payload=json.loads(r.payload_json),
                         read_at=_aware(reads.get(r.id)), answered_at=_aware(answers.get(r.id)))
            for r in rows
        ]

    def notifications(self, case_id: int) -> list[Notification]:
        with self.cases._tx() as s:
            return self._notifications(s, case_id)

    def notification(self, notification_id: int) -> Notification:
        with self.cases._tx() as s:
            return self._notification(s, notification_id)

    def _notification(self, s: Session, notification_id: int) -> Notification:
        row = s.get(NotificationRow, notification_id)
        if row is None:
            raise StorageError(f"La notification n° {notification_id} n'existe pas.")
        return next(n for n in self._notifications(s, row.case_id) if n.id == notification_id)

    def answer_of(self, notification_id: int) -> ComplementAnswer | None:
        with self.cases._tx() as s:
            row = s.exec(select(ComplementAnswerRow).where(
                ComplementAnswerRow.notification_id == notification_id)).first()
            if row is None:
                return None
            items = s.exec(select(ComplementItemRow).where(
                ComplementItemRow.answer_id == row.id).order_by(col(ComplementItemRow.id))).all()
            files = s.exec(select(ComplementFileRow).where(
                ComplementFileRow.answer_id == row.id)
                .order_by(col(ComplementFileRow.piece), col(ComplementFileRow.position))).all()
            return ComplementAnswer(
                notification_id=notification_id, answered_at=_aware(row.answered_at)
                or row.answered_at, observations=row.observations,
                items=tuple(PieceAnswer(i.piece, i.choice, i.reason, i.message)  # type: ignore[arg-type]
                            for i in items),
                files=tuple(AnsweredFile(f.piece, f.original_name, f.stored_name, f.kind, f.size,
                                         f.sha256)
                            for f in files),
            )

    def history(self, case_id: int) -> list[HistoryEntry]:
        """Newest first."""
        with self.cases._tx() as s:
            rows = s.exec(select(HistoryRow).where(HistoryRow.case_id == case_id)
                          .order_by(col(HistoryRow.at).desc(), col(HistoryRow.id).desc())).all()
            return [HistoryEntry(_aware(r.at) or r.at, r.side, r.kind, r.detail,
                                 r.notification_id) for r in rows]

    # -- writing -------------------------------------------------------------------

    def _case(self, s: Session, case_id: int) -> CaseRow:
        case = s.get(CaseRow, case_id)
        if case is None:
            raise StorageError(f"Le dossier n° {case_id} n'existe pas.")
        return case

    def _settle(self, s: Session, case: CaseRow, status: str, when: datetime,
                instruction: Instruction, api_validity: tuple[date, date] | None) -> None:
        """The case's status and attention after an exchange, in the same transaction."""
        s.flush()
        case.status = status
        case.attention, case.attention_until = rules.attention(
            self._notifications(s, case.id or 0), status, instruction, api_validity)
        case.updated_at = when
        s.add(case)
        self.cases.written.add(case.id or 0)

    def notify(
        self, case_id: int, kind: NotificationKind, event: Event, payload: dict[str, Any],
        *, when: datetime, side: str, instruction: Instruction,
        api_validity: tuple[date, date] | None = None, detail: str = "",
        check: Check | None = None,
    ) -> Notification:
        """Send a notification and move the case along the lifecycle, or refuse both."""
        with self.cases._tx() as s:
            case = self._case(s, case_id)
            if check is not None:
                payload = {**payload, **(check(self._notifications(s, case_id), case.status)
                                         or {})}
            status = next_status(case.status, event)
            row = NotificationRow(case_id=case_id, kind=kind.value, issued_at=when,
                                  payload_json=json.dumps(payload, ensure_ascii=False,
                                                          sort_keys=True))
            s.add(row)
            s.flush()
            s.add(HistoryRow(case_id=case_id, at=when, side=side, kind=kind.value,
                             notification_id=row.id, detail=detail))
            s.add(EventRow(case_id=case_id, at=when, kind=kind.value, detail=str(row.id)))
            self._settle(s, case, status, when, instruction, api_validity)
            return next(n for n in self._notifications(s, case_id) if n.id == row.id)

    def mark_read(self, notification_id: int, *, when: datetime, side: str,
                  instruction: Instruction,
                  api_validity: tuple[date, date] | None = None) -> Notification:
        """The first opening is the accusé de réception; later openings change nothing."""
        with self.cases._tx() as s:
            notification = self._notification(s, notification_id)
            if notification.read_at is not None:
                return notification
            case = self._case(s, notification.case_id)
            s.add(NotificationReadRow(notification_id=notification_id, read_at=when))
            s.add(HistoryRow(case_id=case.id or 0, at=when, side=side, kind="lecture",
                             notification_id=notification_id,
                             detail=notification.kind.value))
            self._settle(s, case, case.status, when, instruction, api_validity)
            return self._notification(s, notification_id)

    def answer(
        self, notification_id: int, items: Sequence[PieceAnswer], observations: str | None,
        *, when: datetime, side: str, instruction: Instruction, max_files: int,
        api_validity: tuple[date, date] | None = None, file_source: FileSource | None = None,
    ) -> ComplementAnswer:
        """« Valider et envoyer »: checked and written in one transaction, or nothing.

        On PostgreSQL the files' content goes into the database in the same transaction
        (read through `file_source`), so that every desk can open them."""
        with self.cases._tx() as s:
            notification = self._notification(s, notification_id)
            case = self._case(s, notification.case_id)
            rules.check_answerable(notification, case.status, instruction,
                                   when.astimezone().date())
            rules.check_answer(notification, items, max_files,
                               reprise=instruction.complement.answer == "reprise")
            status = next_status(case.status, Event.ANSWER_COMPLEMENT)
            answer = ComplementAnswerRow(notification_id=notification_id, case_id=case.id or 0,
                                         answered_at=when,
                                         observations=(observations or "").strip() or None)
            s.add(answer)
            s.flush()
            for item in items:
                s.add(ComplementItemRow(answer_id=answer.id or 0, piece=item.piece,
                                        choice=item.choice,
                                        reason=(item.reason or "").strip() or None,
                                        message=(item.message or "").strip() or None))
                for position, f in enumerate(item.files, start=1):
                    s.add(ComplementFileRow(
                        answer_id=answer.id or 0, piece=item.piece, position=position,
                        original_name=f.original_name, stored_name=f.stored_name,
                        sha256=f.sha256, size=f.size, kind=f.kind, mime=f.mime, pages=f.pages,
                        width=f.width, height=f.height))
            if self.cases.files_in_db:
                store_files(s, case.id or 0, [f for item in items for f in item.files],
                            file_source)
            s.add(HistoryRow(case_id=case.id or 0, at=when, side=side,
                             kind=Event.ANSWER_COMPLEMENT.value,
                             notification_id=notification_id))
            self._settle(s, case, status, when, instruction, api_validity)
        answered = self.answer_of(notification_id)
        assert answered is not None
        return answered
