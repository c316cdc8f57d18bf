"""F1: the help of the focused field, where the applicant is, and every key of the
screen, in one window.

« Where » is the words the screen may cut or hide on a small terminal (the téléprocédure's
name on one line, the bar of steps: screens/progress.py), given whole here, so that a
screen reader reaches them.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Static

from anef_tui.service import screen_wording
from screens.control_help import control_help
from screens.focus import Page
from screens.guard import Guarded
from screens.progress import IN_HELP

# Keys every screen has, handled by Textual or by AnefScreen.
COMMON_KEYS = [
    ("Tab / Maj+Tab", "champ suivant / précédent"),
    ("Page↑ / Page↓", "faire défiler l'écran"),
    ("F1", "cette aide"),
]
KEY_NAMES = {
    "ctrl": "ctrl", "escape": "Échap", "slash": "/", "shift": "Maj", "enter": "Entrée",
    "pageup": "Page↑", "pagedown": "Page↓", "tab": "Tab", "backspace": "Retour arrière",
}


_TEXTUAL_DEFAULTS = {
    b.action for b in [*Screen.BINDINGS, *App.BINDINGS] if isinstance(b, Binding)
}


def key_label(app: App[object], key: str, display: str | None) -> str:
    if display:
        return display
    parts = [KEY_NAMES.get(p, p.upper() if len(p) <= 3 and p.startswith("f") else p)
             for p in key.split("+")]
    return "+".join(parts)


def screen_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """The screen's own keys and the app's, with their French descriptions (the keys of
    the focused text field are its usual editing keys, not listed)."""
    seen: set[tuple[str, str]] = set()
    keys: list[tuple[str, str]] = []
    for key, active in screen.active_bindings.items():
        if not isinstance(active.node, Screen | App) or not active.binding.description:
            continue
        if active.binding.action in ("page_up", "page_down", "help") or \
                active.binding.action in _TEXTUAL_DEFAULTS:
            continue  # in COMMON_KEYS, or Textual's own (Tab, copy) in English
        row = (key_label(screen.app, key, active.binding.key_display),
               active.binding.description)
        if row not in seen:
            seen.add(row)
            keys.append(row)
    return keys + COMMON_KEYS


class HelpScreen(Guarded, ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen Page { height: auto; max-height: 18; }
    HelpScreen .title { text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "close", "Fermer l'aide", key_display="F1"),
        Binding("escape", "close", "Fermer", show=False),
        Binding("pageup", "scroll(-1)", show=False),
        Binding("pagedown", "scroll(1)", show=False),
    ]

    def __init__(self, topic: tuple[str, str] | None, keys: list[tuple[str, str]],
                 where: list[str] | None = None) -> None:
        super().__init__()
        self.topic = topic
        self.keys = keys
        self.where = where or []

    def compose(self) -> ComposeResult:
        with Vertical():
            with Page():
                if self.topic is not None:
                    label, text = self.topic
                    yield Static(f"Aide : {label}", classes="title", markup=False)
                    yield Static(text or screen_wording().help.no_help, markup=False)
                for i, words in enumerate(self.where):
                    yield Static(words, classes="title" if i == 0 else "", markup=False)
                yield Static("Touches de cet écran", classes="title")
                width = max(len(k) for k, _ in self.keys)
                yield Static("\n".join(f"{k.ljust(width)}  {d}" for k, d in self.keys),
                             markup=False)
            yield Button("Fermer (Échap)", id="close", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: int) -> None:
        page = self.query_one(Page)
        (page.scroll_page_down if direction > 0 else page.scroll_page_up)(animate=False)


def screen_where(screen: Screen[object]) -> list[str]:
    """The words of the screen that a small terminal may cut or hide, whole."""
    return [str(widget.render()) for widget in screen.query(f".{IN_HELP}")
            if isinstance(widget, Static)]


def show_help(app: App[object]) -> None:
    screen = app.screen
    if isinstance(screen, HelpScreen):
        return
    app.push_screen(HelpScreen(control_help(app.focused), screen_keys(screen),
                               screen_where(screen)))
