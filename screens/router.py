"""Which screen shows what: the one module that knows every screen class.

The stack stays [home, one case screen]: a case screen replaces itself with the next
one (switch), and « Quitter et revenir plus tard » pops back to the home screen. The
screens reach this router through the app (``self.router``), never by importing it.

The step screens of the open dossier are kept mounted (installed, out of the stack)
when they are left by a save or left untouched: going back and forth between steps then
shows a screen already built, rebound to the dossier, instead of building it again
(the largest step costs some 150 ms of processor to build, 10 to show again). They are
dropped as soon as they would show something else than what is stored, and all of them
when the dossier is left; a step screen let go is taken apart a part per frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.screen import Screen
from textual.timer import Timer

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
from screens.long_lived import (
    collect_deferred,
    defer_full_collection,
    empty_caches,
    freeze_once,
    full_collection_deferred,
    let_go_of_left_screens,
)
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


class KeptSteps:
    """The step screens of one dossier kept for a later visit, by step id, and the ones
    let go, taken apart a part per frame (Textual removed a whole step screen at once:
    146 widgets of the largest step, a stall of 60 ms of processor and more).

    When the dossier is left, Python's full collection, which alone frees the screens
    taken apart, is held back until `COLLECT_AFTER` seconds after the last is removed
    (screens.long_lived): it no longer falls inside the home screen's frames or
    between the keys typed right after a return, but comes once, when the counter
    pauses — or as the next dossier opens, if that comes first.
    """

    COLLECT_AFTER = 0.5

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.case_id: int | None = None
        self.screens: dict[str, StepScreen] = {}
        self._trash: list[StepScreen] = []
        self._collect_timer: Timer | None = None

    def keep(self, screen: StepScreen) -> None:
        """Keep `screen` (still current: kept before it is switched away)."""
        if screen.case_id != self.case_id:
            self.forget()
            self.case_id = screen.case_id
        if screen in self._trash:
            self._trash.remove(screen)
        older = self.screens.get(screen.step_id)
        if older is screen:
            return
        if older is not None:
            self.release(older)
        self.screens[screen.step_id] = screen
        self._install(screen)

    def take(self, record: CaseRecord, step_id: str, *,
             return_to_recap: bool) -> StepScreen | None:
        """The kept screen of that step, rebound to `record`, if it shows it as is."""
        if record.id != self.case_id:
            self.forget()
            return None
        screen = self.screens.get(step_id)
        if screen is None or screen is self.app.screen:
            return None
        if not screen.shows(record):
            self.release(screen)
            return None
        screen.rebind(record, return_to_recap=return_to_recap)
        return screen

    def release(self, screen: StepScreen, *, leaving: bool = False) -> None:
        """Stop keeping `screen`; `leaving`: the screen on show, about to be switched or
        popped away. It is taken apart once out of the stack (the screen on show, when
        not leaving, stays as it is: it goes when it is left)."""
        if self.screens.get(screen.step_id) is screen:
            del self.screens[screen.step_id]
        if screen in self._trash or not screen.is_attached:
            return
        if screen in self.app.screen_stack and not leaving:
            return
        self._install(screen)  # else Textual removes it at once when it leaves the stack
        self._trash.append(screen)
        if len(self._trash) == 1:
            self._remove_later()

    def forget(self, left: Screen[None] | None = None) -> None:
        """Every kept screen goes (the dossier is left; `left`: the case screen about
        to be switched or popped away)."""
        for screen in list(self.screens.values()):
            self.release(screen)
        if isinstance(left, StepScreen):
            self.release(left, leaving=True)
        self.case_id = None
        if left is not None and self._trash:
            defer_full_collection()  # the dossier is left: its screens are freed together

    def _install(self, screen: StepScreen) -> None:
        if not self.app.is_screen_installed(screen):
            self.app.install_screen(screen, f"step-{id(screen)}")

    def _remove_later(self) -> None:
        # After the next frame of the screen on show, whichever it is.
        self._trash[0].call_after_refresh(self._remove_some)

    async def _remove_some(self) -> None:
        """Remove one part of the first screen let go (a section of its body), or the
        screen itself once its body is empty; the rest after the next frame."""
        if not self._trash:
            self._collect_later()  # the screens let go were all kept again
            return
        screen = self._trash[0]
        if screen not in self.app.screen_stack:
            part = next(iter(screen.query_one("#step-body").children), None)
            if part is not None:
                removed = list(part.walk_children(with_self=True))
                await part.remove()
                empty_caches(removed)
            else:
                self._trash.pop(0)
                self.app.uninstall_screen(screen)
                removed = list(screen.walk_children(with_self=True))
                # Pruned without its parent (the app): Textual's `remove` then asks the
                # app for a layout, which lays out and renders the whole screen on
                # show — the home screen's full frame, twice per dossier left — for a
                # screen that is not on show.
                await self.app._prune(screen)  # noqa: SLF001
                empty_caches(removed)
                let_go_of_left_screens(self.app)
        if self._trash:
            self._remove_later()
        else:
            self._collect_later()

    def _collect_later(self) -> None:
        if self._collect_timer is not None:
            self._collect_timer.stop()
            self._collect_timer = None
        if full_collection_deferred():
            # On the screen on show (the home screen, after a return), guarded as its own
            # timers are; were it left first, the next dossier opened collects instead.
            self._collect_timer = self.app.screen.set_timer(self.COLLECT_AFTER, self.collect)

    def collect(self) -> None:
        """The held full collection, now, if every screen let go is removed."""
        if self._collect_timer is not None:
            self._collect_timer.stop()
            self._collect_timer = None
        if not self._trash:
            collect_deferred()


class Router:
    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.kept = KeptSteps(app)
        # After each change of screen, once the one left is taken apart.
        app.screen_change_signal.subscribe(
            app, lambda screen: screen.call_after_refresh(let_go_of_left_screens, app))

    @property
    def service(self) -> CaseService:
        return self.app.service  # type: ignore[attr-defined,no-any-return]

    # -- from the home screen ------------------------------------------------------

    def new_case(self) -> None:
        self._leave_home()
        self.app.push_screen(ProfileScreen())

    def piece_lists(self) -> None:
        self.app.push_screen(PieceListScreen())

    def open_case(self, case_id: int) -> None:
        """Resume a case where it was left: its last saved step, or its confirmation."""
        self._leave_home()
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

    def _leave_home(self) -> None:
        """A dossier opens: what is left of the previous one goes first (its screens,
        and the collection that frees them if the counter did not pause since)."""
        self.kept.forget()
        self.kept.collect()

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
        screen = self._start_screen(self.service.get(case_id))
        self.kept.forget(self.app.screen)
        self.app.switch_screen(screen)

    def _start_screen(self, record: CaseRecord) -> Screen[None]:
        """The préambule, or the first step of a téléprocédure that has none (002)."""
        procedure = self.service.procedure(record.procedure_id)
        if procedure.preamble is None:
            return self.case_screen(record, procedure.steps[0].id)
        return PreambleScreen(record.id)

    def show_step(self, record: CaseRecord, step_id: str, *,
                  return_to_recap: bool = False, saved: bool = False) -> None:
        """Show a step (or the récapitulatif) in place of the current case screen.

        `saved`: the current step was just saved, its values are the stored ones. It is
        kept for a later visit then, or when nothing was typed in it; otherwise dropped.
        """
        current = self.app.screen
        leaving = current if isinstance(current, StepScreen) else None
        keep = leaving is not None and leaving.step_id != step_id and (
            saved or leaving.untouched())
        screen = self.kept.take(record, step_id, return_to_recap=return_to_recap)
        if screen is None:
            screen = self.case_screen(record, step_id, return_to_recap=return_to_recap)
        if leaving is not None:
            if keep:
                self.kept.keep(leaving)
            else:
                self.kept.release(leaving, leaving=True)
        self.app.switch_screen(screen)

    def close_case(self) -> None:
        """Back to the home screen: the case screen and every kept step go."""
        self.kept.forget(self.app.screen)
        self.app.pop_screen()

    def confirmation(self, case_id: int) -> None:
        self.kept.forget(self.app.screen)
        self.app.switch_screen(ConfirmationScreen(case_id))

    def case_screen(self, record: CaseRecord, step_id: str, *,
                    return_to_recap: bool = False) -> Screen[None]:
        step = self.service.procedure(record.procedure_id).step(step_id)
        if step.kind == "recap":
            return RecapScreen(record.id)
        if step.kind == "confirmation":
            return ConfirmationScreen(record.id)
        # Before the screen exists: frozen with the rest, the first step screen built
        # was never freed (nor anything it held).
        freeze_once()
        return StepScreen(record.id, step.id, return_to_recap=return_to_recap, record=record)
