"""The instruction's queue at scale: read off the interface's thread, a screenful first,
the rest as the list scrolls, oldest deposit first (keyset pages on both engines)."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pilot import make_settings, new_app, screen_name, settle
from textual.widgets import DataTable

from anef_tui.config import Settings
from anef_tui.service import CaseService

DAY = datetime(2026, 3, 2, 9, 0).astimezone()


def deposit_many(service: CaseService, count: int) -> list[int]:
    """`count` deposited dossiers, every two deposited at the same minute (the id breaks
    ties); a draft in between, which the queue never lists. Oldest deposit first."""
    made = []
    for i in range(count):
        case_id = service.repo.create_case(
            "bpi_renouvellement", {}, "informations_personnelles",
            {"nom_naissance": f"Diallo{i:03d}", "prenoms": "Amina"}, f"75{i:08d}")
        service.repo.deposit(case_id, observations=None, site_prefix="5901",
                             when=DAY + timedelta(minutes=i // 2))
        made.append(case_id)
        service.repo.create_case("bpi_renouvellement", {}, "informations_personnelles",
                                 {"nom_naissance": "Sow", "prenoms": "Awa"}, f"76{i:08d}")
    return made


def test_queue_pages_follow_each_other_oldest_deposit_first(engine_service: CaseService) -> None:
    made = deposit_many(engine_service, 13)
    assert [c.id for c in engine_service.instruction.waiting()] == made
    for limit in (1, 2, 5, 13, 50):
        found: list[int] = []
        after = None
        while True:
            page, after = engine_service.instruction.waiting_page(limit, after)
            assert len(page) <= limit
            found += [c.id for c in page]
            if after is None:
                break
        assert found == made, limit


async def open_queue(settings: Settings) -> dict[str, Any]:
    app = new_app(settings)
    seen: dict[str, Any] = {}
    threads: list[bool] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        instruction = app.service.instruction  # type: ignore[attr-defined]
        real = instruction.waiting_page

        def spy(*args: Any, **kwargs: Any) -> Any:
            threads.append(threading.current_thread() is threading.main_thread())
            return real(*args, **kwargs)

        instruction.waiting_page = spy
        await pilot.press("i")
        await settle(pilot)
        assert screen_name(pilot) == "InstructionHomeScreen"
        table = app.screen.query_one(DataTable)
        assert app.focused is table
        seen["first"] = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        seen["page"] = table.page_size(0)  # type: ignore[attr-defined]
        seen["count_line"] = str(app.screen.query_one("#waiting-status").render())
        for _ in range(10):
            await pilot.press("ctrl+end")
            await settle(pilot)
        seen["all"] = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        seen["count_line_end"] = str(app.screen.query_one("#waiting-status").render())
        await pilot.press("enter")  # the last one opens
        await settle(pilot)
        seen["opened"] = screen_name(pilot)
    seen["on_main_thread"] = threads
    return seen


@pytest.mark.slow
def test_the_queue_is_read_off_the_interface_a_screenful_first(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    svc = CaseService(settings)
    try:
        deposit_many(svc, 60)
    finally:
        svc.close()
    seen = asyncio.run(open_queue(settings))
    names = [f"Diallo{i:03d}" for i in range(60)]
    assert seen["first"] == names[:seen["page"]]
    assert seen["page"] < 40
    assert "les suivants en descendant" in seen["count_line"]
    assert seen["all"] == names
    assert seen["count_line_end"].startswith("60 dossier(s) en attente.")
    assert seen["on_main_thread"] and not any(seen["on_main_thread"])
    assert seen["opened"] == "InstructionCaseScreen"
