"""Lines wrap as French is written (screens/wrapping.py): a quotation never leaves its
guillemets, « : ; ! ? » never start a line, at any width.

Seen at 80 columns in the profile list: « … en tant que « Etranger malade » then « ». Ce
titre porte la mention … » at the start of the next line.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pilot import make_settings, new_app, settle, start_route
from rich import _wrap
from textual.content import Content
from textual.widgets import OptionList, Static

from screens.wrapping import FRENCH_WORD, keep_french_spaces

DATA = Path(__file__).resolve().parent.parent / "data"
GLUED_AFTER = ("»", ":", ";", "!", "?")
MALADE = ("Vous êtes titulaire d'un titre de séjour en tant que « Etranger malade ». Ce "
          "titre porte la mention « VIE PRIVÉE ET FAMILIALE ».")


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def french_texts() -> list[str]:
    """Every sentence of data/ with a guillemet or a high punctuation mark."""
    texts: set[str] = set()
    for path in DATA.rglob("*.yaml"):
        for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if any(f" {mark}" in text for mark in GLUED_AFTER) or "« " in text \
                    or "° " in text:
                texts.add(text)
    return sorted(texts)


def badly_cut(lines: list[str]) -> list[str]:
    return [line for line in lines
            if line.strip().startswith(GLUED_AFTER) or line.rstrip().endswith(("«", "°"))]


def test_rich_still_cuts_lines_with_its_module_word() -> None:
    """The one place the app changes: if a Rich release stops reading `re_word` at each
    call, this fails instead of the lines silently going back to Rich's cuts."""
    keep_french_spaces()
    assert _wrap.re_word is FRENCH_WORD
    # Rich's own cut, at 30 columns, is after « malade » (at 30): « ». Ce titre » next.
    assert _wrap.divide_line("en tant que « Etranger malade ». Ce titre", 30) == [23]


# From a half column of the récapitulatif to a wide screen (narrower, a word of the
# data is longer than the line and is folded anyway).
@pytest.mark.parametrize("width", range(30, 121, 6))
def test_no_line_of_the_data_starts_with_a_closing_guillemet(width: int) -> None:
    keep_french_spaces()
    texts = french_texts()
    assert MALADE in texts and len(texts) > 50
    for text in texts:
        lines = [line.plain for line in Content(text).wrap(width)]
        assert badly_cut(lines) == [], (width, text)
        # Nothing lost, nothing added: the characters are the data's.
        assert "".join("".join(lines).split()) == "".join(text.split())


async def profile_lines(size: tuple[int, int], tmp_path: Path) -> list[str]:
    app = new_app(make_settings(tmp_path))
    async with app.run_test(size=size) as pilot:
        await start_route(pilot, ["Je demande ou renouvelle un titre de séjour",
                                  "Moi-même (à partir de 16 ans)"])
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        lines = [options.render_line(y).text for y in range(options.size.height)]
        assert "« Etranger malade »" in " ".join(" ".join(lines).strip(" ▊▎").split())
        # The route's own page repeats the sentence above its two choices.
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        text = app.screen.query_one("#route-text", Static)
        shown = [text.render_line(y).text for y in range(text.size.height)]
        assert "Etranger malade" in " ".join(shown)
        return lines + shown


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_the_profile_list_keeps_quotations_whole(size: tuple[int, int],
                                                 tmp_path: Path) -> None:
    lines = asyncio.run(profile_lines(size, tmp_path))
    # Inside the list's frame and padding.
    assert badly_cut([line.strip(" ▊▎") for line in lines]) == []


def test_a_number_stays_with_its_n_degree() -> None:
    # « … titre de séjour n° » then « 7501202611280000001 a été acceptée » on the next
    # line: the décision's notification at 80 columns.
    keep_french_spaces()
    text = ("Je vous informe que votre demande en ligne de titre de séjour n° "
            "7501202611280000001 a été acceptée.")
    for width in range(30, 121):
        lines = [line.plain for line in Content(text).wrap(width)]
        assert badly_cut(lines) == [], (width, lines)
