"""Finding a dossier among a few hundred, on a real SQLite file and a real PostgreSQL base.

Names with accents, hyphens, particles and apostrophes, two N° de demande one digit
apart, dossier numbers with and without their zeros, the status and « à traiter »
filters, and pages that follow one another. Every query is checked against the same
question answered by hand over the whole list, in both query plans (selective words
listed from the term index, broad words walking the recent cases).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from pilot import make_settings
from sqlalchemy import update

from anef_tui.search_terms import case_terms, fold, parse_query, words
from anef_tui.service import ATTENTION_ANY, CaseService, CaseSummary
from anef_tui.storage import search_index
from anef_tui.storage.tables import CaseRow

NAMED = [
    ("Nguyễn", "Văn An"),
    ("de La Fontaine", "Jean-Pierre"),
    ("O'Brien", "Seán"),
    ("Müller-Lüdenscheidt", "Zoë"),
    ("N'Diaye", "Aïssatou"),
    ("Łukasiewicz", "Ğüler"),
    ("van der Berg", "Æsa"),
]
FIRST = ["Amina", "Karim", "Lucía", "Olena", "Mehmet", "Fatou", "Ivan", "Sofía", "Omar"]
LAST = ["Benali", "Diallo", "Kovalenko", "Yılmaz", "Traoré", "Haddad", "Petrov", "García",
        "Mendy", "Sow", "Tran Thi", "Da Silva", "El Amrani"]
TOTAL = 320
WHEN = datetime(2026, 3, 2, 10, 0).astimezone()
TODAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory,
            module_engine_url: str) -> Iterator[CaseService]:
    settings = make_settings(tmp_path_factory.mktemp("search"), database_url=module_engine_url)
    svc = CaseService(settings)
    repo = svc.repo
    for i in range(TOTAL):
        if i < len(NAMED):
            nom, prenoms = NAMED[i]
        else:
            nom, prenoms = LAST[i % len(LAST)], FIRST[(i // len(LAST)) % len(FIRST)]
        repo.create_case("bpi_renouvellement", {}, "informations_personnelles",
                         {"nom_naissance": nom, "prenoms": prenoms}, f"75{i:08d}")
    # Two deposits the same day: their N° de demande differ by the last digit only.
    for case_id in (11, 12):
        repo.deposit(case_id, observations=None, site_prefix="5901", when=WHEN)
    repo.abandon(13)
    with repo.engine.begin() as conn:
        conn.execute(update(CaseRow).where(CaseRow.id.in_([20, 21])).values(attention="non_lue"))
        # An attestation expiring within its 30 warning days needs action; in six
        # months, not yet.
        conn.execute(update(CaseRow).where(CaseRow.id == 22).values(
            attention="expire", attention_until=date(2026, 3, 20)))
        conn.execute(update(CaseRow).where(CaseRow.id == 23).values(
            attention="expire", attention_until=date(2026, 9, 1)))
        conn.execute(update(CaseRow).where(CaseRow.id == 24).values(
            attention="a_repondre", attention_until=date(2026, 3, 15)))
    yield svc
    svc.close()


def every_page(svc: CaseService, text: str = "", limit: int = 40,
               **filters: str | None) -> list[CaseSummary]:
    flt = svc.case_filter(text, today=TODAY, **filters)  # type: ignore[arg-type]
    found: list[CaseSummary] = []
    after = None
    while True:
        page, _ = svc.list_page(flt, after=after, limit=limit)
        found += page
        if len(page) < limit:
            return found
        after = page[-1]


def ids(svc: CaseService, text: str = "", **filters: str | None) -> list[int]:
    return [c.id for c in every_page(svc, text, **filters)]


def by_hand(svc: CaseService, text: str) -> list[int]:
    """The same question over the whole list, in Python: the reference."""
    query = parse_query(text)
    found = []
    for c in svc.list_cases():
        terms = case_terms(c.id, names=(c.nom, c.prenoms),
                           numbers=(c.numero_etranger, c.numero_demande))
        if all(any(t.startswith(w.prefix) for t in terms)
               or f"#{w.case_id}" in terms for w in query):
            found.append(c.id)
    return found


def test_folding() -> None:
    assert fold("NGUYỄN") == "nguyen" == fold("Nguyễn")
    assert words("de La Fontaine") == ["de", "la", "fontaine"]
    assert words("Jean-Pierre O'Brien") == ["jean", "pierre", "o", "brien"]
    assert words("Łukasiewicz Æsa Straße") == ["lukasiewicz", "aesa", "strasse"]
    assert case_terms(7, names=["Jean-Pierre"], numbers=["7500000001", None]) == {
        "#7", "jean", "pierre", "jeanpierre", "7500000001"}


@pytest.mark.parametrize(("typed", "expected"), [
    ("NGUYEN", 1), ("nguyễn", 1), ("Nguy", 1), ("van an nguyen", 1),
    ("jean-pierre", 2), ("Jean Pierre", 2), ("jeanpierre", 2), ("fontaine", 2),
    ("de la fontaine", 2), ("DELAFONTAINE", 2), ("la font jean", 2),
    ("o'brien", 3), ("obrien", 3), ("Brien", 3), ("sean", 3),
    ("muller", 4), ("Müller-Lüdenscheidt", 4), ("ludensch", 4), ("ZOE", 4),
    ("ndiaye", 5), ("n'diaye aissatou", 5), ("lukasiewicz guler", 6), ("aesa", 7),
    ("van der berg", 7),
])
def test_names_are_found_whatever_the_accents_case_and_separators(
    service: CaseService, typed: str, expected: int
) -> None:
    assert ids(service, typed) == [expected]


def test_numero_etranger_whole_or_its_start(service: CaseService) -> None:
    assert ids(service, "7500000041") == [42]
    assert ids(service, "75 0000 0041") == [42]  # typed in groups
    assert set(ids(service, "750000004")) == set(range(41, 51))  # 7500000040…49


def test_two_numeros_de_demande_one_digit_apart(service: CaseService) -> None:
    first = service.get(11).numero_demande
    second = service.get(12).numero_demande
    assert first and second and len(first) == 19 and first[:-1] == second[:-1]
    assert ids(service, first) == [11]
    assert ids(service, second) == [12]
    assert set(ids(service, first[:-1])) == {11, 12}


@pytest.mark.parametrize("typed", ["42", "000042", "0042"])
def test_dossier_number_with_or_without_its_zeros(service: CaseService, typed: str) -> None:
    assert ids(service, typed) == [42]


def test_abandoned_case_is_found_by_its_number_not_its_name(service: CaseService) -> None:
    record = service.get(13)
    assert record.status == "abandonne"
    assert ids(service, "13") == [13]
    name_of_13 = LAST[13 % len(LAST)]
    assert 13 not in ids(service, name_of_13)


def test_status_and_attention_filters(service: CaseService) -> None:
    assert set(ids(service, status="depose")) == {11, 12}
    assert ids(service, status="abandonne") == [13]
    assert len(ids(service, status="brouillon")) == TOTAL - 3
    assert set(ids(service, attention=ATTENTION_ANY)) == {20, 21, 22, 24}
    assert set(ids(service, attention="non_lue")) == {20, 21}
    assert ids(service, attention="expire") == [22]
    assert ids(service, "5901", status="depose") == [12, 11]
    assert ids(service, "5901", status="brouillon") == []


def test_what_needs_action_comes_in_its_order(service: CaseService) -> None:
    """A complément to answer, then unread notifications, then what expires soon."""
    first = service.needing_action(service.case_filter(today=TODAY), TODAY, 10)
    assert [c.id for c in first] == [24, 21, 20, 22]
    assert [c.id for c in service.needing_action(
        service.case_filter(today=TODAY), TODAY, 2)] == [24, 21]
    # Within a search: only the matching ones.
    named = service.needing_action(service.case_filter("21", today=TODAY), TODAY, 10)
    assert [c.id for c in named] == [21]


def test_pages_follow_each_other_most_recent_first(service: CaseService) -> None:
    everything = service.list_cases()
    for limit in (7, 40, 500):
        paged = every_page(service, limit=limit)
        assert [c.id for c in paged] == [c.id for c in everything]
    assert len(everything) == TOTAL
    keys = [(c.updated_at, c.id) for c in everything]
    assert keys == sorted(keys, reverse=True)


QUERIES = ["a", "m", "sow", "diallo amina", "75", "7500", "750000012", "5901", "1",
           "99", "el am", "da silva", "nguyen", "zz", "traore fatou", "o", "ka"]


@pytest.mark.parametrize("broad", [search_index.BROAD, 3])
def test_both_query_plans_answer_as_by_hand(
    service: CaseService, broad: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With BROAD (and WIDE) at 3 nearly every word walks the recent cases; at their real values the
    # words of a few hundred cases are listed from the term index.
    monkeypatch.setattr(search_index, "BROAD", broad)
    monkeypatch.setattr(search_index, "WIDE", 3 if broad == 3 else search_index.WIDE)
    for typed in QUERIES:
        assert ids(service, typed) == by_hand(service, typed), typed


def test_a_database_from_before_the_search_is_indexed_when_opened(tmp_path: Path) -> None:
    """At revision 0004 (no search terms yet), the opening upgrade indexes every case."""
    import sqlite3

    settings = make_settings(tmp_path)
    svc = CaseService(settings)
    svc.repo.create_case("bpi_renouvellement", {}, "informations_personnelles",
                         {"nom_naissance": "Nguyễn", "prenoms": "An"}, "7500000001")
    svc.close()
    db = sqlite3.connect(settings.data_dir / "anef.sqlite3")
    for index in ("ix_cases_recent", "ix_cases_status_recent", "ix_cases_attention_recent",
                  "ix_cases_attention_due", "ix_cases_deposited"):  # 0005, 0006
        db.execute(f"DROP INDEX {index}")
    db.execute("DROP TABLE case_search_terms")
    db.execute("UPDATE alembic_version SET version_num = '0004'")
    db.execute("PRAGMA user_version = 4")
    db.commit()
    db.close()
    svc = CaseService(settings)
    try:
        assert ids(svc, "NGUYEN") == [1]
        assert ids(svc, "7500000001") == [1]
        assert ids(svc, "000001") == [1]
    finally:
        svc.close()


@pytest.mark.parametrize("broad", [search_index.BROAD, 3])
def test_the_same_answers_on_both_engines(
    engine_url: str, tmp_path: Path, broad: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The queries are Core SQLAlchemy: SQLite and PostgreSQL answer alike (the term
    prefix ranges in the C collation, the keyset pages, what needs action first)."""
    monkeypatch.setattr(search_index, "BROAD", broad)
    monkeypatch.setattr(search_index, "WIDE", 3 if broad == 3 else search_index.WIDE)
    from anef_tui.config import load_settings

    settings = load_settings(data_dir=tmp_path / "data", database_url=engine_url, environ={})
    svc = CaseService(settings)
    try:
        for i in range(40):
            nom, prenoms = NAMED[i] if i < len(NAMED) else (LAST[i % len(LAST)], "Amina")
            svc.repo.create_case("bpi_renouvellement", {}, "informations_personnelles",
                                 {"nom_naissance": nom, "prenoms": prenoms}, f"75{i:08d}")
        for case_id in (11, 12):
            svc.repo.deposit(case_id, observations=None, site_prefix="5901", when=WHEN)
        with svc.repo.engine.begin() as conn:
            conn.execute(update(CaseRow).where(CaseRow.id == 20).values(attention="non_lue"))
            conn.execute(update(CaseRow).where(CaseRow.id == 21).values(
                attention="a_repondre", attention_until=date(2026, 3, 15)))
        for typed in [*QUERIES, "NGUYEN", "jean-pierre", "o'brien", "000012", "Müller"]:
            assert ids(svc, typed) == by_hand(svc, typed), typed
        first = svc.get(11).numero_demande
        assert first is not None and ids(svc, first) == [11]
        assert [c.id for c in every_page(svc, limit=7)] == [c.id for c in svc.list_cases()]
        assert set(ids(svc, status="depose")) == {11, 12}
        assert [c.id for c in svc.needing_action(svc.case_filter(today=TODAY), TODAY, 5)] \
            == [21, 20]
    finally:
        svc.close()
