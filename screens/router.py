"""Which screen shows what: the one module that knows every screen class.

The stack stays [home, one case screen]: a case screen replaces itself with the next
one (switch), and « Quitter et revenir plus tard » pops back to the home screen. The
screens reach this router through the app (``self.router``), never by importing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.screen import Screen

from anef_tui.service import STATUS_ABANDONED, is_deposited
from screens.complement_answer import ComplementAnswerScreen
from screens.complement_request import ComplementRequestScreen
from screens.confirmation import ConfirmationScreen
from screens.decision import DecisionScreen
from screens.dialogs import MessageDialog
from screens.history import HistoryScreen
from screens.identity import IdentityScreen
from screens.instruction_case import InstructionCaseScreen
from screens.instruction_home import InstructionHomeScreen
from screens.notification import NotificationScreen
from screens.notifications import NotificationsScreen
from screens.piece_list import PieceListScreen
from screens.preamble import PreambleScreen
from screens.profile import ProfileScreen
from screens.recap import RecapScreen
from screens.step import StepScreen

if TYPE_CHECKING:
    from anef_tui.catalog.models import Procedure
    from anef_tui.service import CaseRecord, CaseService


class Router:
    def __init__(self, app: App[None]) -> None:
        self.app = app

    @property
    def service(self) -> CaseService:
        return self.app.service  # type: ignore[attr-defined,no-any-return]

    # -- from the home screen ------------------------------------------------------

    def new_case(self) -> None:
        self.app.push_screen(ProfileScreen())

    def piece_lists(self) -> None:
        self.app.push_screen(PieceListScreen())

    def open_case(self, case_id: int) -> None:
        """Resume a case where it was left: its last saved step, or its confirmation."""
        record = self.service.get(case_id)
        if record.status == STATUS_ABANDONED:
            self.app.push_screen(MessageDialog(
                "Dossier abandonné", "Ce dossier a été abandonné : ses données ont été "
                "effacées. Créez un nouveau dossier (N)."))
        elif is_deposited(record.status):
            self.app.push_screen(ConfirmationScreen(case_id))
        elif record.last_validated_step is None:
            self.app.push_screen(self._start_screen(record))
        else:
            self.app.push_screen(self.case_screen(record, record.current_step))

    # -- after the deposit: the counter's side -------------------------------------

    def notifications(self, case_id: int) -> None:
        """« Mes notifications » of a deposited dossier."""
        record = self.service.get(case_id)
        if not is_deposited(record.status):
            self.app.notify("Ce dossier n'a pas encore été déposé : il n'a pas de "
                            "notification.")
            return
        self.app.push_screen(NotificationsScreen(case_id))

    def notification(self, notification_id: int) -> None:
        self.app.push_screen(NotificationScreen(notification_id))

    def complement_answer(self, notification_id: int) -> None:
        self.app.push_screen(ComplementAnswerScreen(notification_id))

    def history(self, case_id: int, *, instruction: bool) -> None:
        self.app.push_screen(HistoryScreen(case_id, instruction=instruction))

    # -- the instruction side (agent instructeur) ----------------------------------

    def instruction_home(self) -> None:
        self.app.push_screen(InstructionHomeScreen())

    def instruction_case(self, case_id: int) -> None:
        self.app.push_screen(InstructionCaseScreen(case_id))

    def complement_request(self, case_id: int) -> None:
        self.app.push_screen(ComplementRequestScreen(case_id))

    def decision(self, case_id: int) -> None:
        self.app.push_screen(DecisionScreen(case_id))

    # -- within a case (each replaces the current case screen) ---------------------

    def identity(self, procedure: Procedure, profile: dict[str, str]) -> None:
        self.app.switch_screen(IdentityScreen(procedure, profile))

    def preamble(self, case_id: int) -> None:
        self.app.switch_screen(self._start_screen(self.service.get(case_id)))

    def _start_screen(self, record: CaseRecord) -> Screen[None]:
        """The préambule, or the first step of a téléprocédure that has none (002)."""
        procedure = self.service.procedure(record.procedure_id)
        if procedure.preamble is None:
            return self.case_screen(record, procedure.steps[0].id)
        return PreambleScreen(record.id)

    def show_step(self, record: CaseRecord, step_id: str, *,
                  return_to_recap: bool = False) -> None:
        self.app.switch_screen(self.case_screen(record, step_id,
                                                return_to_recap=return_to_recap))

    def confirmation(self, case_id: int) -> None:
        self.app.switch_screen(ConfirmationScreen(case_id))

    def case_screen(self, record: CaseRecord, step_id: str, *,
                    return_to_recap: bool = False) -> Screen[None]:
        step = self.service.procedure(record.procedure_id).step(step_id)
        if step.kind == "recap":
            return RecapScreen(record.id)
        if step.kind == "confirmation":
            return ConfirmationScreen(record.id)
        return StepScreen(record.id, step.id, return_to_recap=return_to_recap, record=record)
