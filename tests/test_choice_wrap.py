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
from screens.toggles import ChoiceList


async def choices_at(settings: Settings,
                     size: tuple[int, int]) -> list[tuple[str, int, int, list[str]]]:
    """(label, width, lines, its lines as shown) of each option shown."""
    app = new_app(settings)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the draft, first of the list
        await settle(pilot)
        shown = []
        for choices in app.screen.query(ChoiceList):
            if not (choices.display and choices.size.width):
                continue
            width = choices.content_size.width
            lines = choices.render_lines_at(width)
            assert len(lines) == choices.content_size.height, (lines, choices.size)
            # An option starts at its button; the lines under it (indented) are its own.
            options: list[list[str]] = []
            for line in lines:
                if line[0] in "●○":
                    options.append([line])
                else:
                    assert line.startswith("  "), lines
                    options[-1].append(line)
            assert len(options) == len(choices.labels), lines
            shown += [(label, choices.size.width, len(own), own)
                      for label, own in zip(choices.labels, options, strict=True)]
        return shown


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
        for label, width, height, lines in shown:
            assert width <= size[0] - 4, (size, label, width)
            assert len(label) + 2 <= width * height, (size, label, width, height)
            # Never cut: the label's words all there, each line within the width.
            assert " ".join(" ".join(lines)[2:].split()) == label, (label, lines)
            assert all(len(line) <= width for line in lines), lines
        longest = max(shown, key=lambda s: len(s[0]))
        assert "prise en charge médicale exceptionnelle" in longest[0]
        assert longest[2] >= 2, (size, longest)  # 140 characters: two lines at both sizes
