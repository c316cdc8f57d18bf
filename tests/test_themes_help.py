"""Themes (--theme / ANEF_TUI_THEME, high contrast, the terminal's palette), NO_COLOR, and
F1: the focused field's help and the keys of the screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
import pytest
from a11y_cases import case_at, resume
from pilot import make_settings, new_app, screen_name, settle
from textual.widgets import Input, Static

from anef_tui.config import ConfigError, load_settings

SMALL = (80, 24)


@pytest.mark.parametrize(("chosen", "textual_theme"), [
    ("sombre", "textual-dark"),
    ("contraste", "anef-contraste"),
    ("terminal", "ansi-dark"),
    ("terminal-clair", "ansi-light"),
])
def test_the_chosen_theme_is_the_apps(tmp_path: Path, chosen: str, textual_theme: str) -> None:
    settings = make_settings(tmp_path, theme=chosen)

    async def run() -> str:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await settle(pilot)
            return pilot.app.theme

    assert asyncio.run(run()) == textual_theme


def test_theme_from_the_environment_and_refused_when_unknown(tmp_path: Path) -> None:
    env = {"ANEF_TUI_THEME": "Contraste"}
    assert load_settings(data_dir=tmp_path, environ=env).theme == "contraste"
    assert load_settings(data_dir=tmp_path, theme="terminal", environ=env).theme == "terminal"
    with pytest.raises(ConfigError, match="thème « fluo » n'existe pas"):
        load_settings(data_dir=tmp_path, environ={"ANEF_TUI_THEME": "fluo"})


def test_no_color_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    settings = make_settings(tmp_path)

    async def run() -> bool:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await settle(pilot)
            return bool(pilot.app.no_color)

    assert asyncio.run(run())


def test_f1_shows_the_fields_help_and_the_screens_keys(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "informations_personnelles")

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await resume(pilot, "StepScreen")
            field = pilot.app.screen.query_one("#f-code_postal-control", Input)
            field.focus()
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert screen_name(pilot) == "HelpScreen"
            shown = "\n".join(str(s.render()) for s in pilot.app.screen.query(Static))
            assert "Aide : Code postal" in shown and "ex. 75001" in shown
            for key, words in (("ctrl+s", "Enregistrer"), ("F8", "Abandonner"),
                               ("Page↑ / Page↓", "faire défiler"), ("F1", "cette aide")):
                assert any(key in line and words in line for line in shown.splitlines()), \
                    (key, shown)
            # Text fields' own keys are not listed (Textual's English descriptions).
            assert "cursor" not in shown.lower()
            await pilot.press("escape")
            await pilot.pause()
            assert screen_name(pilot) == "StepScreen"
            assert pilot.app.focused is field

    asyncio.run(run())
