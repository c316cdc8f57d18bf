"""Instruction side: the deposited dossiers waiting for instruction."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from anef_tui.service import status_label
from screens.base import AnefScreen
from screens.record_table import RecordTable
from screens.side import SideBanner

# After the first: « N° de la demande » as the guides say it (the service's wording).
# What matters first, for 80 columns: who, where the dossier stands, what to do.
COLUMNS = ("Nom", "Prénom(s)", "Statut", "À suivre", "Téléprocédure")


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
            yield RecordTable((self.service.wording.numero_demande, *COLUMNS), id="waiting")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Instruction"
        self.refresh_list()
        self.query_one(RecordTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        instruction = self.service.instruction
        today = self.app.clock().date()  # type: ignore[attr-defined]
        waiting = instruction.waiting()
        self.query_one(RecordTable).show(
            (c.id, (c.numero_demande or "", c.nom, c.prenoms, status_label(c.status),
                    instruction.attention_text(c, today), self._title(c.procedure_id)))
            for c in waiting)
        self.query_one("#waiting-status", Static).update(
            f"{len(waiting)} dossier(s) en attente. Entrée : ouvrir le dossier choisi."
            if waiting else "Aucun dossier déposé en attente d'instruction.")

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
