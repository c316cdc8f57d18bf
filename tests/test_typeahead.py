"""Keys typed ahead land where the Tabs among them lead: a burst « number ⇥ name ⇥⇥
first names », read at once as a terminal delivers it (a fast typist, a busy machine),
fills the fields it says. Textual hands each key to the field focused when the key arrives, and
a Tab moved the focus only once the field it left had read it: everything went into the
N° étranger (seen in tmux at 80×24, and once under load)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pilot import make_settings, new_app, screen_name, settle
from textual import events
from textual.widgets import Input


def burst(*keys: str) -> list[events.Key]:
    out = []
    for key in keys:
        if key in ("tab", "shift+tab"):
            out.append(events.Key(key, None))
        else:
            out += [events.Key("space" if c == " " else c, c) for c in key]
    return out


async def type_ahead(settings_dir: Path) -> list[str]:
    app = new_app(make_settings(settings_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("n", "enter", "enter", "enter", "enter"):  # BPI renouvellement
            await pilot.press(key)
            await settle(pilot)
        assert screen_name(pilot) == "IdentityScreen", screen_name(pilot)
        for key in burst("7503136189", "tab", "NGUYEN", "tab", "tab", "Van Minh",
                         "shift+tab", "Thi"):
            key.set_sender(app)
            app.post_message(key)  # all at once: no wait between keys
        await settle(pilot)
        return [field.value for field in app.screen.query(Input)][:4]


def test_letters_typed_after_a_tab_go_to_the_next_field(tmp_path: Path) -> None:
    assert asyncio.run(type_ahead(tmp_path)) == ["7503136189", "NGUYEN", "Thi", "Van Minh"]
