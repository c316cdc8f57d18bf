"""A list of records, one row each keyed by the record's id: the home screen's dossiers,
the instruction's queue, a dossier's notifications.

The screens give rows as text cells; the table shows them as typed (never as markup:
« [/] » in a name is two brackets and a slash), its columns exactly as wide as their
widest cell. The widths are measured here, when the rows are put, and given to the
columns before anything is drawn: left to Textual (auto width), the columns are sized
on idle, and a row drawn in between stayed drawn at the headers' widths (« Ngu »).

A long list is added in bounded batches, one per frame: the interface never waits for a
whole list to be measured (Textual measures every cell of the rows added before the
next frame).

A cell is a `Cell`, not a Rich `Text`: the table renders and measures every cell of the
visible rows again after any change, and a `Text` goes through wrapping and justifying
for a line that is never wrapped; a `Cell` is one segment, its width measured once.

A row is drawn here, not by DataTable: DataTable draws each cell through Rich (a padded,
styled renderable laid out by the console), ≈ 0.5 ms a row of nine cells, most of a
search's time at 100 000 dossiers (a screenful drawn again after every search). A row of
`Cell`s is one styled segment a cell, with the same styles, in the same order, as
DataTable's (tests/test_record_table.py compares both, line by line); the header and
anything this table does not use (row labels, fixed columns, a cell cursor) stay
DataTable's.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Self

from rich.cells import cell_len, set_cell_size
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from screens.base import say
from screens.guard import Guarded

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions

Cells = Sequence[str]
# A cell is one line: a control character (a line break, a tab) is shown as a space.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Rows added per frame. Every frame that adds rows draws the visible ones again (Textual
# renders every cell again after a change: the cost of one frame, whatever is added),
# so a page (a screenful and READ_AHEAD rows) goes in one frame; a longer list (columns
# widened after many pages) is spread.
BATCH = 150
# Rows kept below the visible ones: the next page is asked for when the cursor or the
# scroll comes within them (and the mouse wheel has rows to scroll to).
READ_AHEAD = 10
# Cells' places (row, column) whose mouse style is kept from one drawing to the next.
WHERE_KEPT = 4000


def _moves() -> list[BindingType]:
    """DataTable's keys as DataTable itself has them: its own, and those it inherits
    from ScrollableContainer that it does not bind again. Textual's inheritance lets a
    subclass's key replace its base's; listed together, both bindings of ↑ and ↓ stayed
    and the first, ScrollableContainer's, won: ↓ scrolled a long list instead of moving
    its cursor (Enter is the table's « Ouvrir », declared apart)."""
    own = [b for b in DataTable.BINDINGS if isinstance(b, Binding) and b.key != "enter"]
    rebound = {b.key for b in DataTable.BINDINGS if isinstance(b, Binding)}
    inherited = [b for b in ScrollableContainer.BINDINGS
                 if isinstance(b, Binding) and b.key not in rebound]
    return [*inherited, *own]


class _Layout(NamedTuple):
    update_count: int
    columns: list[tuple[ColumnKey, int, str]]  # key, width of the text, padding
    width: int  # of every column, padding included


class Cell:
    """A cell's text, shown as typed (never markup), on one line."""

    __slots__ = ("text", "width")

    def __init__(self, text: str) -> None:
        self.text = _CONTROL.sub(" ", text)
        self.width = cell_len(self.text)

    def __str__(self) -> str:
        return self.text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        yield Segment(self.text)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)


