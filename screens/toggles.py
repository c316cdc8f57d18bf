"""Boxes and choices whose state shows by shape, in every theme and without colour.

Textual draws a ticked and an unticked box both as « ▐X▌ » and every radio button as
« ▐●▌ », the state told by colour alone. Here a box is « [x] » or « [ ] » and a choice
« ● » or « ○ »; a long label (an attestation, a choice) wraps instead of being cut at
80 columns.

A field's choice among a few options is one widget, `ChoiceList`: Textual's RadioSet is
a scrolling container with one widget per option, the costliest control to show (6 to
13 ms each on this machine against ≈ 1 for one widget; five of them in the largest
step's first screenful, /work/coord/reports/lab.md). It keeps what the RadioSet did:
Up/Down (and Left/Right) move the cursor, Space/Enter choose, each option on its own
line(s), the cursor shown on its option, the focus by the field's left bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content, ContentText
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, RadioButton

from screens.guard import Guarded


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


# The room between two options shown side by side (« ● Oui   ○ Non »).
INLINE_GAP = 3


class ChoiceList(Guarded, Widget, can_focus=True):
    """One option among a few, in one widget: « ● » before the chosen one, « ○ » before
    the others, each option on its own line(s) (side by side with `inline`, while they
    fit); a label too long for the width wraps under itself, never cut.

    `value` is the chosen option's value (None: not answered). A change made by the
    keyboard or the mouse posts `ChoiceList.Changed`.
    """

    ON = "●"
    OFF = "○"
    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "next", "Option suivante", show=False),
        Binding("enter,space", "choose", "Choisir", show=False),
        Binding("up,left", "previous", "Option précédente", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "choice-list--button", "choice-list--cursor", "choice-list--cursor-blurred"}
    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        width: auto;
        max-width: 100%;
        pointer: pointer;
    }
    ChoiceList > .choice-list--button { text-style: bold; }
    ChoiceList > .choice-list--cursor {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    ChoiceList > .choice-list--cursor-blurred { background: $block-cursor-blurred-background; }
    """

    class Changed(Message):
        """The chosen option changed (by the keyboard or the mouse)."""

        def __init__(self, choice_list: ChoiceList) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.value = choice_list.value
            self.index = choice_list.index

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(self, options: Sequence[tuple[str, str]], value: str | None = None, *,
                 inline: bool = False, id: str | None = None,
                 classes: str | None = None) -> None:
        """`options`: (label, value) pairs, in the order shown."""
        super().__init__(id=id, classes=classes)
        self.options = list(options)
        self.inline = inline
        values = [v for _, v in self.options]
        self.index: int | None = values.index(value) if value in values else None
        # The option Space/Enter would choose: the first one until the keys move it.
        self.cursor = 0
        # The option each line shows, for the last width rendered (a click's line).
        self._line_options: list[int] = []

    # -- reading and choosing --------------------------------------------------------

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.options]

    @property
    def value(self) -> str | None:
        return None if self.index is None else self.options[self.index][1]

    @property
    def chosen_label(self) -> str | None:
        return None if self.index is None else self.options[self.index][0]

    def choose(self, index: int) -> None:
        """Choose the option at `index` (the cursor goes there); said if it changed."""
        self.cursor = index
        if index != self.index:
            self.index = index
            self.post_message(self.Changed(self))
        self.refresh()

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        # Round the list, as the RadioSet did.
        self.cursor = (self.cursor + step) % len(self.options)
        self.refresh()

    def action_choose(self) -> None:
        self.choose(self.cursor)

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not 0 <= offset.y < len(self._line_options):
            return
        if self._side_by_side(self.content_size.width):
            index = self._option_at_column(offset.x)
        else:
            index = self._line_options[offset.y]
        if index is not None:
            self.choose(index)

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # -- drawing ---------------------------------------------------------------------

    def _widths(self) -> list[int]:
        """The cells of each option on one line: « ● label »."""
        return [2 + Content(label).cell_length + 1 for label, _ in self.options]

    def _side_by_side(self, width: int) -> bool:
        widths = self._widths()
        return self.inline and sum(widths) + INLINE_GAP * (len(widths) - 1) <= width

    def _option_at_column(self, x: int) -> int | None:
        start = 0
        for i, w in enumerate(self._widths()):
            if start <= x < start + w:
                return i
            start += w + INLINE_GAP
        return None

    def _option_lines(self, i: int, room: int | None, styled: bool) -> list[Content]:
        """Option `i`'s lines: the button, then its label wrapped to `room` cells under
        itself (None: on one line); the cursor's option is marked on its label."""
        button = Content(self.ON if i == self.index else self.OFF)
        if styled:
            button = button.stylize_before(self.get_visual_style("choice-list--button"))
        text = Content(self.options[i][0])
        parts = [text] if room is None else (text.wrap(room) or [Content("")])
        mark = None
        if styled and i == self.cursor:
            mark = self.get_visual_style(
                "choice-list--cursor" if self.has_focus else "choice-list--cursor-blurred")
        lines = []
        for n, part in enumerate(parts):
            label = Content(" ") + part.rstrip() + Content(" ")
            if mark is not None:
                label = label.stylize_before(mark)
            lines.append((button if n == 0 else Content(" ")) + label)
        return lines

    def _lines(self, width: int, *, styled: bool = True) -> tuple[list[Content], list[int]]:
        """The lines shown at `width`, and the option each line belongs to."""
        count = len(self.options)
        if self._side_by_side(width):
            gap = Content(" " * INLINE_GAP)
            return [gap.join(self._option_lines(i, None, styled)[0]
                             for i in range(count))], [0]
        lines: list[Content] = []
        owners: list[int] = []
        for i in range(count):
            option = self._option_lines(i, max(1, width - 3), styled)
            lines += option
            owners += [i] * len(option)
        return lines, owners

    def render(self) -> Content:
        lines, self._line_options = self._lines(self.content_size.width)
        return Content("\n").join(lines)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        widths = self._widths()
        if self.inline:
            return sum(widths) + INLINE_GAP * (len(widths) - 1)
        return max(widths, default=1)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._lines(width, styled=False)[0]))

    def render_lines_at(self, width: int) -> list[str]:
        """The text of the lines shown at `width` (what a screen reader reads)."""
        return [line.plain for line in self._lines(width, styled=False)[0]]
