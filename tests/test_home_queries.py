"""The home screen's return patch and the start-up sweep's lookups, on SQLite and on
PostgreSQL: both read cases by number only, the same answers on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from anef_tui.config import load_settings
from anef_tui.records import StoreFacts
from anef_tui.service import CaseService


@pytest.fixture
def service(tmp_path: Path, engine_url: str) -> Iterator[CaseService]:
    settings = load_settings(data_dir=tmp_path / "data", database_url=engine_url, environ={})
    svc = CaseService(settings)
    try:
        yield svc
    finally:
        svc.close()


def create(service: CaseService, nom: str, numero: str) -> int:
    return service.repo.create_case("bpi_renouvellement", {}, "informations_personnelles",
                                    {"nom_naissance": nom, "prenoms": "Amina"}, numero)


def test_written_here_gives_this_desks_writes_as_the_search_shows_them(
    service: CaseService,
) -> None:
    first = create(service, "Diallo", "7500000001")
    other = create(service, "Sow", "7500000002")
    second = create(service, "Diallo", "7500000003")
    flt = service.case_filter("diallo")

    mine = service.written_here(flt)
    assert sorted(c.id for c in mine.shown) == sorted([first, second])
    assert mine.dropped == {other}  # written here, but not what the search shows
    assert mine.watermark is None  # the others' writes are read from the watermark on

    again = service.written_here(flt)  # taken once: nothing written since
    assert again.shown == [] and again.dropped == set()
    asked = service.written_here(flt, also=[other, first])
    assert [c.id for c in asked.shown] == [first] and asked.dropped == {other}


def test_store_facts_of_a_batch_of_folders(service: CaseService) -> None:
    draft = create(service, "Diallo", "7500000001")
    abandoned = create(service, "Sow", "7500000002")
    service.abandon(abandoned)
    facts = service.repo.store_facts([draft, abandoned, 999_999])  # 999999: another base
    assert facts == {
        draft: StoreFacts("brouillon", frozenset(), None),
        abandoned: StoreFacts("abandonne", frozenset(), None),
    }
    assert service.repo.store_facts([]) == {}
