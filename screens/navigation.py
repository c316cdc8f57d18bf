"""The actions of every step of a téléprocédure, on buttons and keys alike.

Where a step leads is the router's (screens.router): this module opens no screen itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button

from anef_tui.catalog.models import StepButtons
from screens.base import AnefScreen, say
from screens.dialogs import ConfirmDialog

SAVE_KEY = "ctrl+s"
BACK_KEY = "ctrl+r"
LEAVE_KEY = "ctrl+q"
# Not ctrl+a: in a text field it goes to the start of the line (Input and TextArea bind
# ctrl+a, e, d, k, u, w, x, c, v, z, y): the destructive action gets a key no field uses.
ABANDON_KEY = "f8"


NAV_ACTIONS = ("previous", "abandon", "leave", "save")


def step_nav(buttons: StepButtons, save_label: str | None = None, *,
             previous: bool = True) -> Horizontal:
    """The buttons of every step, as on ANEF (their words: data/wording.yaml), each also
    on a key shown in the footer. `previous=False`: a first step with nothing before it
    (002 has no préambule), where ANEF shows no « Revenir à l'étape précédente »."""
    back = [Button(f"< {buttons.previous}", id="previous")] if previous else []
    return Horizontal(
        *back,
        Button(buttons.abandon, id="abandon"),
        Button(buttons.leave, id="leave"),
        Button(f"{save_label or buttons.save} >", id="save", variant="primary"),
        classes="nav",
    )


class CaseNavigation(AnefScreen):
    """The actions offered on every step of a téléprocédure."""

    case_id: int

    BINDINGS: ClassVar[list[BindingType]] = [
        # Short words: the footer must fit 80 columns; the buttons say it in full.
        Binding(SAVE_KEY, "save", "Enregistrer", priority=True),
        Binding(BACK_KEY, "previous", "Précédente", priority=True),
        Binding(LEAVE_KEY, "leave", "Quitter", priority=True),
        Binding(ABANDON_KEY, "abandon", "Abandonner", priority=True, key_display="F8"),
    ]

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in NAV_ACTIONS:
            event.stop()
            await self.run_action(event.button.id)

    def action_leave(self) -> None:
        # Nothing to save: what was validated is already committed; the rest of the
        # current step is dropped, as ANEF does, and so are files attached in it.
        # Leaving never waits on the database: if tidying the files fails (a read-only
        # database, a full disk), the agent still leaves and the guard says why.
        try:
            self.service.leave_case(self.case_id)
        finally:
            self.router.close_case()
        say(self.app, "Dossier enregistré à la dernière étape validée. Vous pourrez le "
                      "reprendre depuis l'accueil.")

    def action_abandon(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.service.abandon(self.case_id)
                self.router.close_case()
                say(self.app, "La demande a été abandonnée ; ses données ont été effacées.")

        abandon = self.service.wording.buttons.abandon
        self.app.push_screen(ConfirmDialog(
            f"{abandon} ?",
            "Toutes les informations saisies et les documents joints de ce dossier seront "
            "effacés. Cette action est définitive.",
            yes=abandon, no="Continuer la demande"), self.guard(answered))

    def go_to(self, step_id: str, *, return_to_recap: bool = False) -> None:
        record = self.service.get(self.case_id)
        self.service.go_to(record, step_id)
        self.router.show_step(record, step_id, return_to_recap=return_to_recap)

    def action_save(self) -> None:  # pragma: no cover - each screen defines it
        raise NotImplementedError

    def action_previous(self) -> None:  # pragma: no cover - each screen defines it
        raise NotImplementedError
