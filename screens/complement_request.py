"""Instruction side: « Demande de complément » — the pieces asked again, each with why
(manquant, non valide, non lisible) and an observation; or « autre document »."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Footer, Header, Input, Select, Static

from anef_tui.service import (
    InstructionRefused,
    NotificationKind,
    Reason,
    RequestedPiece,
    StorageError,
    TransitionRefused,
)
from screens.base import AnefScreen, say
from screens.focus import Page, reveal
from screens.guard import Guarded
from screens.side import SideBanner
from screens.toggles import StateCheckbox

OTHER = "autre_1"


class PieceRequest(Guarded, Vertical):
    DEFAULT_CSS = """
    PieceRequest { height: auto; margin: 0 0 1 0; padding: 0 1;
                   border-left: thick $warning 50%; }
    PieceRequest Input { height: 1; border: none; padding: 0 1; background: $boost; }
    PieceRequest Input:focus { background: $accent 35%; }
    PieceRequest Select { width: 50; }
    """

    def __init__(self, index: int, key: str, label: str, files: tuple[str, ...]) -> None:
        super().__init__(id=f"request-{index}")
        self.index, self.key, self.label, self.files = index, key, label, files

    def compose(self) -> ComposeResult:
        wording = self.screen.service.instruction.wording  # type: ignore[attr-defined]
        reasons, words = wording.reasons, wording.instruction.request
        other = self.key == OTHER
        yield StateCheckbox(self.label if not other else wording.answer.other_document,
                       id=f"ask-{self.index}")
        if self.files:
            yield Static(f"{wording.instruction.deposited} : " + ", ".join(self.files),
                         classes="muted",
                         markup=False)
        if other:
            yield Static(f"{words.other_label} * :")
            yield Input(id=f"label-{self.index}")
        yield Select([(r.label, key.value) for key, r in reasons.items()],
                     value=(Reason.MISSING if other or not self.files else Reason.INVALID).value,
                     allow_blank=False, id=f"reason-{self.index}")
        yield Static(f"{words.observations} * :")
        yield Input(value=reasons[Reason.INVALID].label if self.files else "",
                    id=f"observation-{self.index}")

    def help_context(self) -> str:
        """F1 on its controls names the piece (screens.control_help)."""
        return self.label or str(self.query_one(Checkbox).label)

    @property
    def asked(self) -> bool:
        return self.query_one(Checkbox).value

    def request(self) -> RequestedPiece:
        label = (self.query_one(f"#label-{self.index}", Input).value if self.key == OTHER
                 else self.label)
        reason = Reason(str(self.query_one(f"#reason-{self.index}", Select).value))
        return RequestedPiece(self.key, label, reason,
                              self.query_one(f"#observation-{self.index}", Input).value)


class ComplementRequestScreen(AnefScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Envoyer la demande", priority=True),
        Binding("ctrl+q", "leave", "Annuler", priority=True),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        record = self.service.get(self.case_id)
        pieces = self.service.instruction.requestable_pieces(record)
        wording = self.service.instruction.wording
        words = wording.instruction.request
        yield Header()
        yield SideBanner(instruction=True)
        with Page(classes="page"):
            yield Static(wording.kind(NotificationKind.COMPLEMENT).title, classes="title")
            numero = self.service.case_reference_labels(record)[1]
            yield Static(f"{numero} : {record.numero_demande}. {words.intro}", classes="muted")
            yield Static("", id="request-error", classes="warning")
            for i, p in enumerate(pieces):
                yield PieceRequest(i, p.key, p.label, p.deposited_files)
            yield PieceRequest(len(pieces), OTHER, "", ())
        with Horizontal(classes="nav"):
            yield Button(words.send, id="send", variant="primary")
            yield Button(wording.instruction.cancel, id="leave")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Instruction"
        self.query_one("#request-error").display = False
        # At once, before the first frame (as a step does): a Space typed as soon as the
        # form shows ticks the first piece. Focus() would land only after the queue.
        self.set_focus(self.query_one("#ask-0", Checkbox))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.run_action(event.button.id or "")

    def action_send(self) -> None:
        asked = [w for w in self.query(PieceRequest) if w.asked]
        now = self.app.clock()  # type: ignore[attr-defined]
        try:
            self.service.instruction.request_complement(
                self.case_id, [w.request() for w in asked], now=now)
        except (InstructionRefused, TransitionRefused, StorageError) as exc:
            message = str(exc)
            error = self.query_one("#request-error", Static)
            error.update(Text(f"⚠ {message}"))
            error.display = True
            say(self.app, message, severity="error", timeout=10)
            target = next((w for w in asked if w.label and f"« {w.label} »" in message), None)
            if target is not None:
                reveal(self.query_one(f"#observation-{target.index}", Input))
            elif (asked and asked[-1].key == OTHER
                  and self.service.instruction.wording.answer.other_document in message):
                reveal(self.query_one(f"#label-{asked[-1].index}", Input))
            else:
                reveal(self.query_one("#ask-0", Checkbox))
            return
        self.app.pop_screen()
        title = self.service.instruction.wording.kind(NotificationKind.COMPLEMENT).title
        say(self.app, f"{title} envoyée.")

    def action_leave(self) -> None:
        self.app.pop_screen()
