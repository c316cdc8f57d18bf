"""A repeatable group of fields (the children…): list, add, edit, remove, by keyboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from anef_tui.catalog.models import FieldDef
from anef_tui.service import (
    FieldError,
    group_item_inputs,
    group_item_summary,
    screen_wording,
)
from screens.base import say
from screens.error_line import ErrorLine
from screens.fields import TITLE_MAX, FieldChanged, FieldInput, field_dom_id
from screens.focus import Page
from screens.guard import Guarded
from screens.modal import Dialog


class GroupItemDialog(Dialog[dict[str, Any] | None]):
    """Edit one element; « Valider » checks it with the domain before closing."""

    DEFAULT_CSS = """
    GroupItemDialog { align: center middle; }
    GroupItemDialog > Vertical {
        width: 90; max-width: 100%; height: 90%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    GroupItemDialog #item-errors { color: $error; height: auto; }
    GroupItemDialog Horizontal { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "validate", "Valider", priority=True),
        Binding("escape", "cancel", "Annuler"),
    ]

    def __init__(self, group: FieldDef, item: dict[str, Any],
                 check: Callable[[dict[str, Any]], list[FieldError]], title: str) -> None:
        super().__init__()
        self.group = group
        self.item = item
        self.check = check
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title")
            yield Static("", id="item-errors")
            with Page():
                for sub in self.group.fields:
                    yield FieldInput(sub, self.item.get(sub.id), key=sub.id, raw=True)
            with Horizontal():
                yield Button("Annuler", id="cancel")
                yield Button("Valider", id="validate", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query(FieldInput).first().focus_control()
        # Focusing the first field scrolled its label out of view: back to the top.
        page = self.query_one(Page)
        page.call_after_refresh(page.scroll_home, animate=False)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.run_action(event.button.id or "cancel")

    def action_validate(self) -> None:
        raw = {w.key: w.value() for w in self.query(FieldInput)}
        errors = self.check(raw)
        by_sub: dict[str, str] = {}
        for e in errors:
            by_sub.setdefault(e.key.split(".")[-1].split("[")[0], e.message)
        for w in self.query(FieldInput):
            w.show_error(by_sub.get(w.key))
        if errors:
            self.query_one("#item-errors", Static).update(
                Text("\n".join(f"• {e.line()}" for e in errors)))
            first = next((w for w in self.query(FieldInput) if w.key in by_sub), None)
            if first:
                first.focus_control()
            return
        self.dismiss(raw)

    def action_cancel(self) -> None:
        self.dismiss(None)


class GroupField(Guarded, Vertical, ErrorLine):
    """The list of elements; its value is the list of raw element inputs.

    Like a field, its label is in its top edge (unless too long for it) and its error
    line is added the first time it is in error."""

    DEFAULT_CSS = """
    GroupField { height: auto; margin: 0 0 1 0; }
    GroupField.-titled {
        border-top: blank; border-title-align: left; border-title-style: bold;
        border-title-color: $foreground;
    }
    GroupField .label { text-style: bold; }
    GroupField OptionList { height: auto; max-height: 10; }
    GroupField Horizontal { height: auto; }
    GroupField .error { color: $error; text-style: bold; display: none; }
    GroupField.-invalid .error { display: block; }
    """

    def __init__(self, group: FieldDef, stored: list[dict[str, Any]] | None,
                 check: Callable[[dict[str, Any]], list[FieldError]]) -> None:
        self.label_text = group.label + (" *" if group.required else "")
        # Its label in the top edge when it fits, said before mounting (a class added at
        # compose restyles the group and all it holds).
        titled = cell_len(self.label_text) <= TITLE_MAX
        super().__init__(id=field_dom_id(group.id), classes="-titled" if titled else "")
        if titled:
            self.border_title = Content(self.label_text)
        self.group = group
        self.key = group.id
        self.items: list[dict[str, Any]] = [group_item_inputs(group, i) for i in stored or []]
        self.check = check
        self._error: Static | None = None  # once the group has been in error

    @property
    def item_label(self) -> str:
        return self.group.item_label or "Élément"

    def compose(self) -> ComposeResult:
        if not self.has_class("-titled"):
            yield Static(self.label_text, classes="label", markup=False)
        if self.group.help:
            yield Static(self.group.help, classes="muted")
        yield OptionList(id=f"{self.id}-list")
        with Horizontal():
            yield Button(self.group.add_label or f"Ajouter : {self.item_label.lower()}",
                         id=f"{self.id}-add", classes="fill")
            yield Button("Modifier", id=f"{self.id}-edit")
            yield Button("Supprimer", id=f"{self.id}-remove")
        if self._error is not None:
            yield self._error

    def on_mount(self) -> None:
        self._refresh()

    def help_topic(self) -> tuple[str, str]:
        return self.group.label, (self.group.help + "\n" if self.group.help else "") + \
            screen_wording().help.group

    def _refresh(self) -> None:
        options = self.query_one(OptionList)
        previous = options.highlighted
        options.clear_options()
        if not self.items:
            options.add_option(Option(f"Aucun élément : « {self.group.add_label or 'Ajouter'} »"
                                      " pour en saisir un.", disabled=True))
        for i, item in enumerate(self.items, start=1):
            line = f"{self.item_label} {i} : {group_item_summary(self.group, item)}"
            options.add_option(Option(line, id=str(i - 1)))
        if self.items:
            # Always one element highlighted: Enter on the list, « Modifier » and
            # « Supprimer » act on it without arrows first (a cleared list has none).
            options.highlighted = min(previous or 0, len(self.items) - 1)

    def value(self) -> list[dict[str, Any]]:
        return list(self.items)

    def show_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-invalid")
        self.put_error(message)

    def focus_control(self) -> None:
        self.query_one(f"#{self.id}-add", Button).focus()

    def _selected(self) -> int | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.items:
            return None
        return options.highlighted

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = (event.button.id or "").rsplit("-", 1)[-1]
        index = self._selected()
        if action == "add":
            self._edit(None)
        elif index is None:
            say(self.app, "Choisissez d'abord un élément dans la liste (flèches).",
                severity="warning")
        elif action == "edit":
            self._edit(index)
        elif action == "remove":
            del self.items[index]
            self._refresh()
            self.post_message(FieldChanged())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._edit(int(event.option.id))

    def _edit(self, index: int | None) -> None:
        item = {} if index is None else self.items[index]
        number = len(self.items) + 1 if index is None else index + 1

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            if index is None:
                self.items.append(result)
            else:
                self.items[index] = result
            self._refresh()
            self.show_error(None)
            self.post_message(FieldChanged())

        self.app.push_screen(
            GroupItemDialog(self.group, item, self.check, f"{self.item_label} {number}"),
            self.guard(done))

