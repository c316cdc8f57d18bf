"""The lists of records (home, instruction queue, notifications): columns as wide as
their widest cell before anything is drawn, cells shown as typed, long lists added a
bounded batch per frame."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from screens import record_table
from screens.record_table import RecordTable

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
