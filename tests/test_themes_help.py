"""Themes (--theme / ANEF_TUI_THEME, high contrast, the terminal's palette), NO_COLOR, and
F1: the focused field's help and the keys of the screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
import pytest
from a11y_cases import case_at, resume
from counter_day import CLOCK
from pilot import focus, make_settings, new_app, screen_name, settle
from test_actions_by_state import home_ready
from textual.widgets import Input, Static

from anef_tui.config import ConfigError, load_settings
from anef_tui.service import CaseService, screen_wording

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


def help_shown(pilot) -> str:  # type: ignore[no-untyped-def]
    assert screen_name(pilot) == "HelpScreen"
    return "\n".join(str(s.render()) for s in pilot.app.screen.query(Static))


async def f1(pilot) -> str:  # type: ignore[no-untyped-def]
    await pilot.press("f1")
    await settle(pilot)
    shown = help_shown(pilot)
    await pilot.press("escape")
    await settle(pilot)
    return shown


def test_f1_says_what_every_kind_of_control_is_and_what_enter_does(tmp_path: Path) -> None:
    """A list and its line under the cursor, a button, a choice, a form's field named by
    the piece it is about, a dialog: F1 tells each from data/wording.yaml, and a dialog
    answers F1 too (a modal screen does not see the app's keys)."""
    settings = make_settings(tmp_path)
    service = CaseService(settings, CLOCK)
    try:
        casebuilder.build(service, casebuilder.ase(), settings.scan_dir)
    finally:
        service.close()
    words = screen_wording().help

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await home_ready(pilot)
            await pilot.press("i")
            await settle(pilot)
            shown = await f1(pilot)
            assert f"Aide : {words.controls['waiting'].label}" in shown
            assert words.controls["waiting"].text in shown
            assert "Ligne 1 sur 1 : " in shown and "Première demande ASE" in shown
            await pilot.press("enter")
            await settle(pilot)
            # The dossier opens on its first action: a button says its words.
            shown = await f1(pilot)
            assert "Aide : Bouton « Complément (c) »" in shown
            assert words.kinds.button.text.format(label="Complément (c)") in shown
            # The demande de complément: the observation of the first piece.
            await pilot.press("c")
            await settle(pilot)
            piece = str(pilot.app.screen.query_one("#ask-0").label)  # type: ignore[attr-defined]
            shown = await f1(pilot)
            assert f"Aide : {piece} — {words.controls['ask'].label}" in shown
            # Shown as written: « [x] » is no markup tag.
            assert "[x]" in words.controls["ask"].text
            assert words.controls["ask"].text in shown
            await focus(pilot, "observation-0")
            shown = await f1(pilot)
            assert f"Aide : {piece} — {words.controls['observation'].label}" in shown
            assert words.controls["observation"].text in shown
            # A question asked in a dialog: F1 opens the help over it.
            await pilot.press("ctrl+q", "r")
            await settle(pilot)
            assert screen_name(pilot) == "ConfirmDialog"
            shown = await f1(pilot)
            assert "Aide : Bouton « Annuler »" in shown
            assert screen_name(pilot) == "ConfirmDialog"

    asyncio.run(run())
