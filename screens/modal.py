"""Provides Dialog, the base of the modal screens that open over another (questions,
messages, the children's form, the file chooser).

A modal screen does not see the app's keys: F1 is bound here again, so that every
dialog says what it is and which keys it takes, like every screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, ScreenResultType

from screens.guard import Guarded


class Dialog(Guarded, ModalScreen[ScreenResultType]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Aide", key_display="F1"),
    ]

    def action_help(self) -> None:
        from screens.help import show_help

        show_help(self.app)
