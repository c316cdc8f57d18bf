"""Moving through a case: which screen shows which step, and the actions of every step.

The stack stays [home, one case screen]: a case screen replaces itself with the next
one, and « Quitter et revenir plus tard » pops back to the home screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button

from screens.dialogs import ConfirmDialog, MessageDialog

if TYPE_CHECKING:
    from anef_tui.service import CaseService
    from anef_tui.storage.repository import CaseRecord

SAVE_KEY = "ctrl+s"
BACK_KEY = "ctrl+r"
LEAVE_KEY = "ctrl+q"
ABANDON_KEY = "ctrl+a"


def screen_for(
    service: CaseService, record: CaseRecord, step_id: str, *, return_to_recap: bool = False
) -> Screen[None]:
    procedure = service.procedure(record.procedure_id)
    step = next(s for s in procedure.steps if s.id == step_id)
    if step.kind == "recap":
        from screens.recap import RecapScreen

        return RecapScreen(record.id)
    if step.kind == "confirmation":
        from screens.confirmation import ConfirmationScreen

        return ConfirmationScreen(record.id)
    from screens.step import StepScreen

    return StepScreen(record.id, step.id, return_to_recap=return_to_recap)


def open_case(app: App[None], case_id: int) -> None:
    """Resume a case where it was left: its last saved step, or its confirmation."""
    from anef_tui.storage.tables import STATUS_ABANDONED, STATUS_DEPOSITED

    record = app.service.get(case_id)  # type: ignore[attr-defined]
    if record.status == STATUS_ABANDONED:
        app.push_screen(MessageDialog("Dossier abandonné",
                                      "Ce dossier a été abandonné : ses données ont été "
                                      "effacées. Créez un nouveau dossier (N)."))
        return
    if record.status == STATUS_DEPOSITED:
        from screens.confirmation import ConfirmationScreen

        app.push_screen(ConfirmationScreen(case_id))
        return
    if record.last_validated_step is None:
        from screens.preamble import PreambleScreen

        app.push_screen(PreambleScreen(case_id))
        return
    app.push_screen(screen_for(app.service, record, record.current_step))  # type: ignore[attr-defined]


NAV_ACTIONS = ("previous", "abandon", "leave", "save")


def step_nav(save_label: str) -> Horizontal:
    """The buttons of every step, as on ANEF, each also on a key shown in the footer."""
    return Horizontal(
        Button("< Revenir à l'étape précédente", id="previous"),
        Button("Abandonner la demande", id="abandon"),
        Button("Quitter et revenir plus tard", id="leave"),
        Button(f"{save_label} >", id="save", variant="primary"),
        classes="nav",
    )


class CaseNavigation(Screen[None]):
    """The actions offered on every step of a téléprocédure."""

    case_id: int

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(SAVE_KEY, "save", "Enregistrer et poursuivre", priority=True),
        Binding(BACK_KEY, "previous", "Étape précédente", priority=True),
        Binding(LEAVE_KEY, "leave", "Quitter et revenir plus tard", priority=True),
        Binding(ABANDON_KEY, "abandon", "Abandonner la demande", priority=True),
    ]

    @property
    def service(self) -> CaseService:
        return self.app.service  # type: ignore[attr-defined,no-any-return]

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in NAV_ACTIONS:
            event.stop()
            await self.run_action(event.button.id)

    def action_leave(self) -> None:
        # Nothing to save: what was validated is already committed; the rest of the
        # current step is dropped, as ANEF does, and so are files attached in it.
        record = self.service.get(self.case_id)
        if record.editable:
            self.service.prune_store(record)
        self.app.pop_screen()
        self.app.notify("Dossier enregistré à la dernière étape validée. Vous pourrez le "
                        "reprendre depuis l'accueil.")

    def action_abandon(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.service.abandon(self.case_id)
                self.app.pop_screen()
                self.app.notify("La demande a été abandonnée ; ses données ont été effacées.")

        self.app.push_screen(ConfirmDialog(
            "Abandonner la demande ?",
            "Toutes les informations saisies et les documents joints de ce dossier seront "
            "effacés. Cette action est définitive.",
            yes="Abandonner la demande", no="Continuer la demande"), answered)

    def go_to(self, step_id: str, *, return_to_recap: bool = False) -> None:
        record = self.service.get(self.case_id)
        self.service.go_to(record, step_id)
        self.app.switch_screen(
            screen_for(self.service, record, step_id, return_to_recap=return_to_recap))

    def action_save(self) -> None:  # pragma: no cover - each screen defines it
        raise NotImplementedError

    def action_previous(self) -> None:  # pragma: no cover - each screen defines it
        raise NotImplementedError
