"""« Quitter et revenir plus tard », then a new start of the app: the case resumes at the
step after the last validated one, with every validated answer kept."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import casebuilder
from a11y_cases import case_at, resume
from pilot import control_id, fill, focus, make_settings, new_app, screen_name, settle, tick
from sqlalchemy import create_engine, text
from textual.widgets import Checkbox, DataTable, Input, Static


def step1_validated(settings) -> None:  # type: ignore[no-untyped-def]
    """Step 1 validated through the service (the BPI route's walk is test_walk_bpi's)."""
    spec = casebuilder.bpi()
    spec.identity["nom_naissance"] = "Recette Métier"
    spec.steps["informations_personnelles"]["telephone"] = "06 06 06 06 06"
    case_at(settings, spec, "motif_sejour")


async def first_session(settings) -> None:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(150, 50)) as pilot:
        await resume(pilot, "StepScreen")
        assert app.screen.step_id == "motif_sejour"  # type: ignore[attr-defined]
        # Half of step 2, not validated: it is not kept, as on ANEF.
        await tick(pilot, "att-sanctions_penales")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert screen_name(pilot) == "HomeScreen"
        await pilot.press("ctrl+q")  # closes the app from the home screen
        await pilot.pause()


async def second_session(settings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    seen: dict[str, str] = {}
    async with app.run_test(size=(150, 50)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        seen["row"] = " | ".join(str(c) for c in table.get_row_at(0))
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(pilot) == "StepScreen"
        seen["step"] = app.screen.step_id  # type: ignore[attr-defined]
        box = app.screen.query_one("#att-sanctions_penales", Checkbox)
        seen["ticked"] = str(box.value)
        await pilot.press("ctrl+r")  # back to step 1: the answers are there
        # The move runs in the step's worker, and the step's end (the telephone, the
        # town) is mounted in chunks after its first frame: wait for both.
        for _ in range(200):
            await settle(pilot)
            if getattr(app.screen, "step_id", None) == "informations_personnelles" \
                    and app.screen.whole:  # type: ignore[attr-defined]
                break
        seen["telephone"] = app.screen.query_one(f"#{control_id('telephone')}", Input).value
        seen["ville"] = app.screen.query_one(f"#{control_id('ville')}", Input).value
    return seen


def test_quit_and_resume_later(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    step1_validated(settings)
    asyncio.run(first_session(settings))
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        case = conn.execute(text("select * from cases")).mappings().one()
        steps = conn.execute(text("select step_id, data_json from step_answers")).all()
    engine.dispose()
    assert case["status"] == "brouillon"
    assert case["last_validated_step"] == "informations_personnelles"
    assert case["current_step"] == "motif_sejour"
    assert [s[0] for s in steps] == ["informations_personnelles"]
    assert json.loads(steps[0][1])["telephone"] == "+33606060606"

    seen = asyncio.run(second_session(settings))
    assert "Recette Métier" in seen["row"] and "2/5 Motif de séjour" in seen["row"]
    assert seen["step"] == "motif_sejour"
    assert seen["ticked"] == "False"
    assert seen["telephone"] == "06 06 06 06 06"
    assert seen["ville"] == "Lille"


async def ephoto_buttons(settings) -> list[str]:  # type: ignore[no-untyped-def]
    case_at(settings, casebuilder.bpi(), "justificatifs")
    app = new_app(settings)
    out: list[str] = []
    async with app.run_test(size=(150, 50)) as pilot:
        await resume(pilot, "StepScreen")
        assert app.screen.step_id == "justificatifs"  # type: ignore[attr-defined]
        await fill(pilot, "ephoto", "12345")
        await focus(pilot, "f-ephoto-confirm")
        await pilot.press("enter")
        await pilot.pause()
        out.append(str(app.screen.query_one("#f-ephoto .error", Static).render()))
        await fill(pilot, "ephoto", "ab12-3456 7890 1234 5678 90")
        await focus(pilot, "f-ephoto-confirm")
        await pilot.press("enter")
        await pilot.pause()
        out.append(str(app.screen.query_one("#f-ephoto .ephoto-status", Static).render()))
        out.append(app.screen.query_one(f"#{control_id('ephoto')}", Input).value)
        await focus(pilot, "f-ephoto-delete")
        await pilot.press("enter")
        await pilot.pause()
        out.append(app.screen.query_one(f"#{control_id('ephoto')}", Input).value)
    return out


def test_ephoto_confirm_and_delete(tmp_path: Path) -> None:
    error, status, value, after_delete = asyncio.run(ephoto_buttons(make_settings(tmp_path)))
    assert "22" in error
    assert "confirmé" in status and "AB12345678901234567890" in status
    assert value == "AB12345678901234567890"
    assert after_delete == ""
