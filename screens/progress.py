"""The line at the top of every step: « Étape n/N », the steps, and how far along."""

from __future__ import annotations

from anef_tui.catalog.models import Procedure, Step


def progress_line(procedure: Procedure, step: Step) -> str:
    n = procedure.step_number(step.id)
    bar = "  ".join(
        f"[b reverse] {i}. {s.title} [/]" if s.id == step.id else f"{i}. {s.title}"
        for i, s in enumerate(procedure.steps, start=1)
    )
    line = f"Étape {n}/{len(procedure.steps)} — {step.title}\n{bar}"
    if step.progress_percent is not None:
        line += f"\nVotre démarche en ligne est à {step.progress_percent}% terminée"
    return line
