"""The step buttons do what their keys do, once: Tab to a button, Enter."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pilot import make_settings, new_app, press_button, screen_name
from test_walk_bpi import fill_step1, start_bpi


async def scenario(settings) -> list[str]:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    seen: list[str] = []
    async with app.run_test(size=(150, 50)) as pilot:
        await start_bpi(pilot)
        await fill_step1(pilot)
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


def test_step_buttons_act_once(tmp_path: Path) -> None:
    assert asyncio.run(scenario(make_settings(tmp_path))) == [
        "motif_sejour", "ConfirmDialog", "StepScreen", "informations_personnelles",
        "HomeScreen",
    ]
