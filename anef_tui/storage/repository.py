"""Cases in the database: every operation is one transaction.

The screens never see SQLModel objects: they get plain records, so that a screen cannot
modify a row behind the domain's back.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, and_, or_
from sqlalchemy.exc import DatabaseError, IntegrityError, InterfaceError, OperationalError
from sqlmodel import Session, col, delete, select

from anef_tui.clock import Clock, system_clock
from anef_tui.errors import CaseConflict, CaseLocked, StorageError
from anef_tui.lifecycle import Event, is_deposited, next_status
from anef_tui.numbering import NumberingExhausted, counter_key, format_numero
from anef_tui.records import (
    STATUS_DRAFT,
    CaseChanges,
    CaseRecord,
    CaseSummary,
    EventRecord,
    HomePage,
    StoredAttachment,
    StoreFacts,
)
from anef_tui.search_terms import CaseFilter, HomeCursor, PageCursor, QueueCursor
from anef_tui.storage import search_index
from anef_tui.storage.database import explain, open_engine
from anef_tui.storage.tables import (
    ApplicantRow,
    AttachmentRow,
    CaseFileRow,
    CaseRow,
    ComplementAnswerRow,
    ComplementFileRow,
    DepositCounterRow,
    EventRow,
    HistoryRow,
    NotificationRow,
    StepAnswerRow,
)

CLOCK_MARGIN = timedelta(minutes=2)


def _local(moment: datetime) -> datetime:
    """The desk's wall-clock time, as SQLite gives it back (naive local).

    PostgreSQL keeps the offset (timestamptz) and answers in the server's time zone:
    converted here, both engines read the same.
    """
    if moment.tzinfo is None:
        return moment
    return moment.astimezone().replace(tzinfo=None)


def _changes(conn: Connection, ids: set[int], flt: CaseFilter,
             watermark: datetime | None) -> CaseChanges:
    """The cases of `ids` that match `flt` (newest first), and those that no longer do."""
    if not ids:
        return CaseChanges([], set(), watermark)
    conds = search_index.filter_conditions(conn, flt)
    c = search_index.cases.c
    rows = conn.execute(search_index.summaries_query(
        [*conds, c.id.in_(sorted(ids))]).order_by(c.updated_at.desc(), c.id.desc()))
    shown = [_summary(r) for r in rows]
    return CaseChanges(shown, ids - {r.id for r in shown}, watermark)


def _local_or_none(moment: datetime | None) -> datetime | None:
    return None if moment is None else _local(moment)


# Reads an attached file's bytes from this desk's store (to copy it into the database).
FileSource = Callable[["StoredAttachment"], bytes]


def conflict_message(desk: str | None, when: datetime) -> str:
    moment = _local(when)
    who = f"au guichet « {desk} »" if desk else "à un autre guichet"
    return (
        f"Ce dossier a été enregistré {who} le {moment:%d/%m/%Y à %H:%M:%S} pendant "
        "que vous le modifiiez : votre saisie n'a pas été enregistrée. Rechargez le dossier "
        "pour voir l'enregistrement de l'autre guichet (votre saisie reste affichée "
        "jusque-là : notez ce qui doit être repris)."
    )


class CaseRepository:
    def __init__(self, database_url: str, files_dir: Path, desk: str | None = None,
                 clock: Clock = system_clock) -> None:
        self.url = database_url
        self.files_dir = files_dir
        # Aware local time (the deposit date printed is the counter's date); fixed in tests.
        self._now = clock
        # The cases this process wrote since the home screen last asked (take_written):
        # found by id, whatever the clocks of the other desks say.
        self.written: set[int] = set()
        self.desk = desk or None
        self.engine = open_engine(database_url)
        # PostgreSQL (several desks): the attached files live in the database, so that
        # every desk reads them and one pg_dump holds the site. SQLite: the local store.
        self.files_in_db = self.engine.dialect.name == "postgresql"

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """One transaction; driver errors become French StorageError messages."""
        try:
            with Session(self.engine) as session, session.begin():
                yield session
        except (OperationalError, DatabaseError, InterfaceError) as exc:
            if isinstance(exc, IntegrityError) and "modification interdite" not in str(exc):
                raise
            raise explain(exc, self.url) from exc

    # -- reading ---------------------------------------------------------------------

    def list_cases(self) -> list[CaseSummary]:
        """Every case, most recent first (for tests and exports; the screens page)."""
        with self._tx() as s:
            c = search_index.cases.c
            rows = s.connection().execute(
                search_index.summaries_query([]).order_by(c.updated_at.desc(), c.id.desc()))
            return [_summary(r) for r in rows]

    def with_status(self, statuses: Collection[str], limit: int = 500) -> list[CaseSummary]:
        """The deposited cases at one of `statuses` (statuses after the deposit), oldest
        deposit first (the instruction's queue): an indexed walk, not a year of dossiers
        read and filtered."""
        return self.status_page(statuses, limit)[0]

    def status_page(
        self, statuses: Collection[str], limit: int, after: QueueCursor | None = None
    ) -> tuple[list[CaseSummary], QueueCursor | None]:
        """Up to `limit` deposited cases at one of `statuses`, oldest deposit first, after
        `after`; and where the next page starts (None: nothing after). Keyset on
        (deposited_at, id), never OFFSET."""
        with self._tx() as s:
            c = search_index.cases.c
            # A walk of (deposited_at, id) from the last row shown, past the drafts, each
            # row's status checked on the way: the status is compared as « status || '' »
            # so that SQLite's planner, without statistics, does not take the status
            # index instead (every deposited case read, then sorted: 40 ms at 100 000).
            conds = [c.deposited_at.is_not(None),
                     c.status.concat("").in_(sorted(statuses))]
            if after is not None:
                conds.append(or_(c.deposited_at > after.deposited_at,
                                 and_(c.deposited_at == after.deposited_at,
                                      c.id > after.id)))
            rows = s.connection().execute(
                search_index.summaries_query(conds).add_columns(c.deposited_at)
                .order_by(c.deposited_at, c.id).limit(limit + 1)).all()
            following = None
            if len(rows) > limit:
                last = rows[limit - 1]
                following = QueueCursor(last.deposited_at, last.id)
            return [_summary(r) for r in rows[:limit]], following

    def list_page(
        self, flt: CaseFilter, *, after: PageCursor | None = None, limit: int = 50
    ) -> tuple[list[CaseSummary], datetime | None]:
        """One page of the cases matching `flt`, most recent first, after `after`.

        Also gives the latest update of the whole table, from which changed_since()
        later finds what changed.
        """
        with self._tx() as s:
            conn = s.connection()
            conds = search_index.filter_conditions(conn, flt)
            rows = conn.execute(search_index.page_query(conds, after, limit))
            page = [_summary(r) for r in rows]
            return page, search_index.latest_update(conn)

    def needing_action(self, flt: CaseFilter, today: date, limit: int) -> list[CaseSummary]:
        """Up to `limit` cases matching `flt` that need action, the most pressing first."""
        with self._tx() as s:
            conn = s.connection()
            conds = search_index.filter_conditions(conn, flt)
            return [_summary(r) for r in search_index.needing_action(conn, conds, today, limit)]

    def home_page(self, flt: CaseFilter, today: date, limit: int,
                  after: HomeCursor | None = None) -> HomePage:
        """Up to `limit` rows of the home list after `after` (search_index.home_page):
        the filter's conditions planned once, one transaction."""
        with self._tx() as s:
            conn = s.connection()
            conds = search_index.filter_conditions(conn, flt)
            if search_index.matches_nothing(conds):
                # A word that begins no term (a typo): no page read, code by code.
                return HomePage([], None, search_index.latest_update(conn))
            if after is None and not search_index.may_need_action(flt):
                # Drafts, abandoned: no read of what needs action (a walk of its index
                # for nothing, 17 ms at 100 000).
                after = HomeCursor(action_done=True)
            rows, following = search_index.home_page(conn, conds, today, limit, after)
            return HomePage([_summary(r) for r in rows], following,
                            search_index.latest_update(conn))

    def take_written(self) -> set[int]:
        """The ids of the cases written by this process since the last call."""
        taken = set(self.written)
        self.written -= taken
        return taken

    def changed_since(
        self, since: datetime | None, flt: CaseFilter, *, also: Sequence[int] = (),
        limit: int = 200,
    ) -> CaseChanges | None:
        """The cases written at or after `since` (all if None), plus `also`; None when
        too many to patch a list with."""
        with self._tx() as s:
            conn = s.connection()
            ids = set(also)
            # since is None when the table was empty at the last read: all is new. A
            # margin for the other desks' clocks (this desk's writes are in `also`).
            changed = search_index.changed_since(
                conn, None if since is None else since - CLOCK_MARGIN, limit + 1)
            if len(changed) > limit:
                return None
            ids.update(changed)
            return _changes(conn, ids, flt, search_index.latest_update(conn))

    def changes_of(self, ids: Collection[int], flt: CaseFilter) -> CaseChanges:
        """These cases as the list shows them under `flt` (by id: one indexed read each);
        the watermark is left unset: other cases may have changed meanwhile."""
        with self._tx() as s:
            return _changes(s.connection(), set(ids), flt, None)

    def get(self, case_id: int) -> CaseRecord:
        with self._tx() as s:
            case = s.get(CaseRow, case_id)
            if case is None:
                raise StorageError(f"Le dossier n° {case_id} n'existe pas.")
            applicant = s.exec(select(ApplicantRow).where(ApplicantRow.case_id == case_id)).first()
            answers = {
                r.step_id: json.loads(r.data_json)
                for r in s.exec(select(StepAnswerRow).where(StepAnswerRow.case_id == case_id))
            }
            attachments = [
                _attachment_record(r)
                for r in s.exec(
                    select(AttachmentRow)
                    .where(AttachmentRow.case_id == case_id)
                    .order_by(col(AttachmentRow.slot_id), col(AttachmentRow.position))
                )
            ]
            return CaseRecord(
                id=case_id,
                procedure_id=case.procedure_id,
                profile=json.loads(case.profile_json),
                status=case.status,
                current_step=case.current_step,
                last_validated_step=case.last_validated_step,
                answers=answers,
                identity=json.loads(applicant.identity_json) if applicant else {},
                numero_etranger=applicant.numero_etranger if applicant else None,
                attachments=attachments,
                observations=case.observations,
                numero_demande=case.numero_demande,
                created_at=_local(case.created_at),
                updated_at=_local(case.updated_at),
                deposited_at=_local_or_none(case.deposited_at),
                version=case.version,
                updated_by=case.updated_by,
            )

    def store_facts(self, case_ids: Collection[int]) -> dict[int, StoreFacts]:
        """What the start-up sweep must know of these cases (one batch of the folders
        found on disk; ids the database does not know are left out): each one's status,
        the stored files its attachments reference, and, when the instruction side wrote
        to it, the complément files its answers reference."""
        ids = sorted(case_ids)
        if not ids:
            return {}
        with self._tx() as s:
            statuses = {cid: status for cid, status in s.exec(
                select(CaseRow.id, CaseRow.status).where(col(CaseRow.id).in_(ids)))
                if cid is not None}
            names: dict[int, set[str]] = {}
            for cid, name in s.exec(select(AttachmentRow.case_id, AttachmentRow.stored_name)
                                    .where(col(AttachmentRow.case_id).in_(ids))):
                names.setdefault(cid, set()).add(name)
            written_to = set(s.exec(select(NotificationRow.case_id).distinct()
                                    .where(col(NotificationRow.case_id).in_(ids))))
            complements: dict[int, set[str]] = {cid: set() for cid in written_to}
            for cid, name in s.exec(
                select(ComplementAnswerRow.case_id, ComplementFileRow.stored_name)
                .join(ComplementFileRow,
                      col(ComplementFileRow.answer_id) == col(ComplementAnswerRow.id))
                .where(col(ComplementAnswerRow.case_id).in_(ids))
            ):
                complements.setdefault(cid, set()).add(name)
        return {cid: StoreFacts(status, frozenset(names.get(cid, ())),
                                frozenset(complements[cid]) if cid in complements else None)
                for cid, status in statuses.items()}

    def events(self, case_id: int) -> list[EventRecord]:
        with self._tx() as s:
            rows = s.exec(
                select(EventRow).where(EventRow.case_id == case_id).order_by(col(EventRow.id))
            ).all()
            return [EventRecord(_local(r.at), r.kind, r.detail) for r in rows]

    # -- writing ---------------------------------------------------------------------

    def create_case(
        self,
        procedure_id: str,
        profile: dict[str, str],
        first_step: str,
        identity: dict[str, Any],
        numero_etranger: str | None,
        roles: Mapping[str, str] | None = None,
    ) -> int:
        """`roles`: the field id of each role (Procedure.role_ids), for the applicant row."""
        now = self._now()
        with self._tx() as s:
            case = CaseRow(
                procedure_id=procedure_id,
                profile_json=json.dumps(profile, ensure_ascii=False),
                current_step=first_step,
                created_at=now,
                updated_at=now,
                updated_by=self.desk,
            )
            s.add(case)
            s.flush()
            assert case.id is not None
            applicant = _applicant_row(case.id, identity, numero_etranger, roles)
            s.add(applicant)
            s.add(EventRow(case_id=case.id, at=now, kind="creation", detail=procedure_id))
            _index(s, case.id, applicant, None)
            self.written.add(case.id)
            return case.id

    def _saved(self, case: CaseRow, now: datetime, expected_version: int | None) -> None:
        """Refuse a save made from an older version of the case; else bump the version.

        Called under the case's row lock (FOR UPDATE) or SQLite's write lock, so the
        check and the bump cannot interleave with another desk's save.
        """
        if expected_version is not None and case.version != expected_version:
            raise CaseConflict(conflict_message(case.updated_by, case.updated_at))
        case.version += 1
        case.updated_at = now
        case.updated_by = self.desk

    def _draft(self, s: Session, case_id: int) -> CaseRow:
        # FOR UPDATE (PostgreSQL): two desks writing the same case wait for each other and
        # the second one reads the first one's result. SQLite's BEGIN IMMEDIATE already
        # serialises every write transaction.
        case = s.get(CaseRow, case_id, with_for_update=True)
        if case is None:
            raise StorageError(f"Le dossier n° {case_id} n'existe pas.")
        self.written.add(case_id)  # re-read on the home screen, even if refused
        if is_deposited(case.status):
            raise CaseLocked("Ce dossier a été déposé : il ne peut plus être modifié.")
        if case.status != STATUS_DRAFT:
            raise CaseLocked("Ce dossier a été abandonné : il ne peut plus être modifié.")
        return case

    def save_step(
        self,
        case_id: int,
        step_id: str,
        values: dict[str, Any],
        next_step: str,
        *,
        identity: dict[str, Any] | None = None,
        attachments: Sequence[StoredAttachment] | None = None,
        expected_version: int | None = None,
        file_source: FileSource | None = None,
        roles: Mapping[str, str] | None = None,
    ) -> None:
        """Commit one validated step, and where to resume, in a single transaction.

        With `expected_version` (the version the desk read), a case saved meanwhile by
        another desk is refused with CaseConflict and nothing is written.
        """
        now = self._now()
        with self._tx() as s:
            case = self._draft(s, case_id)
            self._saved(case, now, expected_version)
            row = s.exec(
                select(StepAnswerRow).where(
                    StepAnswerRow.case_id == case_id, StepAnswerRow.step_id == step_id
                )
            ).first()
            data = json.dumps(values, ensure_ascii=False, sort_keys=True)
            if row is None:
                s.add(StepAnswerRow(case_id=case_id, step_id=step_id, data_json=data,
                                    validated_at=now))
            else:
                row.data_json = data
                row.validated_at = now
                s.add(row)
            if identity is not None:
                applicant = s.exec(
                    select(ApplicantRow).where(ApplicantRow.case_id == case_id)
                ).first()
                fresh = _applicant_row(case_id, identity,
                                       applicant.numero_etranger if applicant else None, roles)
                if applicant is None:
                    s.add(fresh)
                else:
                    applicant.nom_naissance = fresh.nom_naissance
                    applicant.prenoms = fresh.prenoms
                    applicant.date_naissance = fresh.date_naissance
                    applicant.identity_json = fresh.identity_json
                    s.add(applicant)
                _index(s, case_id, fresh, case.numero_demande)
            if attachments is not None:
                s.exec(delete(AttachmentRow).where(col(AttachmentRow.case_id) == case_id))
                positions: dict[str, int] = {}
                for a in attachments:
                    positions[a.slot_id] = positions.get(a.slot_id, 0) + 1
                    s.add(AttachmentRow(case_id=case_id, position=positions[a.slot_id],
                                        added_at=now, **a.__dict__))
                if self.files_in_db:
                    _sync_files(s, case_id, attachments, file_source)
            case.last_validated_step = step_id
            case.current_step = next_step
            s.add(case)
            s.add(EventRow(case_id=case_id, at=now, kind="etape_validee", detail=step_id))

    def set_current_step(self, case_id: int, step_id: str) -> None:
        with self._tx() as s:
            case = self._draft(s, case_id)
            case.current_step = step_id
            case.updated_at = self._now()
            s.add(case)

    def set_observations(self, case_id: int, observations: str | None,
                         expected_version: int | None = None) -> None:
        """Keep the récapitulatif's observations of a draft while the counter edits a step."""
        with self._tx() as s:
            case = self._draft(s, case_id)
            self._saved(case, self._now(), expected_version)
            case.observations = observations or None
            s.add(case)

    def abandon(self, case_id: int) -> None:
        """Abandon a draft: its personal data and files are erased, the case row remains."""
        now = self._now()
        with self._tx() as s:
            case = self._draft(s, case_id)
            for table in (StepAnswerRow, AttachmentRow, ApplicantRow, CaseFileRow):
                s.exec(delete(table).where(col(table.case_id) == case_id))
            self._saved(case, now, None)
            case.status = next_status(case.status, Event.ABANDON)
            case.observations = None
            s.add(case)
            s.add(EventRow(case_id=case_id, at=now, kind="abandon"))
            # Found by its dossier number only: the names were personal data.
            _index(s, case_id, None, None)
        shutil.rmtree(self.files_dir / f"{case_id:06d}", ignore_errors=True)

    def deposit(
        self, case_id: int, *, observations: str | None, site_prefix: str, when: datetime,
        attention: tuple[str | None, date | None] = (None, None),
        expected_version: int | None = None,
    ) -> str:
        """Deposit a draft and give it its N° de demande, in one transaction.

        The day's counter is incremented by one upsert (INSERT … ON CONFLICT DO UPDATE …
        RETURNING) inside the deposit's transaction: it holds the counter row's lock
        (PostgreSQL) or the database's write lock (SQLite, BEGIN IMMEDIATE) until the
        commit, so two desks depositing at the same moment never read the same value,
        and a deposit that fails rolls its number back: unique and gap-free. The UNIQUE
        constraint on numero_demande is the last guard.
        """
        with self._tx() as s:
            case = self._draft(s, case_id)
            # Deposit only what this desk's récapitulatif showed.
            self._saved(case, when, expected_version)
            sequence = _next_sequence(s, counter_key(site_prefix, when.date()))
            try:
                numero = format_numero(site_prefix, when.date(), sequence)
            except NumberingExhausted as exc:
                # A StorageError, so that the deposit screen shows it instead of crashing;
                # the transaction is rolled back and the case stays a draft.
                raise StorageError(str(exc)) from exc
            case.status = next_status(case.status, Event.DEPOSIT)
            case.numero_demande = numero
            case.observations = observations or None
            case.deposited_at = when.astimezone().replace(microsecond=0)
            case.updated_at = case.deposited_at
            # The attestation issued with the deposit (BPI): the home screen warns before
            # it expires.
            case.attention, case.attention_until = attention
            s.add(case)
            s.add(EventRow(case_id=case_id, at=case.deposited_at, kind="depot", detail=numero))
            s.add(HistoryRow(case_id=case_id, at=case.deposited_at, side="guichet",
                             kind="depot", detail=numero))
            applicant = s.exec(select(ApplicantRow).where(ApplicantRow.case_id == case_id)).first()
            _index(s, case_id, applicant, numero)
            return numero

    def read_file(self, case_id: int, sha256: str) -> bytes | None:
        """An attached file's content from the database (None: not there, e.g. SQLite)."""
        with self._tx() as s:
            row = s.get(CaseFileRow, (case_id, sha256))
            return bytes(row.data) if row is not None else None

    def record_event(self, case_id: int, kind: str, detail: str = "") -> None:
        with self._tx() as s:
            s.add(EventRow(case_id=case_id, at=self._now(), kind=kind, detail=detail))


def _sync_files(s: Session, case_id: int, attachments: Sequence[StoredAttachment],
                source: FileSource | None) -> None:
    """Make the case's files in the database exactly those its attachments reference."""
    wanted = {a.sha256 for a in attachments}
    have = store_files(s, case_id, attachments, source)
    stale = have - wanted
    if stale:
        s.exec(delete(CaseFileRow).where(col(CaseFileRow.case_id) == case_id,
                                         col(CaseFileRow.sha256).in_(stale)))


def store_files(s: Session, case_id: int, files: Sequence[StoredAttachment],
                source: FileSource | None) -> set[str]:
    """Copy into the database the files of `files` it does not hold yet (PostgreSQL);
    returns what it held before. Each file's bytes are checked against its SHA-256."""
    have = set(s.exec(select(CaseFileRow.sha256).where(CaseFileRow.case_id == case_id)).all())
    added: set[str] = set()
    for a in files:
        if a.sha256 in have or a.sha256 in added:
            continue
        try:
            data = source(a) if source is not None else None
        except (OSError, ValueError):
            data = None
        if data is None or hashlib.sha256(data).hexdigest() != a.sha256:
            raise StorageError(
                f"Le fichier de la pièce « {a.original_name} » n'est plus lisible sur ce "
                "poste tel qu'il a été joint : retirez-la et joignez-la de nouveau. Rien n'a "
                "été enregistré."
            )
        s.add(CaseFileRow(case_id=case_id, sha256=a.sha256, size=len(data), data=data))
        added.add(a.sha256)
    return have


def _next_sequence(s: Session, key: str) -> int:
    table: Table = DepositCounterRow.__table__  # type: ignore[assignment]
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = (
        insert(table)
        .values(key=key, last=1)
        .on_conflict_do_update(index_elements=[table.c.key], set_={"last": table.c.last + 1})
        .returning(table.c.last)
    )
    return int(s.execute(statement).scalar_one())


def _index(s: Session, case_id: int, applicant: ApplicantRow | None,
           numero_demande: str | None) -> None:
    s.flush()  # the rows above first: the terms reference the case
    search_index.replace_terms(
        s.connection(), case_id,
        names=(applicant.nom_naissance, applicant.prenoms) if applicant else (),
        numbers=(applicant.numero_etranger if applicant else None, numero_demande))


def _summary(r: Any) -> CaseSummary:
    return CaseSummary(
        id=r.id, procedure_id=r.procedure_id, status=r.status,
        nom=r.nom_naissance or "", prenoms=r.prenoms or "",
        numero_etranger=r.numero_etranger, current_step=r.current_step,
        updated_at=_local(r.updated_at), numero_demande=r.numero_demande,
        attention=r.attention, attention_until=r.attention_until,
    )


def _applicant_row(case_id: int, identity: dict[str, Any], numero: str | None,
                   roles: Mapping[str, str] | None = None) -> ApplicantRow:
    def by_role(role: str) -> Any:
        # The field playing the role; without the definition's map, the role's own id.
        return identity.get((roles or {}).get(role, role))

    birth = by_role("date_naissance")
    prenoms = by_role("prenoms") or ""
    return ApplicantRow(
        case_id=case_id,
        numero_etranger=numero,
        nom_naissance=str(by_role("nom_naissance") or ""),
        # « + Ajouter un prénom » gives a list; the row lists them as a titre prints them.
        prenoms=" ".join(prenoms) if isinstance(prenoms, list) else str(prenoms),
        date_naissance=str(birth) if birth else None,
        identity_json=json.dumps(identity, ensure_ascii=False, sort_keys=True),
    )


def _attachment_record(r: AttachmentRow) -> StoredAttachment:
    return StoredAttachment.of_row(r)
