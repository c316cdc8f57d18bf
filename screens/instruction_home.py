"""Instruction side: the deposited dossiers waiting for instruction.

Read as the home screen's list is: a screenful at a time (oldest deposit first, keyset
pages), in a guarded worker thread, the next page when the cursor or the scroll nears
the end; never the whole queue on the interface's thread.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from anef_tui.service import status_label
from screens.base import AnefScreen
from screens.guard import work
from screens.record_table import Cells, RecordTable
from screens.side import SideBanner

if TYPE_CHECKING:
    from anef_tui.service import CaseSummary, QueueCursor

# The screen's lines outside the list: header, side banner, title, count, footer.
LINES_AROUND = 7


class InstructionHomeScreen(AnefScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Ouvrir le dossier"),
        Binding("ctrl+q", "leave", "Retour au guichet", priority=True),
        Binding("escape", "leave", "Retour au guichet", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._generation = 0
        self._loading = False
        self._next: QueueCursor | None = None
        self._shown = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield SideBanner(instruction=True)
        with Vertical(classes="page"):
            yield Static("Dossiers déposés en attente d'instruction", classes="title")
            yield Static("Chargement des dossiers…", id="waiting-status", classes="muted")
            # « N° de la demande » as the guides say it; then what matters first at 80
            # columns: who, where the dossier stands, what to do (data/wording.yaml).
            wording = self.service.wording
            c = wording.lists.columns
            yield RecordTable((wording.numero_demande, c.nom, c.prenoms, c.statut, c.a_suivre,
                               c.procedure), id="waiting")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Instruction"
        self.query_one(RecordTable).focus()

    def on_screen_resume(self) -> None:
        # Sent as the screen is first shown too: its one first read, sized on the
        # screen's height (RecordTable.page_size before the first layout). A second
        # read after the first frame, sized on the table's height then, raced the
        # first: the count line, put in with the first page, may take a second line
        # and shorten the table, so whichever answered last decided the page's size.
        self.refresh_list()

    def refresh_list(self) -> None:
        """Read the first page again (replaces the list)."""
        self._generation += 1
        self._loading = True
        self._load(self._generation, None,
                   self.query_one(RecordTable).page_size(LINES_AROUND))

    def on_record_table_near_end(self, event: RecordTable.NearEnd) -> None:
        if self._loading or self._next is None:
            return
        self._loading = True
        self._load(self._generation, self._next,
                   self.query_one(RecordTable).page_size(LINES_AROUND))

    @work(thread=True, exclusive=True, group="queue-load")
    def _load(self, generation: int, after: QueueCursor | None, limit: int) -> None:
        try:
            today = self.app.clock().date()  # type: ignore[attr-defined]
            waiting, following = self.service.instruction.waiting_page(limit, after)
            rows = [(c.id, self._cells(c, today)) for c in waiting]
        except Exception:
            # Said by the guard; the next page may be asked for again.
            self.call_from_thread(self._read_failed, generation)
            raise
        self.call_from_thread(self._show, generation, rows, following, after is not None)

    def _read_failed(self, generation: int) -> None:
        if generation == self._generation:
            self._loading = False

    def _cells(self, c: CaseSummary, today: date) -> Cells:
        return (c.numero_demande or "", c.nom, c.prenoms, status_label(c.status),
                self.service.instruction.attention_text(c, today),
                self._title(c.procedure_id))

    def _show(self, generation: int, rows: list[tuple[int, Cells]],
              following: QueueCursor | None, append: bool) -> None:
        if generation != self._generation:
            return  # read again meanwhile (the screen came back)
        self._loading = False
        self._next = following
        table = self.query_one(RecordTable)
        if append:
            table.append(rows)
            self._shown += len(rows)
        else:
            table.show(rows)
            self._shown = len(rows)
        self.query_one("#waiting-status", Static).update(self._count_line())

    def _count_line(self) -> str:
        if not self._shown:
            return "Aucun dossier déposé en attente d'instruction."
        if self._next is not None:
            return (f"{self._shown} dossiers affichés, les plus anciens dépôts d'abord ; "
                    "les suivants en descendant. Entrée : ouvrir le dossier choisi.")
        return f"{self._shown} dossier(s) en attente. Entrée : ouvrir le dossier choisi."

    def _title(self, procedure_id: str) -> str:
        try:
            return self.service.procedure(procedure_id).short_title
        except KeyError:
            return procedure_id

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        case_id = self.query_one(RecordTable).chosen_id("Aucun dossier en attente.")
        if case_id is not None:
            self.router.instruction_case(case_id)

    def action_leave(self) -> None:
        self.app.pop_screen()
