"""One widget per field of a definition: label, control, help and error, by keyboard.

The widget knows how to show a stored value and how to give back what was typed; it
knows no rule: checking belongs to the domain, through the service.

A field is as few widgets as it can be (mounting, styling and laying out a widget is
what a step costs, /work/coord/reports/lab.md): its label, its control, its help if it
has one; the error line is added the first time the field is in error; a read-only
answer is one widget (ReadonlyValue) in its FieldInput.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    Input,
    Label,
    Select,
    Static,
    TextArea,
)

from anef_tui.catalog.models import FieldDef
from anef_tui.service import (
    display_value,
    field_kind,
    format_hint,
    input_text,
    screen_wording,
    suggestions,
)
from screens.bounded_input import BoundedInput
from screens.ephoto_input import EphotoInput
from screens.error_line import ErrorLine
from screens.guard import Guarded
from screens.toggles import ChoiceList, StateCheckbox

RADIO_MAX_OPTIONS = 6
# The longest label written in a field's top edge (a longer one, cut there at 80
# columns, is a Label of its own, wrapped).
TITLE_MAX = 60
# The column of a read-only answer's label (its value beside it).
LABEL_COLUMN = 34
# A yes/no question's two options (what value() reads back as True / False).
YES, NO = "oui", "non"


def placeholder_for(f: FieldDef) -> str:
    """The hint shown in an empty field (the plain mode says the same on « ? »)."""
    return format_hint(f)


def field_dom_id(key: str) -> str:
    """A DOM id for a field key (« enfants[0].nom » is not a valid id)."""
    return "f-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in key)


class FieldChanged(Message):
    """A choice changed: the screen re-evaluates which fields apply."""


class ReadonlyValue(Widget):
    """A label and its value side by side, in one widget: the label muted in a column of
    `label_width`, the value beside it, each wrapped in its own column.

    What a Horizontal of two Statics showed, for one widget instead of three and no
    layout of its own (a read-only identity shows eight of them on the largest step).
    The value is shown as typed: never read as markup.
    """

    COMPONENT_CLASSES = {"readonly-value--label"}
    DEFAULT_CSS = """
    ReadonlyValue { height: auto; width: 1fr; }
    ReadonlyValue > .readonly-value--label { color: $text-muted; }
    """

    def __init__(self, label: str, value: str, *, label_width: int = LABEL_COLUMN,
                 gap: int = 1, muted: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        self.value_text = value
        self.label_width = label_width
        self.gap = gap
        self.muted = muted

    def _lines(self, width: int) -> list[Content]:
        label_style = self.get_visual_style("readonly-value--label") if self.muted else ""
        labels = Content.styled(self.label, label_style).wrap(self.label_width) \
            if self.label else []
        room = max(1, width - self.label_width - self.gap)
        values = Content(self.value_text).wrap(room) if self.value_text else []
        pad = Content(" " * self.gap)
        lines = []
        for i in range(max(len(labels), len(values), 1)):
            label = labels[i] if i < len(labels) else Content("")
            value = values[i] if i < len(values) else Content("")
            lines.append(label.pad_right(self.label_width - label.cell_length) + pad + value)
        return lines

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def set_value(self, value: str) -> None:
        if value != self.value_text:
            self.value_text = value
            self.refresh(layout=True)


class FieldInput(Guarded, Vertical, ErrorLine):
    """A field of the form. `value()` is the raw input handed to the domain."""

    DEFAULT_CSS = """
    FieldInput { height: auto; margin: 0 0 1 0; }
    FieldInput .label { text-style: bold; }
    FieldInput .help { color: $text-muted; }
    FieldInput .error { color: $error; text-style: bold; display: none; }
    FieldInput.-invalid .error { display: block; }
    FieldInput.-readonly { margin: 0; }
    FieldInput.-titled {
        border-top: blank; border-title-align: left; border-title-style: bold;
        border-title-color: $foreground;
    }
    """

    def __init__(self, field: FieldDef, value: Any = None, *, key: str | None = None,
                 readonly: bool = False, raw: bool = False) -> None:
        """`value` is a stored value, or with raw=True what was typed (group elements)."""
        self.field = field
        self.key = key or field.id
        self.initial = field.default if value is None and not readonly else value
        self.readonly = readonly
        self.raw = raw
        # The error line, once the field has been in error (none before: one widget less
        # a field for every step shown).
        self._error: Static | None = None
        # The label in the top edge, said here (a class added at compose restyles the
        # field and all it holds): one widget less a field.
        titled = self.titled
        super().__init__(id=field_dom_id(self.key),
                         classes="-readonly" if readonly else "-titled" if titled else "")
        if titled:
            self.border_title = Content(self.label_text)

    @property
    def label_text(self) -> str:
        return self.field.label + (" *" if self.field.required and not self.readonly else "")

    @property
    def titled(self) -> bool:
        """Whether the label is written in the top edge (a box carries its own label, a
        read-only answer its own column; a label too long for the edge is a Label)."""
        return not self.readonly and field_kind(self.field).widget != "checkbox" \
            and cell_len(self.label_text) <= TITLE_MAX

    def compose(self) -> ComposeResult:
        f = self.field
        if self.readonly:
            yield ReadonlyValue(self.label_text, display_value(f, self.initial),
                                classes="readonly")
            return
        if not self.titled and field_kind(f).widget != "checkbox":
            yield Label(self.label_text, classes="label")
        yield self._control()
        if f.help:
            yield Static(f.help, classes="help")
        if self._error is not None:  # in error before it was mounted
            yield self._error

    def _control(self) -> Widget:
        return WIDGETS[field_kind(self.field).widget](self, f"{self.id}-control")

    def value(self) -> Any:
        if self.readonly:
            return self.initial
        if not self.children:
            return self._value_before_mount()
        f = self.field
        control = self.query_one(f"#{self.id}-control")
        if isinstance(control, ChoiceList):
            chosen = control.value
            if chosen is None or field_kind(f).widget != "yesno":
                return chosen
            return chosen == YES
        if isinstance(control, Select):
            return None if control.value is Select.BLANK else control.value
        if isinstance(control, Checkbox):
            return control.value
        if isinstance(control, TextArea):
            return control.text
        assert isinstance(control, Input)
        if f.multiple:
            return [part.strip() for part in control.value.split(",") if part.strip()]
        return control.value

    def _value_before_mount(self) -> Any:
        """What value() gives once mounted, before anything is typed (the step screen
        reads its conditions before the end of the step is mounted)."""
        f, initial = self.field, self.initial
        widget = field_kind(f).widget
        if widget == "yesno":
            return initial if isinstance(initial, bool) else None
        if widget == "choice":
            return initial if any(o.value == initial for o in f.options) else None
        if widget == "checkbox":
            return bool(initial)
        if widget == "lines":
            return str(initial or "")
        text = _line_text(self)
        if f.multiple:
            return [part.strip() for part in text.split(",") if part.strip()]
        return text

    # Any edit is a correction under way: the old error goes (the next save checks again),
    # rather than « Ce champ est obligatoire » staying under a filled field.
    def on_input_changed(self, event: Input.Changed) -> None:
        self._corrected()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._corrected()

    def on_choice_list_changed(self, event: ChoiceList.Changed) -> None:
        self._corrected()
        self.post_message(FieldChanged())

    def on_select_changed(self, event: Select.Changed) -> None:
        self._corrected()
        self.post_message(FieldChanged())

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._corrected()
        self.post_message(FieldChanged())

    def _corrected(self) -> None:
        if self.has_class("-invalid"):
            self.show_error(None)

    def help_topic(self) -> tuple[str, str]:
        """For F1: the field's label and its help, with the expected format."""
        hint = placeholder_for(self.field)
        text = self.field.help or ""
        if hint and not self.readonly:
            text = (text + "\n" if text else "") + \
                screen_wording().help.format.format(hint=hint)
        return self.field.label, text

    def agree_with(self, sexe: str | None) -> None:
        """Nationality suggestions in the applicant's gender, once the sexe is known."""
        if self.readonly or field_kind(self.field).suggests != "nationalities" \
                or not self.children:
            return  # not mounted yet: the step screen agrees each chunk it mounts
        control = self.query_one(f"#{self.id}-control", Input)
        control.suggester = SuggestFromList(suggestions(nationality=True, sexe=sexe),
                                            case_sensitive=False)

    def show_error(self, message: str | None) -> None:
        if self.readonly:
            return
        self.set_class(bool(message), "-invalid")
        self.put_error(message)  # below the control (and its help)

    def focus_control(self) -> None:
        if not self.readonly:
            self.query_one(f"#{self.id}-control").focus()


