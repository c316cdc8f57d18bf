"""Driving the app by keyboard alone in tests: Tab to a control, then type or choose.

No helper clicks or sets a widget's value: each one presses the keys a counter assistant
would press, so a test fails if something cannot be reached by keyboard.

Text goes in as one paste event (what a terminal sends for a bracketed paste): it runs the
widget's own insertion path, so `restrict`, `max_length`, validation and on-change all run,
for the cost of one idle wait instead of two per character. The one walk per route that
proves the route by keyboard types key by key: it runs under `key_by_key()`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from counter_day import CLOCK
from textual import events
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, Select

from anef_tui.app import AnefApp
from anef_tui.clock import Clock
from anef_tui.config import Settings, load_settings
from screens.toggles import ChoiceList

MAX_TABS = 400
_KEY_BY_KEY: ContextVar[bool] = ContextVar("key_by_key", default=False)


@contextmanager
def key_by_key() -> Iterator[None]:
    """Type every value one key at a time (the route's reachability walk)."""
    token = _KEY_BY_KEY.set(True)
    try:
        yield
    finally:
        _KEY_BY_KEY.reset(token)


async def enter_text(pilot: Pilot[None], text: str) -> None:
    """Enter text into the focused widget: one paste event, or key by key in a walk."""
    if _KEY_BY_KEY.get():
        await type_keys(pilot, text)
    else:
        pilot.app.post_message(events.Paste(text))
        await pilot.pause()


async def type_keys(pilot: Pilot[None], text: str) -> None:
    """One key event per character, as a quick typist sends them.

    Each key goes the way a terminal's key goes (the app's priority bindings, then the
    focused widget and its bindings), like `pilot.press`; only the waiting differs:
    `press` waits twice for idle after every key, this waits once after the value.
    """
    from textual.keys import _character_to_key

    await send_keys(pilot, [c if c.isalnum() else _character_to_key(c) for c in text], text)


async def send_keys(pilot: Pilot[None], keys: list[str], chars: str | None = None) -> None:
    """Post one key event per key, in order, then wait once for the app to settle."""
    app = pilot.app
    for i, key in enumerate(keys):
        event = events.Key(key, chars[i] if chars else None)
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()
    await keys_handed_on(pilot)


async def press_once(self: Pilot[Any], *keys: str) -> None:
    """`Pilot.press` with one idle wait per key instead of two (tests/conftest.py puts it
    in place of Textual's for the whole suite).

    Textual's press sends each key, waits for the process to look idle, waits for the
    animations, then waits for idle again (at least 2 × 20 ms a key, most of a walk's
    waiting). Here the key is posted, then the app and the screen's widgets are drained
    twice — deterministic: the second pass comes after whatever the first one forwarded
    (a key goes to the app, which forwards it to the focused widget) — then the
    animations, then one idle wait for what runs outside the message queues.
    """
    import unicodedata

    from textual._wait import wait_for_idle
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    app = self.app
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:  # the character a terminal would send with it, as Textual's press does
            char: str | None = unicodedata.lookup(
                _get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app.post_message(event)
        await self._wait_for_screen()  # noqa: SLF001
        await self._wait_for_screen()  # noqa: SLF001
        await app.animator.wait_until_complete()
        await wait_for_idle(0)
        await keys_handed_on(self)  # screens/keys.py
    if keys:
        await self._wait_for_screen()  # noqa: SLF001


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    scans = tmp_path / "scans"
    scans.mkdir(exist_ok=True)
    settings = load_settings(data_dir=tmp_path / "data", scan_dir=scans, site_prefix="5901",
                             environ={})
    return settings.with_overrides(**overrides) if overrides else settings


def new_app(settings: Settings, clock: Clock = CLOCK) -> AnefApp:
    """The app on the tests' fixed day (counter_day), or on the day a test moves itself;
    never the real one."""
    return AnefApp(settings, clock=clock)


SETTLE_ROUNDS = 500


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the app is quiet: no worker running, nothing left to do after a refresh,
    no table with rows it has not measured yet.

    A state, not a time: `pilot.pause()` alone waits until the process *looks* idle
    (its CPU time stops advancing), which a loaded machine fakes — the process is simply
    not scheduled — so a picture could be taken before the home screen's first page
    (started after the first refresh) or before a table sized its columns to its rows.
    """
    from textual.worker import WorkerCancelled

    for _ in range(SETTLE_ROUNDS):
        try:
            # An exclusive worker started again (the home screen reloads its list when it
            # is shown) cancels the previous one: wait for the one that replaced it.
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await pilot.pause()
        if _quiet(pilot.app):
            return
    raise AssertionError(f"the app never settled: {_busy(pilot.app)}")


async def keys_handed_on(pilot: Pilot[Any]) -> None:
    """Wait until every key sent has had its turn (screens/keys.py hands a key on once
    the one before is handled; keys typed during a step's save wait for the next step,
    at most keys.HOLD_SECONDS)."""
    app = pilot.app
    keys = getattr(app, "keys", None)
    for _ in range(SETTLE_ROUNDS):
        if keys is None or keys.settled or app._exit or app._closing:  # noqa: SLF001
            return
        await pilot.pause(0.01)
    raise AssertionError(f"keys never handed on: {keys.state()}")


def _quiet(app: Any) -> bool:
    return not _busy(app)


def _busy(app: Any) -> list[str]:
    """What is still pending (Textual's private state: no public « idle » exists)."""
    from textual.widgets import DataTable

    busy = [f"worker {w.name}" for w in app.workers if not w.is_finished]
    keys = getattr(app, "keys", None)
    if keys is not None and not keys.settled:  # screens/keys.py: keys typed ahead
        busy.append(f"{keys.waiting} keys waiting their turn")
    screen = app.screen
    if screen._callbacks:  # noqa: SLF001 - call_after_refresh not run yet
        busy.append("call_after_refresh")
    busy += [f"refresh of {w!r}" for w in screen.walk_children(with_self=True)
             if w._layout_required or w._repaint_required  # noqa: SLF001
             or w._refresh_styles_required]  # noqa: SLF001
    busy += [f"table #{t.id}" for t in screen.query(DataTable)
             if t._require_update_dimensions or t._updated_cells]  # noqa: SLF001
    return busy


async def whole(pilot: Pilot[None]) -> None:
    """Wait until the screen has mounted all its widgets (a step mounts its end in chunks
    after the first frame; other screens are whole at once)."""
    for _ in range(SETTLE_ROUNDS):
        if getattr(pilot.app.screen, "whole", True):
            return
        await pilot.pause()
    raise AssertionError(f"{pilot.app.screen} never mounted all its widgets")


async def focus(pilot: Pilot[None], dom_id: str) -> None:
    """Press Tab (or Shift+Tab, whichever is shorter) until this widget has the focus.

    The direction is read from the screen's focus chain, which is what Tab walks: a
    widget missing from it cannot be reached by keyboard, and the test fails. A step
    mounts its end in chunks after the first frame: the chain is read once it is whole.
    """
    await whole(pilot)
    for _ in range(MAX_TABS):
        focused = pilot.app.focused
        if focused is not None and focused.id == dom_id:
            return
        chain = pilot.app.screen.focus_chain
        target = next((i for i, w in enumerate(chain) if w.id == dom_id), None)
        if target is None:
            raise AssertionError(f"#{dom_id} cannot be reached by Tab (focused: {focused})")
        current = chain.index(focused) if focused in chain else -1
        forward = (target - current) % len(chain)
        if forward <= len(chain) - forward:
            await send_keys(pilot, ["tab"] * forward)
        else:
            await send_keys(pilot, ["shift+tab"] * (len(chain) - forward))
    raise AssertionError(f"#{dom_id} never got the focus by Tab (focused: {pilot.app.focused})")


def field_dom_id(key: str) -> str:
    from screens.fields import field_dom_id as dom_id

    return dom_id(key)


def control_id(key: str) -> str:
    return f"{field_dom_id(key)}-control"


async def fill(pilot: Pilot[None], key: str, text: str) -> None:
    cid = control_id(key)
    await focus(pilot, cid)
    widget = pilot.app.screen.query_one(f"#{cid}", Input)
    if widget.value:
        await pilot.press("end", "ctrl+u")
    await enter_text(pilot, text)
    assert widget.value == text, (key, widget.value)


async def choose(pilot: Pilot[None], key: str, label: str) -> None:
    """Pick an option of a choice list (arrows + Enter) or a Select (Enter, arrows, Enter)."""
    cid = control_id(key)
    await focus(pilot, cid)
    widget = pilot.app.screen.query_one(f"#{cid}")
    if isinstance(widget, ChoiceList):
        target = widget.labels.index(label)
        current = widget.cursor
        key_name = "down" if target >= current else "up"
        for _ in range(abs(target - current)):
            await pilot.press(key_name)
        await pilot.press("enter")
        assert widget.chosen_label == label
        return
    assert isinstance(widget, Select)
    await pilot.press("enter")
    await pilot.pause()
    options = [str(o[0]) for o in widget._options]  # noqa: SLF001
    for _ in range(options.index(label)):
        await pilot.press("down")
    await pilot.press("enter")


async def yes_no(pilot: Pilot[None], key: str, yes: bool) -> None:
    await choose(pilot, key, "Oui" if yes else "Non")


async def tick(pilot: Pilot[None], dom_id: str) -> None:
    await focus(pilot, dom_id)
    box = pilot.app.screen.query_one(f"#{dom_id}", Checkbox)
    if not box.value:
        await pilot.press("space")
    assert box.value


async def pick(pilot: Pilot[None], label: str) -> None:
    """Choose an entry of the focused screen's OptionList by its label."""
    options = pilot.app.screen.query_one(OptionList)
    await focus(pilot, options.id or "") if options.id else None
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    assert label in labels, (label, labels)
    target = labels.index(label)
    current = options.highlighted or 0
    for _ in range(abs(target - current)):
        await pilot.press("down" if target > current else "up")
    await pilot.press("enter")
    await pilot.pause()


async def press_button(pilot: Pilot[None], dom_id: str) -> None:
    await focus(pilot, dom_id)
    await pilot.press("enter")
    await pilot.pause()


def screen_name(pilot: Pilot[None]) -> str:
    return type(pilot.app.screen).__name__


# -- whole walks: the route, the identity, the steps, the deposit ---------------------

# « Votre situation actuelle »: the sentences ANEF shows for the titre it knows (guides 000,
# 003, 004, 001), chosen by the counter from the titre the applicant presents.
SITUATION_BPS = ("Vous êtes titulaire d'un titre de séjour en tant que « BPS ». Ce titre porte "
                 "la mention « BÉNÉFICIAIRE DE LA PROTECTION SUBSIDIAIRE ».")
SITUATION_CONJOINT_RF = ("Vous êtes titulaire d'un titre de séjour en tant que « Conjoint "
                         "d'étranger RF ». Ce titre porte la mention « VIE PRIVÉE ET "
                         "FAMILIALE ».")
SITUATION_MALADE = ("Vous êtes titulaire d'un titre de séjour en tant que « Etranger malade ». "
                    "Ce titre porte la mention « VIE PRIVÉE ET FAMILIALE ».")
SITUATION_TITRE = "Vous êtes titulaire d'un titre de séjour"



async def start_route(pilot: Pilot[None], labels: list[str]) -> None:
    """From the home screen, « N » then each route label of data/routes.yaml in turn."""
    await settle(pilot)
    assert screen_name(pilot) == "HomeScreen"
    await pilot.press("n")
    await pilot.pause()
    assert screen_name(pilot) == "ProfileScreen"
    for label in labels:
        await pick(pilot, label)


async def capture_identity(pilot: Pilot[None], numero: str, identity: dict[str, str]) -> None:
    """The identity screen of a known applicant: N° étranger, then the état civil."""
    assert screen_name(pilot) == "IdentityScreen"
    await fill(pilot, "numero_etranger", numero)
    for key, value in identity.items():
        if key == "sexe":
            await choose(pilot, key, value)
        else:
            await fill(pilot, key, value)
    await save(pilot)
    assert screen_name(pilot) == "PreambleScreen"


async def save(pilot: Pilot[None]) -> None:
    """« Enregistrer et poursuivre » (ctrl+s) on any form screen. A step saves in a
    worker thread: the next screen is there once the worker is done."""
    from textual.worker import WorkerCancelled

    await pilot.press("ctrl+s")
    with contextlib.suppress(WorkerCancelled):  # another screen's list, started again
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def step_id(pilot: Pilot[None]) -> str:
    assert screen_name(pilot) == "StepScreen", screen_name(pilot)
    return str(pilot.app.screen.step_id)  # type: ignore[attr-defined]


def error_summary(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#error-summary").render())


async def save_step(pilot: Pilot[None], expected_next: str) -> None:
    """Save the step and check that the next screen (a step id, or a screen name) opened."""
    await save(pilot)
    if screen_name(pilot) == "StepScreen" and pilot.app.screen.step_id != expected_next:  # type: ignore[attr-defined]
        raise AssertionError(f"still on {step_id(pilot)}: {error_summary(pilot)}")
    if screen_name(pilot) != "StepScreen":
        assert screen_name(pilot) == expected_next, screen_name(pilot)


async def attach(pilot: Pilot[None], slot_id: str, typed: str) -> None:
    """« Joindre un document » of a slot, then the chooser: type-ahead, Enter."""
    screen = pilot.app.screen
    before = len(screen.attachments)  # type: ignore[attr-defined]
    await press_button(pilot, f"{field_dom_id('document:' + slot_id)}-attach")
    assert screen_name(pilot) == "FileChooser"
    await settle(pilot)
    await enter_text(pilot, typed)
    await pilot.press("enter")
    await settle(pilot)
    assert screen_name(pilot) == "StepScreen"
    attached = screen.attachments  # type: ignore[attr-defined]
    assert len(attached) == before + 1, f"{slot_id}: {typed!r} not attached"
    assert attached[-1].slot_id == slot_id


async def deposit(pilot: Pilot[None]) -> Path:
    """On the récapitulatif / dépôt: Déposer, then « Déposer la demande » in the dialog.

    No guide has a box to tick here (« Je confirme le dépôt définitif de ma demande. » is
    the dépôt page's heading): the page must not ask for one.
    """
    assert screen_name(pilot) == "RecapScreen"
    assert not pilot.app.screen.query("Checkbox")
    await save(pilot)
    assert screen_name(pilot) == "ConfirmDialog"
    await pilot.press("right", "enter")  # from « Revenir au récapitulatif » to « Déposer »
    await settle(pilot)
    assert screen_name(pilot) == "ConfirmationScreen"
    await settle(pilot)
    pdf = pilot.app.screen.pdf  # type: ignore[attr-defined]
    assert pdf is not None and pdf.exists()
    return Path(pdf)


# -- what the walk left behind --------------------------------------------------------


def stored_case(settings: Settings) -> dict[str, Any]:
    """The single case of the database: its row, applicant, step answers and files."""
    import json

    from sqlalchemy import create_engine, text

    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            case = dict(conn.execute(text("select * from cases")).mappings().one())
            applicant = conn.execute(text("select * from applicants")).mappings().one_or_none()
            answers = {r["step_id"]: json.loads(r["data_json"]) for r in conn.execute(
                text("select step_id, data_json from step_answers")).mappings()}
            files = [dict(r) for r in conn.execute(
                text("select * from attachments order by slot_id, position")).mappings()]
    finally:
        engine.dispose()
    return {"case": case, "applicant": dict(applicant) if applicant else None,
            "answers": answers, "attachments": files}


def case_count(settings: Settings) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("select count(*) from cases")).scalar_one())
    finally:
        engine.dispose()


def pdf_words(path: Path) -> str:
    """The text of a PDF with its whitespace folded, for « in » checks."""
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


async def fill_all(pilot: Pilot[None], values: dict[str, str]) -> None:
    """Fill text fields in the order given (the order of the form)."""
    for key, text in values.items():
        await fill(pilot, key, text)


def assert_confirmation(words: str, title: str, numero_etranger: str, numero_demande: str,
                        nom: str, prenom: str) -> None:
    """The title, the references and the identity block of a confirmation PDF's text."""
    assert title in words
    assert f"Identifiant (N° étranger) : {numero_etranger}" in words
    assert f"N° de la demande : {numero_demande}" in words
    assert f"Nom de naissance : {nom}" in words and f"Prénom : {prenom}" in words
