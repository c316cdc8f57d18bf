"""Typed text is shown as typed: « [/] » or « [b] » in an address is not screen markup.

Before, an address « 12 rue [/] » crashed the récapitulatif (MarkupError) and
« [b] » turned the rest bold; an error message quoting a value did the same.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
from pilot import make_settings, new_app, settle
from textual.app import App, ComposeResult
from textual.widgets import Static

from anef_tui.catalog.models import FieldDef
from anef_tui.service import CaseService
from screens.fields import FieldInput, ReadonlyRow

ADDRESS = "12 rue [/] de la [b]Paix"


def test_the_recap_shows_an_address_with_brackets_as_typed(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    service = CaseService(settings)
    spec = casebuilder.bpi()
    spec.steps["informations_personnelles"]["adresse"] = ADDRESS
    casebuilder.build(service, spec, tmp_path / "scans", deposit=False)
    service.close()

    async def scenario() -> list[str]:
        app = new_app(settings)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("enter")  # resume: the case waits at the récapitulatif
            await settle(pilot)
            shown = [str(s.render()) for s in app.screen.query(Static)]
            await pilot.press("ctrl+q")
            await settle(pilot)
            return shown

    shown = asyncio.run(scenario())
    assert ADDRESS in shown


class _Widgets(App[None]):
    def compose(self) -> ComposeResult:
        yield ReadonlyRow("Adresse", ADDRESS)
        yield FieldInput(FieldDef(id="n", label="Nombre", type="number"))


def test_an_error_quoting_brackets_is_shown_as_is() -> None:
    async def scenario() -> tuple[str, str]:
        app = _Widgets()
        async with app.run_test() as pilot:
            field = app.query_one(FieldInput)
            field.show_error("« [/] » n'est pas un nombre.")
            await pilot.pause()
            row = str(app.query_one(ReadonlyRow).query(Static).last().render())
            return row, str(field.query_one(".error", Static).render())

    row, error = asyncio.run(scenario())
    assert row == ADDRESS
    assert error == "⚠ « [/] » n'est pas un nombre."