# -- the one map from a field kind's widget (anef_tui.catalog.field_kinds) to a control --


def _yes_no(field_input: FieldInput, cid: str) -> Widget:
    initial = field_input.initial
    chosen = YES if initial is True else NO if initial is False else None
    return ChoiceList([("Oui", YES), ("Non", NO)], chosen, inline=True, id=cid)


def _choice(field_input: FieldInput, cid: str) -> Widget:
    f, initial = field_input.field, field_input.initial
    if len(f.options) <= RADIO_MAX_OPTIONS:
        return ChoiceList([(o.label, o.value) for o in f.options], initial, id=cid)
    return Select(
        [(o.label, o.value) for o in f.options],
        value=initial if initial is not None else Select.BLANK,
        prompt="Choisir…", id=cid,
    )


def _checkbox(field_input: FieldInput, cid: str) -> Widget:
    return StateCheckbox(field_input.label_text, value=bool(field_input.initial), id=cid)


def _lines(field_input: FieldInput, cid: str) -> Widget:
    return TextArea(str(field_input.initial or ""), id=cid)


def _line_text(field_input: FieldInput) -> str:
    """The text a one-line control opens with."""
    f, initial = field_input.field, field_input.initial
    if field_input.raw:
        return ", ".join(initial) if isinstance(initial, list) else str(initial or "")
    return input_text(f, initial)


