"""Keys typed ahead are handled in the order typed, each by what has the focus when its
turn comes (screens/keys.py).

Every burst here is posted at once, as a terminal delivers what a fast typist (or a
blind user who does not wait for the screen) sends while the app is busy — not with
`pilot.press`, which waits for the app to rest between keys and so never sees the bug.
Textual hands a key to the widget focused when the app reads it but resolves Tab (and
every binding: Space on a choice or a box, Enter on a button, ctrl+s) only once the key
has gone through that widget: « 7503136189 ⇥ NGUYEN ⇥⇥ Van Minh » all went into the
N° étranger (seen in tmux at 80×24). Tab as a priority binding lost the Space typed just
before it instead (e6f061d).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import casebuilder
import pytest
from a11y_cases import case_at, resume
from pilot import make_settings, new_app, screen_name, settle, whole
from textual import events
from textual.pilot import Pilot

from anef_tui.service import CaseService
from screens import keys
from screens.fields import FieldInput

FIRST, SECOND = "informations_personnelles", "motif_sejour"


def burst(*parts: str | events.Paste) -> list[events.Key | events.Paste]:
    """Key events as a terminal sends them: a named key (« tab », « space », « down »,
    « ctrl+s »…) as is, any other part one key per character."""
    named = {"tab": "\t", "shift+tab": None, "space": " ", "enter": "\r", "down": None,
             "up": None, "ctrl+s": "\x13", "f8": None, "escape": "\x1b"}
    keys: list[events.Key | events.Paste] = []
    for part in parts:
        if isinstance(part, events.Paste):
            keys.append(part)
        elif part in named:
            keys.append(events.Key(part, named[part]))
        else:
            keys += [events.Key("space" if c == " " else c, c) for c in part]
    return keys


async def type_ahead(pilot: Pilot[None], *parts: str | events.Paste) -> None:
    """Post the whole burst before the app reads any of it, then wait for it to rest."""
    app = pilot.app
    for key in burst(*parts):
        key.set_sender(app)
        app.post_message(key)
    await settle(pilot)
    await settle(pilot)


def values(pilot: Pilot[None]) -> dict[str, Any]:
    return {f.key: f.value() for f in pilot.app.screen.query(FieldInput)}


async def to_identity(pilot: Pilot[None]) -> None:
    await settle(pilot)
    for key in ("n", "enter", "enter", "enter", "enter"):  # BPI renouvellement, for me
        await pilot.press(key)
        await settle(pilot)
    assert screen_name(pilot) == "IdentityScreen", screen_name(pilot)


def stored(settings: Any, case_id: int) -> tuple[str | None, dict[str, Any]]:
    service = CaseService(settings)
    try:
        record = service.get(case_id)
        return record.current_step, record.answers
    finally:
        service.close()


def test_letters_typed_after_a_tab_go_to_the_field_it_leads_to(tmp_path: Path) -> None:
    async def run() -> dict[str, Any]:
        async with new_app(make_settings(tmp_path)).run_test(size=(80, 24)) as pilot:
            await to_identity(pilot)
            await type_ahead(pilot, "7503136189", "tab", "NGUYEN", "tab", "tab", "Van Minh",
                             "shift+tab", "Thi")
            return values(pilot)

    got = asyncio.run(run())
    assert (got["numero_etranger"], got["nom_naissance"], got["nom_usage"], got["prenoms"]) == (
        "7503136189", "NGUYEN", "Thi", "Van Minh")


def test_space_then_tab_on_a_choice_chooses_then_moves(tmp_path: Path) -> None:
    """The Space before a Tab is read by the choice it was typed on (the fault of the
    priority Tab), and what follows the Tab goes to the next field."""

    async def run() -> tuple[dict[str, Any], list[str]]:
        async with new_app(make_settings(tmp_path)).run_test(size=(80, 24)) as pilot:
            await to_identity(pilot)
            await type_ahead(pilot, "7503136189", "tab", "NGUYEN", "tab", "tab", "Van Minh",
                             "tab", "down", "space", "tab", "05/04/1982")
            sexe = pilot.app.screen.query_one("#f-sexe", FieldInput)
            return values(pilot), [o.value for o in sexe.field.options]

    got, options = asyncio.run(run())
    assert got["sexe"] == options[1]  # Down, then Space: the second choice
    assert got["date_naissance"] == "05/04/1982"
    assert got["prenoms"] == "Van Minh"


def test_ctrl_s_typed_ahead_creates_the_dossier_with_what_was_typed(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)

    async def run() -> str:
        async with new_app(settings).run_test(size=(80, 24)) as pilot:
            await to_identity(pilot)
            await type_ahead(pilot, "7503136189", "tab", "NGUYEN", "tab", "tab", "Van Minh",
                             "tab", "space", "tab", "05/04/1982", "tab", "Afghanistan", "tab",
                             "Kaboul", "tab", "afghane", "ctrl+s")
            return screen_name(pilot)

    assert asyncio.run(run()) == "PreambleScreen"
    service = CaseService(settings)
    try:
        (case,) = service.list_cases()
        record = service.get(case.id)
    finally:
        service.close()
    assert record.identity["nom_naissance"] == "NGUYEN"
    assert record.identity["prenoms"] == "Van Minh"
    assert record.identity["date_naissance"] == "1982-04-05"


# Step 1 of a BPI renouvellement by keyboard, from its first field (« Etes-vous marié… »):
# choices (Down, Space), a box whose ticking shows two fields right after it (the Tab
# behind the Space must reach them), text fields; then ctrl+s and, typed while the step
# is saved, the two boxes of step 2 and its ctrl+s.
STEP_ONE = ("down", "space", "tab",            # en couple : Non
            "down", "space", "tab",            # enfants en France : Non
            "space", "tab",                    # situation familiale : Célibataire
            "tab",                             # Adresse: left for the boxed entry
            "space", "tab",                    # « Vous résidez outre-mer… » ticked
            "12", "tab", "rue des Lilas", "tab",  # Numéro de voie, Voie (shown by it)
            "Bâtiment C", "tab", "97200", "tab", "Fort-de-France", "tab",
            "tab", "97209", "tab",             # Pays (France already), code INSEE
            "lukasz.nguyen@example.org", "tab", "06 12 34 56 78")


async def at_step_one(pilot: Pilot[None]) -> None:
    await resume(pilot, "StepScreen")
    await whole(pilot)
    await settle(pilot)


@pytest.fixture
def patient_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    """The keys typed during a save wait for its end however loaded the machine running
    the tests (the product gives them back to the step after keys.HOLD_SECONDS)."""
    monkeypatch.setattr(keys, "HOLD_SECONDS", 60.0)


@pytest.mark.usefixtures("patient_hold")
def test_a_burst_across_choices_a_box_and_text_then_ctrl_s_saves_it(tmp_path: Path) -> None:
    """Typed at once from the first field: each key where the ones before it led, and
    ctrl+s saves what was typed; the keys typed during the save go to the next step
    (its two boxes ticked, its own ctrl+s), which is saved in turn."""
    settings = make_settings(tmp_path)
    case_id = case_at(settings, casebuilder.bpi(), FIRST)

    async def run() -> str:
        async with new_app(settings).run_test(size=(80, 24)) as pilot:
            await at_step_one(pilot)
            await type_ahead(pilot, *STEP_ONE, "ctrl+s", "space", "tab", "space", "ctrl+s")
            return str(getattr(pilot.app.screen, "step_id", screen_name(pilot)))

    assert asyncio.run(run()) == "justificatifs"
    current, answers = stored(settings, case_id)
    assert current == "justificatifs"
    first = answers[FIRST]
    assert (first["en_couple"], first["enfants_en_france"], first["situation_familiale"]) == (
        False, False, "celibataire")
    assert first["adresse_outre_mer"] is True
    assert (first["numero_voie"], first["voie"], first["complement_adresse"]) == (
        "12", "rue des Lilas", "Bâtiment C")
    assert (first["code_postal"], first["ville"], first["code_insee"]) == (
        "97200", "Fort-de-France", "97209")
    assert first["telephone"].replace(" ", "").endswith("612345678")
    assert answers[SECOND]["attestations"] == {"protection_non_marie": True,
                                               "sanctions_penales": True}


@pytest.mark.usefixtures("patient_hold")
def test_a_refused_save_drops_the_keys_typed_behind_it_and_says_so(tmp_path: Path) -> None:
    """No telephone: the save is refused, the focus goes to the field to fix. The keys
    typed during the save were meant for step 2: they are dropped (not typed into the
    field to fix, not answering anything), and the agent is told."""
    settings = make_settings(tmp_path)
    case_id = case_at(settings, casebuilder.bpi(), FIRST)

    async def run() -> tuple[str, Any, Any, list[str]]:
        async with new_app(settings).run_test(size=(80, 24)) as pilot:
            await at_step_one(pilot)
            await type_ahead(pilot, *STEP_ONE[:-2], "ctrl+s", "space", "tab", "9", "ctrl+s")
            app = pilot.app
            said = [str(n.message) for n in app._notifications]  # noqa: SLF001
            focused = app.focused
            return (str(getattr(app.screen, "step_id", "")), values(pilot)["telephone"],
                    focused.id if focused else None, said)

    step, telephone, focused, said = asyncio.run(run())
    assert step == FIRST
    assert telephone == ""
    assert focused == "f-telephone-control"
    assert any("pas été prises en compte" in line for line in said), said
    assert stored(settings, case_id)[0] == FIRST


def test_keys_behind_a_key_that_opens_a_dialog_go_to_the_dialog_then_back(
        tmp_path: Path) -> None:
    """F8 asks « Abandonner la demande ? » with the focus on « Continuer la demande »:
    the Enter typed behind it answers that (the dialog was there when its turn came),
    and the letters behind the Enter go back to the field F8 was typed in."""
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), FIRST)

    async def run() -> tuple[str, str]:
        async with new_app(settings).run_test(size=(80, 24)) as pilot:
            await at_step_one(pilot)
            await type_ahead(pilot, "down", "space", "tab", "down", "space", "tab", "space",
                             "tab", "20 rue", "f8", "enter", " Nationale")
            return screen_name(pilot), values(pilot)["adresse"]

    assert asyncio.run(run()) == ("StepScreen", "20 rue Nationale")
    service = CaseService(settings)
    try:
        assert len(service.list_cases()) == 1  # not abandoned
    finally:
        service.close()


def test_a_paste_typed_ahead_stays_one_event_in_its_turn(tmp_path: Path) -> None:
    """A paste among keys: inserted whole into the field the keys before it led to."""

    async def run() -> dict[str, Any]:
        async with new_app(make_settings(tmp_path)).run_test(size=(80, 24)) as pilot:
            await to_identity(pilot)
            await type_ahead(pilot, "7503136189", "tab", events.Paste("NGUYEN"), "tab", "tab",
                             events.Paste("Van Minh"), "shift+tab", "Thi")
            return values(pilot)

    got = asyncio.run(run())
    assert (got["numero_etranger"], got["nom_naissance"], got["nom_usage"], got["prenoms"]) == (
        "7503136189", "NGUYEN", "Thi", "Van Minh")



def test_a_key_waiting_behind_a_marker_left_in_a_closed_queue_goes_on(tmp_path: Path) -> None:
    """The marker that says a key was handled sits in the queue of a widget; if that
    widget is removed before reading it, the marker never runs. The keys behind it are
    not kept waiting for ever: the next key typed, or the watchdog, sees the closed
    queue and lets them go on (in their order)."""

    async def run() -> tuple[str, bool]:
        async with new_app(make_settings(tmp_path)).run_test(size=(80, 24)) as pilot:
            await to_identity(pilot)
            app: Any = pilot.app
            gone = app.screen.query_one("#cancel")
            await gone.remove()
            app.keys._followed = events.Key("tab", "\t")  # noqa: SLF001 - as if in flight
            app.keys._marker_in = gone  # noqa: SLF001 - …its marker in the removed queue
            await type_ahead(pilot, "75", "03")
            return values(pilot)["numero_etranger"], app.keys.settled

    assert asyncio.run(run()) == ("7503", True)


def test_text_typed_fast_into_observations_then_shift_tab(tmp_path: Path) -> None:
    """A TextArea's characters go on at once, as an Input's; the Shift+Tab behind them
    waits for them and leaves the box with all of them in it."""
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), None)

    async def run() -> tuple[str, str | None]:
        async with new_app(settings).run_test(size=(80, 24)) as pilot:
            await resume(pilot, "RecapScreen")
            app: Any = pilot.app
            box = app.screen.query_one("#observations")
            app.screen.set_focus(box)
            await settle(pilot)
            await type_ahead(pilot, "Nom d'usage depuis 2024", "shift+tab", "tab", "!")
            return box.text, app.focused.id if app.focused else None

    assert asyncio.run(run()) == ("Nom d'usage depuis 2024!", "observations")
