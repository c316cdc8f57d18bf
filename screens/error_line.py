"""The « ⚠ » line of a field, a group or a document slot, added the first time it is in
error: an empty error line, mounted with every field, took a row in each and cost a
widget to mount for nothing."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static


class ErrorLine(Widget):
    """A widget with an error line of its own, made when first needed. Listed after
    the container class (`Vertical`): Textual takes a widget's CSS type from its first
    widget base."""

    _error: Static | None = None

    def put_error(self, message: str | None,
                  before: Callable[[], Widget] | None = None) -> None:
        """Say `message` (None: no error) on the line, made at the first error; mounted
        at the end, or `before` the widget it returns. Not mounted yet: compose yields
        the line it finds."""
        # Text, not markup: a message may quote what was typed, « [/] » included.
        text = Text(f"⚠ {message}") if message else ""
        if self._error is not None:
            self._error.update(text)
        elif message:
            self._error = Static(text, classes="error")
            if self.children:
                self.mount(self._error, before=before() if before else None)
