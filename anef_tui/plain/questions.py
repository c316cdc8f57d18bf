"""One question per field, by kind; the answer is the raw value the screens' widgets
give back (text as typed, a choice's value, True/False, a list), for the service to check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anef_tui.catalog.models import FieldDef
from anef_tui.plain.console import Back, Console
from anef_tui.service import (
    FieldError,
    display_value,
    format_hint,
    group_item_inputs,
    group_item_summary,
)


def prompt_label(number: int | str, f: FieldDef) -> str:
    return f"{number}. {f.label}" + (" (obligatoire)" if f.required else "")


def help_of(f: FieldDef) -> str | None:
    hint = format_hint(f)
    parts = [p for p in (f.help, f"Format : {hint}." if hint else None) if p]
    return " ".join(parts) or None


def current_text(f: FieldDef, current: Any) -> str:
    if isinstance(current, list):
        return ", ".join(str(v) for v in current)
    return "" if current is None else str(current)


def ask_field(console: Console, number: int | str, f: FieldDef, current: Any) -> Any:
    """Ask one field (not a group); an empty line keeps `current`."""
    label = prompt_label(number, f)
    help_text = help_of(f)
    if f.type == "yesno":
        return console.yes_no(label, help_text, current if isinstance(current, bool) else None)
    if f.type == "checkbox":
        return console.yes_no(label, help_text, bool(current))
    if f.type == "choice":
        values = [o.value for o in f.options]
        index = values.index(current) if current in values else None
        return values[console.choose(label, [o.label for o in f.options], help_text, index)]
    hint = format_hint(f)
    if hint and not hint.startswith("ex."):
        label += f" ({hint})"
    shown = current_text(f, current)
    if shown:
        label += f" [actuel : {shown}]"
    answer = console.read(label + " : ", help_text).strip()
    if not answer:
        return current
    if f.multiple:
        return [part.strip() for part in answer.split(",") if part.strip()]
    return answer


def ask_group(
    console: Console, number: int | str, f: FieldDef, items: list[dict[str, Any]],
    check: Callable[[dict[str, Any]], list[FieldError]],
) -> list[dict[str, Any]]:
    """A repeated group (children…): list, add, change, remove; each element checked by
    the service before it joins the list, as the screens' dialog does."""
    name = f.item_label or "Élément"
    items = list(items)
    while True:
        console.say(f"{prompt_label(number, f)} : {len(items)} {name.lower()}(s).")
        for i, item in enumerate(items, start=1):
            console.say(f"  {name} {i} : {group_item_summary(f, item)}")
        actions = [f.add_label or f"Ajouter : {name.lower()}"]
        for i in range(1, len(items) + 1):
            actions += [f"Modifier {name.lower()} {i}", f"Supprimer {name.lower()} {i}"]
        actions.append("Continuer")
        picked = console.choose("Que faire ?", actions, f.help)
        if picked == len(actions) - 1:
            return items
        if picked == 0:
            item = ask_item(console, number, f, {}, len(items) + 1, check)
            if item is not None:
                items.append(item)
            continue
        index, remove = divmod(picked - 1, 2)
        if remove:
            del items[index]
            continue
        item = ask_item(console, number, f, items[index], index + 1, check)
        if item is not None:
            items[index] = item


def ask_item(console: Console, number: int | str, f: FieldDef, item: dict[str, Any],
             position: int, check: Callable[[dict[str, Any]], list[FieldError]],
             ) -> dict[str, Any] | None:
    """One element, sub-field by sub-field (« < » at the first one: cancelled)."""
    item = dict(item)
    console.say(f"{f.item_label or 'Élément'} {position} :")
    j = 0
    while True:
        while j < len(f.fields):
            sub = f.fields[j]
            try:
                value = ask_field(console, f"{number}.{j + 1}", sub, item.get(sub.id))
            except Back:
                if j == 0:
                    return None
                j -= 1
                continue
            item[sub.id] = value
            found = [e.message for e in check(item) if e.key.endswith(f".{sub.id}")]
            for message in found:
                console.error(message)
            if not found:
                j += 1
        errors = check(item)
        if not errors:
            return item
        for e in errors:
            console.error(e.line())
        j = next((k for k, sub in enumerate(f.fields)
                  if any(e.key.endswith(f".{sub.id}") for e in errors)), 0)


def stored_raw(f: FieldDef, value: Any) -> Any:
    """A saved value as it would be typed again (as the screens show it to edit)."""
    from anef_tui.service import input_text

    if value is None:
        value = f.default  # as the screens pre-fill it (« Pays : France »)
    if value is None:
        return None
    if f.type == "group":
        return [group_item_inputs(f, item) for item in value]
    if f.type in ("choice", "yesno", "checkbox"):
        return value
    if f.multiple and isinstance(value, list):
        single = f.model_copy(update={"multiple": False})
        return [input_text(single, v) for v in value]
    return input_text(f, value)


def shown_value(f: FieldDef, value: Any) -> str:
    return display_value(f, value)
