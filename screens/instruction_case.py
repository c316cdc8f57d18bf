"""Instruction side: one deposited dossier, read-only, and the notifications to send."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Header, Static

from anef_tui.service import (
    Event,
    InstructionRefused,
    NotificationKind,
    StorageError,
    TransitionRefused,
    status_label,
)
from screens.base import AnefScreen, footer_width, say
from screens.dialogs import ConfirmDialog
from screens.focus import Page, keep_focus_visible, reveal
from screens.guard import Guarded
from screens.side import SideBanner

# Each action's button, in this order, with the key it shows (its word is the data's:
# notifications.yaml « instruction.actions », the footer's too).
ACTIONS = (("complement", "c"), ("certificat", "m"), ("prolongation", "p"), ("decision", "d"),
           ("refusal", "r"), ("closure", "x"), ("history", "h"), ("leave", "Échap"))
# In the footer only when it has room for them after F1 and the notifications that apply
# (the most crowded, étranger malade, has five): on their buttons anyway, and in F1. The
# last one listed here is the first left out.
LISTED_IF_ROOM = ("leave", "history")
# The notifications each action sends: offered only while the dossier allows them.
EVENTS = {
    "complement": Event.REQUEST_COMPLEMENT,
    "certificat": Event.CERTIFICAT_MEDICAL,
    "prolongation": Event.PROLONGATION,
    "decision": Event.DECISION_FAVORABLE,
    "refusal": Event.DECISION_UNFAVORABLE,
    "closure": Event.CLOSE,
}


class CaseView(Guarded, Page):
    """The dossier as deposited, and its exchanges: recomposed after each notification."""

    def __init__(self, case_id: int) -> None:
        super().__init__(classes="page", id="case")
        self.case_id = case_id

    @property
    def service(self):  # type: ignore[no-untyped-def]
        return self.app.service  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        service = self.service
        record = service.get(self.case_id)
        state = service.state(record)
        instruction = service.instruction
        wording = instruction.wording
        today = self.app.clock().date()  # type: ignore[attr-defined]
        yield Static(state.procedure.title, classes="title")
        deposited = record.deposited_at.astimezone() if record.deposited_at else None
        identifiant, numero = service.case_reference_labels(record)
        references = [f"{numero} : {record.numero_demande}",
                      f"{identifiant} : {record.numero_etranger or '—'}"]
        if deposited:
            references.append(f"Déposée le {deposited:%d/%m/%Y à %H:%M}")
        yield Static("\n".join(references), classes="notice", id="references", markup=False)
        yield Static(f"Statut : {status_label(record.status)}", classes="subtitle",
                     id="status")
        yield Static(service.applicant_line(record), id="identity", markup=False)
        yield Static("Pièces déposées (lecture seule)", classes="section-title")
        for piece in instruction.requestable_pieces(record):
            files = ", ".join(piece.deposited_files) or "aucun document"
            yield Static(f"• {piece.label} : {files}", markup=False)
        if record.observations:
            recap = state.procedure.recap_step.recap
            label = (recap or service.wording.recap).observations_label
            yield Static(label, classes="section-title")
            yield Static(record.observations, markup=False)
        yield Static("Notifications", classes="section-title")
        notifications = instruction.notifications(self.case_id)
        if not notifications:
            yield Static("Aucune notification envoyée.", classes="muted")
        for n in notifications:
            state_word = wording.listing.states[n.state]
            left = instruction.countdown(n, today) if n.answered_at is None else None
            yield Static(f"{n.issued_at.astimezone():%d/%m/%Y} — {wording.kind(n.kind).title}"
                         f" — {state_word}" + (f" — {left.text()}" if left else ""))
            answer = instruction.answer_of(n.id) if n.answered_at else None
            if answer is not None:
                yield from self._answer(n, answer)

    def _answer(self, notification, answer):  # type: ignore[no-untyped-def]
        heading, lines = self.service.instruction.answer_lines(notification, answer)
        yield Static(heading, classes="subtitle answer-heading",
                     id=f"answer-{notification.id}", markup=False)
        # Indented by padding, not spaces: a long line wraps under its own start.
        for line in lines:
            yield Static(line, classes="answer-line", markup=False)



class InstructionCaseScreen(AnefScreen):
    # Eight actions: on a grid of four so that they hold at 80 columns.
    DEFAULT_CSS = """
    InstructionCaseScreen .nav { layout: grid; grid-size: 4; grid-rows: auto; height: auto; }
    InstructionCaseScreen .nav Button { width: 100%; min-width: 0; margin: 0; }
    InstructionCaseScreen .answer-heading { padding: 0 0 0 2; }
    InstructionCaseScreen .answer-line { padding: 0 0 0 4; }
    """
    # No text field on this screen: plain letters are safe keys. Every action is on a
    # button with its key; the footer shows every notification that applies (then the
    # history and the way back, room permitting), and F1 lists them all. The words are
    # the data's, put in by active_bindings.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "complement", "-"),
        Binding("m", "certificat", "-"),
        Binding("p", "prolongation", "-"),
        Binding("d", "decision", "-"),
        Binding("r", "refusal", "-"),
        Binding("x", "closure", "-"),
        Binding("h", "history", "-"),
        Binding("ctrl+q", "leave", "-", priority=True),
        Binding("escape", "leave", "-", show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.possible: frozenset[Event] = self._possible()

    def _possible(self) -> frozenset[Event]:
        today = self.app.clock().date()  # type: ignore[attr-defined]
        return self.service.instruction.possible_events(self.case_id, today)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        event = EVENTS.get(action)
        return event is None or event in self.possible

    @property
    def words(self) -> dict[str, str]:
        return self.service.instruction.wording.instruction.actions.model_dump()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys with the data's words; in the footer, « Historique » and « Retour »
        only where its width holds them (F1 lists every key, shown or not)."""
        words = self.words
        active = {key: a._replace(binding=replace(a.binding, description=words[a.binding.action]))
                  if a.binding.action in words else a
                  for key, a in super().active_bindings.items()}
        width = sum(footer_width(self.app, a.binding) for a in active.values()
                    if a.binding.show)
        for action in LISTED_IF_ROOM:
            if width <= self.app.size.width:
                break
            for key, a in active.items():
                if a.binding.action == action and a.binding.show:
                    width -= footer_width(self.app, a.binding)
                    active[key] = a._replace(binding=replace(a.binding, show=False))
        return active

    def compose(self) -> ComposeResult:
        words = self.words
        yield Header()
        yield SideBanner(instruction=True)
        yield CaseView(self.case_id)
        with Horizontal(classes="nav"):
            for action, key in ACTIONS:
                yield Button(f"{words[action]} ({key})", id=action)
        yield Footer()

    def on_resize(self) -> None:
        # (AnefScreen's own on_resize runs too: Textual calls each class's handler.)
        self.refresh_bindings()  # what the footer has room for

    def on_mount(self) -> None:
        self.sub_title = "Instruction"
        self._show_possible()
        # The first action that applies; on a decided dossier, its history.
        first = next((b for b in self.query(".nav Button").results(Button) if b.display),
                     None)
        if first is not None:
            reveal(first)

    def _show_possible(self) -> None:
        """Only the actions the dossier allows today, on the buttons and in the footer."""
        self.possible = self._possible()
        for action, event in EVENTS.items():
            self.query_one(f"#{action}", Button).display = event in self.possible
        self.refresh_bindings()
        keep_focus_visible(self, self.query_one("#history", Button))

    async def on_screen_resume(self) -> None:
        await self.query_one(CaseView).recompose()
        self._show_possible()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.run_action(event.button.id or "")

    def _do(self, call, done: str) -> None:  # type: ignore[no-untyped-def]
        try:
            call()
        except (InstructionRefused, TransitionRefused, StorageError) as exc:
            say(self.app, str(exc), severity="error", timeout=10)
            return
        say(self.app, done)
        self.call_later(self._reload)

    async def _reload(self) -> None:
        await self.query_one(CaseView).recompose()
        self._show_possible()

    def _confirm(self, kind: NotificationKind, call) -> None:  # type: ignore[no-untyped-def]
        words = self.service.instruction.wording.sending[kind]

        def answered(ok: bool | None) -> None:
            if ok:
                self._do(call, words.done)

        self.app.push_screen(ConfirmDialog(words.question, words.detail, yes=words.confirm,
                                           no="Annuler"), answered)

    def action_complement(self) -> None:
        self.router.complement_request(self.case_id)

    def action_decision(self) -> None:
        self.router.decision(self.case_id)

    def action_certificat(self) -> None:
        now = self.app.clock()  # type: ignore[attr-defined]
        self._confirm(NotificationKind.CERTIFICAT_MEDICAL,
                      lambda: self.service.instruction.provide_certificat(self.case_id, now))

    def action_prolongation(self) -> None:
        now = self.app.clock()  # type: ignore[attr-defined]
        self._confirm(NotificationKind.PROLONGATION,
                      lambda: self.service.instruction.prolong(self.case_id, now))

    def action_refusal(self) -> None:
        now = self.app.clock()  # type: ignore[attr-defined]
        self._confirm(NotificationKind.DECISION_UNFAVORABLE,
                      lambda: self.service.instruction.decide_unfavorable(self.case_id, now))

    def action_closure(self) -> None:
        now = self.app.clock()  # type: ignore[attr-defined]
        self._confirm(NotificationKind.CLOSURE,
                      lambda: self.service.instruction.close_unanswered(self.case_id, now))

    def action_history(self) -> None:
        self.router.history(self.case_id, instruction=True)

    def action_leave(self) -> None:
        self.app.pop_screen()
