"""A field's choice among a few options is one widget (screens/toggles.ChoiceList) that
keeps every behaviour of the RadioSet it replaced: Up/Down (Left/Right) move, Space and
Enter choose, the choice shown by « ● » / « ○ », each option on its own line(s), a long
label wrapped and never cut, the focus visible, F1 on the field, the refused save's focus.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Vertical

import screens
from anef_tui.catalog.models import FieldDef, Option
from screens.control_help import control_help
from screens.fields import FieldChanged, FieldInput
from screens.toggles import ChoiceList

LONG = ("Je suis étranger(ère) résidant habituellement en France et mon état de santé "
        "nécessite une prise en charge médicale exceptionnelle")
CHOICE = FieldDef(id="situation", label="Situation", type="choice", required=True,
                  help="La situation du demandeur.", options=[
                      Option(value="a", label="Célibataire"), Option(value="b", label="Marié(e)"),
                      Option(value="c", label=LONG)])
YES_NO = FieldDef(id="couple", label="En couple ?", type="yesno")


class _Form(App[None]):
    CSS_PATH = str(Path(screens.__file__).resolve().parent / "app.tcss")
    AUTO_FOCUS = ""

    def __init__(self, width: int | None = None) -> None:
        super().__init__()
        self.width = width
        self.changes: list[object] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield FieldInput(CHOICE)
            yield FieldInput(YES_NO)

    def on_mount(self) -> None:
        if self.width is not None:
            self.query_one(Vertical).styles.width = self.width

    def on_field_changed(self, event: FieldChanged) -> None:
        self.changes.append(event)


def test_keys_move_and_choose_and_the_field_reads_it_back() -> None:
    async def run() -> None:
        app = _Form()
        async with app.run_test() as pilot:
            choice, couple = app.query(FieldInput)
            control = choice.query_one(ChoiceList)
            assert choice.value() is None and couple.value() is None
            control.focus()
            await pilot.pause()
            assert control.cursor == 0
            await pilot.press("down", "down")
            assert control.cursor == 2 and choice.value() is None  # moving is not choosing
            await pilot.press("down")  # round the list, as the RadioSet did
            assert control.cursor == 0
            await pilot.press("up")
            assert control.cursor == 2
            await pilot.press("space")
            await pilot.pause()
            assert choice.value() == "c" and control.chosen_label == LONG
            assert len(app.changes) == 1  # the step re-reads its conditions
            await pilot.press("left", "enter")
            await pilot.pause()
            assert choice.value() == "b" and len(app.changes) == 2
            await pilot.press("enter")  # the same option again: no change said
            await pilot.pause()
            assert len(app.changes) == 2
            # Yes/no: Oui, Non, read back as True / False.
            couple.focus_control()
            await pilot.press("enter")
            assert couple.value() is True
            await pilot.press("right", "space")
            assert couple.value() is False

    asyncio.run(run())


def test_the_choice_shows_by_shape_each_option_on_its_own_lines() -> None:
    async def run() -> None:
        app = _Form(width=60)
        async with app.run_test(size=(80, 30)) as pilot:
            choice = app.query(FieldInput).first()
            control = choice.query_one(ChoiceList)
            control.choose(1)
            await pilot.pause()
            width = control.content_size.width
            lines = control.render_lines_at(width)
            starts = [line for line in lines if not line.startswith(" ")]
            assert [line[0] for line in starts] == ["○", "●", "○"]
            assert [line[2:].strip() for line in starts[:2]] == ["Célibataire", "Marié(e)"]
            # The long option wraps under its label, each line within the width, whole.
            long_lines = lines[lines.index(starts[2]):]
            assert len(long_lines) >= 2
            assert all(len(line) <= width for line in lines), lines
            assert " ".join(" ".join(long_lines)[2:].split()) == LONG
            assert control.size.height == len(lines)
            # What is drawn is what render_lines_at says.
            assert str(control.render()).splitlines() == lines

    asyncio.run(run())


def test_yes_no_side_by_side_while_it_fits() -> None:
    control = ChoiceList([("Oui", "oui"), ("Non", "non")], "oui", inline=True)
    assert control.render_lines_at(40) == ["● Oui    ○ Non "]
    # Too narrow for both: one option a line.
    assert [line.strip() for line in control.render_lines_at(8)] == ["● Oui", "○ Non"]


def test_focus_is_visible_and_f1_speaks_of_the_field() -> None:
    async def run() -> None:
        app = _Form()
        async with app.run_test() as pilot:
            choice = app.query(FieldInput).first()
            control = choice.query_one(ChoiceList)
            blurred = control.styles.border_left
            control.focus()
            await pilot.pause()
            # The field's left bar is coloured when focused (the same edge, blank before:
            # no layout at each Tab), and the cursor's option is marked.
            assert control.has_focus
            assert blurred[0] == "blank" and control.styles.border_left[0] == "outer"
            label, text = control_help(control) or ("", "")
            assert label == "Situation" and "La situation du demandeur." in text

    asyncio.run(run())


def test_a_click_chooses_the_option_under_it() -> None:
    async def run() -> None:
        app = _Form()
        async with app.run_test(size=(100, 30)) as pilot:
            choice = app.query(FieldInput).first()
            control = choice.query_one(ChoiceList)
            await pilot.click(control, offset=(3, 1))  # the second line: « Marié(e) »
            await pilot.pause()
            assert choice.value() == "b"

    asyncio.run(run())
