"""The widgets of a step, in reading order, and the chunks they are mounted in.

Mounting a widget is what costs in Textual (styles, layout, first render: ≈ 4 ms a
field on a modest machine), and the largest step has some 130 widgets. So a step screen
is drawn with the part that fits on the screen first; the rest follows in chunks of
about one screen each, after the first paint, each chunk between two frames: the
counter sees the next step at once and the interface never stalls while it fills.

Every widget object is created at once (cheap: nothing is composed before it is
mounted), so that the conditions can show or hide a widget that is not mounted yet, and
the order of the parts is the reading order: mounted as a suffix, in order, they keep
the Tab order of a screen composed in one go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Static

from anef_tui.catalog.models import Section, Step
from anef_tui.service import FieldError, field_kind
from screens.fields import FieldInput, field_dom_id
from screens.group_field import GroupField
from screens.slot import SlotWidget
from screens.toggles import StateCheckbox

# Rows a part takes on screen, roughly (label, control, help, margin): only used to
# size the first chunk to the screen and the next ones to about a screen each.
ROWS_BY_WIDGET = {"yesno": 3, "checkbox": 2, "lines": 6, "line": 3, "group": 6}
TEXT_WIDTH = 90


@dataclass
class Part:
    """One widget of a section, with the rows it takes when shown."""

    section: Section
    widget: Widget
    rows: int
    fill: bool = True  # a field to fill (not a text, a read-only value or a section action)


@dataclass
class StepParts:
    """The widgets of a step by what the conditions show or hide, and in reading order."""

    sections: dict[str, Vertical] = field(default_factory=dict)
    texts: dict[tuple[str, int], Static] = field(default_factory=dict)
    fields: dict[str, FieldInput | GroupField] = field(default_factory=dict)
    attestations: dict[str, Vertical] = field(default_factory=dict)
    ticks: dict[str, StateCheckbox] = field(default_factory=dict)
    slots: dict[str, SlotWidget] = field(default_factory=dict)
    order: list[Part] = field(default_factory=list)

    def field_inputs(self) -> list[FieldInput]:
        return [w for w in self.fields.values() if isinstance(w, FieldInput)]

    def groups(self) -> list[GroupField]:
        return [w for w in self.fields.values() if isinstance(w, GroupField)]


def _text_rows(text: str) -> int:
    return sum(1 + len(line) // TEXT_WIDTH for line in text.splitlines() or [""])


def build_parts(step: Step, saved: dict[str, Any], *, readonly_identity: bool,
                max_files: int,
                group_checker: Callable[[str], Callable[[dict[str, Any]], list[FieldError]]],
                ) -> StepParts:
    """Every widget of the step's sections, created (not mounted) with the saved values."""
    parts = StepParts()
    ticked = saved.get("attestations", {})

    def add(section: Section, widget: Widget, rows: int, *, fill: bool = True) -> None:
        fill = fill and not isinstance(widget, Static) and not getattr(widget, "readonly", False)
        parts.order.append(Part(section, widget, rows, fill))

    for section in step.sections:
        parts.sections[section.id] = Vertical(id=f"s-{section.id}", classes="section")
        if section.title:
            add(section, Static(section.title, classes="section-title"), 2)
        for i, t in enumerate(section.texts):
            text = Static(t.text, id=f"t-{section.id}-{i}",
                          classes=t.style if t.style != "paragraph" else "")
            parts.texts[(section.id, i)] = text
            add(section, text, _text_rows(t.text))
        for f in section.fields:
            widget_kind = field_kind(f).widget
            control: FieldInput | GroupField
            if widget_kind == "group":
                control = GroupField(f, saved.get(f.id), group_checker(f.id))
            else:
                control = FieldInput(f, saved.get(f.id), readonly=f.identity and readonly_identity)
            parts.fields[f.id] = control
            rows = ROWS_BY_WIDGET.get(widget_kind, len(f.options) + 2) + (
                _text_rows(f.help) if f.help else 0)
            add(section, control, 1 if getattr(control, "readonly", False) else rows)
        if section.attestations and section.attestations_intro:
            add(section, Static(section.attestations_intro),
                _text_rows(section.attestations_intro))
        for a in section.attestations:
            tick = StateCheckbox(f"{a.text} *", value=bool(ticked.get(a.id)), id=f"att-{a.id}")
            parts.ticks[a.id] = tick
            box = Vertical(
                tick, Static("", classes="att-error"),
                id=field_dom_id(f"attestation:{a.id}"), classes="attestation")
            parts.attestations[a.id] = box
            add(section, box, _text_rows(a.text) + 1)
        for slot in section.documents:
            slot_widget = SlotWidget(slot, max_files)
            parts.slots[slot.id] = slot_widget
            add(section, slot_widget, 8 + (_text_rows(slot.help) if slot.help else 0))
        for i, action in enumerate(section.actions):
            # A section's action (« Modifier ma situation ») is not where the focus opens
            # (screens/focus.first_to_fill skips it): the first screenful goes on to the
            # first field, else the step opened on « Enregistrer et poursuivre ».
            add(section, Button(action.label, id=f"action-{section.id}-{i}",
                                classes="section-action"), 3, fill=False)
    return parts


def first_screen(order: list[Part], rows: int, shown: Callable[[Part], bool]) -> int:
    """How many parts the first frame shows: `rows` of them, and at least the first
    shown field to fill (where the focus opens)."""
    filled, fill_seen = 0, False
    for i, part in enumerate(order):
        if shown(part):
            filled += part.rows
            fill_seen = fill_seen or part.fill
        if filled >= rows and fill_seen:
            return i + 1
    return len(order)


def chunks(order: list[Part], rows: int, max_parts: int,
           shown: Callable[[Part], bool]) -> Iterator[list[Part]]:
    """The parts in consecutive runs of about `rows` shown rows and at most `max_parts`
    parts (a hidden part takes no row, but mounting it still costs)."""
    run: list[Part] = []
    filled = 0
    for part in order:
        run.append(part)
        if shown(part):
            filled += part.rows
        if filled >= rows or len(run) >= max_parts:
            yield run
            run, filled = [], 0
    if run:
        yield run
