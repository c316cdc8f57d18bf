"""The home screen's pages, its return patch and the start-up sweep's lookups, on SQLite
and on PostgreSQL: the same answers on both engines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import update

from anef_tui.records import StoreFacts
from anef_tui.service import ATTENTION_ANY, CaseService
from anef_tui.storage.tables import CaseRow


def create(service: CaseService, nom: str, numero: str) -> int:
    return service.repo.create_case("bpi_renouvellement", {}, "informations_personnelles",
                                    {"nom_naissance": nom, "prenoms": "Amina"}, numero)


def test_written_here_gives_this_desks_writes_as_the_search_shows_them(
    engine_service: CaseService,
) -> None:
    first = create(engine_service, "Diallo", "7500000001")
    other = create(engine_service, "Sow", "7500000002")
    second = create(engine_service, "Diallo", "7500000003")
    flt = engine_service.case_filter("diallo")

    mine = engine_service.written_here(flt)
    assert sorted(c.id for c in mine.shown) == sorted([first, second])
    assert mine.dropped == {other}  # written here, but not what the search shows
    assert mine.watermark is None  # the others' writes are read from the watermark on

    again = engine_service.written_here(flt)  # taken once: nothing written since
    assert again.shown == [] and again.dropped == set()
    asked = engine_service.written_here(flt, also=[other, first])
    assert [c.id for c in asked.shown] == [first] and asked.dropped == {other}


def test_store_facts_of_a_batch_of_folders(engine_service: CaseService) -> None:
    draft = create(engine_service, "Diallo", "7500000001")
    abandoned = create(engine_service, "Sow", "7500000002")
    engine_service.abandon(abandoned)
    facts = engine_service.repo.store_facts([draft, abandoned, 999_999])  # 999999: another base
    assert facts == {
        draft: StoreFacts("brouillon", frozenset(), None),
        abandoned: StoreFacts("abandonne", frozenset(), None),
    }
    assert engine_service.repo.store_facts([]) == {}


# -- the home list's pages: what needs action first, in its order, then the others ------

TODAY = date(2026, 3, 10)
NOON = datetime(2026, 3, 1, 12, 0).astimezone()
# (case index, code, its date): dated and undated unread notifications, deadlines that
# tie on their date (then the most recent first), an attestation within its warning
# days and one beyond them (not due: among the others).
ATTENTION = [
    (3, "a_repondre", date(2026, 3, 20)), (4, "a_repondre", date(2026, 3, 12)),
    (5, "a_repondre", date(2026, 3, 12)), (6, "non_lue", None), (7, "non_lue", None),
    (8, "non_lue", date(2026, 3, 11)), (9, "a_envoyer", date(2026, 3, 30)),
    (10, "expire", date(2026, 3, 25)), (11, "expire", date(2026, 9, 1)),
    (12, "non_lue", date(2026, 3, 11)),
]


def seed_attention(service: CaseService) -> list[int]:
    made = [create(service, "Diallo" if i % 2 else "Sow", f"75{i:08d}") for i in range(30)]
    with service.repo.engine.begin() as conn:
        for i, case_id in enumerate(made):
            # Updated at twelve moments: several cases share each (the id breaks ties).
            conn.execute(update(CaseRow).where(CaseRow.id == case_id).values(
                updated_at=NOON + timedelta(hours=i % 12)))
        for i, code, until in ATTENTION:
            conn.execute(update(CaseRow).where(CaseRow.id == made[i]).values(
                attention=code, attention_until=until))
    return made


def by_hand_order(service: CaseService, text: str = "", **filters: str | None) -> list[int]:
    """The home list's order over every case, in Python: what needs action by its rank
    (rules.attention_rank), then the most recent; then the others, the most recent."""
    flt = service.case_filter(text, today=TODAY, **filters)  # type: ignore[arg-type]
    page = service.repo.home_page(flt, TODAY, 10_000)
    shown = {c.id for c in page.cases}  # what the filter lets through: checked below
    ranked = []
    for c in service.list_cases():
        if c.id not in shown:
            continue
        rank = service.instruction.attention_rank(c, TODAY)
        ranked.append(((0, *rank) if rank else (1, 0, date.min),
                       -c.updated_at.timestamp(), -c.id, c.id))
    return [key[-1] for key in sorted(ranked)]


def walk(service: CaseService, limit: int, text: str = "", **filters: str | None) -> list[int]:
    flt = service.case_filter(text, today=TODAY, **filters)  # type: ignore[arg-type]
    found: list[int] = []
    after = None
    for _ in range(1000):
        page = service.home_page(flt, TODAY, limit, after)
        assert len(page.cases) <= limit
        found += [c.id for c in page.cases]
        if page.next is None:
            return found
        after = page.next
    raise AssertionError("the pages never end")


def test_home_pages_give_what_needs_action_first_then_the_others(
    engine_service: CaseService,
) -> None:
    made = seed_attention(engine_service)
    expected = by_hand_order(engine_service)
    assert sorted(expected) == sorted(made)
    # Deadlines first (the nearest, then on a tie the most recent), unread notifications
    # (dated, then undated), the certificat to send, the attestation within its days.
    due = [made[i] for i in (5, 4, 3, 8, 12, 7, 6, 9, 10)]
    assert expected[:len(due)] == due
    assert made[11] in expected[len(due):]  # expires in six months: not due yet
    for limit in (1, 2, 3, 7, 9, 10, 100):
        assert walk(engine_service, limit) == expected, limit


def test_home_pages_with_a_search_and_filters(engine_service: CaseService) -> None:
    made = seed_attention(engine_service)
    diallo = walk(engine_service, 4, "diallo")
    assert diallo == by_hand_order(engine_service, "diallo")
    assert set(diallo) == {made[i] for i in range(1, 30, 2)}
    due = walk(engine_service, 2, attention=ATTENTION_ANY)
    assert due == [made[i] for i in (5, 4, 3, 8, 12, 7, 6, 9, 10)]
    assert walk(engine_service, 3, attention="non_lue") == [made[i] for i in (8, 12, 7, 6)]
    assert walk(engine_service, 5, "sow", attention=ATTENTION_ANY) == [
        made[i] for i in (4, 8, 12, 6, 10)]
    assert walk(engine_service, 5, "zz") == []
    # The first page carries the latest update of all cases (changed_since starts there).
    first = engine_service.home_page(engine_service.case_filter(today=TODAY), TODAY, 3)
    assert first.watermark is not None and first.next is not None


def test_home_pages_by_status_read_what_needs_action_only_where_it_can(
    engine_service: CaseService,
) -> None:
    """Only a deposited dossier has exchanges, so only it can need action: the drafts'
    pages skip that part (no walk of its index for nothing), the deposited ones' keep it."""
    drafts = [create(engine_service, "Diallo", f"75{i:08d}") for i in range(5)]
    deposits = [create(engine_service, "Sow", f"76{i:08d}") for i in range(4)]
    for i, case_id in enumerate(deposits):
        engine_service.repo.deposit(case_id, observations=None, site_prefix="5901",
                             when=NOON + timedelta(hours=i))
    with engine_service.repo.engine.begin() as conn:
        conn.execute(update(CaseRow).where(CaseRow.id == deposits[0]).values(
            attention="a_repondre", attention_until=date(2026, 3, 20)))
    assert walk(engine_service, 2, status="brouillon") == [
        c.id for c in engine_service.list_cases() if c.id in drafts]
    deposited = walk(engine_service, 2, status="depose")
    assert deposited[0] == deposits[0]  # what needs action first
    assert deposited == by_hand_order(engine_service, status="depose")
    assert sorted(deposited) == sorted(deposits)


def test_a_search_nothing_matches_reads_no_page(engine_service: CaseService) -> None:
    """A word that begins no term (« zz », a typo) is known from one count on the term
    index: no read of the cases, code by code, follows; the page is empty and still
    carries the latest update (the return patch starts from it)."""
    from sqlalchemy import event

    create(engine_service, "Diallo", "7500000001")
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    engine = engine_service.repo.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        page = engine_service.home_page(engine_service.case_filter("Diallo zz", today=TODAY),
                                        TODAY, 10)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert page.cases == [] and page.next is None and page.watermark is not None
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert not [s for s in reads if "FROM cases LEFT OUTER JOIN applicants" in s]
    assert len(reads) <= 3  # the two words counted, the latest update
