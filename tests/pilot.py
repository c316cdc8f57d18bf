"""Driving the app by keyboard alone in tests: Tab to a control, then type or choose.

No helper clicks or sets a widget's value: each one presses the keys a counter assistant
would press, so a test fails if something cannot be reached by keyboard.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, RadioSet, Select

from anef_tui.app import AnefApp
from anef_tui.config import Settings, load_settings

MAX_TABS = 400


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    scans = tmp_path / "scans"
    scans.mkdir(exist_ok=True)
    settings = load_settings(data_dir=tmp_path / "data", scan_dir=scans, site_prefix="5901",
                             environ={})
    return settings.with_overrides(**overrides) if overrides else settings


def new_app(settings: Settings) -> AnefApp:
    return AnefApp(settings)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def focus(pilot: Pilot[None], dom_id: str) -> None:
    """Press Tab until the widget with this id has the focus."""
    for _ in range(MAX_TABS):
        focused = pilot.app.focused
        if focused is not None and focused.id == dom_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"#{dom_id} never got the focus by Tab (focused: {pilot.app.focused})")


def control_id(key: str) -> str:
    from screens.fields import field_dom_id

    return f"{field_dom_id(key)}-control"


async def fill(pilot: Pilot[None], key: str, text: str) -> None:
    cid = control_id(key)
    await focus(pilot, cid)
    widget = pilot.app.screen.query_one(f"#{cid}", Input)
    if widget.value:
        await pilot.press("end", "ctrl+u")
    await pilot.press(*[c if c != " " else "space" for c in text])
    assert widget.value == text, (key, widget.value)


async def choose(pilot: Pilot[None], key: str, label: str) -> None:
    """Pick an option of a RadioSet (arrows + Enter) or a Select (Enter, arrows, Enter)."""
    cid = control_id(key)
    await focus(pilot, cid)
    widget = pilot.app.screen.query_one(f"#{cid}")
    if isinstance(widget, RadioSet):
        labels = [str(b.label) for b in widget.query("RadioButton")]
        target = labels.index(label)
        current = widget._selected if widget._selected is not None else 0  # noqa: SLF001
        key_name = "down" if target >= current else "up"
        for _ in range(abs(target - current)):
            await pilot.press(key_name)
        await pilot.press("enter")
        assert widget.pressed_button is not None and str(widget.pressed_button.label) == label
        return
    assert isinstance(widget, Select)
    await pilot.press("enter")
    await pilot.pause()
    options = [str(o[0]) for o in widget._options]  # noqa: SLF001
    for _ in range(options.index(label)):
        await pilot.press("down")
    await pilot.press("enter")


async def yes_no(pilot: Pilot[None], key: str, yes: bool) -> None:
    await choose(pilot, key, "Oui" if yes else "Non")


async def tick(pilot: Pilot[None], dom_id: str) -> None:
    await focus(pilot, dom_id)
    box = pilot.app.screen.query_one(f"#{dom_id}", Checkbox)
    if not box.value:
        await pilot.press("space")
    assert box.value


async def pick(pilot: Pilot[None], label: str) -> None:
    """Choose an entry of the focused screen's OptionList by its label."""
    options = pilot.app.screen.query_one(OptionList)
    await focus(pilot, options.id or "") if options.id else None
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    assert label in labels, (label, labels)
    target = labels.index(label)
    current = options.highlighted or 0
    for _ in range(abs(target - current)):
        await pilot.press("down" if target > current else "up")
    await pilot.press("enter")
    await pilot.pause()


async def press_button(pilot: Pilot[None], dom_id: str) -> None:
    await focus(pilot, dom_id)
    await pilot.press("enter")
    await pilot.pause()


def screen_name(pilot: Pilot[None]) -> str:
    return type(pilot.app.screen).__name__
