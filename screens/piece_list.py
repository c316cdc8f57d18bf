"""« Liste des pièces justificatives »: printable before the applicant's visit."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from screens.base import AnefScreen
from screens.guard import work


class PieceListScreen(AnefScreen):
    """Choose a téléprocédure; its blank list is written to the data folder."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # A short word in the footer (80 columns), as on every screen.
        Binding("escape,ctrl+q", "leave", "Accueil", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="page"):
            yield Static(self.service.wording.piece_list, classes="title")
            yield Static("Choisissez la téléprocédure : la liste, sans données personnelles, "
                         "est créée en PDF pour être imprimée avant le rendez-vous.")
            yield OptionList(*[Option(p.title, id=p.id)
                               for p in self.service.catalog.values()])
            yield Static("", id="piece-list-path", classes="subtitle")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert event.option.id is not None
        self._write(event.option.id)

    @work(thread=True, group="piece-list")
    def _write(self, procedure_id: str) -> None:
        path = self.service.write_piece_list(procedure_id)
        self.call_from_thread(self._written, path)

    def _written(self, path: Path) -> None:
        self.query_one("#piece-list-path", Static).update(Text(f"PDF créé : {path}"))

    def action_leave(self) -> None:
        self.app.pop_screen()