class RecordTable(Guarded, DataTable[Cell], inherit_bindings=False):
    # In the footer: DataTable's own Enter is hidden, and would hide the screen's
    # (« Ouvrir le dossier », « Ouvrir la notification »): the key that opens a row.
    # The focused widget's keys come first in the footer, in the order they are bound,
    # and DataTable binds Enter before any subclass can bind F1: the table's keys are
    # declared here whole, F1 first (as on every screen: the same help as the screen's),
    # then « Ouvrir », then DataTable's moves unchanged (_moves).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "screen.help", "Aide", key_display="F1"),
        Binding("enter", "select_cursor", "Ouvrir"),
        *_moves(),
    ]

    class NearEnd(Message):
        """The cursor or the scroll came within READ_AHEAD rows of the last row: a list
        read by pages reads the next one."""

    def __init__(self, labels: Sequence[str], *, id: str | None = None,  # noqa: A002
                 classes: str | None = None, opens: bool = True) -> None:
        """`opens`: Enter opens the row under the cursor (False: a list only read, such
        as a dossier's history, offers no « Ouvrir »)."""
        # Drawing (_render_line_in_row): styles by kind of row, cells' mouse styles,
        # the columns as last drawn (first: DataTable's reactives clear them).
        self._styles: dict[tuple[object, ...], Style] = {}
        self._where: dict[tuple[int, int], Style] = {}
        self._drawn_layout: _Layout | None = None
        self._line_style: Style | None = None
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.opens = opens
        self.labels = tuple(labels)
        self._widths = [cell_len(label) for label in self.labels]
        # Rows measured and waiting for their frame, in order (see _add).
        self._pending: deque[tuple[int, Cells]] = deque()
        self._pending_keys: set[int] = set()

    def on_mount(self) -> None:
        self._add_columns()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_cursor" and not self.opens:
            return False
        return super().check_action(action, parameters)

    def page_size(self, lines_around: int) -> int:
        """The rows a page holds: those the table shows, and READ_AHEAD below them (a
        screenful: Textual measures every row added and draws every visible one again
        after a change, so what cannot be seen yet is read when it is about to be).
        `lines_around`: the screen's lines outside the table, for a page asked before
        the first layout."""
        # The table's lines less its header (its region: scrollbars come and go with
        # the rows, the page size does not).
        height = self.region.height or self.app.size.height - lines_around
        return max(height - 1, READ_AHEAD) + READ_AHEAD

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.max_scroll_y and new_value >= self.max_scroll_y - READ_AHEAD:
            self.post_message(self.NearEnd())

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.row_count - READ_AHEAD:
            self.post_message(self.NearEnd())

    def relabel(self, labels: Sequence[str]) -> None:
        """New column titles (the home's, read from data once the service answers): put
        in with the rows of the next `show`."""
        self.labels = tuple(labels)
        self._widths = []

    def _add_columns(self) -> None:
        for label, width in zip(self.labels, self._widths, strict=True):
            self.add_column(label, width=width, key=label)

    # -- putting rows ------------------------------------------------------------------

    def show(self, rows: Iterable[tuple[int, Cells]]) -> None:
        """Replace every row by these, in this order (the cursor back on the first)."""
        rows = list(rows)
        self._pending.clear()
        self._pending_keys.clear()
        widths = self._widest([cell_len(label) for label in self.labels], rows)
        if widths != self._widths:
            self._widths = widths
            self.clear(columns=True)
            self._add_columns()
        else:
            self.clear()
        self._add(rows)

    def append(self, rows: Iterable[tuple[int, Cells]]) -> None:
        """Add these rows after the others (ids already shown are left as they are)."""
        rows = [(key, cells) for key, cells in rows if not self.has(key)]
        if self._widen(rows):
            self._redraw()
        self._add(rows)

    def put(self, key: int, cells: Cells) -> None:
        """Update the row of `key` in place, or add it at the end."""
        if key in self._pending_keys:
            self.flush()
        widened = self._widen([(key, cells)])
        if not self.has(key):
            self._add([(key, cells)])
        else:
            for label, value in zip(self.labels, cells, strict=True):
                self.update_cell(str(key), label, Cell(value))
        if widened:
            self._redraw()

    def drop(self, key: int) -> None:
        if key in self._pending_keys:
            self.flush()
        if self.has(key):
            self.remove_row(str(key))

    def has(self, key: int) -> bool:
        return key in self._pending_keys or str(key) in self.rows

    def sort(self, *columns: ColumnKey | str, key: Callable[[Any], Any] | None = None,
             reverse: bool = False) -> Self:
        """DataTable.sort, over every row: those still waiting are added first."""
        self.flush()
        return super().sort(*columns, key=key, reverse=reverse)

    def flush(self) -> None:
        """Add the rows still waiting for a frame now (before rows are moved or sorted)."""
        rows = list(self._pending)
        self._pending.clear()
        self._pending_keys.clear()
        self._add_now(rows)

    def chosen_id(self, empty_message: str) -> int | None:
        """The id of the row under the cursor; on an empty list, say why nothing opens."""
        if self.row_count == 0:
            say(self.app, empty_message)
            return None
        return int(str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value))

    # -- drawing -----------------------------------------------------------------------

    def _render_line_in_row(
        self, row_key: RowKey, line_no: int, base_style: Style,
        cursor_location: Coordinate, hover_location: Coordinate,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """A row of `Cell`s as DataTable draws it (see the module's docstring), cached
        under DataTable's own key (its caches are cleared when DataTable's are)."""
        if (row_key is self._header_row_key or line_no or self.cursor_type != "row"
                or self.fixed_columns or (self._labelled_row_exists and self.show_row_labels)):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location)
        cache_key = (row_key, line_no, base_style, cursor_location, hover_location,
                     self.cursor_type, self.show_cursor, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        row_index = self._row_locations.get(row_key)
        values = self._data.get(row_key)
        if row_index is None or values is None:
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location)
        layout = self._layout()
        cursor = cursor_location.row == row_index
        style = self._kind_style(row_index, True, cursor, hover_location.row == row_index,
                                 base_style)
        cells: list[list[Segment]] = []
        for column_index, (column_key, width, pad) in enumerate(layout.columns):
            cell = values.get(column_key)
            if not isinstance(cell, Cell):  # put by DataTable's own API: drawn by it
                return super()._render_line_in_row(
                    row_key, line_no, base_style, cursor_location, hover_location)
            text = cell.text if cell.width == width else set_cell_size(cell.text, width)
            cells.append([Segment(f"{pad}{text}{pad}",
                                  style + self._where_style(row_index, column_index))])
        extend = self._kind_style(row_index, False, cursor,
                                  hover_location.row == (row_index or 0), base_style)
        cells.append([Segment(" " * max(0, self.size.width - layout.width),
                              extend + self._where_style(row_index, -1))])
        drawn: tuple[list[list[Segment]], list[list[Segment]]] = ([], cells)
        self._row_render_cache[cache_key] = drawn
        return drawn

    def _layout(self) -> _Layout:
        """The columns' keys, widths and padding, as drawn now."""
        layout = self._drawn_layout
        if layout is None or layout.update_count != self._update_count:
            padding = self.cell_padding
            columns = [(column.key, column.get_render_width(self) - 2 * padding, " " * padding)
                       for column in self.ordered_columns]
            layout = self._drawn_layout = _Layout(
                self._update_count, columns,
                sum(width + 2 * padding for _, width, _ in columns))
        return layout

    def _kind_style(self, row_index: int, css: bool, cursor: bool, hover: bool,
                    base_style: Style) -> Style:
        """The style of a row's cells as DataTable's (`css` False: the space after the
        last column, where the cursor's colours do not take priority): the row's
        (zebra), then the cursor's and the hover's; computed once per kind of row."""
        kind = (row_index % 2, css, cursor, hover, base_style, self._pseudo_class_state,
                self.show_cursor, self._show_hover_cursor)
        style = self._styles.get(kind)
        if style is None:
            parity = (row_index % 2, base_style, self._pseudo_class_state)
            row_style = self._styles.get(parity)
            if row_style is None:
                row_style = self._styles[parity] = self._get_row_style(row_index, base_style)
            component, post = self._get_styles_to_render_cell(
                False, False, False, hover, cursor, self.show_cursor,
                self._show_hover_cursor, css and self.cursor_foreground_priority == "css",
                css and self.cursor_background_priority == "css")
            style = self._styles[kind] = row_style + component + post if css \
                else row_style + component
        return style

    def _where_style(self, row_index: int, column_index: int) -> Style:
        """Where the cell is, for the mouse (`column_index` -1: the space after the last
        column): a style with meta only, kept from one drawing to the next."""
        where = (row_index, column_index)
        meta = self._where.get(where)
        if meta is None:
            if len(self._where) > WHERE_KEPT:
                self._where.clear()
            meta = self._where[where] = Style.from_meta(
                {"row": row_index, "column": column_index} if column_index >= 0 else
                {"row": row_index, "column": 0, "out_of_bounds": True})
        return meta

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style once for the lines drawn (DataTable reads it per line: a
        # walk of every ancestor's styles each time).
        self._line_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._line_style = None

    def render_line(self, y: int) -> Strip:
        if self.fixed_rows or self._line_style is None:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.header_height if self.show_header else 0):
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, self._line_style)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """DataTable measures every cell of the rows added, for columns sized to their
        content and rows as high as theirs: here the columns have their width (_widest)
        and a row is one line, so only the table's size is computed again."""
        if any(column.auto_width for column in self.columns.values()):
            super()._update_dimensions(new_rows)
        else:
            super()._update_dimensions(())

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._styles.clear()
        self._drawn_layout = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    # -- widths ------------------------------------------------------------------------

    def _add(self, rows: Sequence[tuple[int, Cells]]) -> None:
        """A batch now, the rest a batch per frame, after what already waits."""
        if not self._pending:
            self._add_now(rows[:BATCH])
            rows = rows[BATCH:]
        if rows:
            if not self._pending:
                self.call_after_refresh(self._add_next)
            self._pending.extend(rows)
            self._pending_keys.update(key for key, _ in rows)

    def _add_next(self) -> None:
        rows = [self._pending.popleft() for _ in range(min(BATCH, len(self._pending)))]
        self._pending_keys.difference_update(key for key, _ in rows)
        self._add_now(rows)
        if self._pending:
            self.call_after_refresh(self._add_next)

    def _add_now(self, rows: Iterable[tuple[int, Cells]]) -> None:
        for key, cells in rows:
            self.add_row(*(Cell(value) for value in cells), key=str(key))

    def _widest(self, widths: list[int], rows: Iterable[tuple[int, Cells]]) -> list[int]:
        widths = list(widths)
        for _, cells in rows:
            for i, value in enumerate(cells):
                widths[i] = max(widths[i], cell_len(_CONTROL.sub(" ", value)))
        return widths

    def _widen(self, rows: Sequence[tuple[int, Cells]]) -> bool:
        widths = self._widest(self._widths, rows)
        if widths == self._widths:
            return False
        self._widths = widths
        return True

    def _redraw(self) -> None:
        """The columns again at the new widths, every row and the cursor kept (a few
        pages at most: the lists never hold more than what was scrolled through)."""
        self.flush()
        rows = [(int(str(row.key.value)), [str(cell) for cell in self.get_row(row.key)])
                for row in self.ordered_rows]
        cursor = self.cursor_row
        self.clear(columns=True)
        self._add_columns()
        self._add_now(rows)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1), animate=False)


__all__ = ["READ_AHEAD", "Cell", "Cells", "RecordTable"]