def _line(field_input: FieldInput, cid: str) -> BoundedInput:
    f = field_input.field
    suggester = None
    suggests = field_kind(f).suggests
    if suggests:
        suggester = SuggestFromList(suggestions(nationality=suggests == "nationalities"),
                                    case_sensitive=False)
    text = _line_text(field_input)
    limit = (f.max_length or 0) if field_kind(f).max_length else 0
    return BoundedInput(value=text, placeholder=placeholder_for(f), suggester=suggester,
                        id=cid, max_length=limit)


def _ephoto(field_input: FieldInput, cid: str) -> Widget:
    return EphotoInput(field_input, _line(field_input, cid), field_input.id or cid)


WIDGETS: dict[str, Callable[[FieldInput, str], Widget]] = {
    "yesno": _yes_no,
    "choice": _choice,
    "checkbox": _checkbox,
    "lines": _lines,
    "line": _line,
    "ephoto": _ephoto,
    # "group": a GroupField (screens/group_field.py), built by the step screen.
}


class ReadonlyRow(Guarded, Horizontal):
    DEFAULT_CSS = """
    ReadonlyRow { height: auto; }
    ReadonlyRow .k { width: 32; color: $text-muted; }
    ReadonlyRow .v { width: 1fr; }
    """

    def __init__(self, label: str, value: str, indent: int = 0) -> None:
        super().__init__()
        self.label = label
        self.value_text = value
        self.indent = indent

    def compose(self) -> ComposeResult:
        pad = "  " * self.indent
        yield Static(f"{pad}{self.label}" + (" :" if self.label else ""), classes="k",
                     markup=False)
        # What was typed is shown as typed: « 12 rue [/] » is not markup.
        yield Static(self.value_text, classes="v", markup=False)
