"""Counter side: answering a « Demande de complément » (guides 001, 003, 004), or, for a
pré-demande (002), « Reprendre ma demande » back to « Justificatifs » and « Déposer les
compléments ». Files are checked as at the deposit; the answer is sent in one piece."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Header, Input, RadioSet, Static

from anef_tui.service import (
    KEEP,
    UPDATE,
    AnswerRefused,
    IngestError,
    NotificationKind,
    PieceAnswer,
    RequestedPiece,
    StorageError,
    StoredAttachment,
)
from screens.base import AnefScreen, say
from screens.focus import Page, reveal
from screens.guard import Guarded, work
from screens.side import SideBanner
from screens.toggles import StateRadioButton


class PieceAnswerWidget(Guarded, Vertical):
    DEFAULT_CSS = """
    PieceAnswerWidget { height: auto; margin: 0 0 1 0; border-left: thick $primary 50%;
                        padding: 0 1; }
    PieceAnswerWidget .label { text-style: bold; }
    PieceAnswerWidget Input { height: 1; border: none; padding: 0 1; background: $boost; }
    PieceAnswerWidget Input:focus { background: $accent 35%; }
    PieceAnswerWidget RadioSet { border: none; }
    """

    def __init__(self, index: int, piece: RequestedPiece, reprise: bool) -> None:
        super().__init__(id=f"piece-{index}")
        self.index = index
        self.piece = piece
        self.reprise = reprise
        self.files: list[StoredAttachment] = []

    def help_context(self) -> str:
        """F1 on its controls names the piece (screens.control_help)."""
        return self.piece.label

    @property
    def can_keep(self) -> bool:
        return self.piece.can_keep and not self.reprise

    def compose(self) -> ComposeResult:
        words = self.screen.service.instruction.wording  # type: ignore[attr-defined]
        wording = words.answer
        piece = self.piece
        yield Static(f"{piece.label} :", classes="label")
        if piece.deposited_files:
            yield Static(f"{words.instruction.deposited} : " + ", ".join(piece.deposited_files),
                         classes="muted", markup=False)
        yield Static(f"{wording.observations_label} {piece.observation}", markup=False)
        if self.can_keep:
            yield Static(wording.response_label)
            with RadioSet(id=f"choice-{self.index}"):
                yield StateRadioButton(wording.keep)
                yield StateRadioButton(wording.update)
            yield Static(wording.keep_reason, id=f"reason-label-{self.index}")
            yield Input(id=f"reason-{self.index}")
        yield Static("", id=f"files-{self.index}", classes="muted")
        with Horizontal(classes="files-nav"):
            yield Button(wording.attach, id=f"attach-{self.index}")
            yield Button("Retirer le dernier document", id=f"remove-{self.index}")
        if not self.reprise:
            yield Static(wording.message)
            yield Input(id=f"message-{self.index}")

    def on_mount(self) -> None:
        self.render_files()
        self.show_choice()

    @property
    def choice(self) -> str | None:
        if not self.can_keep:
            return UPDATE
        pressed = self.query_one(RadioSet).pressed_index
        return {0: KEEP, 1: UPDATE}.get(pressed)

    def show_choice(self) -> None:
        keep = self.choice == KEEP
        update = self.choice == UPDATE
        if self.can_keep:
            for node in (f"#reason-label-{self.index}", f"#reason-{self.index}"):
                self.query_one(node).display = keep
        for node in (f"#files-{self.index}", f"#attach-{self.index}"):
            self.query_one(node).display = update
        # « Retirer » only when there is a file to remove.
        self.query_one(f"#remove-{self.index}").display = update and bool(self.files)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.show_choice()

    def render_files(self) -> None:
        text = ("Aucun document joint." if not self.files else
                "\n".join(f"📄 {f.original_name} — {f.kind.upper()}" for f in self.files))
        self.query_one(f"#files-{self.index}", Static).update(Text(text))
        self.show_choice()

    def answer(self) -> PieceAnswer:
        choice = self.choice
        reason = (self.query_one(f"#reason-{self.index}", Input).value
                  if choice == KEEP else None)
        message = None if self.reprise else self.query_one(f"#message-{self.index}", Input).value
        return PieceAnswer(self.piece.key, choice or "", reason=reason,  # type: ignore[arg-type]
                           message=message,
                           files=tuple(self.files) if choice == UPDATE else ())

    def first_control(self) -> str:
        if self.can_keep and self.choice is None:
            return f"choice-{self.index}"
        if self.choice == KEEP:
            return f"reason-{self.index}"
        return f"attach-{self.index}"


class ComplementAnswerScreen(AnefScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # A short word in the footer; the button says the guide's words in full.
        Binding("ctrl+s", "send", "Envoyer", priority=True),
        Binding("ctrl+q", "leave", "Retour sans envoyer", priority=True),
    ]

    def __init__(self, notification_id: int) -> None:
        super().__init__()
        self.notification_id = notification_id
        self.notification = self.service.instruction.notification(notification_id)
        self.reprise = self.notification.kind is NotificationKind.COMPLEMENT_PRE_DEMANDE

    def compose(self) -> ComposeResult:
        notifications = self.service.instruction.wording
        wording = notifications.answer
        yield Header()
        yield SideBanner(instruction=False)
        with Page(classes="page"):
            title = ("Justificatifs" if self.reprise
                     else notifications.kind(NotificationKind.COMPLEMENT).title)
            yield Static(title, classes="title")
            yield Static("", id="answer-error", classes="warning")
            for i, piece in enumerate(self.notification.pieces):
                yield PieceAnswerWidget(i, piece, self.reprise)
            if self.reprise:
                yield Static(wording.resume_observations)
                yield Input(id="observations")
        with Horizontal(classes="nav"):
            send = wording.resume_send if self.reprise else wording.send
            yield Button(send, id="send", variant="primary")
            yield Button("Retour sans envoyer", id="leave")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#answer-error").display = False
        self.focus_on(self.pieces[0].first_control() if self.pieces else "send")

    @property
    def pieces(self) -> list[PieceAnswerWidget]:
        return list(self.query(PieceAnswerWidget))

    def focus_on(self, dom_id: str) -> None:
        reveal(self.query_one(f"#{dom_id}"))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        name = event.button.id or ""
        if name.startswith("attach-"):
            self._choose(int(name.split("-")[1]))
        elif name.startswith("remove-"):
            widget = self.pieces[int(name.split("-")[1])]
            if widget.files:
                removed = widget.files.pop()
                widget.render_files()
                if not widget.files:  # its button went: back to « Joindre »
                    self.focus_on(f"attach-{widget.index}")
                say(self.app, f"« {removed.original_name} » retiré.")
        else:
            await self.run_action(name)

    def _choose(self, index: int) -> None:
        from screens.file_chooser import FileChooser

        widget = self.pieces[index]

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._ingest(index, path)

        scan_dir = self.app.settings.scan_dir  # type: ignore[attr-defined]
        self.app.push_screen(FileChooser(scan_dir, title=f"Joindre : {widget.piece.label}"),
                             chosen)

    @work(thread=True, group="attach")
    def _ingest(self, index: int, path: Path) -> None:
        widget = self.pieces[index]
        pending = [f for w in self.pieces for f in w.files]
        try:
            stored = self.service.instruction.attach(
                self.notification_id, widget.piece.key, path, pending,
                today=self.app.clock().date())  # type: ignore[attr-defined]
        except (IngestError, AnswerRefused, StorageError, OSError) as exc:
            self.call_from_thread(self._refused, str(exc), f"attach-{index}")
            return
        self.call_from_thread(self._accepted, index, stored)

    def _accepted(self, index: int, stored: StoredAttachment) -> None:
        widget = self.pieces[index]
        widget.files.append(stored)
        widget.render_files()
        self.focus_on(f"attach-{index}")
        say(self.app, f"« {stored.original_name} » joint à « {widget.piece.label} ».")

    def _refused(self, message: str, dom_id: str) -> None:
        error = self.query_one("#answer-error", Static)
        error.update(Text(f"⚠ {message}"))
        error.display = True
        say(self.app, message, severity="error", timeout=10)
        self.focus_on(dom_id)

    def action_send(self) -> None:
        items = [w.answer() for w in self.pieces]
        observations = self.query_one("#observations", Input).value if self.reprise else None
        try:
            self.service.instruction.answer(self.notification_id, items, observations,
                                            now=self.app.clock())  # type: ignore[attr-defined]
        except (AnswerRefused, StorageError) as exc:
            message = str(exc)
            target = next((w for w in self.pieces if f"« {w.piece.label} »" in message),
                          self.pieces[0] if self.pieces else None)
            self._refused(message, target.first_control() if target else "send")
            return
        self.app.pop_screen()
        say(self.app, "Votre réponse a été envoyée à l'agent instructeur.")

    def action_leave(self) -> None:
        # Left unsent: the files attached here go (the start-up sweep if this fails).
        with contextlib.suppress(StorageError, OSError):
            self.service.instruction.prune_complements(self.notification.case_id)
        self.app.pop_screen()
