"""Counter side: « Mes notifications » of a dossier, as the guides show them.

The list is read in a guarded worker thread (each deadline reads the dossier's rules):
the screen answers the keyboard while it is read, and a filter chosen meanwhile is
read after it, the older answer never drawn."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Select, Static

from anef_tui.service import ListFilter
from screens.base import NARROW_BELOW, AnefScreen
from screens.guard import work
from screens.record_table import Cells, RecordTable
from screens.side import SideBanner

if TYPE_CHECKING:
    from anef_tui.service import Notification


# The deadline right after the state, before « Lu le … »: at 80 columns the last column
# is past the list's edge, and the deadline of a complément to answer must be seen.
COLUMNS = ("Date", "Domaine", "Notification", "État", "Délai", "")


def when(value: datetime | None) -> str:
    return value.astimezone().strftime("%d/%m/%Y") if value else ""


class NotificationsScreen(AnefScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Ouvrir la notification"),
        Binding("h", "history", "Historique du dossier"),
        Binding("ctrl+q", "leave", "Retour", priority=True),
        Binding("escape", "leave", "Retour", show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.which = ListFilter.ALL
        self._generation = 0

    def compose(self) -> ComposeResult:
        wording = self.service.instruction.wording.listing
        record = self.service.get(self.case_id)
        yield Header()
        yield SideBanner(instruction=False)
        with Vertical(classes="page"):
            yield Static(wording.title, classes="title")
            yield Static(f"{self.service.case_reference_labels(record)[1]} : "
                         f"{record.numero_demande}", classes="muted")
            for line in wording.intro:
                yield Static(line)
            yield Static(wording.filter_label, classes="subtitle")
            yield Select([(label, key.value) for key, label in wording.filters.items()],
                         value=ListFilter.ALL.value, allow_blank=False, id="filter")
            yield Static("Chargement des notifications…", id="notifications-status",
                         classes="muted")
            yield RecordTable(COLUMNS, id="notifications")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(RecordTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.BLANK:
            self.which = ListFilter(str(event.value))
            self.refresh_list()

    def _state(self, n: Notification) -> tuple[str, str]:
        wording = self.service.instruction.wording.listing
        if n.answered_at:
            return wording.states["repondu"], wording.answered_on.format(date=when(n.answered_at))
        if n.read_at:
            return wording.states["lue"], wording.read_on.format(date=when(n.read_at))
        return wording.states["non_lue"], ""

    def _cells(self, n: Notification, today: date) -> tuple[str, ...]:
        instruction = self.service.instruction
        state, on = self._state(n)
        left = instruction.countdown(n, today) if n.answered_at is None else None
        # Narrow: the deadline in a few columns, its date kept (« J-30 (05/10/2023) »);
        # the notification itself says it whole.
        deadline = "" if left is None else (
            left.text() if self.app.size.width >= NARROW_BELOW else left.short())
        return (when(n.issued_at), instruction.wording.listing.domain,
                instruction.wording.kind(n.kind).title, state, deadline, on)

    def refresh_list(self) -> None:
        """Read the list again, for the filter chosen (replaces the list)."""
        self._generation += 1
        self._load(self._generation, self.which)

    @work(thread=True, exclusive=True, group="notifications-load")
    def _load(self, generation: int, which: ListFilter) -> None:
        today = self.app.clock().date()  # type: ignore[attr-defined]
        found = self.service.instruction.notifications(self.case_id, which)
        rows = [(n.id, self._cells(n, today)) for n in found]
        self.call_from_thread(self._show, generation, rows)

    def _show(self, generation: int, rows: list[tuple[int, Cells]]) -> None:
        if generation != self._generation:
            return  # another filter chosen meanwhile: its list is on its way
        self.query_one(RecordTable).show(rows)
        status = self.query_one("#notifications-status", Static)
        status.update(f"{len(rows)} notification(s). Entrée : ouvrir la notification choisie."
                      if rows else "Aucune notification.")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        notification_id = self.query_one(RecordTable).chosen_id(
            "Aucune notification à ouvrir.")
        if notification_id is not None:
            self.router.notification(notification_id)

    def action_history(self) -> None:
        self.router.history(self.case_id, instruction=False)

    def action_leave(self) -> None:
        self.app.pop_screen()
