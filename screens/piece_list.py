"""« Liste des pièces justificatives »: printable before the applicant's visit."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from screens.base import AnefScreen


def write_piece_list(screen: Screen[None], case_id: int) -> None:
    """The list for one case (only the documents that apply), written in a worker."""

    def run() -> None:
        from anef_tui.official_documents import write_piece_list as write

        service = screen.app.service  # type: ignore[attr-defined]
        record = service.get(case_id)
        state = service.state(record)
        path = write(state.procedure, service.case_dir(case_id), state)
        screen.app.call_from_thread(screen.app.notify,
                                    f"Liste des pièces justificatives : {path}", timeout=10)

    screen.run_worker(run, thread=True, group="piece-list")


class PieceListScreen(AnefScreen):
    """Choose a téléprocédure; its blank list is written to the data folder."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+q", "leave", "Retour à l'accueil", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="page"):
            yield Static("Liste des pièces justificatives", classes="title")
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
        from anef_tui.official_documents import write_piece_list as write

        procedure = self.service.procedure(procedure_id)
        path = write(procedure, self.app.settings.data_dir / "listes")  # type: ignore[attr-defined]
        self.app.call_from_thread(self._written, path)

    def _written(self, path: Path) -> None:
        self.query_one("#piece-list-path", Static).update(f"PDF créé : {path}")

    def action_leave(self) -> None:
        self.app.pop_screen()
