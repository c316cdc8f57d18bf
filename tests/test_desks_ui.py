"""Two desks, one draft, on screen: desk B's save after desk A's is refused with who and
when, B's typing stays in view until B chooses to reload, and reloading shows A's save."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
from pilot import control_id, error_summary, make_settings, new_app, screen_name, settle
from textual import events
from textual.widgets import DataTable, Input, Static

from anef_tui.config import Settings, load_settings
from anef_tui.service import CaseService

STEP = "informations_personnelles"


async def paste(pilot, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace a text field's value in one event, as a paste does."""
    widget = pilot.app.screen.query_one(f"#{control_id(key)}", Input)
    widget.focus()
    widget.value = ""
    widget.post_message(events.Paste(text))
    await pilot.pause()
    assert widget.value == text


def save_at_desk_a(desk_a: CaseService, case_id: int, ville: str) -> None:
    record = desk_a.get(case_id)
    spec = casebuilder.bpi()
    step = desk_a.state(record).step(STEP)
    outcome, _ = desk_a.check_step(record, step, {**spec.steps[STEP], "ville": ville}, {}, [])
    assert outcome.ok, outcome.errors
    desk_a.save_step(record, step, outcome, None, "motif_sejour")


async def desk_b(settings: Settings, desk_a: CaseService, case_id: int) -> dict[str, str]:
    app = new_app(settings)
    seen: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")  # resumes at « Motif du séjour »
        await pilot.pause()
        await pilot.press("ctrl+r")  # back to step 1, as saved
        await pilot.pause()
        assert app.screen.step_id == STEP  # type: ignore[attr-defined]
        # Meanwhile, desk A saves the same step.
        save_at_desk_a(desk_a, case_id, "Roubaix")
        await paste(pilot, "ville", "Tourcoing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        seen["dialog"] = screen_name(pilot)
        dialog_text = " ".join(str(s.render()) for s in app.screen.query(Static))
        seen["dialog_text"] = dialog_text
        await pilot.press("escape")  # « Garder ma saisie à l'écran »
        await pilot.pause()
        seen["after_keep"] = screen_name(pilot)
        seen["summary"] = error_summary(pilot)
        seen["typed"] = app.screen.query_one(f"#{control_id('ville')}", Input).value
        await pilot.press("ctrl+s")  # still refused: this screen holds the older version
        await pilot.pause()
        seen["again"] = screen_name(pilot)
        await pilot.press("right", "enter")  # « Recharger le dossier »
        await pilot.pause()
        seen["reloaded"] = screen_name(pilot)
        seen["ville"] = app.screen.query_one(f"#{control_id('ville')}", Input).value
        seen["focus"] = str(app.focused)
    return seen


def test_second_desk_is_refused_keeps_its_typing_then_reloads(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, desk="Guichet 2")
    desk_a = CaseService(load_settings(data_dir=tmp_path / "a", database_url=settings.database_url,
                                       desk="Guichet 1", environ={}))
    try:
        spec = casebuilder.bpi()
        case_id = casebuilder.create(desk_a, spec)
        record = casebuilder.fill_step(desk_a, desk_a.get(case_id), STEP, spec,
                                       tmp_path / "scans")
        seen = asyncio.run(desk_b(settings, desk_a, record.id))
        final = desk_a.get(record.id)
    finally:
        desk_a.close()
    assert seen["dialog"] == "ConfirmDialog"
    assert "Dossier modifié à un autre guichet" in seen["dialog_text"]
    assert "au guichet « Guichet 1 »" in seen["dialog_text"]
    assert seen["after_keep"] == "StepScreen"
    assert "Enregistrement refusé" in seen["summary"]
    assert seen["typed"] == "Tourcoing"
    assert seen["again"] == "ConfirmDialog"
    assert seen["reloaded"] == "StepScreen"
    assert seen["ville"] == "Roubaix"
    assert seen["focus"] != "None"
    assert final.answers[STEP]["ville"] == "Roubaix" and final.updated_by == "Guichet 1"
