"""A document slot of « Justificatifs »: its help, its files, and « Joindre un document ».

Attaching copies the file into the case's private store at once (in a worker thread:
a 10 Mo scan must not freeze the counter); the list of files is committed with the step.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from anef_tui.catalog.models import DocumentSlot, StepButtons
from anef_tui.service import (
    IngestError,
    StoredAttachment,
    VisibleSlot,
    format_size,
    safe_file_name,
    screen_wording,
)
from screens.base import say
from screens.error_line import ErrorLine
from screens.fields import TITLE_MAX, FieldChanged, field_dom_id
from screens.focus import reveal
from screens.guard import Guarded, work

if TYPE_CHECKING:
    from anef_tui.service import CaseService


class AttachmentHost(Protocol):
    """The screen a slot sits in (the step screen): the case, its pending files."""

    case_id: int
    attachments: list[StoredAttachment]

    @property
    def service(self) -> CaseService: ...


class SlotWidget(Guarded, Vertical, ErrorLine):
    """A slot is few widgets: its label in its top edge (unless too long for it), its
    help, its status line and « Joindre »; the list of files and the error line are
    added when there is a file or an error."""

    DEFAULT_CSS = """
    SlotWidget { height: auto; margin: 0 0 1 0; border-left: thick $primary 50%; padding: 0 1; }
    SlotWidget.-titled {
        border-top: blank; border-title-align: left; border-title-style: bold;
        border-title-color: $foreground;
    }
    SlotWidget .label { text-style: bold; }
    SlotWidget .help { color: $text-muted; }
    SlotWidget .status { color: $text-muted; }
    SlotWidget .status.-missing { color: $warning; }
    SlotWidget .error { color: $error; text-style: bold; }
    SlotWidget Horizontal { height: auto; }
    SlotWidget .file { width: 1fr; padding: 0 1; }
    """

    def __init__(self, slot: DocumentSlot, default_max_files: int) -> None:
        marker = "*" if slot.required else screen_wording().optional_mark
        self.label_text = f"{slot.label} {marker}"
        # Its label in the top edge when it fits, said before mounting (a class added at
        # compose restyles the slot and all it holds).
        titled = cell_len(self.label_text) <= TITLE_MAX
        super().__init__(id=field_dom_id(f"document:{slot.id}"),
                         classes="-titled" if titled else "")
        if titled:
            self.border_title = Content(self.label_text)
        self.slot = slot
        self.max_files = slot.max_files or default_max_files
        self._help = slot.help or ""  # as the conditions word it (update_visible)
        self._error: Static | None = None  # once the slot has been in error
        self._files: Vertical | None = None  # once a file has been attached

    @property
    def _buttons(self) -> StepButtons:
        return self.step_screen.service.wording.buttons

    @property
    def step_screen(self) -> AttachmentHost:
        return self.screen  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        if not self.has_class("-titled"):
            yield Static(self.label_text, classes="label", markup=False)
        yield Static(self._help, classes="help")
        if self.files:
            self._files = Vertical(*self._file_rows(), classes="files")
            yield self._files
        yield Static("", classes="status")
        if self._error is not None:
            yield self._error
        yield Button(self._buttons.attach, name="attach", classes="attach",
                     id=f"{self.id}-attach")

    def on_mount(self) -> None:
        self._status()

    @property
    def files(self) -> list[StoredAttachment]:
        return [a for a in self.step_screen.attachments if a.slot_id == self.slot.id]

    def help_topic(self) -> tuple[str, str]:
        help_text = str(self.query_one(".help", Static).render())
        return self.slot.label, (help_text + "\n" if help_text.strip() else "") + \
            screen_wording().help.slot.format(max_files=self.max_files,
                                              attach=self._buttons.attach)

    def update_visible(self, visible: VisibleSlot) -> None:
        """The help and limit the answers call for; kept until mounted if it is not yet."""
        self._help = visible.help or ""
        self.max_files = visible.max_files
        if self.is_mounted:
            self.query_one(".help", Static).update(self._help)
            self._status()

    def _status(self) -> None:
        n = len(self.files)
        status = self.query_one(".status", Static)
        text = f"{n}/{self.max_files} fichier(s) joint(s)."
        missing = self.slot.required and n == 0
        if missing:
            text += (" Manquant : joignez au moins un fichier avant "
                     f"« {self._buttons.save} ».")
        full = n >= self.max_files
        if full:
            text += " Complet : retirez un fichier pour en joindre un autre."
        status.update(text)
        status.set_class(missing, "-missing")
        # Never disabled: Tab still reaches it, and pressing it says why the slot is full.
        self.query_one(".attach", Button).label = (
            f"{self._buttons.attach} (complet : {n}/{self.max_files})" if full
            else self._buttons.attach)

    def _file_rows(self) -> list[Horizontal]:
        rows = []
        for i, a in enumerate(self.files):
            extent = f"{a.pages} page(s)" if a.kind == "pdf" else (
                f"{a.width}×{a.height} px" if a.width else "")
            row = Horizontal(
                # Text, not markup: a name is the applicant's, « [b] » included.
                Static(Text(f"📄 {safe_file_name(a.original_name)} — {a.kind.upper()}, "
                            f"{format_size(a.size)}{', ' + extent if extent else ''}"),
                       classes="file"),
                # No id: the rows are rebuilt after each change, ids would collide.
                Button("Supprimer", name=f"remove-{i}"),
            )
            rows.append(row)
        return rows

    def _render_files(self) -> None:
        rows = self._file_rows()
        if self._files is None:
            if rows:
                # The first file: its list goes where it reads, above the status line.
                self._files = Vertical(*rows, classes="files")
                self.mount(self._files, before=self.query_one(".status", Static))
        else:
            self._files.remove_children()
            if rows:
                self._files.mount_all(rows)
        self._status()

    def show_error(self, message: str | None) -> None:
        # Below the status, above « Joindre ».
        self.put_error(message, before=lambda: self.query_one(".attach", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        name = event.button.name or ""
        if name == "attach":
            self._choose()
        elif name.startswith("remove-"):
            index = int(name.rsplit("-", 1)[1])
            target = self.files[index]
            self.step_screen.attachments.remove(target)
            self._render_files()
            self.show_error(None)
            # The button pressed is gone with its row: the focus stays in the slot.
            reveal(self.query_one(".attach", Button))
            self.post_message(FieldChanged())
            say(self.app, f"« {safe_file_name(target.original_name)} » retiré de "
                          f"« {self.slot.label} ».")

    def _choose(self) -> None:
        from screens.file_chooser import FileChooser

        refusal = self.step_screen.service.slot_refusal(
            self.slot.id, self.slot.label, self.max_files, self.step_screen.attachments)
        if refusal is not None:
            # Said next to the slot, where the operator is looking; no chooser to cancel.
            self.show_error(refusal)
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.show_error(None)
                self.query_one(".status", Static).update(
                    Text(f"Vérification de « {safe_file_name(path.name)} »…"))
                self._ingest(path)

        settings = self.app.settings  # type: ignore[attr-defined]
        self.app.push_screen(FileChooser(settings.scan_dir, title=f"Joindre : {self.slot.label}",
                                         max_bytes=settings.limits.max_file_bytes),
                             self.guard(chosen))

    @work(thread=True, group="attach")
    def _ingest(self, path: Path) -> None:
        screen = self.step_screen
        try:
            stored = screen.service.attach(screen.case_id, self.slot.id, self.slot.label,
                                           self.max_files, path, screen.attachments)
        except IngestError as exc:
            self.call_from_thread(self._refused, str(exc))
            return
        self.call_from_thread(self._accepted, stored)

    def _refused(self, message: str) -> None:
        self.show_error(message)
        self._status()
        say(self.app, message, severity="error", timeout=8)

    def _accepted(self, stored: StoredAttachment) -> None:
        self.step_screen.attachments.append(stored)
        self._render_files()
        self.show_error(None)
        reveal(self.query_one(".attach", Button))
        name = safe_file_name(stored.original_name)
        say(self.app, f"« {name} » joint à « {self.slot.label} ».")
