"""What every screen of the app shares: the service, the router that opens screens, and
page scrolling.

A screen never imports another screen to open it: it asks the router (screens.router,
held by the app), so that the screens form no import circle and each can be read alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from screens.focus import page_of
from screens.guard import Guarded

if TYPE_CHECKING:
    from anef_tui.catalog.models import Procedure
    from anef_tui.service import CaseRecord, CaseService

# Below this width the actions go two by two, one line each (app.tcss, « -narrow »).
NARROW_BELOW = 110
# Below this height (or width) a step's heading is compact (app.tcss, « -short »,
# screens/progress.py): at 80×24 the page keeps its rows.
SHORT_BELOW = 30


class ScreenRouter(Protocol):
    """Where each action of a screen leads (implemented by screens.router.Router)."""

    def new_case(self) -> None: ...

    def piece_lists(self) -> None: ...

    def identity(self, procedure: Procedure, profile: dict[str, str]) -> None: ...

    def open_case(self, case_id: int) -> None: ...

    def preamble(self, case_id: int) -> None: ...

    def show_step(self, record: CaseRecord, step_id: str, *,
                  return_to_recap: bool = False, saved: bool = False) -> None: ...

    def close_case(self) -> None: ...

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

    BINDINGS: ClassVar[list[BindingType]] = [
        # First in every footer: the screen's other keys may not all fit at 80 columns,
        # and F1 lists them all (the app's F1, last, serves the dialogs).
        Binding("f1", "help", "Aide", key_display="F1"),
        # Not priority: a focused list or text area scrolls itself first.
        Binding("pageup", "page_up", "Page précédente", show=False),
        Binding("pagedown", "page_down", "Page suivante", show=False),
    ]

    def show_failure(self, message: str) -> None:
        """Where a failed action is said besides the notification (forms: the summary)."""

    @property
    def service(self) -> CaseService:
        return self.app.service  # type: ignore[attr-defined,no-any-return]

    @property
    def router(self) -> ScreenRouter:
        return self.app.router  # type: ignore[attr-defined,no-any-return]

    # Set here rather than by Textual's breakpoints, which a screen opened with
    # switch_screen did not get until the terminal was resized.
    def on_mount(self) -> None:
        self._fit_width()

    def on_screen_resume(self) -> None:
        self._fit_width()

    def on_resize(self) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        width, height = self.app.size
        self.set_class(width < NARROW_BELOW, "-narrow")
        self.set_class(height < SHORT_BELOW, "-short")

    def action_help(self) -> None:
        from screens.help import show_help

        show_help(self.app)

    def action_page_up(self) -> None:
        page = page_of(self)
        if page is not None:
            page.scroll_page_up(animate=False)

    def action_page_down(self) -> None:
        page = page_of(self)
        if page is not None:
            page.scroll_page_down(animate=False)


def footer_width(app: App[object], binding: Binding) -> int:
    """The columns the footer takes for a key: « key » and « description », as Textual's
    Footer pads them (a space each side of the key, one after the description)."""
    return len(app.get_key_display(binding)) + 2 + len(binding.description) + 1


def say(app: App[object], message: str, *, severity: SeverityLevel = "information",
        timeout: float | None = None) -> None:
    """A passing message that replaces the previous one: toasts never pile up over the
    screen (three quick attachments, three toasts over the file list)."""
    app.clear_notifications()
    app.notify(message, severity=severity, timeout=timeout, markup=False)
