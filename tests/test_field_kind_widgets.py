"""Every field kind of the registry (anef_tui.catalog.field_kinds) has its control in the
screens' one map (screens/fields.py WIDGETS): no kind is a special case of FieldInput."""

from __future__ import annotations

import ast
from pathlib import Path

from anef_tui.catalog.field_kinds import FIELD_KINDS
from screens import fields
from screens.ephoto_input import EphotoInput


def test_every_kinds_widget_is_in_the_screens_map() -> None:
    # « group » is a GroupField the step screen builds around its sub-fields.
    wanted = {kind.widget for kind in FIELD_KINDS.values()} - {"group"}
    assert wanted <= set(fields.WIDGETS), wanted - set(fields.WIDGETS)


def test_the_ephoto_kind_declares_its_own_control() -> None:
    assert FIELD_KINDS["ephoto"].widget == "ephoto"
    assert fields.WIDGETS["ephoto"].__name__ == "_ephoto"
    assert EphotoInput.__module__ == "screens.ephoto_input"


def test_field_input_names_no_ephoto() -> None:
    # The e-photo buttons are the control's (screens/ephoto_input.py), not FieldInput's.
    tree = ast.parse(Path(fields.__file__).read_text(encoding="utf-8"))
    [field_input] = [n for n in tree.body
                     if isinstance(n, ast.ClassDef) and n.name == "FieldInput"]
    names = [node.value for node in ast.walk(field_input)
             if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and "ephoto" in node.value]
    assert names == []


def test_field_input_reads_the_kind_not_the_type_name() -> None:
    # What a field shows (its widget, its suggestions) is its kind's, from the registry:
    # screens/fields.py never asks a field's type by name (« yesno », « nationality »…).
    tree = ast.parse(Path(fields.__file__).read_text(encoding="utf-8"))
    reads = [node.lineno for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr == "type"]
    assert reads == []


def test_the_suggestions_of_a_line_are_its_kinds() -> None:
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Input

    from anef_tui.catalog.models import FieldDef

    kinds = {name: kind.suggests for name, kind in FIELD_KINDS.items()
             if kind.widget == "line"}
    assert kinds["country"] == "countries" and kinds["nationality"] == "nationalities"
    assert kinds["text"] == ""

    class _Lines(App[None]):
        def compose(self) -> ComposeResult:
            for name in ("country", "nationality", "text"):
                yield fields.FieldInput(FieldDef(id=name, label=name, type=name))

    async def scenario() -> dict[str, bool]:
        app = _Lines()
        async with app.run_test() as pilot:
            await pilot.pause()
            return {w.key: w.query_one(Input).suggester is not None
                    for w in app.query(fields.FieldInput)}

    assert asyncio.run(scenario()) == {"country": True, "nationality": True, "text": False}
