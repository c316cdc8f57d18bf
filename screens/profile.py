"""Profile selection: walks data/routes.yaml from the home tiles to a téléprocédure."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from anef_tui.service import RouteWalk
from screens.base import AnefScreen

BACK = "__back__"
HOME = "__home__"


class ProfileScreen(AnefScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "back", "Choix précédent", priority=True),
        Binding("escape", "back", "Choix précédent", show=False),
        # A short word in the footer (80 columns), as on every screen.
        Binding("ctrl+q", "leave", "Accueil", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.routes = self.service.routes
        # The labels chosen so far: the whole state of the screen, replayed by the tree.
        self.labels: list[str] = []

    @property
    def walk(self) -> RouteWalk:
        return self.routes.follow(self.labels)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="page"):
            yield Static("", id="route-title", classes="title")
            yield Static("", id="route-progress", classes="progress")
            yield Static("", id="route-text")
            yield Static("", id="route-question", classes="subtitle")
            yield OptionList(id="route-options")
            yield Static("", id="route-help", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self._render_node()

    def _render_node(self) -> None:
        walk = self.walk
        options = self.query_one(OptionList)
        options.clear_options()
        title, progress, text, question = "", "", "", ""
        if walk.unavailable is not None:
            title, text = walk.unavailable.title, walk.unavailable.text
            # « < »: the way back told by a shape too (plain mode says the words only).
            back = f"< {self.service.wording.buttons.back_choice}"
            options.add_options([Option(back, id=BACK),
                                 Option(self.service.wording.buttons.home, id=HOME)])
        else:
            node = walk.node
            assert node is not None
            title, question = node.title, node.question or ""
            if node.progress_percent is not None:
                progress = self.service.wording.progress.format(percent=node.progress_percent)
            text = node.text or ""
            if walk.summary and any(o.back for o in node.options):
                text += "\n\n" + "\n".join(f"• {line}" for line in walk.summary)
            options.add_options([Option(o.label, id=str(i)) for i, o in enumerate(node.options)])
        for dom_id, words in (("route-title", title), ("route-progress", progress),
                              ("route-text", text), ("route-question", question)):
            self._say(dom_id, words)
        options.highlighted = 0
        options.focus()
        self._show_help()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_help()

    def _show_help(self) -> None:
        help_text = ""
        node = self.walk.node
        highlighted = self.query_one(OptionList).highlighted
        if node is not None and highlighted is not None:
            help_text = node.options[highlighted].help or ""
        self._say("route-help", help_text)

    def _say(self, dom_id: str, words: str) -> None:
        """A line of the page, or no line at all: an empty one took a row (three blank
        rows between the title and the question at 80×24)."""
        line = self.query_one(f"#{dom_id}", Static)
        line.update(words)
        line.display = bool(words)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = event.option.id
        if choice == BACK:
            self.action_back()
            return
        if choice == HOME:
            self.app.pop_screen()
            return
        node = self.walk.node
        assert choice is not None and node is not None
        self.labels.append(node.options[int(choice)].label)
        walk = self.walk
        if walk.procedure is not None:
            self._start(walk.procedure, walk.profile)
            return
        self._render_node()

    def _start(self, procedure_id: str, gathered: dict[str, str]) -> None:
        procedure = self.service.procedure(procedure_id)
        profile = {p.id: gathered[p.id] for p in procedure.profile}
        self.router.identity(procedure, profile)

    def action_back(self) -> None:
        if not self.labels:
            self.app.pop_screen()
            return
        self.labels.pop()
        self._render_node()

    def action_leave(self) -> None:
        self.app.pop_screen()
