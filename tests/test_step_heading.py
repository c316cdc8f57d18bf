"""A step's heading at 80×24 leaves the page its rows, and loses no word: what the small
screen cuts or hides (the téléprocédure's name, the bar of steps) F1 gives whole.

At 120×40 the heading is whole on screen: the name, the bar of every step.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
import pytest
from counter_day import CLOCK
from pilot import make_settings, new_app, settle
from textual.widgets import Static

from anef_tui.config import Settings
from anef_tui.service import CaseService
from screens.help import HelpScreen

ORDONNANCE = ("Ressortissant étranger bénéficiaire d'une ordonnance de protection – "
              "Première demande")
STEPS = ("1. Votre situation", "▶ 2. Informations personnelles ◀", "3. Motif de séjour",
         "4. Justificatifs", "5. Dépôt de la demande", "6. Confirmation")


def ordonnance_at_step_2(settings: Settings) -> None:
    service = CaseService(settings, CLOCK)
    try:
        spec = casebuilder.ordonnance()
        record = service.get(casebuilder.create(service, spec))
        first = next(s for s in service.procedure(spec.procedure_id).steps if s.kind == "form")
        record = casebuilder.fill_step(service, record, first.id, spec, settings.scan_dir)
        service.go_to(record, "informations_personnelles")
    finally:
        service.close()


def rows_before(widget: Static) -> int:
    """The page's rows above the widget (the heading's cost), from the page's top."""
    name = widget.screen.query_one(".procedure-name")
    return widget.virtual_region.y - name.virtual_region.y


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_the_heading_is_compact_at_80x24_and_whole_at_120x40(
        tmp_path: Path, size: tuple[int, int]) -> None:
    settings = make_settings(tmp_path)
    ordonnance_at_step_2(settings)
    asyncio.run(heading_at(settings, size))


async def heading_at(settings: Settings, size: tuple[int, int]) -> None:
    app = new_app(settings)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        place = screen.query_one(".step-heading", Static)
        assert str(place.render()) == "Étape 2 sur 6 : Informations personnelles"
        assert place.size.height == 1
        name = screen.query_one(".procedure-name", Static)
        bar = screen.query_one(".steps-bar", Static)
        required = next(w for w in screen.query(Static)
                        if str(w.render()).startswith("Les champs marqués d'un *"))
        assert "20% terminée" in str(screen.query_one(".progress").render())
        if size == (80, 24):
            # The name on one line, cut; no bar of steps: the « * » sentence on the
            # page's third row (name, percentage) instead of its seventh.
            assert name.size.height == 1
            assert name.render_line(0).text.rstrip().endswith("…")
            assert not bar.display
            assert rows_before(required) == 2
        else:
            assert name.size.height == 1 and ORDONNANCE in str(name.render())
            assert bar.display and bar.size.height == 2
            assert rows_before(required) == 4
        # F1: the name and every step, whole, whatever the size.
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = [str(w.render()) for w in app.screen.query(Static)]
        assert ORDONNANCE in shown
        bar_words = next(s for s in shown if s.startswith("1. Votre situation"))
        assert [s for s in STEPS if s not in bar_words] == []
