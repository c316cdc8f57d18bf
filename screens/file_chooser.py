"""Keyboard file chooser for scanned documents: ``FileChooser(scan_dir)`` → Path | None.

The agent's hands stay on the keyboard: the input at the top filters the list
as they type (or takes a pasted path), arrows move into the list, Enter picks.
The chosen file is only a candidate: the service checks it when it is attached.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Label, Static
from textual.worker import get_current_worker

from anef_tui.service import (
    DEFAULT_LIMIT,
    Entry,
    Listing,
    format_mtime,
    format_size,
    list_folder,
    safe_file_name,
)
from screens.guard import Guarded, work
from screens.modal import Dialog

PARENT_LABEL = ".."


def fold(text: str) -> str:
    """Case- and accent-insensitive form: « Relevé » and « releve » must match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def typed_path(text: str) -> Path | None:
    """The path the agent typed or pasted, or None if the text is a filter.

    File managers paste quoted paths or file:// URIs; accept those too.
    """
    value = text.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    if value.startswith("file://"):
        value = unquote(urlparse(value).path)
    if value.startswith(("/", "~")):
        return Path(value).expanduser()
    return None


@dataclass(frozen=True, slots=True)
class _Row:
    path: Path
    is_dir: bool
    label: str


class _FilterInput(Guarded, Input):
    """Input that hands Down and an empty-field Backspace over to the chooser."""

    class ParentRequested(Message):
        pass

    class ListRequested(Message):
        pass

    BINDINGS = [Binding("down", "to_list", show=False)]

    def action_to_list(self) -> None:
        self.post_message(self.ListRequested())

    def action_delete_left(self) -> None:
        # Backspace on an empty field means "go up", as in most file managers.
        if not self.value:
            self.post_message(self.ParentRequested())
        else:
            super().action_delete_left()


class _EntryTable(Guarded, DataTable[Text]):
    """Row table that gives focus back to the input from its first row or on typing."""

    class InputRequested(Message):
        def __init__(self, character: str | None) -> None:
            super().__init__()
            self.character = character

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.InputRequested(None))
        else:
            super().action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        # Type-ahead from the list: the characters belong to the filter.
        if event.is_printable and event.character and event.key != "space":
            event.stop()
            event.prevent_default()
            self.post_message(self.InputRequested(event.character))


