"""Nothing of a step is clipped: every section is as tall as what it shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
import pytest
from counter_day import CLOCK
from pilot import make_settings, new_app, settle

from anef_tui.service import CaseService


async def section_heights(settings, step_id: str) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    out: list[tuple[str, int, int]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.step_id == step_id  # type: ignore[attr-defined]
        for section in app.screen.query(".section"):
            if not section.display:
                continue
            shown = sum(c.outer_size.height for c in section.children if c.display)
            out.append((section.id or "", section.size.height, shown))
    return out


@pytest.mark.parametrize("step_id", ["informations_personnelles", "motif_sejour"])
def test_sections_are_not_clipped(tmp_path: Path, step_id: str) -> None:
    settings = make_settings(tmp_path)
    service = CaseService(settings, CLOCK)
    record = casebuilder.build(service, casebuilder.conjoint_rf(), settings.scan_dir,
                               deposit=False)
    service.go_to(record, step_id)
    service.close()
    heights = asyncio.run(section_heights(settings, step_id))
    assert heights
    for section_id, height, shown in heights:
        assert height >= shown > 0, (section_id, height, shown)
