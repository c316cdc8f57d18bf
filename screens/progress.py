"""Where the applicant is in the téléprocédure: a fixed heading and the bar of steps.

The heading (« Étape 2/5 — Motif du séjour », and the percentage where the guide shows
one) sits above the scrolling page: it never scrolls away, even at 80×24. The bar of
every step title scrolls with the page.
"""

from __future__ import annotations

from textual.widgets import Static

from anef_tui.catalog.models import Procedure, ScreenWording, Step


def heading_text(procedure: Procedure, step: Step, wording: ScreenWording) -> str:
    n = procedure.step_number(step.id)
    line = f"Étape {n}/{len(procedure.steps)} — {step.title}"
    if step.progress_percent is not None:
        # The guide's own words (data/wording.yaml).
        line += " · " + wording.progress.format(percent=step.progress_percent)
    return line


def steps_bar(procedure: Procedure, step: Step) -> str:
    # The current step in reverse video and between « ▶ ◀ »: not told by style alone.
    return "  ".join(
        f"[b reverse]▶ {i}. {s.title} ◀[/]" if s.id == step.id else f"{i}. {s.title}"
        for i, s in enumerate(procedure.steps, start=1)
    )


def step_heading(procedure: Procedure, step: Step, wording: ScreenWording) -> Static:
    return Static(heading_text(procedure, step, wording), classes="progress step-heading",
                  markup=False)


def step_bar(procedure: Procedure, step: Step) -> Static:
    return Static(steps_bar(procedure, step), classes="steps-bar", markup=True)
