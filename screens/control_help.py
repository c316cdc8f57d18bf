"""What F1 says of the focused control: its name and what Entrée does there.

A field of a definition, a slot, the children's list say it themselves (`HasHelp`: the
definition's `help`); any other control — a button, a list and its line under the
cursor, the instruction's forms — is told from data/wording.yaml « help »: first what
« controls » says of its id, then the words of its kind. Nothing here is a sentence.
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
    TextArea,
)

from anef_tui.catalog.models import ControlHelp, HelpWording
from anef_tui.service import screen_wording
from screens.toggles import ChoiceList

_INDEX = re.compile(r"-\d+$")
# Named by the words shown before them when the data gives no name.
FORM_CONTROLS = (Input, Select, ChoiceList, RadioSet, TextArea)


@runtime_checkable
class HasHelp(Protocol):
    """A widget that can say what it is and how to fill it (FieldInput, SlotWidget…)."""

    def help_topic(self) -> tuple[str, str]: ...


@runtime_checkable
class HasContext(Protocol):
    """A part of a form about one thing (a requested piece): its controls say which."""

    def help_context(self) -> str: ...


def _ancestors(widget: Widget) -> list[Widget]:
    nodes: list[Widget] = []
    node: object = widget
    while isinstance(node, Widget) and not isinstance(node, Screen):
        nodes.append(node)
        node = node.parent
    return nodes


def _kind(widget: Widget, words: HelpWording) -> tuple[ControlHelp, str]:
    """The words of the control's kind, and the control's own label if it shows one."""
    kinds = words.kinds
    if isinstance(widget, Button):
        return kinds.button, str(widget.label)
    if isinstance(widget, Checkbox):
        return kinds.checkbox, str(widget.label)
    if isinstance(widget, ChoiceList | RadioButton | RadioSet):
        return kinds.radio, ""
    if isinstance(widget, DataTable):
        return kinds.table, ""
    if isinstance(widget, OptionList):
        return kinds.list, ""
    if isinstance(widget, Select):
        return kinds.select, ""
    if isinstance(widget, TextArea):
        return kinds.text_area, ""
    return kinds.input, ""


def _shown_label(widget: Widget) -> str:
    """The words the screen shows just before the control (« Mention * : »), if any."""
    parent = widget.parent
    if not isinstance(parent, Widget):
        return ""
    siblings = list(parent.children)
    for node in reversed(siblings[:siblings.index(widget)]):
        if isinstance(node, Static) and not isinstance(node, Button) and node.display:
            return str(node.render()).strip().rstrip(":").rstrip().rstrip("*").strip()
        if node.can_focus:
            break
    return ""


def _row(table: DataTable[object], words: HelpWording) -> str:
    if not table.row_count:
        return ""
    row = table.cursor_row
    cells = " · ".join(str(c) for c in table.get_row_at(row) if str(c).strip())
    return words.row.format(row=row + 1, rows=table.row_count, cells=cells)


def control_help(widget: Widget | None) -> tuple[str, str] | None:
    """(label, help) of the focused control, or None when nothing has the focus."""
    if widget is None:
        return None
    nodes = _ancestors(widget)
    for node in nodes:
        if isinstance(node, HasHelp):
            return node.help_topic()
    words = screen_wording().help
    kind, own = _kind(widget, words)
    control = words.controls.get(_INDEX.sub("", widget.id or ""))
    label = (control.label if control and control.label else "") or \
        (_shown_label(widget) if isinstance(widget, FORM_CONTROLS) else "") or \
        kind.label.format(label=own)
    context = next((n.help_context() for n in nodes if isinstance(n, HasContext)), "")
    if context:
        label = f"{context} — {label}"
    lines = [control.text] if control else []
    # How to work the control, unless its own words already say what Entrée does.
    if control is None or isinstance(widget, Button | Select):
        lines.append(kind.text.format(label=own or label))
    if isinstance(widget, DataTable):
        lines.append(_row(widget, words))
    return label, "\n".join(line for line in lines if line)
