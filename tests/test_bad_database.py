"""A damaged database at start: a clear message, the file untouched, no dead end."""

from __future__ import annotations

import asyncio
from pathlib import Path

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
