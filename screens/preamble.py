"""Préambule: the steps of the téléprocédure, what to bring, then « Je continue »."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Header, Static

from screens.focus import Page, reveal
from screens.guard import work
from screens.navigation import ABANDON_KEY, LEAVE_KEY, SAVE_KEY, CaseNavigation


class PreambleScreen(CaseNavigation):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(SAVE_KEY, "save", "Je continue", priority=True),
        Binding("ctrl+l", "piece_list", "Liste des pièces", priority=True),
        Binding(LEAVE_KEY, "leave", "Quitter", priority=True),
        Binding(ABANDON_KEY, "abandon", "Abandonner", priority=True, key_display="F8"),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        record = self.service.get(self.case_id)
        proc = self.service.procedure(record.procedure_id)
        yield Header()
        with Page(classes="page"):
            yield Static("Demander un titre de séjour", classes="title")
            yield Static("Votre démarche en ligne", classes="subtitle")
            pre = proc.preamble
            assert pre is not None  # the router opens no préambule for a procedure without
            intro = pre.intro
            if pre.purposes:
                intro += "\n" + "\n".join(f"  • {p}" for p in pre.purposes)
            yield Static(intro)
            yield Static(
                "Avant de commencer votre démarche, veuillez prendre connaissance des "
                "différentes étapes qui la composent. Si vous souhaitez signaler des "
                "observations à l'administration, vous pourrez le faire à l'étape Récapitulatif "
                "dans le champ « Observations à destination de l'administration ».")
            yield Static(f"DÉPOSEZ VOTRE DEMANDE EN {len(proc.steps)} ÉTAPES",
                         classes="section-title")
            for i, step in enumerate(proc.steps, start=1):
                yield Static(f"{i}. {step.title} — {step.summary}")
            yield Static(pre.saved_notice, classes="notice")
            if pre.bring:
                yield Static("Vous devrez joindre :", classes="subtitle")
                yield Static("\n".join(f"  • {b}" for b in pre.bring))
        with Horizontal(classes="nav"):
            yield Button("Abandonner la demande", id="abandon")
            yield Button("Quitter et revenir plus tard", id="leave")
            yield Button("Liste des pièces justificatives (PDF)", id="piece_list")
            yield Button("Je continue >", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        reveal(self.query_one("#save", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # abandon / leave / save are CaseNavigation's.
        if event.button.id == "piece_list":
            event.stop()
            self.action_piece_list()

    def action_save(self) -> None:
        record = self.service.get(self.case_id)
        self.go_to(self.service.procedure(record.procedure_id).steps[0].id)

    def action_previous(self) -> None:
        self.action_leave()

    def action_piece_list(self) -> None:
        self._write_piece_list()

    @work(thread=True, group="piece-list")
    def _write_piece_list(self) -> None:
        # The list for this case (only the documents that apply to it).
        record = self.service.get(self.case_id)
        path = self.service.write_piece_list(record.procedure_id, self.case_id)
        self.app.call_from_thread(self.notify, f"Liste des pièces justificatives : {path}",
                                  timeout=10)
