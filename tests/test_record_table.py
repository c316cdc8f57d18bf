"""The lists of records (home, instruction queue, notifications): columns as wide as
their widest cell before anything is drawn, cells shown as typed, long lists added a
bounded batch per frame, rows drawn as DataTable draws them."""

from __future__ import annotations

import asyncio
from functools import partial

import pytest
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import DataTable

from screens import record_table
from screens.record_table import RecordTable
from screens.themes import HIGH_CONTRAST, TEXTUAL_THEMES

LABELS = ("Nom", "N°")


class Lists(App[None]):
    def compose(self) -> ComposeResult:
        yield RecordTable(LABELS, id="list")


def widths(table: RecordTable) -> list[int]:
    return [column.get_render_width(table) - 2 * table.cell_padding
            for column in table.ordered_columns]


def test_columns_fit_their_widest_cell_from_the_first_frame() -> None:
    async def scenario() -> tuple[list[int], list[int], list[str], list[int]]:
        app = Lists()
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.query_one(RecordTable)
            table.show([(1, ("Nguyễn Văn An", "1")), (2, ("[/] [b]Sow", "22"))])
            first = widths(table)  # before any idle: what the first frame draws
            await pilot.pause()
            table.put(3, ("Müller-Lüdenscheidt de La Fontaine", "333"))
            await pilot.pause()
            after_put = widths(table)
            cells = [str(c) for c in table.get_row("2")]
            table.show([(4, ("Ba", "4"))])  # a new list: as narrow as it needs
            await pilot.pause()
            return first, after_put, cells, widths(table)

    first, after_put, cells, narrow = asyncio.run(scenario())
    assert first == [len("Nguyễn Văn An"), len("N°")]
    assert after_put == [len("Müller-Lüdenscheidt de La Fontaine"), 3]
    assert cells == ["[/] [b]Sow", "22"]  # as typed: not markup, no error
    assert narrow == [len("Nom"), len("N°")]


def test_a_long_list_is_added_a_batch_per_frame() -> None:
    async def scenario() -> tuple[list[int], int, int, list[str]]:
        app = Lists()
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.query_one(RecordTable)
            added: list[int] = []
            add_now = table._add_now  # noqa: SLF001

            def counting(rows: object) -> None:
                rows = list(rows)  # type: ignore[call-overload]
                added.append(len(rows))
                add_now(rows)

            table._add_now = counting  # type: ignore[method-assign]  # noqa: SLF001
            table.show([(i, (f"Nom {i}", str(i))) for i in range(400)])
            queued = table.row_count
            table.put(7, ("Changé", "7"))  # shown already: in place, nothing else moves
            for _ in range(20):  # a few frames, never forever
                await pilot.pause()
                if table.row_count == 400:
                    break
            order = [str(table.get_row_at(i)[0]) for i in (0, 7, 399)]
            return added, queued, table.row_count, order

    added, queued, total, order = asyncio.run(scenario())
    batch = record_table.BATCH
    assert queued == batch
    assert added[:3] == [batch, batch, 400 - 2 * batch]  # one bounded batch per frame
    assert total == 400
    assert order == ["Nom 0", "Changé", "Nom 399"]


def test_a_cell_is_one_line_as_wide_as_its_column() -> None:
    """A line break or a tab in a value (never typed at the counter, but a file name
    may hold one) is a space: the row stays one line and the column fits it."""

    async def scenario() -> tuple[list[int], list[str], str]:
        app = Lists()
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.query_one(RecordTable)
            table.show([(1, ("Sow\nDiallo\tBa", "1"))])
            await pilot.pause()
            line = "".join(s.text for s in table.render_line(1))
            return widths(table), [str(c) for c in table.get_row("1")], line

    columns, cells, line = asyncio.run(scenario())
    assert cells == ["Sow Diallo Ba", "1"]
    assert columns == [len("Sow Diallo Ba"), len("N°")]
    assert "Sow Diallo Ba" in line


def drawn(table: RecordTable) -> list[list[tuple[str, object]]]:
    """Every line of the table as drawn now: text and style of each segment (the style
    with its mouse meta), nothing taken from a cache."""
    table._clear_caches()  # noqa: SLF001
    lines = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return [[(s.text, s.style) for s in strip.simplify()] for strip in lines]


def as_datatable_draws(table: RecordTable) -> list[list[tuple[str, object]]]:
    """The same lines drawn by DataTable's own code (every cell through Rich)."""
    table._render_line_in_row = partial(  # type: ignore[method-assign]  # noqa: SLF001
        DataTable._render_line_in_row, table)  # noqa: SLF001
    table.render_line = partial(DataTable.render_line, table)  # type: ignore[method-assign]
    try:
        return drawn(table)
    finally:
        del table._render_line_in_row  # noqa: SLF001
        del table.render_line


@pytest.mark.parametrize("theme", sorted(TEXTUAL_THEMES.values()))
def test_rows_are_drawn_as_datatable_draws_them(theme: str) -> None:
    """RecordTable draws its rows itself (one segment a cell instead of a Rich layout
    of each): what it draws is DataTable's drawing, style for style (zebra rows, the
    cursor focused or not, the mouse's row, where each cell is for a click, the space
    after the last column, a column scrolled out of view)."""

    async def scenario() -> list[str]:
        app = Lists()
        app.register_theme(HIGH_CONTRAST)
        app.theme = theme
        differences: list[str] = []
        async with app.run_test(size=(40, 8)) as pilot:
            table = app.query_one(RecordTable)
            table.show([(i, (f"Nguyễn {i}" * (i % 3 + 1), str(i * 7))) for i in range(9)])
            await pilot.pause()

            def compare(state: str) -> None:
                mine, theirs = drawn(table), as_datatable_draws(table)
                if mine != theirs:
                    differences.append(f"{state}: {mine} != {theirs}")

            compare("blurred")
            table.focus()
            await pilot.pause()
            compare("focused")
            table.move_cursor(row=3)
            table._set_hover_cursor(True)  # noqa: SLF001
            table.hover_coordinate = Coordinate(4, 1)
            await pilot.pause()
            compare("cursor and mouse")
            table.scroll_to(x=6, y=2, animate=False)
            await pilot.pause()
            compare("scrolled")
        return differences

    assert asyncio.run(scenario()) == []


class FullHeight(App[None]):
    CSS = "#list { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield RecordTable(LABELS, id="list")


def test_arrows_move_the_cursor_of_a_list_longer_than_the_screen() -> None:
    """↓ and ↑ move the row cursor (the view follows it), as in Textual's DataTable;
    they scrolled the view and left the cursor on the first row once the list was
    longer than the screen (both DataTable's and ScrollableContainer's bindings were
    kept for the same keys, the scroll first)."""

    async def scenario() -> list[int]:
        app = FullHeight()
        rows: list[int] = []
        async with app.run_test(size=(40, 8)) as pilot:
            table = app.query_one(RecordTable)
            table.show([(i, (f"Sow {i}", str(i))) for i in range(30)])
            table.focus()
            await pilot.pause()
            for key in ("down", "down", "down", "up", "pagedown", "ctrl+end"):
                await pilot.press(key)
                await pilot.pause()
                rows.append(table.cursor_row)
            rows.append(int(table.scroll_y))
        return rows

    *cursor, scrolled = asyncio.run(scenario())
    assert cursor[:4] == [1, 2, 3, 2]
    assert cursor[4] > 2  # a page down
    assert cursor[5] == 29
    assert scrolled > 0  # the view followed the cursor to the last row
