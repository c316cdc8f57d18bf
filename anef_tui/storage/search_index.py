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
    CaseFilter,
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
            conds.append(false())  # nothing can match: no walk at all
            return conds
        for i, w in enumerate(flt.words):
            conds.append(_cases_with(w) if i == at and narrowest < cap else _has_term(w))
    return conds


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


def needing_action(conn: Connection, conds: Sequence[ColumnElement[bool]], today: date,
                   limit: int) -> list[Any]:
    """Up to `limit` matching cases that need action, in the home screen's order: by
    code (ATTENTION_ORDER), the nearest date first, then the most recent. One indexed
    read per code on (attention, attention_until)."""
    found: list[Any] = []
    c = cases.c
    for code in ATTENTION_ORDER:
        if len(found) >= limit:
            break
        found += conn.execute(
            summaries_query([*conds, action_due(today, code)])
            .order_by(c.attention_until, c.updated_at.desc(), c.id.desc())
            .limit(limit - len(found))
        ).all()
    return found


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
