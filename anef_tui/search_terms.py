"""What a dossier can be found by, folded so that the counter types it as it comes.

A case is indexed by a handful of short *terms*: each word of the applicant's names and
the names written without their separators (« Jean-Pierre » → jean, pierre, jeanpierre),
the N° étranger, the N° de demande and the dossier number. Terms are folded: lower case,
accents and other marks removed (« NGUYEN » finds « Nguyễn »), the letters that have no
decomposition spelled out (ß, Æ, Œ, Ø, Đ, Ł…). A query is folded the same way and cut in
words; a case matches when every word of the query begins one of its terms. Prefix
matching on an indexed column is what both SQLite and PostgreSQL answer from a B-tree,
whatever the number of dossiers.

The dossier number is a term of its own, marked with « # » so that « 42 » or « 000042 »
finds dossier 42 exactly without matching every number that begins with 42.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

CASE_NUMBER_MARK = "#"
# Longest term kept: beyond it a prefix is selective enough, and the column stays small.
MAX_TERM = 40
_SPLIT = re.compile(r"[^0-9a-z]+")

# Letters that NFKD does not decompose into a base letter and marks.
_SPELLED = str.maketrans({
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "Ł": "l", "ħ": "h", "Ħ": "h",
    "ı": "i", "ŀ": "l", "Ŀ": "l", "ŧ": "t", "Ŧ": "t", "ŋ": "n", "Ŋ": "n", "þ": "th",
    "Þ": "th", "ĸ": "k",
})


def fold(text: str) -> str:
    """Lower case, without accents or marks: « Nguyễn » → « nguyen »."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The folded words of `text`: hyphens, apostrophes and spaces separate them."""
    return [w for w in _SPLIT.split(fold(text)) if w]


def case_number_term(case_id: int) -> str:
    return f"{CASE_NUMBER_MARK}{case_id}"


def case_terms(
    case_id: int,
    *,
    names: Iterable[str] = (),
    numbers: Iterable[str | None] = (),
) -> set[str]:
    """Every term a case is found by: its names, its numbers, its dossier number."""
    terms = {case_number_term(case_id)}
    for name in names:
        parts = words(name)
        terms.update(parts)
        if len(parts) > 1:
            terms.add("".join(parts))
    for number in numbers:
        if number:
            digits = "".join(words(number))
            if digits:
                terms.add(digits)
    return {t[:MAX_TERM] for t in terms}


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: a term prefix, or an exact dossier number."""

    prefix: str
    case_id: int | None = None  # set when the word can be a dossier number


def parse_query(text: str) -> list[QueryWord]:
    """The words of what the counter typed, each matched as the start of a term."""
    joined: list[str] = []
    for w in words(text):
        # Numbers are often typed in groups (« 7501 2026 … »): one number, not several.
        if w.isdigit() and joined and joined[-1].isdigit():
            joined[-1] += w
        else:
            joined.append(w)
    parsed: list[QueryWord] = []
    for w in joined[:8]:  # a pasted paragraph is not a search
        w = w[:MAX_TERM]
        number = int(w) if w.isdigit() and len(w) <= 9 else None
        parsed.append(QueryWord(prefix=w, case_id=number or None))
    return parsed


# The « à traiter » filter's value for « any code ».
ATTENTION_ANY = "*"
# A status filter: every status after the deposit (the dossiers with notifications).
STATUS_DEPOSITED_ANY = "depose*"


@dataclass(frozen=True)
class CaseFilter:
    """What the home screen asks for: typed words, a status, what needs action."""

    words: tuple[QueryWord, ...] = ()
    status: str | None = None
    # None: every case; ATTENTION_ANY: every case that needs action; else one code.
    attention: str | None = None
    # The day « needs action » is judged on (an attestation within its warning days).
    today: date | None = None


@dataclass(frozen=True)
class PageCursor:
    """The last row shown: the next page starts after it."""

    updated_at: datetime
    id: int


@dataclass(frozen=True)
class ActionCursor:
    """The last row shown among the cases that need action, in their order (by code,
    the nearest date first, then the most recent): the next page starts after it."""

    code: str
    until: date | None
    updated_at: datetime
    id: int


@dataclass(frozen=True)
class HomeCursor:
    """Where the home list's next page starts: among the cases that need action, after
    `action`; once they are all shown (`action_done`), among the others, most recent
    first, after `recent`."""

    action: ActionCursor | None = None
    action_done: bool = False
    recent: PageCursor | None = None


@dataclass(frozen=True)
class QueueCursor:
    """The last row shown of the instruction's queue (oldest deposit first)."""

    deposited_at: datetime
    id: int


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix`.

    Terms hold only 0-9, a-z and « # », so the last character always has a successor.
    """
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


__all__ = [
    "ATTENTION_ANY",
    "ActionCursor",
    "CASE_NUMBER_MARK",
    "CaseFilter",
    "HomeCursor",
    "PageCursor",
    "QueryWord",
    "QueueCursor",
    "case_number_term",
    "case_terms",
    "fold",
    "parse_query",
    "prefix_upper_bound",
    "words",
]
