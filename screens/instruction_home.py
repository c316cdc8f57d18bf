"""Instruction side: the deposited dossiers waiting for instruction."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from anef_tui.service import status_label
from screens.base import AnefScreen, chosen_row_id
from screens.side import SideBanner


class InstructionHomeScreen(AnefScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Ouvrir le dossier"),
        Binding("ctrl+q", "leave", "Retour au guichet", priority=True),
        Binding("escape", "leave", "Retour au guichet", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield SideBanner(instruction=True)
        with Vertical(classes="page"):
            yield Static("Dossiers déposés en attente d'instruction", classes="title")
            yield Static("", id="waiting-status", classes="muted")
            yield DataTable(id="waiting", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Instruction"
        table = self.query_one(DataTable)
        table.add_columns(self.service.wording.numero_demande, "Nom", "Prénom(s)",
                          "Téléprocédure", "Statut", "À suivre")
        self.refresh_list()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        instruction = self.service.instruction
        today = self.app.clock().date()  # type: ignore[attr-defined]
        waiting = instruction.waiting()
        table = self.query_one(DataTable)
        table.clear()
        for c in waiting:
            try:
                title = self.service.procedure(c.procedure_id).short_title
            except KeyError:
                title = c.procedure_id
            table.add_row(c.numero_demande or "", c.nom, c.prenoms, title,
                          status_label(c.status), instruction.attention_text(c, today),
                          key=str(c.id))
        self.query_one("#waiting-status", Static).update(
            f"{len(waiting)} dossier(s) en attente. Entrée : ouvrir le dossier choisi."
            if waiting else "Aucun dossier déposé en attente d'instruction.")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        case_id = chosen_row_id(self.query_one(DataTable), "Aucun dossier en attente.")
        if case_id is not None:
            self.router.instruction_case(case_id)

    def action_leave(self) -> None:
        self.app.pop_screen()
