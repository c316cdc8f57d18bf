"""A dossier's history after its deposit, newest first: who (side) did what, when."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, Static

from screens.base import AnefScreen
from screens.record_table import RecordTable
from screens.side import SideBanner

COLUMNS = ("Date", "Côté", "Événement", "Détail")


class HistoryScreen(AnefScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "leave", "Retour", priority=True),
        Binding("escape", "leave", "Retour", show=False),
    ]

    def __init__(self, case_id: int, *, instruction: bool) -> None:
        super().__init__()
        self.case_id = case_id
        self.instruction_side = instruction

    def compose(self) -> ComposeResult:
        record = self.service.get(self.case_id)
        yield Header()
        yield SideBanner(instruction=self.instruction_side)
        with Vertical(classes="page"):
            yield Static(self.service.instruction.wording.history.title, classes="title")
            yield Static(f"{self.service.case_reference_labels(record)[1]} : "
                         f"{record.numero_demande}", classes="muted")
            yield RecordTable(COLUMNS, id="history", opens=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        # Shown as text: a detail may quote what an agent typed (« [/] » included).
        table.show((i, (f"{line.at.astimezone():%d/%m/%Y %H:%M}", line.side, line.what,
                        line.detail))
                   for i, line in enumerate(self.service.instruction.history_lines(
                       self.case_id)))
        table.focus()

    def action_leave(self) -> None:
        self.app.pop_screen()
