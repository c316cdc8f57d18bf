"""The Textual application: settings, the case service, and the screen stack."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType

import screens
from anef_tui.clock import Clock, system_clock
from anef_tui.config import Settings
from screens.keys import TypeAhead

if TYPE_CHECKING:
    from anef_tui.service import CaseService
    from screens.router import Router


class AnefApp(App[None]):
    TITLE = "anef-tui"
    SUB_TITLE = "Titre de séjour — assistance au guichet"
    CSS_PATH = str(Path(screens.__file__).resolve().parent / "app.tcss")
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        # ctrl+q leaves the current screen the way that screen means it (« Quitter et
        # revenir plus tard » on a step); on the home screen it closes the app.
        Binding("ctrl+q", "leave", "Quitter", show=False, priority=True),
        # No text field binds F1: the help of the focused field and the screen's keys.
        Binding("f1", "help", "Aide", key_display="F1"),
    ]

    def __init__(self, settings: Settings, *, service: CaseService | None = None,
                 clock: Clock = system_clock) -> None:
        super().__init__()
        self.settings = settings
        from screens.themes import HIGH_CONTRAST, TEXTUAL_THEMES
        from screens.wrapping import keep_french_spaces

        keep_french_spaces()

        self.register_theme(HIGH_CONTRAST)
        self.theme = TEXTUAL_THEMES.get(settings.theme, "textual-dark")
        self._service = service
        self._router: Router | None = None
        self._crash_message = ""
        # The wall clock unless a test fixes the day (see anef_tui.clock).
        self._clock = clock
        self._service_lock = threading.Lock()
        self._swept = False
        # Keys typed ahead: handled in the order typed, by what has the focus when
        # their turn comes (screens/keys.py).
        self.keys = TypeAhead(self, self._handle_typed)

    def clock(self) -> datetime:
        """Now, at the counter. Every exchange is dated by it; tests replace it to move
        through a deadline without waiting for it. The clock the app was given (the
        wall clock unless a test fixes the day), the same as its service's."""
        return self._clock()

    @property
    def service(self) -> CaseService:
        """Opened on first use (in a worker thread by the home screen) to start fast.

        Once: the home screen's exclusive worker may be started again while the first is
        still opening the service (a cancelled thread runs on), and two services would
        race to create the data folder and open two engines.
        """
        with self._service_lock:
            if self._service is None:
                from anef_tui.service import CaseService

                self._service = CaseService(self.settings, self._clock, sweep_now=False)
            return self._service

    def sweep_once(self) -> None:
        """The start-up sweep of crash leftovers, once, after the first page of dossiers
        is shown (called from the home screen's worker thread)."""
        with self._service_lock:
            if self._swept or self._service is None:
                return
            self._swept = True
        self._service.sweep_at_start()

    @property
    def router(self) -> Router:
        """Opens the screens; imported on first use (it imports every screen)."""
        if self._router is None:
            from screens.router import Router

            self._router = Router(self)
        return self._router

    @property
    def service_ready(self) -> bool:
        return self._service is not None

    def on_mount(self) -> None:
        from screens.home import HomeScreen

        self.push_screen(HomeScreen())

    async def on_event(self, event: events.Event) -> None:
        if self.keys.takes(event):
            await self.keys.receive(event)  # type: ignore[arg-type]
            return
        await super().on_event(event)
        if isinstance(event, events.Key):
            self.keys.reached_app(event)

    async def _handle_typed(self, event: events.Key | events.Paste) -> None:
        """Textual's own way with a key read from the terminal, when its turn comes."""
        await super().on_event(event)

    def get_key_display(self, binding: Binding) -> str:
        # The footer speaks French: « Échap », not Textual's « esc ».
        if not binding.key_display and binding.key == "escape":
            return "Échap"
        return super().get_key_display(binding)

    def action_help(self) -> None:
        from screens.help import show_help

        show_help(self)

    def action_leave(self) -> None:
        leave = getattr(self.screen, "action_leave", None)
        if leave is not None:
            leave()
        else:
            self.exit()

    # -- what escapes the screens' guard ---------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        # Reached only by what the guard (screens.guard) cannot wrap: a screen failing
        # while it is built, Textual itself. The app stops, as Textual wants, but with a
        # crash report without answer values and a French line: Textual's own traceback
        # prints the local variables of every frame — the applicant's name, address,
        # N° étranger — to the terminal.
        from anef_tui.failures import SHOWN_AS_IS, write_crash_report

        try:
            report: Path | None = write_crash_report(error, self.settings.data_dir)
        except OSError:
            report = None
        reason = str(error) + " " if isinstance(error, SHOWN_AS_IS) else ""
        self._crash_message = (
            f"anef-tui s'est arrêté sur une erreur inattendue. {reason}Ce qui était validé "
            "reste enregistré. "
            + (f"Rapport d'erreur (sans données personnelles) : {report}" if report else
               "Le rapport d'erreur n'a pas pu être écrit."))
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # Replaces Textual's: the same exit, without the traceback and its locals.
        self.bell()
        self._exit_renderables.append(
            Text(self._crash_message or "anef-tui s'est arrêté sur une erreur inattendue."))
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        if self._service is not None:
            self._service.close()
