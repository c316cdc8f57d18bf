"""A choice's label is the guide's sentence, whole: at 80 columns a long one wraps under
its « ○ » instead of being cut at the edge (ordonnance de protection, step 1, seen cut
« … résidant habituellement en France et m »)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
from pilot import make_settings, new_app, settle

from anef_tui.config import Settings
from anef_tui.service import CaseService
from screens.toggles import StateRadioButton


async def choices_at(settings: Settings, size: tuple[int, int]) -> list[tuple[str, int, int]]:
    app = new_app(settings)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the draft, first of the list
        await settle(pilot)
        return [(str(b.label), b.size.width, b.size.height)
                for b in app.screen.query(StateRadioButton) if b.display and b.size.width]


def test_a_long_choice_wraps_at_80_columns(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    service = CaseService(settings)
    try:
        casebuilder.create(service, casebuilder.ordonnance())
    finally:
        service.close()
    for size in ((80, 24), (120, 40)):
        shown = asyncio.run(choices_at(settings, size))
        assert len(shown) >= 4, shown
        for label, width, height in shown:
            assert width <= size[0] - 4, (size, label, width)
            assert len(label) + 2 <= width * height, (size, label, width, height)
        longest = max(shown, key=lambda s: len(s[0]))
        assert "prise en charge médicale exceptionnelle" in longest[0]
        assert longest[2] >= 2, (size, longest)  # 140 characters: two lines at both sizes
