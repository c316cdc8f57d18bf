"""A dossier's history after its deposit, newest first: who (side) did what, when."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from anef_tui.service import SIDE_LABELS
from screens.base import AnefScreen
from screens.side import SideBanner

EVENTS = {
    "depot": "Dépôt de la demande",
    "lecture": "Notification ouverte (accusé de réception)",
    "reponse_complement": "Réponse à la demande de complément",
}


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
            yield Static("Historique du dossier", classes="title")
            yield Static(f"N° de la demande : {record.numero_demande}", classes="muted")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        wording = self.service.instruction.wording
        titles = {k.value: w.title for k, w in wording.kinds.items()}
        table = self.query_one(DataTable)
        table.add_columns("Date", "Côté", "Événement", "Détail")
        for entry in self.service.instruction.history(self.case_id):
            what = EVENTS.get(entry.kind) or titles.get(entry.kind, entry.kind)
            detail = titles.get(entry.detail, entry.detail) if entry.kind == "lecture" \
                else entry.detail
            table.add_row(f"{entry.at.astimezone():%d/%m/%Y %H:%M}",
                          SIDE_LABELS.get(entry.side, entry.side), what, detail)
        table.focus()

    def action_leave(self) -> None:
        self.app.pop_screen()
