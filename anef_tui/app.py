"""The Textual application: settings, the case service, and the screen stack."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

import screens
from anef_tui.config import Settings

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
    ]

    def __init__(self, settings: Settings, *, service: CaseService | None = None) -> None:
        super().__init__()
        self.settings = settings
        self._service = service
        self._router: Router | None = None

    def clock(self) -> datetime:
        """Now, at the counter. Every exchange is dated by it; tests replace it to move
        through a deadline without waiting for it."""
        return datetime.now().astimezone().replace(microsecond=0)

    @property
    def service(self) -> CaseService:
        """Opened on first use (in a worker thread by the home screen) to start fast."""
        if self._service is None:
            from anef_tui.service import CaseService

            self._service = CaseService(self.settings)
        return self._service

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

    def action_leave(self) -> None:
        leave = getattr(self.screen, "action_leave", None)
        if leave is not None:
            leave()
        else:
            self.exit()

    def on_unmount(self) -> None:
        if self._service is not None:
            self._service.close()
