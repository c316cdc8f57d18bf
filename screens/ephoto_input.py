"""The control of an `ephoto` field (field kind « ephoto », widget « ephoto »): the number
typed, then, as in the guides, « Confirmer le numéro ephoto » (checked at once) or
« Supprimer ». The buttons' words are data/wording.yaml's (« ephoto »).
"""

from __future__ import annotations

from typing import Protocol

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from anef_tui.catalog.models import EphotoWording
from anef_tui.service import FormatError, parse_ephoto
from screens.bounded_input import BoundedInput
from screens.guard import Guarded


class FieldHost(Protocol):
    """The field the control sits in (screens.fields.FieldInput): its error line."""

    def show_error(self, message: str | None) -> None: ...


class EphotoInput(Guarded, Vertical):
    DEFAULT_CSS = """
    EphotoInput { height: auto; }
    EphotoInput .ephoto-actions { height: auto; }
    EphotoInput .ephoto-status { color: $success; }
    """

    def __init__(self, host: FieldHost, line: BoundedInput, host_id: str) -> None:
        super().__init__(classes="ephoto")
        self.host, self.line, self.host_id = host, line, host_id

    @property
    def wording(self) -> EphotoWording:
        return self.app.service.wording.ephoto  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield self.line
        with Horizontal(classes="ephoto-actions"):
            yield Button(self.wording.confirm, name="ephoto-confirm",
                         id=f"{self.host_id}-confirm")
            yield Button(f"✖ {self.wording.delete}", name="ephoto-delete",
                         id=f"{self.host_id}-delete")
        yield Static("", classes="ephoto-status")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        status = self.query_one(".ephoto-status", Static)
        status.update("")
        if event.button.name == "ephoto-delete":
            self.line.value = ""
            self.host.show_error(None)
            self.line.focus()
            return
        try:
            number = parse_ephoto(self.line.value)
        except FormatError as exc:
            self.host.show_error(str(exc))
            self.line.focus()
            return
        self.line.value = number
        self.host.show_error(None)
        status.update(self.wording.confirmed.format(number=number))
