"""Instruction side: « Notification de décision » favourable — the titre issued, its
mention, its validity (the end date computed from the duration), the tax.

Each control's id is the name the service gives the value (`typed_decision`'s
parameters): a refusal names the value refused (`InstructionRefused.field`) and the focus
goes there.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Header, Input, Select, Static

from anef_tui.service import (
    InstructionRefused,
    NotificationKind,
    StorageError,
    TitreDecision,
    TransitionRefused,
)
from screens.base import AnefScreen, say
from screens.focus import Page, reveal
from screens.side import SideBanner


class DecisionScreen(AnefScreen):
    DEFAULT_CSS = """
    DecisionScreen Input { height: 1; border: none; padding: 0 1; background: $boost;
                           width: 60; }
    DecisionScreen Input:focus { background: $accent 35%; }
    DecisionScreen Select { width: 60; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Notifier la décision", priority=True),
        Binding("ctrl+q", "leave", "Annuler", priority=True),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        record = self.service.get(self.case_id)
        defaults = self.service.procedure(record.procedure_id).instruction.decision
        wording = self.service.instruction.wording
        words = wording.instruction.decision
        today = self.app.clock().date()  # type: ignore[attr-defined]
        yield Header()
        yield SideBanner(instruction=True)
        with Page(classes="page"):
            title = wording.kind(NotificationKind.DECISION_FAVORABLE).title
            yield Static(f"{title} — {words.heading}", classes="title")
            yield Static(f"{self.service.case_reference_labels(record)[1]} : "
                         f"{record.numero_demande}", classes="muted")
            yield Static("", id="decision-error", classes="warning")
            yield Static(f"{words.titre} * :")
            yield Select([(label, key) for key, label in wording.titres.items()],
                         value=defaults.titre, allow_blank=False, id="titre")
            yield Static(f"{words.mention} * :")
            yield Input(defaults.mention, id="mention")
            yield Static(f"{words.valid_from} * :")
            yield Input(f"{today:%d/%m/%Y}", id="valid_from")
            yield Static(f"{words.months} * :")
            yield Input(str(defaults.validity_months), id="months")
            yield Static("", id="valid_to", classes="notice")
            yield Static(f"{words.tax} * :")
            yield Input(str(defaults.tax_euros), id="tax_euros")
        with Horizontal(classes="nav"):
            yield Button(words.send, id="send", variant="primary")
            yield Button(wording.instruction.cancel, id="leave")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Instruction"
        self.query_one("#decision-error").display = False
        self._show_end()
        reveal(self.query_one("#titre", Select))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("valid_from", "months"):
            self._show_end()

    def _decision(self, *, preview: bool = False) -> TitreDecision:
        def value(dom_id: str) -> str:
            return self.query_one(f"#{dom_id}", Input).value.strip()

        # The end date is shown before the mention is typed.
        mention = value("mention") or ("—" if preview else "")
        return self.service.instruction.typed_decision(
            str(self.query_one("#titre", Select).value), mention, value("valid_from"),
            value("months"), value("tax_euros"))

    def _show_end(self) -> None:
        try:
            decision = self._decision(preview=True)
        except InstructionRefused:
            # The dates typed so far give no validity yet: « Valable du — au — ».
            self.query_one("#valid_to", Static).update(
                self.service.instruction.validity_line(None, None))
            return
        self.query_one("#valid_to", Static).update(self.service.instruction.validity_line(
            decision.valid_from, decision.valid_to))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.run_action(event.button.id or "")

    def action_send(self) -> None:
        instruction = self.service.instruction
        try:
            decision = self._decision()
            instruction.decide_favorable(self.case_id, decision,
                                         now=self.app.clock())  # type: ignore[attr-defined]
        except (InstructionRefused, TransitionRefused, StorageError) as exc:
            message = str(exc)
            error = self.query_one("#decision-error", Static)
            error.update(Text(f"⚠ {message}"))
            error.display = True
            say(self.app, message, severity="error", timeout=10)
            field = exc.field if isinstance(exc, InstructionRefused) else None
            named = self.query(f"#{field}") if field else None
            reveal(named.first() if named else self.query_one("#titre", Select))
            return
        self.app.pop_screen()
        say(self.app, self.service.instruction.wording.decision_favorable_done)

    def action_leave(self) -> None:
        self.app.pop_screen()
