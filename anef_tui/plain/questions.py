"""One question per field, by kind; the answer is the raw value the screens' widgets
give back (text as typed, a choice's value, True/False, a list), for the service to check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anef_tui.catalog.models import FieldDef
from anef_tui.plain.console import Console
from anef_tui.service import FieldError, display_value, format_hint, group_item_inputs


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
    """A repeated group (children…): list, add, remove, each element checked on adding."""
    name = f.item_label or "Élément"
    items = list(items)
    while True:
        console.say(f"{prompt_label(number, f)} : {len(items)} {name.lower()}(s).")
        for i, item in enumerate(items, start=1):
            console.say(f"  {name} {i} : {summary(f, item)}")
        actions = [f"Ajouter : {name.lower()}"] + [f"Retirer {name.lower()} {i}"
                                                    for i in range(1, len(items) + 1)]
        actions.append("Continuer")
        picked = console.choose("Que faire ?", actions, f.help)
        if picked == len(actions) - 1:
            return items
        if picked > 0:
            del items[picked - 1]
            continue
        item: dict[str, Any] = {}
        console.say(f"{name} {len(items) + 1} :")
        for j, sub in enumerate(f.fields, start=1):
            item[sub.id] = ask_until_valid(
                console, sub, f"{number}.{j}", item.get(sub.id),
                lambda value, sub=sub, item=item: [e.message for e in check({**item, sub.id: value})
                                        if e.key.endswith(f".{sub.id}")])
        errors = check(item)
        for e in errors:
            console.error(f"{e.label} : {e.message}")
        if not errors:
            items.append(item)


def ask_until_valid(console: Console, f: FieldDef, number: int | str, current: Any,
                    problems: Callable[[Any], list[str]]) -> Any:
    while True:
        value = ask_field(console, number, f, current)
        found = problems(value)
        if not found:
            return value
        for message in found:
            console.error(message)
        current = value


def summary(f: FieldDef, item: dict[str, Any]) -> str:
    return ", ".join(f"{sub.label} : {v}" for sub in f.fields
                     if (v := current_text(sub, item.get(sub.id))))


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
