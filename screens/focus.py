"""Where the focus goes: the keyboard rules every screen follows, in one place.

People at the counter work by keyboard alone, some with a screen magnifier: a keystroke
must never go into a widget they cannot see.

- A screen opens on its first field to fill, or on its main action when it has none.
- A refused save focuses the first field in error and scrolls it into view once the
  layout has caught up (the error summary, shown in the same frame, moves everything
  down); the summary stays reachable by PageUp and Shift+Tab.
- The focus never rests on a bare container: the scrolling body of a screen (`Page`)
  is not focusable, and PageUp / PageDown scroll it from wherever the focus is.
- After an action that removes or hides the focused widget, the focus goes back to
  something visible.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    OptionList,
    RadioSet,
    Select,
    Static,
    TextArea,
)

from screens.toggles import ChoiceList

# What the operator fills or chooses in (buttons are actions, not fields).
FILL_CONTROLS: tuple[type[Widget], ...] = (
    Input, TextArea, ChoiceList, RadioSet, Select, Checkbox, OptionList, DataTable,
)


class Page(VerticalScroll, can_focus=False):
    """The scrolling body of a screen.

    Not focusable: Tab goes from field to field, never to the page itself, and the
    screen's PageUp / PageDown scroll it wherever the focus is (even on the buttons
    docked below it).
    """


class ErrorSummary(Static, can_focus=True):
    """« Le formulaire contient N erreur(s) » at the top of a form.

    Focusable so that a screen reader or a magnifier user can come back to it (Shift+Tab
    or PageUp) after the focus went to the first field in error.
    """


def first_to_fill(screen: Screen[object]) -> Widget | None:
    """The first enabled field of the screen's Tab order, or None."""
    for widget in screen.focus_chain:
        if widget.disabled:
            continue
        if isinstance(widget, OptionList) and not any(
                not option.disabled for option in widget.options):
            continue  # an empty list of children: its « Ajouter » button (class fill)
        if isinstance(widget, FILL_CONTROLS) or widget.has_class("fill"):
            return widget
    return None


def open_on_first_field(screen: Screen[object], fallback: Widget | None = None) -> None:
    """The opening focus: the first field to fill, else `fallback` (the main action)."""
    target = first_to_fill(screen) or fallback
    if target is not None:
        reveal(target)


def reveal(widget: Widget) -> None:
    """Focus `widget` and bring it into view after the next layout.

    The focus is set at once (Screen.set_focus), not by widget.focus(), which waits for
    the app's queue: keys typed as a screen opens or right after a refusal were read
    with the focus still elsewhere (a Tab lost, a box not ticked)."""
    try:
        screen = widget.screen
    except NoScreen:
        return  # not mounted (any more): nothing to focus
    screen.set_focus(widget, scroll_visible=False)
    widget.call_after_refresh(widget.scroll_visible, animate=False)


def is_visible(widget: Widget) -> bool:
    """Whether the widget was drawn, at least in part, in the last screen update."""
    try:
        geometry = widget.screen.find_widget(widget)
    except Exception:  # noqa: BLE001 - not mounted, not on screen, no layout yet
        return False
    return geometry.visible_region.area > 0


def keep_focus_visible(screen: Screen[object], fallback: Widget | None = None) -> None:
    """After an action: if the focus was lost or hidden, put it back on a field."""
    focused = screen.focused
    if focused is not None and focused in screen.focus_chain:
        return
    open_on_first_field(screen, fallback)


def page_of(screen: Screen[object]) -> Page | None:
    pages = [p for p in screen.query(Page) if p.display]
    return pages[0] if pages else None
