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
