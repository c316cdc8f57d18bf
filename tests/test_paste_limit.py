"""A paste longer than the field allows is kept up to the limit, and the agent is told."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from anef_tui.catalog.models import FieldDef
from screens.bounded_input import BoundedInput
from screens.fields import FieldInput


class _OneField(App[None]):
    def __init__(self, make: Callable[[], object]) -> None:
        super().__init__()
        self.make = make

    def compose(self) -> ComposeResult:
        # Built here, app running: an Input given a value needs one.
        yield self.make()  # type: ignore[misc]


async def _paste(make: Callable[[], object], texts: list[str]) -> tuple[str, list[str]]:
    app = _OneField(make)
    async with app.run_test() as pilot:
        field = app.query_one(Input)
        field.focus()
        for text in texts:
            field.post_message(events.Paste(text))
            await pilot.pause()
        return field.value, [str(n.message) for n in app._notifications]  # noqa: SLF001


def test_a_paste_longer_than_the_limit_is_cut_and_said() -> None:
    value, notes = asyncio.run(_paste(lambda: BoundedInput(max_length=10),
                                      ["Saint-Jean-de-Luz"]))
    assert value == "Saint-Jean"
    assert notes == ["Le texte collé dépasse la limite de ce champ (10 caractères) : "
                     "7 caractères en trop n'ont pas été collés. Vérifiez la fin du texte."]


def test_a_paste_that_fits_is_pasted_silently_and_lines_are_joined() -> None:
    value, notes = asyncio.run(_paste(lambda: BoundedInput(max_length=40),
                                      ["12 rue de la Paix\n75002 Paris\n"]))
    assert value == "12 rue de la Paix 75002 Paris"
    assert notes == []


def test_the_room_left_counts_what_is_already_typed() -> None:
    value, notes = asyncio.run(_paste(lambda: BoundedInput(value="Lyon ", max_length=8,
                                                       select_on_focus=False),
                                      ["1er arrondissement"]))
    assert value == "Lyon 1er"
    assert "15 caractères en trop" in notes[0]


def test_a_text_field_of_the_forms_uses_it() -> None:
    field = FieldDef(id="lieu_naissance", label="Lieu de naissance", type="text",
                     max_length=80)
    value, notes = asyncio.run(_paste(lambda: FieldInput(field), ["K" * 100]))
    assert value == "K" * 80
    assert "(80 caractères) : 20 caractères en trop" in notes[0]
