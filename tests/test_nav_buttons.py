"""The step buttons do what their keys do, once: Tab to a button, Enter. Step 1 is filled
through the service (tests/casebuilder.py): the BPI route's walk is test_walk_bpi's."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
import pytest
from a11y_cases import case_at, resume
from pilot import make_settings, new_app, press_button, screen_name, settle

from anef_tui.service import CaseService


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


def test_a_first_step_with_nothing_before_it_offers_no_previous(tmp_path: Path) -> None:
    """002 has no préambule: its step 1 shows neither « Revenir à l'étape précédente » nor
    « Précédente » in the footer (ctrl+r used to act as « Quitter » under that name);
    ctrl+r does nothing there. Its step 2 has both."""
    from textual.widgets._footer import FooterKey

    settings = make_settings(tmp_path)
    case_id = case_at(settings, casebuilder.ordonnance(), "votre_situation")

    async def run() -> tuple[list[str], list[str], str, list[str], list[str]]:
        app = new_app(settings)
        async with app.run_test(size=(150, 50)) as pilot:
            await resume(pilot, "StepScreen")
            screen = app.screen
            assert screen.step_id == "votre_situation"  # type: ignore[attr-defined]
            buttons = [b.id or "" for b in screen.query(".nav Button")]
            keys = [k.action for k in screen.query(FooterKey)]
            await pilot.press("ctrl+r")
            await settle(pilot)
            still = f"{screen_name(pilot)} {app.screen.step_id}"  # type: ignore[attr-defined]
            service = CaseService(settings)
            try:
                # Step 1 validated meanwhile (the route's walk is test_walk_ordonnance's).
                casebuilder.fill_step(service, service.get(case_id), "votre_situation",
                                      casebuilder.ordonnance(), settings.scan_dir)
            finally:
                service.close()
            await pilot.press("ctrl+q")
            await settle(pilot)
            await resume(pilot, "StepScreen")
            second = app.screen
            return (buttons, keys, still,
                    [b.id or "" for b in second.query(".nav Button")],
                    [k.action for k in second.query(FooterKey)])

    buttons, keys, still, buttons2, keys2 = asyncio.run(run())
    assert "previous" not in buttons and "save" in buttons and "leave" in buttons
    assert "previous" not in keys and "save" in keys
    assert still == "StepScreen votre_situation"
    assert "previous" in buttons2 and "previous" in keys2

