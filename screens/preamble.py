"""Préambule: the steps of the téléprocédure, what to bring, then on to step 1."""

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
        # Short words: the footer must fit 80 columns; the buttons say it in full.
        Binding(SAVE_KEY, "save", "Continuer", priority=True),
        Binding("ctrl+l", "piece_list", "Liste des pièces", priority=True),
        Binding(LEAVE_KEY, "leave", "Quitter", priority=True),
        Binding(ABANDON_KEY, "abandon", "Abandonner", priority=True, key_display="F8"),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        # Read here, in the action that opens the screen (guarded), not while composing.
        record = self.service.get(case_id)
        self.procedure = self.service.procedure(record.procedure_id)

    def compose(self) -> ComposeResult:
        # Every sentence is the téléprocédure's own guide's (data/procedures: preamble).
        proc, text = self.procedure, self.procedure.preamble
        assert text is not None  # the router opens no préambule for a procedure without
        yield Header()
        with Page(classes="page"):
            yield Static(text.title, classes="title")
            if text.subtitle:
                yield Static(text.subtitle, classes="subtitle")
            intro = text.intro
            if text.purposes:
                intro += "\n" + "\n".join(f"  • {p}" for p in text.purposes)
            yield Static(intro)
            for paragraph in text.before_you_start:
                yield Static(paragraph)
            yield Static(text.steps_heading.format(count=len(proc.steps)),
                         classes="section-title")
            for i, step in enumerate(proc.steps, start=1):
                yield Static(f"{i}. {step.title} — {step.summary}")
            yield Static(text.saved_notice, classes="notice")
            if text.bring:
                yield Static(text.bring_title or "", classes="subtitle")
                yield Static("\n".join(f"  • {b}" for b in text.bring))
        buttons = self.service.wording.buttons
        with Horizontal(classes="nav"):
            yield Button(buttons.abandon, id="abandon")
            yield Button(buttons.leave, id="leave")
            yield Button(f"{self.service.wording.piece_list} (PDF)", id="piece_list")
            yield Button(f"{buttons.start} >", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        reveal(self.query_one("#save", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # abandon / leave / save are CaseNavigation's.
        if event.button.id == "piece_list":
            event.stop()
            self.action_piece_list()

    def action_save(self) -> None:
        self.go_to(self.procedure.steps[0].id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Nothing before the préambule: no « Précédente » in its footer.
        return action != "previous"

    def action_previous(self) -> None:
        self.action_leave()

    def action_piece_list(self) -> None:
        self._write_piece_list()

    @work(thread=True, group="piece-list")
    def _write_piece_list(self) -> None:
        # The list for this case (only the documents that apply to it).
        record = self.service.get(self.case_id)
        path = self.service.write_piece_list(record.procedure_id, self.case_id)
        self.call_from_thread(self.notify, f"{self.service.wording.piece_list} : {path}",
                                  timeout=10)
