"""A damaged database at start: a clear message, the file untouched, no dead end."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pilot import make_settings, new_app, screen_name, settle
from textual.widgets import Static


async def scenario(settings) -> tuple[str, list[str], str]:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#home-status", Static).render())
        await pilot.press("n")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]  # noqa: SLF001
        screen = screen_name(pilot)
        await pilot.press("ctrl+q")
    return status, notes, screen


def test_damaged_database_is_reported_and_left_alone(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = settings.data_dir / "anef.sqlite3"
    garbage = b"ceci n'est pas une base SQLite " * 200
    db.write_bytes(garbage)
    status, notes, screen = asyncio.run(scenario(settings))
    assert "endommagée" in status
    assert screen == "HomeScreen"
    assert any("endommagée" in n for n in notes), notes
    assert db.read_bytes() == garbage


async def _locked_then_released(settings, db: Path) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    import sqlite3

    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    app = new_app(settings)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        locked_status = str(app.screen.query_one("#home-status", Static).render())
        # The other program closes; the agent presses N again, once.
        holder.execute("ROLLBACK")
        holder.close()
        await pilot.press("n")
        await settle(pilot)
        await pilot.pause()
        screen = screen_name(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        status = str(app.screen.query_one("#home-status", Static).render())
        await pilot.press("ctrl+q")
    return locked_status, screen, status


def test_a_released_lock_is_retried_on_the_next_action(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from anef_tui.service import CaseService
    from anef_tui.storage import database

    # SQLite waits this long for a lock before giving up: short, the test stays fast.
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    settings = make_settings(tmp_path)
    CaseService(settings).close()
    locked, screen, status = asyncio.run(
        _locked_then_released(settings, settings.data_dir / "anef.sqlite3"))
    assert "verrouillée par un autre programme" in locked
    assert screen == "ProfileScreen"
    assert "verrouillée" not in status
