"""Finding cases among many: the search terms kept on write, and the page queries.

Every query here is SQLAlchemy Core that SQLite and PostgreSQL both answer from an
index, so the home screen costs the same with 100 or 100 000 cases:

- the first page, most recent first, is a walk down (updated_at, id), stopped after a
  page; the next page starts after the last row shown (keyset, never OFFSET);
- a search word is a prefix, that is a range of the term index
  ([word, successor of word)). The query is planned from how many terms a word matches,
  counted up to `BROAD` on the index: a selective word gives a short list of cases to
  sort (« which cases have a term starting with nguy »); a broad one (« m », « 75 »)
  walks the recent cases and checks each by its primary key (« does this case have a
  term starting with m »), and a page of them is found in the first few hundred.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    delete,
    exists,
    false,
    func,
    insert,
    not_,
    or_,
    select,
)

from anef_tui.instruction.rules import (
    ATTENTION_EXPIRES,
    ATTENTION_ORDER,
    ATTENTION_UNREAD,
    EXPIRY_WARNING_DAYS,
)
from anef_tui.lifecycle import DEPOSITED_STATUSES
from anef_tui.search_terms import (
    ATTENTION_ANY,
    STATUS_DEPOSITED_ANY,
    ActionCursor,
    CaseFilter,
    HomeCursor,
    PageCursor,
    QueryWord,
    case_number_term,
    case_terms,
    prefix_upper_bound,
)
from anef_tui.storage.tables import ApplicantRow, CaseRow, CaseSearchTermRow

# A word matching at least this many terms is « broad »: walking the recent cases finds
# a page of matches quickly.
BROAD = 1000
# Several words: each may be broad and their combination rare (« diallo fatou »), so a
# walk could read every case. The narrowest word lists its cases unless it matches more
# than this many terms (counted on the index, a few milliseconds).
WIDE = 30000

# The condition of a search no case can match (a word that begins no term).
NOTHING = false()

cases = CaseRow.__table__  # type: ignore[attr-defined]
applicants = ApplicantRow.__table__  # type: ignore[attr-defined]
terms = CaseSearchTermRow.__table__  # type: ignore[attr-defined]

# -- writing -----------------------------------------------------------------------------


def replace_terms(
    conn: Connection, case_id: int, *, names: Iterable[str] = (),
    numbers: Iterable[str | None] = (),
) -> None:
    """Index a case by its current names and numbers (in the caller's transaction)."""
    conn.execute(delete(terms).where(terms.c.case_id == case_id))
    conn.execute(insert(terms), [
        {"case_id": case_id, "term": t}
        for t in sorted(case_terms(case_id, names=names, numbers=numbers))
    ])


# -- reading -----------------------------------------------------------------------------

SUMMARY_COLUMNS = (
    cases.c.id, cases.c.procedure_id, cases.c.status, cases.c.current_step,
    cases.c.updated_at, cases.c.numero_demande, cases.c.attention, cases.c.attention_until,
    applicants.c.nom_naissance, applicants.c.prenoms, applicants.c.numero_etranger,
)


def _word_matches(word: QueryWord, term: Any = None) -> ColumnElement[bool]:
    term = terms.c.term if term is None else term
    cond = and_(term >= word.prefix, term < prefix_upper_bound(word.prefix))
    if word.case_id is not None:
        cond = or_(cond, term == case_number_term(word.case_id))
    return cond


def _has_term(word: QueryWord) -> ColumnElement[bool]:
    """Correlated: this case has a term the word begins (a primary-key probe)."""
    return exists().where(terms.c.case_id == cases.c.id, _word_matches(word))


def _cases_with(word: QueryWord) -> ColumnElement[bool]:
    """The short list of cases having a term the word begins (a term-index range)."""
    return cases.c.id.in_(select(terms.c.case_id).where(_word_matches(word)))


def word_breadth(conn: Connection, word: QueryWord, cap: int) -> int:
    """How many terms the word matches, counted up to `cap` (an index range, bounded)."""
    hits = select(terms.c.case_id).where(_word_matches(word)).limit(cap).subquery()
    return int(conn.execute(select(func.count()).select_from(hits)).scalar_one())


def action_due(today: date, code: str | None = None) -> ColumnElement[bool]:
    """The case needs action today (as anef_tui.instruction.rules.attention_text says):
    an unread notification; a deadline to meet; an attestation within its warning days."""
    c = cases.c
    soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    dated = and_(c.attention_until.is_not(None),
                 or_(c.attention != ATTENTION_EXPIRES, c.attention_until <= soon))
    if code is None:
        return or_(c.attention == ATTENTION_UNREAD, and_(c.attention.is_not(None), dated))
    return c.attention == code if code == ATTENTION_UNREAD else and_(c.attention == code, dated)


def judged_on(flt: CaseFilter) -> date:
    """The day « needs action » is judged on: always the caller's (the service's clock),
    never the wall clock read here."""
    if flt.today is None:
        raise ValueError("CaseFilter.today is required to filter on what needs action")
    return flt.today


def filter_conditions(conn: Connection, flt: CaseFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if flt.status == STATUS_DEPOSITED_ANY:
        conds.append(cases.c.status.in_(sorted(DEPOSITED_STATUSES)))
    elif flt.status is not None:
        conds.append(cases.c.status == flt.status)
    if flt.attention == ATTENTION_ANY:
        conds.append(action_due(judged_on(flt)))
    elif flt.attention is not None:
        conds.append(action_due(judged_on(flt), flt.attention))
    if flt.words:
        cap = BROAD if len(flt.words) == 1 else WIDE
        breadth = [(word_breadth(conn, w, cap), i) for i, w in enumerate(flt.words)]
        narrowest, at = min(breadth)
        if narrowest == 0:
            conds.append(NOTHING)  # nothing can match: no walk at all
            return conds
        for i, w in enumerate(flt.words):
            conds.append(_cases_with(w) if i == at and narrowest < cap else _has_term(w))
    return conds


def matches_nothing(conds: Sequence[ColumnElement[bool]]) -> bool:
    """Whether the conditions are those of a search nothing matches (no read needed)."""
    return any(cond is NOTHING for cond in conds)


def summaries_query(conds: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return (
        select(*SUMMARY_COLUMNS)
        .select_from(cases.outerjoin(applicants, applicants.c.case_id == cases.c.id))
        .where(*conds)
    )


def page_query(
    conds: Sequence[ColumnElement[bool]], after: PageCursor | None, limit: int
) -> Select[Any]:
    where = list(conds)
    if after is not None:
        where.append(or_(cases.c.updated_at < after.updated_at,
                         and_(cases.c.updated_at == after.updated_at,
                              cases.c.id < after.id)))
    return (summaries_query(where)
            .order_by(cases.c.updated_at.desc(), cases.c.id.desc())
            .limit(limit))


def not_due(today: date) -> ColumnElement[bool]:
    """The case needs no action today (the complement of action_due, NULL-safe: a case
    without attention is not « unknown »)."""
    return or_(cases.c.attention.is_(None), not_(action_due(today)))


def _after(updated_at: datetime, case_id: int) -> ColumnElement[bool]:
    """After this row, most recent first (keyset on updated_at, id)."""
    c = cases.c
    return or_(c.updated_at < updated_at, and_(c.updated_at == updated_at, c.id < case_id))


Segment = tuple[ColumnElement[bool], list[Any]]  # a condition and its order


def _action_segments(code: str, after: ActionCursor | None) -> list[Segment]:
    """The reads of one code, in the home screen's order: the dated cases, nearest date
    first (the (attention, attention_until) index), then the undated ones (an unread
    notification may have no date), as rules.attention_rank ranks them (undated last,
    on SQLite and PostgreSQL alike: never left to the engine's place for NULL)."""
    c = cases.c
    dated: ColumnElement[bool] = c.attention_until.is_not(None)
    undated: ColumnElement[bool] = c.attention_until.is_(None)
    if after is not None and after.code == code:
        if after.until is None:
            return [(and_(undated, _after(after.updated_at, after.id)),
                     [c.updated_at.desc(), c.id.desc()])]
        dated = and_(dated, or_(c.attention_until > after.until,
                                and_(c.attention_until == after.until,
                                     _after(after.updated_at, after.id))))
    segments = [(dated, [c.attention_until, c.updated_at.desc(), c.id.desc()])]
    if code == ATTENTION_UNREAD:  # the other codes are due only with a date
        segments.append((undated, [c.updated_at.desc(), c.id.desc()]))
    return segments


def needing_action(conn: Connection, conds: Sequence[ColumnElement[bool]], today: date,
                   limit: int, after: ActionCursor | None = None) -> list[Any]:
    """Up to `limit` matching cases that need action, in the home screen's order: by
    code (ATTENTION_ORDER), the nearest date first, then the most recent; after the row
    `after` when given. One indexed read per code on (attention, attention_until)."""
    found: list[Any] = []
    codes = ATTENTION_ORDER if after is None else \
        ATTENTION_ORDER[ATTENTION_ORDER.index(after.code):]
    for code in codes:
        for where, order in _action_segments(code, after):
            if len(found) >= limit:
                return found
            found += conn.execute(
                summaries_query([*conds, action_due(today, code), where])
                .order_by(*order).limit(limit - len(found))
            ).all()
    return found


def action_cursor(row: Any) -> ActionCursor:
    return ActionCursor(row.attention, row.attention_until, row.updated_at, row.id)


def may_need_action(flt: CaseFilter) -> bool:
    """Whether cases of the filter's status can need action: only a deposited dossier
    has exchanges (a draft or an abandoned one never has an attention code)."""
    return flt.status is None or flt.status == STATUS_DEPOSITED_ANY \
        or flt.status in DEPOSITED_STATUSES


def home_page(conn: Connection, conds: Sequence[ColumnElement[bool]], today: date,
              limit: int, after: HomeCursor | None) -> tuple[list[Any], HomeCursor | None]:
    """Up to `limit` rows of the home list after `after` (None: from its top), and where
    the next page starts (None: nothing after). The list is the cases that need action,
    the most pressing first, then the others, most recent first: two parts that never
    share a case, each read by keyset (never OFFSET), each page one or two indexed
    reads of at most limit + 1 rows."""
    after = after or HomeCursor()
    rows: list[Any] = []
    if not after.action_done:
        rows = needing_action(conn, conds, today, limit + 1, after.action)
        if len(rows) > limit:
            return rows[:limit], HomeCursor(action=action_cursor(rows[limit - 1]))
    # What needs action is all shown: the others, most recent first, fill the page
    # (at least one is read: whether any follows).
    wanted = limit - len(rows)
    recent = conn.execute(page_query(
        [*conds, not_due(today)], after.recent, max(wanted, 1) + 1)).all()
    shown = recent[:wanted]
    rows += shown
    if len(recent) <= wanted:
        return rows, None
    last = after.recent if not shown else PageCursor(shown[-1].updated_at, shown[-1].id)
    return rows, HomeCursor(action_done=True, recent=last)


def latest_update(conn: Connection) -> datetime | None:
    return conn.execute(select(func.max(cases.c.updated_at))).scalar_one_or_none()


def changed_since(conn: Connection, since: datetime | None, limit: int) -> list[int]:
    """Ids of the cases written at or after `since` (the newest first, bounded)."""
    query = select(cases.c.id)
    if since is not None:
        query = query.where(cases.c.updated_at >= since)
    return list(conn.execute(
        query.order_by(cases.c.updated_at.desc(), cases.c.id.desc()).limit(limit)
    ).scalars())
