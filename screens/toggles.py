"""Boxes and choices whose state shows by shape, in every theme and without colour.

Textual draws a ticked and an unticked box both as « ▐X▌ » and every radio button as
« ▐●▌ », the state told by colour alone. Here a box is « [x] » or « [ ] » and a choice
« ● » or « ○ »; a long label (an attestation) wraps instead of being cut at 80 columns.
"""

from __future__ import annotations

from textual.content import Content, ContentText
from textual.geometry import Size
from textual.widgets import Checkbox, RadioButton


class _ShapeToggle:
    ON = ""
    OFF = ""
    value: bool

    @property
    def _button(self) -> Content:
        return Content(self.ON if self.value else self.OFF).stylize_before("bold")

    def _make_label(self, label: ContentText) -> Content:
        # Every line, not only the first: the page wraps it.
        return Content.from_text(label).rstrip()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, self.render().get_height(self.styles, width))  # type: ignore[attr-defined]


class StateCheckbox(_ShapeToggle, Checkbox):
    ON = "[x]"
    OFF = "[ ]"


class StateRadioButton(_ShapeToggle, RadioButton):
    ON = "●"
    OFF = "○"
