"""A field is as few widgets as it can be, and a Tab only repaints (screens/fields.py,
the fields' CSS in screens/app.tcss; the figures: /work/coord/reports/lab.md).

- A focus that adds or removes an edge (a border) makes Textual lay the whole screen out
  again at each Tab: every control of a step keeps the same edges and the same size,
  focused or not; only colours change (the left bar and the background).
- A field's label is written in its top edge (a label too long for it is a Label of its
  own, wrapped); a field has no error line until it is first in error; then the line
  says the message, and goes when the field is corrected.
- A read-only answer is one widget: its label in a column, its value beside it, each
  wrapped in its own column, the value never read as markup.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
import pytest
from a11y_cases import case_at, resume
from pilot import make_settings, new_app, send_keys, settle, whole
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from anef_tui.catalog.models import FieldDef
from screens.fields import LABEL_COLUMN, TITLE_MAX, FieldInput, ReadonlyValue


def _box(widget: Widget) -> tuple[tuple[bool, ...], tuple[bool, ...], tuple[int, int]]:
    """What decides a layout: which edges the border and the outline have, the size."""
    styles = widget.styles
    border = tuple(bool(edge[0]) for edge in (styles.border_top, styles.border_right,
                                              styles.border_bottom, styles.border_left))
    outline = tuple(bool(edge[0]) for edge in (styles.outline_top, styles.outline_right,
                                               styles.outline_bottom, styles.outline_left))
    return border, outline, (widget.outer_size.width, widget.outer_size.height)


@pytest.mark.slow
@pytest.mark.parametrize(("step", "size"), [
    ("informations_personnelles", (80, 24)),   # the largest step, narrow: nav two by two
    ("informations_personnelles", (120, 40)),  # nav buttons in one row, with their edges
    ("justificatifs", (120, 40)),              # slots' buttons, the e-photo, attestations
])
def test_a_tab_changes_no_edge_and_no_size(tmp_path: Path, step: str,
                                           size: tuple[int, int]) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), step)

    async def run() -> list[str]:
        changed: list[str] = []
        async with new_app(settings).run_test(size=size) as pilot:
            await resume(pilot, "StepScreen")
            await whole(pilot)
            await settle(pilot)
            chain = pilot.app.screen.focus_chain
            assert len(chain) > 5
            for _ in range(len(chain)):
                focused = pilot.app.focused
                assert focused is not None
                seen = _box(focused)
                await send_keys(pilot, ["tab"])
                await settle(pilot)
                assert pilot.app.focused is not focused
                if _box(focused) != seen:
                    changed.append(f"{focused!r}: {seen} focused, {_box(focused)} not")
        return changed

    assert asyncio.run(run()) == []


class _Fields(App[None]):
    def compose(self) -> ComposeResult:
        yield FieldInput(FieldDef(id="n", label="Nombre", type="number", required=True))
        yield FieldInput(FieldDef(id="nom", label="Nom", type="name", identity=True),
                         "Nguyễn [b]", readonly=True)


def test_a_field_gets_its_error_line_when_first_in_error() -> None:
    async def scenario() -> None:
        app = _Fields()
        async with app.run_test() as pilot:
            field = app.query(FieldInput).first()
            # The control alone: the label in the top edge, no error line before an error.
            assert list(field.children) == [field.query_one(Input)]
            assert str(field.border_title) == "Nombre *"
            assert not field.query(".error")
            field.show_error(None)  # a save that finds nothing wrong adds nothing
            await pilot.pause()
            assert not field.query(".error")
            field.show_error("« [/] » n'est pas un nombre.")
            await pilot.pause()
            line = field.query_one(".error", Static)
            assert field.children[-1] is line
            assert str(line.render()) == "⚠ « [/] » n'est pas un nombre."
            assert field.has_class("-invalid") and line.display
            field.show_error(None)
            await pilot.pause()
            assert not field.has_class("-invalid")
            assert str(line.render()) == ""
            field.show_error("Ce champ est obligatoire.")  # the same line again
            await pilot.pause()
            assert len(field.query(".error")) == 1
            assert str(field.query_one(".error", Static).render()) == "⚠ Ce champ est obligatoire."

    asyncio.run(scenario())


def test_a_label_too_long_for_the_edge_is_a_label_of_its_own() -> None:
    label = "Une question très longue " * 4  # over TITLE_MAX: cut in the edge at 80
    assert len(label) > TITLE_MAX

    class _Long(App[None]):
        def compose(self) -> ComposeResult:
            yield FieldInput(FieldDef(id="q", label=label.strip(), type="text"))

    async def scenario() -> None:
        app = _Long()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            field = app.query_one(FieldInput)
            assert not field.border_title
            assert str(field.query_one(".label", Label).render()) == label.strip()

    asyncio.run(scenario())


def test_an_error_said_before_the_field_is_mounted_is_there_once_it_is() -> None:
    class _Later(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("")

    async def scenario() -> None:
        app = _Later()
        async with app.run_test() as pilot:
            field = FieldInput(FieldDef(id="n", label="Nombre", type="number"))
            field.show_error("Ce champ est obligatoire.")
            await app.mount(field)
            await pilot.pause()
            assert str(field.query_one(".error", Static).render()) == \
                "⚠ Ce champ est obligatoire."
            assert field.children[-1].has_class("error")

    asyncio.run(scenario())


def test_a_readonly_answer_is_one_widget_label_and_value_side_by_side() -> None:
    async def scenario() -> list[str]:
        app = _Fields()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            field = app.query(FieldInput).last()
            [value] = field.children
            assert isinstance(value, ReadonlyValue)
            assert field.value() == "Nguyễn [b]"
            return [line.plain for line in value._lines(60)]  # noqa: SLF001

    lines = asyncio.run(scenario())
    assert lines == ["Nom".ljust(LABEL_COLUMN) + " Nguyễn [b]"]


def test_a_long_label_and_value_wrap_each_in_its_column() -> None:
    label = "Nom d'usage (nom d'époux ou d'épouse) de la personne"
    value = "un nom très long [i]qui ne tient pas[/i] sur une ligne"
    widget = ReadonlyValue(label, value, label_width=20, muted=False)
    lines = [line.plain for line in widget._lines(46)]  # noqa: SLF001
    assert len(lines) > 1
    for line in lines:
        assert len(line) <= 46
        assert line[20] == " "  # the gap between the columns
    labels = " ".join(line[:20].strip() for line in lines).split()
    values = " ".join(line[21:].strip() for line in lines).split()
    assert labels == label.split(" ")
    assert values == value.split(" ")


def test_slots_and_groups_add_their_lines_when_needed(tmp_path: Path) -> None:
    """A document slot shows its help, its status and « Joindre » (its label in its top
    edge); its list of files and its error line come with the first file and the first
    error. A group (the children) gets its error line the same way."""
    from screens.group_field import GroupField
    from screens.slot import SlotWidget

    (tmp_path / "groups").mkdir()
    (tmp_path / "slots").mkdir()
    settings = make_settings(tmp_path / "groups")
    case_at(settings, casebuilder.conjoint_rf(), "motif_sejour")
    slots = make_settings(tmp_path / "slots")
    case_at(slots, casebuilder.conjoint_rf(), "justificatifs")

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            await whole(pilot)
            group = pilot.app.screen.query(GroupField).first()
            assert group.border_title and not group.query(".error")
            group.show_error("Ajoutez au moins un enfant.")
            await pilot.pause()
            assert group.children[-1].has_class("error")
            assert str(group.query_one(".error", Static).render()) == \
                "⚠ Ajoutez au moins un enfant."
            group.show_error(None)
            await pilot.pause()
            assert str(group.query_one(".error", Static).render()) == ""

        async with new_app(slots).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            await whole(pilot)
            assert pilot.app.screen.step_id == "justificatifs"  # type: ignore[attr-defined]
            slot = pilot.app.screen.query(SlotWidget).first()
            ours = {"label", "help", "files", "status", "error", "attach"}

            def lines() -> list[str]:
                return [next(iter(c.classes & ours), "?") for c in slot.children]

            assert slot.border_title
            assert lines() == ["help", "status", "attach"]
            slot.show_error("Ce fichier est vide.")
            await pilot.pause()
            assert lines() == ["help", "status", "error", "attach"]

    asyncio.run(run())


def test_a_choice_on_from_the_start_is_pressed_shown_and_read_back() -> None:
    from anef_tui.catalog.models import Option
    from screens.toggles import ChoiceList

    class _Choices(App[None]):
        def compose(self) -> ComposeResult:
            yield FieldInput(FieldDef(id="oui", label="Oui ?", type="yesno"), True)
            yield FieldInput(FieldDef(id="non", label="Non ?", type="yesno"), False)
            yield FieldInput(FieldDef(id="c", label="Choix", type="choice", options=[
                Option(value="a", label="A"), Option(value="b", label="B")]), "b")

    async def scenario() -> None:
        app = _Choices()
        async with app.run_test() as pilot:
            await pilot.pause()
            oui, non, choice = app.query(FieldInput)
            assert (oui.value(), non.value(), choice.value()) == (True, False, "b")
            for field, on in ((oui, 0), (non, 1), (choice, 1)):
                control = field.query_one(ChoiceList)
                # One widget for the whole choice: no widget per option.
                assert not control.children
                assert control.index == on
                buttons = [part[0] for part in str(control.render()).split()
                           if part[0] in "●○"]
                assert buttons == ["●" if i == on else "○" for i in range(2)]
            # Pressed by keyboard, the other one goes off as before.
            oui.focus_control()
            await pilot.press("right", "enter")
            assert oui.value() is False
            assert str(oui.query_one(ChoiceList).render()).split()[0] == "○"

    asyncio.run(scenario())
