"""A step opens on its first field, visible, even when section actions and texts come
before it (ordonnance de protection, step 2 « Informations personnelles »: « Modifier ma
situation » and the documents' notice fill the first screen at 80×24; the step opened on
« Enregistrer et poursuivre »)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
from pilot import make_settings, new_app, settle

from anef_tui.config import Settings
from anef_tui.service import CaseService


async def opening_focus(settings: Settings, size: tuple[int, int]) -> tuple[str, bool]:
    app = new_app(settings)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the draft, first of the list
        focused_at_once = app.focused
        await settle(pilot)
        assert app.focused is focused_at_once  # where it opened, not moved later
        focused = app.focused
        assert focused is not None
        visible = app.screen.region.contains_region(focused.region)
        return str(focused.id), visible


def test_ordonnance_step_2_opens_on_its_first_field(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    service = CaseService(settings)
    spec = casebuilder.ordonnance()
    try:
        record = service.get(casebuilder.create(service, spec))
        first = service.procedure(spec.procedure_id).steps[0].id
        casebuilder.fill_step(service, record, first, spec, tmp_path / "scans")
    finally:
        service.close()
    for size in ((80, 24), (120, 40)):
        focused, visible = asyncio.run(opening_focus(settings, size))
        assert focused == "f-nom_naissance-control", size
        assert visible, size
