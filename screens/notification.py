"""Counter side: one notification, opened. Its first opening is the accusé de réception
(it starts the clock of a demande de complément); ctrl+p prints its documents."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Header, Static

from anef_tui.service import AnswerRefused, NotificationKind
from screens.base import AnefScreen, say
from screens.focus import Page
from screens.guard import Guarded, work
from screens.side import SideBanner


class LetterView(Guarded, Page):
    """The notification's text; recomposed when the answer has been sent."""

    def __init__(self, host: NotificationScreen) -> None:
        super().__init__(classes="page", id="letter")
        self.host = host

    def compose(self) -> ComposeResult:
        host = self.host
        letter = host.letter
        wording = host.service.instruction.wording
        today = self.app.clock().date()  # type: ignore[attr-defined]
        yield Static(letter.title, classes="title", id="letter-title")
        # Each reference whole on its line (no-break spaces: screens/wrapping.py), the
        # lines cut between them: at 80 columns « Domaine : » ended a line, « SEJOUR »
        # began the next.
        yield Static("  ·  ".join(f"{label} : {value}".replace(" ", "\u00a0")
                                  for label, value in letter.references),
                     classes="muted", id="letter-references")
        left = host.service.instruction.countdown(host.notification, today)
        if left is not None and host.notification.answered_at is None:
            yield Static(f"Délai : {left.text()}",
                         classes="warning" if left.overdue else "notice", id="deadline")
        if host.notification.answered_at is not None:
            yield Static(wording.listing.answered_on.format(
                date=f"{host.notification.answered_at.astimezone():%d/%m/%Y}"),
                classes="notice", id="deadline")
        yield Static(letter.greeting)
        for text in letter.before:
            yield Static(text)
        for section in letter.sections:
            yield Static(section.heading, classes="subtitle")
            for label, observation in section.items:
                yield Static(f"{label} :", classes="subtitle")
                yield Static(f"{letter.observations_label} {observation}", markup=False)
        for text in letter.after:
            yield Static(text)
        # Marked by a word: a picture such as « 📎 » is drawn two columns wide by some
        # terminals and one by others, and a screen reader names it.
        for text in letter.documents:
            yield Static(f"Document PDF : {text} (ctrl+p)", classes="document", markup=False)
        yield Static("\n".join(letter.signature))
        if letter.ours_note:
            yield Static(letter.ours_note, classes="muted")
        yield Static("", id="documents", classes="muted")


class NotificationScreen(AnefScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "answer", "Répondre", priority=True),
        Binding("ctrl+p", "print_documents", "Imprimer", priority=True),
        Binding("ctrl+q", "leave", "Retour", priority=True),
        Binding("escape", "leave", "Retour", show=False),
    ]

    def __init__(self, notification_id: int) -> None:
        super().__init__()
        self.notification_id = notification_id
        instruction = self.service.instruction
        # Opening it is the accusé de réception: the counter's side reads it now.
        self.notification = instruction.open(notification_id,
                                             now=self.app.clock())  # type: ignore[attr-defined]
        self.letter = instruction.letter(self.notification)
        self.paths: list[Path] = []
        self._answerable = self._can_answer()

    @property
    def answerable(self) -> bool:
        return self._answerable

    def _can_answer(self) -> bool:
        """A complément still waiting for its answer, on a day it may still be given (a
        certificat médical, a décision ask for none; the letter says « DÉLAI DÉPASSÉ »).
        Read when the screen opens or comes back, not at each key: « Répondre » checks
        again when pressed."""
        n = self.notification
        if not n.kind.is_complement or n.answered_at is not None:
            return False
        try:
            self.service.instruction.check_answerable(
                n, self.app.clock().date())  # type: ignore[attr-defined]
        except AnswerRefused:
            return False
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # « Répondre » only where an answer can be sent.
        return action != "answer" or self.answerable

    def compose(self) -> ComposeResult:
        wording = self.service.instruction.wording
        yield Header()
        yield SideBanner(instruction=False)
        yield LetterView(self)
        with Horizontal(classes="nav"):
            if self.answerable:
                label = (wording.answer.resume
                         if self.notification.kind is NotificationKind.COMPLEMENT_PRE_DEMANDE
                         else "Répondre")
                yield Button(label, id="answer", variant="primary")
            yield Button("Imprimer les documents", id="print_documents")
            yield Button(wording.answer.back, id="leave")
        yield Footer()

    def on_mount(self) -> None:
        self._focus_first()
        self._write_documents()

    def _focus_first(self) -> None:
        first = "#answer" if self.answerable else "#print_documents"
        self.set_focus(self.query_one(first, Button))  # at once: see screens.focus.reveal

    async def on_screen_resume(self) -> None:
        # Back from the answer: show it answered (« Répondu le … »).
        self.notification = self.service.instruction.notification(self.notification_id)
        self._answerable = self._can_answer()
        await self.query_one(LetterView).recompose()
        if not self.answerable:
            for button in self.query("#answer").results(Button):
                button.display = False
        self.refresh_bindings()
        self._focus_first()
        if self.paths:
            self._show_documents(self.paths)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.run_action(event.button.id or "")

    @work(thread=True, exclusive=True, group="notification-documents")
    def _write_documents(self) -> None:
        paths = self.service.instruction.documents(self.notification_id)
        self.call_from_thread(self._show_documents, paths)

    def _show_documents(self, paths: list[Path]) -> None:
        self.paths = paths
        # The agent may have left the screen while they were written.
        for shown in self.query("#documents").results(Static):
            shown.update(Text("Documents (PDF) :\n" + "\n".join(f"  {p}" for p in paths)))

    def action_answer(self) -> None:
        if not self.answerable:
            say(self.app, "Cette notification n'appelle pas de réponse.")
            return
        try:
            self.service.instruction.check_answerable(
                self.notification, self.app.clock().date())  # type: ignore[attr-defined]
        except AnswerRefused as exc:
            say(self.app, str(exc), severity="error", timeout=10)
            return
        self.router.complement_answer(self.notification_id)

    def action_print_documents(self) -> None:
        if not self.paths:
            say(self.app, "Les documents sont en cours de création…")
            return
        self._print(list(self.paths))

    @work(thread=True, group="print")
    def _print(self, paths: list[Path]) -> None:
        for path in paths:
            outcome = self.service.print_pdf(path)
            self.call_from_thread(self.notify, outcome.message,
                                  severity="information" if outcome.ok else "warning",
                                  timeout=10, markup=False)
            if not outcome.ok:
                return

    def action_leave(self) -> None:
        self.app.pop_screen()
