"""Where the applicant is in the téléprocédure: the place above the page, and the top of
the page (the téléprocédure's name, the bar of every step, the step's title).

The place (« Étape 2 sur 6 : … », from data/wording.yaml) sits above the scrolling page:
it never scrolls away, even at 80×24. The rest scrolls with the page.

On a narrow or short terminal (AnefScreen's « -narrow » and « -short » classes; app.tcss)
the top of the page is compact, so that 80×24 leaves the page its rows: the name on one
line, cut with « … », no bar of steps (the place says which step this is), the step's
title without a blank row above it. Nothing is lost to a screen reader: what is cut or
hidden there is marked `IN_HELP`, and F1 (screens/help.py) gives it whole.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.widget import Widget
from textual.widgets import Static

from anef_tui.catalog.models import Procedure, ScreenWording, Step

# The class of a widget whose words the screen may cut or hide: F1 shows them whole.
IN_HELP = "in-help"


def place_text(procedure: Procedure, step: Step, wording: ScreenWording) -> str:
    return wording.step_place.format(number=procedure.step_number(step.id),
                                     count=len(procedure.steps), title=step.title)


def steps_bar(procedure: Procedure, step: Step) -> str:
    # The current step in reverse video and between « ▶ ◀ »: not told by style alone.
    return "  ".join(
        f"[b reverse]▶ {i}. {s.title} ◀[/]" if s.id == step.id else f"{i}. {s.title}"
        for i, s in enumerate(procedure.steps, start=1)
    )


def step_heading(procedure: Procedure, step: Step, wording: ScreenWording) -> Static:
    """The place, above the page."""
    return Static(place_text(procedure, step, wording), classes="step-heading",
                  markup=False)


def step_bar(procedure: Procedure, step: Step) -> Static:
    return Static(steps_bar(procedure, step), classes=f"steps-bar {IN_HELP}", markup=True)


def page_top(procedure: Procedure, step: Step, wording: ScreenWording,
             title: str | None) -> Iterator[Widget]:
    """The first lines of the page: the téléprocédure's name, the bar of steps, the
    percentage where the guide shows one (in the page, as guide 002 writes it), and the
    step's title."""
    yield Static(procedure.title, classes=f"muted procedure-name {IN_HELP}", markup=False)
    yield step_bar(procedure, step)
    if step.progress_percent is not None:
        yield Static(wording.progress.format(percent=step.progress_percent),
                     classes="progress step-percent", markup=False)
    if title:
        yield Static(title, classes="title step-title", markup=False)