class FileChooser(Dialog[Path | None]):
    """Pick a scanned file under ``scan_dir``; dismisses with its Path, or None on Escape."""

    DEFAULT_CSS = """
    FileChooser {
        align: center middle;
    }
    FileChooser > #chooser {
        width: 90%;
        height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    FileChooser #chooser-title {
        text-style: bold;
        width: 100%;
    }
    FileChooser #chooser-folder {
        color: $text-muted;
        width: 100%;
    }
    FileChooser Input {
        margin: 1 0 0 0;
    }
    FileChooser Input:focus {
        border: tall $accent;
    }
    FileChooser DataTable {
        height: 1fr;
        border: tall $panel;
    }
    FileChooser DataTable:focus {
        border: tall $accent;
    }
    FileChooser #chooser-status {
        height: auto;
        width: 100%;
        color: $text-muted;
    }
    FileChooser #chooser-status.error {
        color: $error;
        text-style: bold;
    }
    """

    BINDINGS = [
        # priority: Input and DataTable both bind Enter; one action decides from the focus.
        Binding("enter", "choose", "Choisir", priority=True),
        Binding("alt+up", "parent", "Dossier parent"),
        Binding("backspace", "parent", "Dossier parent", show=False),
        Binding("escape", "cancel", "Annuler"),
    ]

    def __init__(
        self,
        scan_dir: Path,
        *,
        title: str = "Choisir un document numérisé",
        limit: int = DEFAULT_LIMIT,
        max_bytes: int | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._folder = Path(scan_dir).expanduser()
        self._title = title
        self._limit = limit
        # Files above the per-file limit are marked in the list, before anyone picks one.
        self._max_bytes = max_bytes
        self._listing: Listing | None = None
        self._rows: list[_Row] = []
        # Filter the table was last built for; None forces a rebuild.
        self._shown_needle: str | None = None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """F1 first in the footer, as on every screen. « Choisir » is a priority Enter,
        which Textual lists where the focused field's or list's own Enter stands: before
        the screen's keys, F1 among them."""
        active = super().active_bindings
        return {"f1": active["f1"], **active} if "f1" in active else active

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="chooser"):
            yield Label(self._title, id="chooser-title")
            yield Label("", id="chooser-folder")
            yield _FilterInput(
                placeholder="Tapez un filtre, ou collez un chemin (/… ou ~/…) puis Entrée",
                id="chooser-filter",
            )
            table: _EntryTable = _EntryTable(
                id="chooser-table", cursor_type="row", zebra_stripes=True
            )
            table.add_column("Nom", key="name")
            table.add_column("Taille", key="size")
            table.add_column("Modifié le", key="mtime")
            yield table
            yield Static("", id="chooser-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(_FilterInput).focus()
        self._load(self._folder)

    # --- scanning (off the UI thread) -------------------------------------------------

    def _load(self, folder: Path) -> None:
        self._folder = folder
        self.query_one("#chooser-folder", Label).update(
            Text(f"Dossier : {safe_file_name(str(folder))}"))
        self._set_status("Lecture du dossier…")
        self._scan(folder)

    @work(thread=True, exclusive=True, group="file-chooser-scan")
    def _scan(self, folder: Path) -> None:
        # A network share or a folder of thousands of scans can take seconds.
        listing = list_folder(folder, limit=self._limit)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_listing, listing)

    def _show_listing(self, listing: Listing) -> None:
        if listing.folder != self._folder:
            return  # An older scan finishing after the agent moved on.
        self._listing = listing
        self._shown_needle = None
        self._refresh_rows()

    # --- filtering --------------------------------------------------------------------

    def _refresh_rows(self) -> None:
        listing = self._listing
        if listing is None:
            return
        text = self.query_one(_FilterInput).value
        needle = "" if typed_path(text) else fold(text.strip())
        if needle == self._shown_needle:
            return  # e.g. each key of a typed path: rebuilding 500 rows per key is visible lag.
        self._shown_needle = needle
        rows: list[_Row] = []
        table = self.query_one(_EntryTable)
        table.clear()
        if not needle and self._folder.parent != self._folder:
            rows.append(_Row(self._folder.parent, True, PARENT_LABEL))
            table.add_row(Text("../"), Text("dossier parent"), Text(""), key="0")
        first_file: int | None = None
        for entry in (*listing.folders, *listing.files):
            if needle and needle not in fold(entry.name):
                continue
            rows.append(_Row(entry.path, entry.is_dir, entry.name))
            if not entry.is_dir and first_file is None:
                first_file = len(rows) - 1
            table.add_row(*self._cells(entry, self._max_bytes), key=str(len(rows) - 1))
        self._rows = rows
        if rows:
            # The newest scan (or best match) is what the agent most likely wants.
            table.move_cursor(row=first_file if first_file is not None else 0)
        self._update_status(needle, listing)

    @staticmethod
    def _cells(entry: Entry, max_bytes: int | None = None) -> tuple[Text, Text, Text]:
        # Text, not str: a file named "[scan].pdf" must not be read as Rich markup.
        if entry.is_dir:
            return (Text(f"{safe_file_name(entry.name)}/", style="bold"), Text("dossier"),
                    Text(format_mtime(entry.mtime)))
        size = format_size(entry.size)
        if max_bytes is not None and entry.size > max_bytes:
            # A sign, not a colour: the refusal will give this same figure.
            size = f"⚠ {size}"
        return (Text(safe_file_name(entry.name)), Text(size, justify="right"),
                Text(format_mtime(entry.mtime)))

    def _update_status(self, needle: str, listing: Listing) -> None:
        if listing.error:
            self._set_status(listing.error, error=True)
            return
        files = sum(1 for row in self._rows if not row.is_dir)
        if needle and not self._rows:
            self._set_status(f"Aucun fichier ni dossier ne contient « {needle} ».", error=True)
            return
        parts = [f"{files} fichier{'s' if files > 1 else ''} (JPG, PNG, PDF, TIFF, BMP)"]
        if listing.hidden_files:
            parts.append(f"{listing.hidden_files} plus anciens non affichés")
        if self._max_bytes is not None and any(
                not e.is_dir and e.size > self._max_bytes for e in listing.files):
            parts.append(f"⚠ plus de {format_size(self._max_bytes)} : sera refusé")
        self._set_status(" · ".join(parts) + " — les plus récents en premier.")

    def _set_status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#chooser-status", Static)
        # Text: folder names and typed paths are not markup.
        status.update(Text(text))
        status.set_class(error, "error")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh_rows()

    # --- keyboard ---------------------------------------------------------------------

    @on(_FilterInput.ListRequested)
    def _focus_list(self, event: _FilterInput.ListRequested) -> None:
        event.stop()
        if self._rows:
            self.query_one(_EntryTable).focus()

    @on(_FilterInput.ParentRequested)
    def _parent_from_input(self, event: _FilterInput.ParentRequested) -> None:
        event.stop()
        self.action_parent()

    @on(_EntryTable.InputRequested)
    def _focus_input(self, event: _EntryTable.InputRequested) -> None:
        event.stop()
        field = self.query_one(_FilterInput)
        field.focus()
        if event.character:
            field.insert_text_at_cursor(event.character)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # Reached only if something selects a row other than Enter (which we intercept).
        event.stop()
        self._activate(event.cursor_row)

    def action_choose(self) -> None:
        field = self.query_one(_FilterInput)
        if self.focused is field:
            path = typed_path(field.value)
            if path is not None:
                self._choose_typed(path)
                return
        table = self.query_one(_EntryTable)
        if not self._rows:
            self._set_status("Aucun fichier à choisir ici.", error=True)
            return
        self._activate(table.cursor_row)

    def _activate(self, index: int) -> None:
        if not 0 <= index < len(self._rows):
            return
        row = self._rows[index]
        if row.is_dir:
            self._enter(row.path)
        else:
            self.dismiss(row.path)

    def _choose_typed(self, path: Path) -> None:
        if path.is_dir():
            self._enter(path)
        elif path.exists():
            self.dismiss(path)
        else:
            self._set_status(
                f"Rien à l'emplacement « {path} ». Vérifiez le chemin (majuscules, accents).",
                error=True,
            )

    def _enter(self, folder: Path) -> None:
        field = self.query_one(_FilterInput)
        field.value = ""
        field.focus()
        self._listing = None
        self._rows = []
        self.query_one(_EntryTable).clear()
        self._load(folder)

    def action_parent(self) -> None:
        if self._folder.parent != self._folder:
            self._enter(self._folder.parent)

    def action_cancel(self) -> None:
        self.dismiss(None)
