"""The step buttons do what their keys do, once: Tab to a button, Enter. Step 1 is filled
through the service (tests/casebuilder.py): the BPI route's walk is test_walk_bpi's."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
import pytest
from a11y_cases import case_at, resume
from pilot import make_settings, new_app, press_button, screen_name


async def scenario(settings) -> list[str]:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    seen: list[str] = []
    async with app.run_test(size=(150, 50)) as pilot:
        await resume(pilot, "StepScreen")
        await press_button(pilot, "previous")  # back to step 1, filled and validated
        assert app.screen.step_id == "informations_personnelles"  # type: ignore[attr-defined]
        await press_button(pilot, "save")  # « Enregistrer et poursuivre > »
        seen.append(app.screen.step_id)  # type: ignore[attr-defined]
        await press_button(pilot, "abandon")
        seen.append(screen_name(pilot))
        await pilot.press("escape")  # « Continuer la demande »
        await pilot.pause()
        seen.append(screen_name(pilot))
        await press_button(pilot, "previous")
        seen.append(app.screen.step_id)  # type: ignore[attr-defined]
        await press_button(pilot, "leave")
        seen.append(screen_name(pilot))
    return seen


@pytest.mark.slow
def test_step_buttons_act_once(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "motif_sejour")
    assert asyncio.run(scenario(settings)) == [
        "motif_sejour", "ConfirmDialog", "StepScreen", "informations_personnelles",
        "HomeScreen",
    ]
