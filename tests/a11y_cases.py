"""Open the app on a given screen of a real case, built through the service first.

The focus and layout tests look at one screen at a time: the steps before it are filled
by `casebuilder` (as the counter would), then the case is resumed from the home screen
by keyboard (Enter), which opens it where it was left.
"""

from __future__ import annotations

from pathlib import Path

import casebuilder
from pilot import screen_name, settle
from textual.pilot import Pilot

from anef_tui.config import Settings
from anef_tui.service import CaseService


def case_at(settings: Settings, spec: casebuilder.CaseSpec, step_id: str | None) -> int:
    """A case whose steps before `step_id` are validated (None: all of them, at the
    récapitulatif); `step_id == "preamble"`: nothing validated yet."""
    service = CaseService(settings)
    try:
        case_id = casebuilder.create(service, spec)
        record = service.get(case_id)
        if step_id != "preamble":
            for step in service.procedure(spec.procedure_id).steps:
                if step.kind != "form" or step.id == step_id:
                    break
                record = casebuilder.fill_step(service, record, step.id, spec,
                                               settings.scan_dir / "built")
        return case_id
    finally:
        service.close()


def deposited_case(settings: Settings, spec: casebuilder.CaseSpec) -> int:
    service = CaseService(settings)
    try:
        return casebuilder.build(service, spec, settings.scan_dir / "built").id
    finally:
        service.close()


async def resume(pilot: Pilot[None], expected: str) -> None:
    """From the home screen, Enter on the (single) case."""
    await settle(pilot)
    assert screen_name(pilot) == "HomeScreen"
    await pilot.press("enter")
    await settle(pilot)
    if expected == "StepScreen" and screen_name(pilot) == "PreambleScreen":
        await pilot.press("ctrl+s")  # « Je continue »: step 1
        await settle(pilot)
    assert screen_name(pilot) == expected, screen_name(pilot)


def scans(settings: Settings) -> Path:
    return settings.scan_dir
