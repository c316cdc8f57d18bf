"""What every screen of the app shares: the service, and the router that opens screens.

A screen never imports another screen to open it: it asks the router (screens.router,
held by the app), so that the screens form no import circle and each can be read alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual.screen import Screen

from screens.guard import Guarded

if TYPE_CHECKING:
    from anef_tui.catalog.models import Procedure
    from anef_tui.service import CaseRecord, CaseService


class ScreenRouter(Protocol):
    """Where each action of a screen leads (implemented by screens.router.Router)."""

    def new_case(self) -> None: ...

    def piece_lists(self) -> None: ...

    def identity(self, procedure: Procedure, profile: dict[str, str]) -> None: ...

    def open_case(self, case_id: int) -> None: ...

    def preamble(self, case_id: int) -> None: ...

    def show_step(self, record: CaseRecord, step_id: str, *,
                  return_to_recap: bool = False) -> None: ...

    def confirmation(self, case_id: int) -> None: ...

    def notifications(self, case_id: int) -> None: ...

    def notification(self, notification_id: int) -> None: ...

    def complement_answer(self, notification_id: int) -> None: ...

    def history(self, case_id: int, *, instruction: bool) -> None: ...

    def instruction_home(self) -> None: ...

    def instruction_case(self, case_id: int) -> None: ...

    def complement_request(self, case_id: int) -> None: ...

    def decision(self, case_id: int) -> None: ...


class AnefScreen(Guarded, Screen[None]):
    """A screen of the app: its actions and handlers run through the guard."""

    def show_failure(self, message: str) -> None:
        """Where a failed action is said besides the notification (forms: the summary)."""
    @property
    def service(self) -> CaseService:
        return self.app.service  # type: ignore[attr-defined,no-any-return]

    @property
    def router(self) -> ScreenRouter:
        return self.app.router  # type: ignore[attr-defined,no-any-return]
