"""Modal questions: every irreversible action asks first."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Static

from screens.modal import Dialog


class ConfirmDialog(Dialog[bool]):
    """« Oui » / « Non »; Escape means no, so nothing irreversible happens by accident."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    /* 76 wide, as MessageDialog: at 80 columns « …de certificat médical ? » holds on
       one line (at 70 its « ? » went alone on the next). */
    ConfirmDialog > Vertical {
        width: 76; max-width: 100%; height: auto; border: thick $warning;
        background: $surface; padding: 1 2;
    }
    ConfirmDialog .question { text-style: bold; margin: 0 0 1 0; }
    ConfirmDialog Horizontal { height: auto; align: center middle; }
    ConfirmDialog Button { margin: 0 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Non / annuler"),
        Binding("left,right", "switch", show=False),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "Oui",
                 no: str = "Non") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="question")
            if self.detail:
                yield Static(self.detail)
            with Horizontal():
                yield Button(self.no, id="no", variant="primary")
                yield Button(self.yes, id="yes", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_switch(self) -> None:
        target = "#yes" if self.focused and self.focused.id == "no" else "#no"
        self.query_one(target, Button).focus()


class MessageDialog(Dialog[None]):
    DEFAULT_CSS = """
    MessageDialog { align: center middle; }
    MessageDialog > Vertical {
        width: 76; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    MessageDialog .title { text-style: bold; margin: 0 0 1 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Fermer")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title")
            yield Static(self.message)
            yield Button("Fermer", id="close", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
