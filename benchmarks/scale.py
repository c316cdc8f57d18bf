"""A counter's year of dossiers: the home screen, the search and the steps at scale.

Run: .venv/bin/python benchmarks/scale.py N [--runs R] [--keep DIR]
Prints one line per figure, then the summary line:

    scale N=<n> home_ms=… search_ms=… return_ms=… max_freeze_ms=… step_ms=… rss_mb=…

Not a test. What it does:

1. Builds a database of N dossiers in a temporary folder. The first hundred go through
   CaseService as at the counter (tests/casebuilder.py: every téléprocédure, real
   files attached, a third deposited with their PDF); the rest are inserted directly,
   in batches, copying the answers of those hundred under other names and numbers:
   drafts at every step, deposited cases with a N° de demande, abandoned ones, some
   needing action (« à traiter »), updated over a year.
2. Drives the real app headless in a fresh interpreter (so that the build's memory is
   not counted), and measures, the clock starting at the child's first statement:
   - home_ms: until the first rows of the list are drawn;
   - search_ms: median of 20 searches (names, name fragments, N° étranger,
     N° de demande, dossier numbers with and without zeros), from the text set in the
     search line to the rows drawn (a screenful: the rest is read on scroll); beside
     it, the process's CPU time for the same (interface and worker threads);
   - return_ms: from « Quitter et revenir plus tard » in a dossier to the home screen
     drawn with that dossier's row updated;
   - step_ms: median, from ctrl+s on a valid step to the first frame written that
     shows the next step with its first field focused and inside the visible part of
     the screen (the rest of a long step follows in chunks, whose stalls max_freeze_ms
     counts); back_ms the same for ctrl+r (back to the largest step). Each is
     measured for a first visit of the step (its screen built: step_ms, back_first_ms)
     and for a step seen again in the same visit of the dossier (the screen kept when
     it was left: step_again_ms, back_ms); step_ms in the summary is the first visit.
     The keys are
     posted as a terminal sends them, not by pilot.press, whose idle waits (20 ms
     sleeps until the process rests) counted the chunks mounted after the frame;
   - tab_ms: median time from one Tab in the largest step to the frame showing the
     focus moved, and the same in a bare Textual app composing the same kinds and
     number of widgets;
   - max_freeze_ms: the longest the event loop did not run (a 5 ms ticker measures its
     lateness) from the first paint to the end, the full garbage collection held back
     after the return included (it comes when the app is idle: its own phase);
   - rss_mb: the child's peak resident memory.
3. The baselines, in the same run and in alternation: the same app on an empty database
   (home_ms_empty: the target is home_ms ≤ 1.2 × it) and a bare Textual app with the
   home screen's widgets.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SERVICE_BUILT = 100
BENCH_NAME = "Bancdessai"  # the draft the steps are measured on

FIRST = ["Amina", "Karim", "Lucía", "Olena", "Mehmet", "Fatou", "Ivan", "Sofía", "Omar",
         "Jean-Pierre", "Aïssatou", "Zoë", "Văn An", "Łukasz", "Ğüler", "Anh", "Marie",
         "Youssef", "Nadia", "Bogdan", "Hamid", "Leïla", "Ana", "Samir", "Irina"]
LAST = ["Benali", "Diallo", "Kovalenko", "Yılmaz", "Traoré", "Haddad", "Petrov", "García",
        "Mendy", "Sow", "Tran Thi", "Da Silva", "El Amrani", "Nguyễn", "de La Fontaine",
        "O'Brien", "N'Diaye", "Müller-Lüdenscheidt", "Łukasiewicz", "Ben Youssef",
        "Popescu", "Camara", "Rahimi", "Kone", "Said", "Hussein", "Ivanova", "Barry"]
SYLLABLES = ["ka", "lo", "mi", "ra", "ne", "to", "sa", "di", "bo", "ya", "ze", "fu", "an",
             "el", "ou", "ni", "ha", "ri", "mo", "gu"]


def _name(rng: random.Random) -> tuple[str, str]:
    # Common names, and enough rare ones that a full name is selective as in life.
    last = rng.choice(LAST) if rng.random() < 0.5 else "".join(
        rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    return last, rng.choice(FIRST)


# -- 1. the database ---------------------------------------------------------------------


def build(data_dir: Path, n: int, seed: int = 7) -> dict[str, Any]:
    """N dossiers in data_dir; returns what the driver needs (names, numbers to search)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import casebuilder
    from sqlalchemy import insert, update

    from anef_tui.config import load_settings
    from anef_tui.numbering import format_numero
    from anef_tui.search_terms import case_terms
    from anef_tui.service import CaseService
    from anef_tui.storage.tables import (
        ApplicantRow,
        CaseRow,
        CaseSearchTermRow,
        EventRow,
        StepAnswerRow,
    )

    rng = random.Random(seed)
    scans = data_dir / "scans"
    scans.mkdir(parents=True, exist_ok=True)
    settings = load_settings(data_dir=data_dir, scan_dir=scans, environ={})
    service = CaseService(settings)
    specs = [casebuilder.bpi, casebuilder.ase, casebuilder.ordonnance,
             casebuilder.conjoint_rf, casebuilder.etranger_malade]
    by_service = min(n, SERVICE_BUILT)
    for i in range(by_service):
        spec = specs[i % len(specs)]()
        if spec.identity:
            last, first = _name(rng)
            spec = replace(spec, identity={**spec.identity, "nom_naissance": last,
                                           "prenoms": first},
                           numero_etranger=f"{rng.randrange(10**9, 10**10)}")
        deposit = i % 3 == 0
        try:
            casebuilder.build(service, spec, scans, deposit=deposit)
        except AssertionError:
            continue  # a spec that needs today's date to fit: skip it
    # The draft the steps are measured on: a BPI case, every form step saved, back at
    # its first step (the largest).
    bench = casebuilder.bpi()
    bench = replace(bench, identity={**bench.identity, "nom_naissance": BENCH_NAME})
    record = casebuilder.build(service, bench, scans, deposit=False)
    first_step = service.procedure("bpi_renouvellement").steps[0].id
    service.repo.set_current_step(record.id, first_step)
    bench_id = record.id

    # Templates: the answers of the service-built cases, by téléprocédure.
    templates: dict[str, list[Any]] = {}
    for summary in service.list_cases():
        rec = service.get(summary.id)
        if rec.answers and rec.identity:
            templates.setdefault(rec.procedure_id, []).append(rec)
    procedures = sorted(templates)
    steps_of = {p: [s.id for s in service.procedure(p).steps] for p in procedures}

    now = datetime.now().astimezone().replace(microsecond=0)
    engine = service.repo.engine
    numbers: list[str] = []
    demandes: list[str] = []
    sequence: dict[str, int] = {}
    next_id = bench_id + 1
    remaining = max(0, n - next_id + 1)
    batch = 5000
    while remaining > 0:
        size = min(batch, remaining)
        remaining -= size
        cases, applicants, answers, events, terms, deposits = [], [], [], [], [], []
        for case_id in range(next_id, next_id + size):
            proc = rng.choice(procedures)
            template = rng.choice(templates[proc])
            steps = steps_of[proc]
            updated = now - timedelta(seconds=rng.randrange(365 * 86400))
            roll = rng.random()
            status = "depose" if roll < 0.55 else "abandonne" if roll < 0.62 else "brouillon"
            done = len(steps) if status == "depose" else rng.randrange(len(steps) - 1)
            last, first = _name(rng)
            numero = f"{rng.randrange(10**9, 10**10)}"
            identity = {**template.identity, "nom_naissance": last, "prenoms": first}
            attention = None
            if status == "depose" and rng.random() < 0.12:
                attention = rng.choice(["non_lue", "a_repondre", "expire"])
            cases.append({
                "id": case_id, "procedure_id": proc,
                "profile_json": json.dumps(template.profile, ensure_ascii=False),
                "status": "brouillon", "current_step": steps[min(done, len(steps) - 1)],
                "last_validated_step": steps[done - 1] if done else None,
                "created_at": updated - timedelta(days=rng.randrange(30)),
                "updated_at": updated, "attention": attention,
                "attention_until": (updated + timedelta(days=30)).date()
                if attention else None,
            })
            if status != "abandonne":
                applicants.append({
                    "case_id": case_id, "numero_etranger": numero, "nom_naissance": last,
                    "prenoms": first, "date_naissance": identity.get("date_naissance"),
                    "identity_json": json.dumps(identity, ensure_ascii=False, sort_keys=True),
                })
                for step_id in steps[:done]:
                    if step_id in template.answers:
                        answers.append({
                            "case_id": case_id, "step_id": step_id,
                            "data_json": json.dumps(template.answers[step_id],
                                                    ensure_ascii=False, sort_keys=True),
                            "validated_at": updated,
                        })
            demande = None
            if status == "depose":
                day = updated.date()
                key = f"7502{day:%Y%m%d}"
                sequence[key] = sequence.get(key, 0) + 1
                demande = format_numero("7502", day, sequence[key])
                deposits.append({"b_id": case_id, "b_numero": demande, "b_at": updated})
                demandes.append(demande)
            elif status == "abandonne":
                deposits.append({"b_id": case_id, "b_numero": None, "b_at": None})
            names = (last, first) if status != "abandonne" else ()
            terms += [{"case_id": case_id, "term": t} for t in case_terms(
                case_id, names=names,
                numbers=(numero, demande) if status != "abandonne" else ())]
            events.append({"case_id": case_id, "at": updated, "kind": "creation",
                           "detail": proc})
            if status != "abandonne":
                numbers.append(numero)
        with engine.begin() as conn:
            conn.execute(insert(CaseRow.__table__), cases)  # type: ignore[attr-defined]
            if applicants:
                conn.execute(insert(ApplicantRow.__table__), applicants)  # type: ignore[attr-defined]
            if answers:
                conn.execute(insert(StepAnswerRow.__table__), answers)  # type: ignore[attr-defined]
            conn.execute(insert(EventRow.__table__), events)  # type: ignore[attr-defined]
            conn.execute(insert(CaseSearchTermRow.__table__), terms)  # type: ignore[attr-defined]
            # Children first, then the status: a deposited case refuses new children.
            from sqlalchemy import bindparam

            table = CaseRow.__table__  # type: ignore[attr-defined]
            dep = [d for d in deposits if d["b_numero"]]
            aba = [d for d in deposits if not d["b_numero"]]
            if dep:
                conn.execute(update(table).where(table.c.id == bindparam("b_id")).values(
                    status="depose", numero_demande=bindparam("b_numero"),
                    deposited_at=bindparam("b_at")), dep)
            if aba:
                conn.execute(update(table).where(table.c.id == bindparam("b_id")).values(
                    status="abandonne"), [{"b_id": d["b_id"]} for d in aba])
        next_id += size
    service.close()
    return {"bench_id": bench_id, "numbers": numbers[:200], "demandes": demandes[:200],
            "n": n}


# -- 2. the driver (a fresh interpreter) -------------------------------------------------

FRAMES = r"""
# Each frame written to the terminal: when, on which screen, the focus and whether the
# focused widget is in the visible part of the screen. A key's figure is the time from
# the key (sent as a terminal sends it: no test-harness idle waits) to the first frame
# that shows its result. Only the frames since the last key are held: a list of every
# frame kept every screen shown and every widget focused alive to the end (ten step
# screens at the return, which each full garbage collection then walked).
frames = []
_display = app._display

def display(screen, update):
    _display(screen, update)
    when = time.perf_counter()
    focused = app.focused
    visible = False
    if focused is not None and focused.screen is screen:
        try:
            visible = screen.find_widget(focused).visible_region.area > 0
        except Exception:  # not laid out yet
            pass
    frames.append((when, screen, focused, visible))

app._display = display

async def key_to_frame(key, shows):
    from textual.events import Key
    frames.clear()
    seen = 0
    event = Key(key, "\t" if key == "tab" else None)
    event.set_sender(app)
    t = time.perf_counter()
    app.post_message(event)
    while True:
        for when, screen, focused, visible in frames[seen:]:
            if shows(screen, focused, visible):
                return (when - t) * 1000
        seen = len(frames)
        if time.perf_counter() - t > 60:
            raise TimeoutError(f"{key}: {frames[-3:]} {app.screen} {app.focused}")
        await asyncio.sleep(0.0005)
"""

# The drivers' two waits (here and in benchmarks/search.py): until the next frame is
# written, and until a condition holds.
WAITS = r"""
async def painted():
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()

async def until(cond, timeout=120.0):
    end = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > end:
            raise TimeoutError
        await asyncio.sleep(0.0005)
"""

DRIVER = r"""
import time
t0 = time.perf_counter()
import asyncio, json, statistics, sys
from anef_tui.app import AnefApp
from anef_tui.config import load_settings

data_dir, queries_json, bench_id, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
queries = json.loads(queries_json)
app = AnefApp(load_settings(data_dir=data_dir, scan_dir=data_dir, environ={}))
out = {}
freeze = {"max": 0.0, "on": True, "phase": "home", "home": 0.0, "search": 0.0, "step": 0.0,
          "return": 0.0, "collect": 0.0}

async def ticker():
    while freeze["on"]:
        t = time.perf_counter()
        await asyncio.sleep(0.005)
        late = time.perf_counter() - t - 0.005
        freeze["max"] = max(freeze["max"], late)
        freeze[freeze["phase"]] = max(freeze[freeze["phase"]], late)

#WAITS#
#FRAMES#

async def drive(pilot):
    from screens.home import HomeScreen
    from textual.events import Key
    # From the first frame: the first page is filled while the ticker runs.
    await until(lambda: isinstance(app.screen, HomeScreen))
    tick = asyncio.create_task(ticker())
    await until(lambda: app.screen.updates_shown > 0)
    await painted()
    out["home_ms"] = (time.perf_counter() - t0) * 1000
    home = app.screen
    from textual.widgets import DataTable
    out["rows_loaded"] = len(home._rows)  # read; the table adds them a batch per frame
    if mode == "home":
        freeze["on"] = False
        await tick
        app.exit()
        return
    from textual.widgets import DataTable, Input
    search = home.query_one("#search", Input)
    await pilot.pause()
    freeze["phase"] = "search"
    times, cpu = [], []
    for q in queries:
        seen = home.updates_shown
        t, c = time.perf_counter(), time.process_time()
        search.value = q
        await until(lambda: home.updates_shown > seen and not home._loading)
        await painted()
        times.append((time.perf_counter() - t) * 1000)
        # The process's CPU (interface and worker threads): what a loaded machine
        # does not inflate as much as the wall clock.
        cpu.append((time.process_time() - c) * 1000)
    out["search_ms"] = times
    out["search_cpu_ms"] = cpu
    # Open the bench draft by its number, then measure the step switches.
    from screens.step import StepScreen
    seen = home.updates_shown
    search.value = f"{bench_id:06d}"
    await until(lambda: home.updates_shown > seen)
    home.query_one(DataTable).focus()
    await pilot.press("enter")
    await until(lambda: isinstance(app.screen, StepScreen))
    await painted()
    freeze["phase"] = "step"
    steps, backs, tabs = [], [], []

    def on_step(is_target):
        # Shown: a frame written with the step screen current, its first field focused
        # and inside the visible part of the screen. The rest of a long step is mounted
        # in chunks after that frame: the ticker measures those stalls.
        def check(screen, focused, visible):
            return (isinstance(screen, StepScreen) and is_target(screen.step_id)
                    and focused is not None and visible)
        return check

    async def whole():
        # Between two measures, as at the counter: the step is all there, the app idle.
        await until(lambda: getattr(app.screen, "whole", True))
        await pilot.pause()
        await painted()

    # A step seen for the first time is built; a step seen again in the same visit of
    # the dossier is the screen kept when it was left (screens/router.py). Both are
    # measured: forgetting the kept screens before a key makes it a first visit.
    kept = app.router.kept
    steps_again, backs_first = [], []
    for _ in range(5):
        await whole()
        first = app.screen.step_id
        kept.forget()
        steps.append(await key_to_frame("ctrl+s", on_step(lambda step: step != first)))
        await whole()
        backs.append(await key_to_frame("ctrl+r", on_step(lambda step: step == first)))
        await whole()
        steps_again.append(await key_to_frame("ctrl+s", on_step(lambda step: step != first)))
        await whole()
        kept.forget()
        backs_first.append(await key_to_frame("ctrl+r", on_step(lambda step: step == first)))
    await whole()
    for _ in range(40):
        before = app.focused
        tabs.append(await key_to_frame("tab", lambda s, f, v: f is not before and v))
        await pilot.pause()
    out["step_ms"] = steps
    out["back_ms"] = backs
    out["step_again_ms"] = steps_again
    out["back_first_ms"] = backs_first
    out["tab_ms"] = tabs
    out["widgets"] = len(list(app.screen.query("*")))
    # Back home: the row of the dossier is re-read, nothing else. The key is sent as a
    # terminal sends it (pilot.press would also wait for the app to be idle, which
    # counts Textual removing the step screen after the home screen is drawn).
    # The frame is waited for from the home screen itself, as soon as the row is
    # patched: the app's own queue is then busy removing the step screen's widgets.
    # The measure lets go of the step it looked at, as the counter's app would.
    frames.clear()
    before = None
    await pilot.pause()
    freeze["phase"] = "return"
    drawn = asyncio.Event()
    apply_changes = home._apply_changes

    def patched(*args):
        seen = home.updates_shown
        apply_changes(*args)
        if home.updates_shown > seen and not drawn.is_set():
            home.call_after_refresh(drawn.set)

    home._apply_changes = patched
    t = time.perf_counter()
    key = Key("ctrl+q", None)
    key.set_sender(app)
    app.post_message(key)
    await drawn.wait()
    out["return_ms"] = (time.perf_counter() - t) * 1000
    await pilot.pause()
    out["return_idle_ms"] = (time.perf_counter() - t) * 1000
    # The full collection that frees the dossier's screens, held back until the counter
    # pauses (screens/router.py KeptSteps): its stall is measured too, as its own phase.
    freeze["phase"] = "collect"
    from screens import long_lived
    await until(lambda: not long_lived.full_collection_deferred(), timeout=10.0)
    await pilot.pause()
    freeze["on"] = False
    await tick
    out["max_freeze_ms"] = freeze["max"] * 1000
    for phase in ("home", "search", "step", "return", "collect"):
        out[f"{phase}_freeze_ms"] = freeze[phase] * 1000
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=drive)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent (the builder).
out["rss_mb"] = next(int(line.split()[1]) for line in open("/proc/self/status")
                     if line.startswith("VmHWM:")) / 1024
print(json.dumps(out))
"""

# The floor: a Textual app composing the home screen's widgets, timed the same way.
BARE_HOME = r"""
import time
t0 = time.perf_counter()
import asyncio, json
from textual.app import App
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static

class Bare(App):
    def compose(self):
        yield Header()
        with Vertical():
            yield Static("Dossiers du guichet")
            with Horizontal():
                yield Label("Rechercher :")
                yield Input(compact=True)
                yield Select([("Tous", 1)], value=1, allow_blank=False, compact=True)
                yield Select([("Tous", 1)], value=1, allow_blank=False, compact=True)
            yield Static("")
            yield DataTable()
        yield Footer()

    def on_mount(self):
        self.query_one(DataTable).focus()

app = Bare()
out = {}

async def drive(pilot):
    while not isinstance(app.focused, DataTable):
        await asyncio.sleep(0.0005)
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()
    out["home_ms"] = (time.perf_counter() - t0) * 1000
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=drive)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent (the builder).
out["rss_mb"] = next(int(line.split()[1]) for line in open("/proc/self/status")
                     if line.startswith("VmHWM:")) / 1024
print(json.dumps(out))
"""

# The same kinds and number of widgets as the largest step, in a bare Textual app:
# what one Tab costs without anef-tui.
BARE_STEP = r"""
import asyncio, json, sys, time
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (Button, Checkbox, Footer, Header, Input, RadioButton,
                             RadioSet, Select, Static)

kinds = json.loads(sys.argv[1])

class Bare(App):
    # As a step is laid out: a scrolling page of fields of their own height, the
    # buttons below it (the default 1fr of Vertical/Horizontal squeezed the page to
    # nothing: no field was drawn, nor scrolled to).
    CSS = ".field { height: auto; margin: 0 0 1 0; } #nav { height: auto; }"

    def compose(self):
        yield Header()
        with VerticalScroll():
            for i, kind in enumerate(kinds):
                with Vertical(classes="field"):
                    yield Static(f"Libellé {i}")
                    if kind == "radio":
                        yield RadioSet(RadioButton("Oui"), RadioButton("Non"))
                    elif kind == "select":
                        yield Select([("A", 1), ("B", 2)])
                    elif kind == "checkbox":
                        yield Checkbox("Case")
                    elif kind == "button":
                        yield Button("Bouton")
                    else:
                        yield Input()
                    yield Static("")
        with Horizontal(id="nav"):
            for label in ("Précédent", "Abandonner", "Quitter", "Enregistrer"):
                yield Button(label)
        yield Footer()

app = Bare()
out = {}
#FRAMES#

async def drive(pilot):
    await pilot.pause()
    times = []
    for _ in range(40):
        before = app.focused
        times.append(await key_to_frame("tab", lambda s, f, v: f is not before and v))
        await pilot.pause()
    out["tab_ms"] = times
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=drive)
print(json.dumps(out))
"""


DRIVER = DRIVER.replace("#FRAMES#", FRAMES).replace("#WAITS#", WAITS)
BARE_STEP = BARE_STEP.replace("#FRAMES#", FRAMES)


def _child(code: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                            text=True, cwd=ROOT, env=env)
    if result.returncode != 0:
        raise SystemExit(f"le processus de mesure a échoué :\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def step_widget_kinds(bench_data_dir: Path) -> list[str]:
    """The focusable widgets of the BPI first step, by kind, for the bare twin."""
    from anef_tui.catalog.loader import load_catalog

    step = load_catalog()["bpi_renouvellement"].steps[0]
    kinds = []
    for section in step.sections:
        for f in section.fields:
            kinds.append({"choice": "radio", "boolean": "radio", "country": "select",
                          "select": "select"}.get(f.type, "input"))
        kinds += ["checkbox"] * len(section.attestations)
        kinds += ["button"] * len(section.documents)
    return kinds


def queries(info: dict[str, Any], rng: random.Random) -> list[str]:
    """20 searches a counter types: names, fragments, numbers, dossier numbers."""
    qs = ["NGUYEN", "de la font", "o'brien", "diallo fatou", "Traore", "müller", "ka",
          "benali amina", "zz", "ivanova irina"]
    if info["numbers"]:
        qs += [info["numbers"][3], info["numbers"][7][:6], info["numbers"][11][:4]]
    if info["demandes"]:
        qs += [info["demandes"][5], info["demandes"][9][:12]]
    n = info["n"]
    qs += [f"{rng.randrange(1, n + 1):06d}", str(rng.randrange(1, n + 1)), "42", "000042",
           "7502"]
    return (qs + ["amina"] * 20)[:20]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="nombre de dossiers")
    parser.add_argument("--runs", type=int, default=3, help="mesures de chaque (défaut 3)")
    parser.add_argument("--keep", type=Path, help="garder la base construite dans ce dossier")
    args = parser.parse_args()

    import textual

    print(f"machine : {os.cpu_count()} cœur(s), Python {platform.python_version()}, "
          f"Textual {textual.__version__}, charge {os.getloadavg()[0]:.1f}")
    tmp = tempfile.TemporaryDirectory(prefix="anef-scale-")
    base = args.keep or Path(tmp.name)
    data, empty = base / "data", base / "empty"
    t = time.perf_counter()
    if (data / "bench.json").exists():
        info = json.loads((data / "bench.json").read_text())
    else:
        info = build(data, args.n)
        (data / "bench.json").write_text(json.dumps(info))
    db_mb = (data / "anef.sqlite3").stat().st_size / 1e6
    print(f"base construite      : {args.n} dossiers, {db_mb:.0f} Mo, "
          f"{time.perf_counter() - t:.0f} s")
    qs = queries(info, random.Random(3))
    kinds = json.dumps(step_widget_kinds(data))

    homes, empties, bares, runs = [], [], [], []
    shutil_rm(empty)  # created by run 0, then reopened: an empty base in use, not a new one
    for i in range(args.runs + 1):
        bare = _child(BARE_HOME)
        empty_run = _child(DRIVER, str(empty), "[]", "0", "home")
        full = _child(DRIVER, str(data), json.dumps(qs), str(info["bench_id"]), "all")
        if i:  # run 0 warms the .pyc and file caches
            bares.append(bare["home_ms"])
            empties.append(empty_run["home_ms"])
            homes.append(full["home_ms"])
            runs.append(full)
    bare_step = _child(BARE_STEP, kinds)

    def med(key: str) -> float:
        values = [v for r in runs for v in (r[key] if isinstance(r[key], list) else [r[key]])]
        return statistics.median(values)

    def worst_of(key: str) -> float:
        return max(v for r in runs for v in r[key])

    home_ms, empty_ms, bare_ms = (statistics.median(x) for x in (homes, empties, bares))
    search = med("search_ms")
    worst_search = max(v for r in runs for v in r["search_ms"])
    freeze = max(r["max_freeze_ms"] for r in runs)
    rss = max(r["rss_mb"] for r in runs)
    tab, bare_tab = med("tab_ms"), statistics.median(bare_step["tab_ms"])
    print(f"accueil, app Textual nue          : {bare_ms:6.0f} ms")
    print(f"accueil, base vide (référence)    : {empty_ms:6.0f} ms")
    print(f"accueil, {args.n} dossiers : {home_ms:6.0f} ms  "
          f"({home_ms / empty_ms:.2f}× la base vide ; objectif ≤ 1,2×)")
    print(f"lignes lues à l'accueil           : {runs[-1]['rows_loaded']} "
          f"(sur {args.n})")
    print(f"recherche (médiane, 20 requêtes)  : {search:6.1f} ms  (pire {worst_search:.0f} ms ; "
          f"processeur {med('search_cpu_ms'):.1f} ms)")
    print(f"retour à l'accueil                : {med('return_ms'):6.1f} ms  "
          f"(jusqu'à l'app au repos, écran de l'étape retiré : "
          f"{med('return_idle_ms'):.0f} ms)")
    print(f"étape suivante après ctrl+s       : {med('step_ms'):6.1f} ms  "
          f"(première visite, écran construit ; pire {worst_of('step_ms'):.0f} ms ; "
          f"revenue : {med('step_again_ms'):.0f} ms)")
    print(f"plus grande étape par ctrl+r      : {med('back_first_ms'):6.1f} ms  "
          f"(première visite ; pire {worst_of('back_first_ms'):.0f} ms ; "
          f"revenue : {med('back_ms'):.0f} ms, pire {worst_of('back_ms'):.0f} ms)")
    print(f"Tab dans la plus grande étape     : {tab:6.1f} ms  (app nue, mêmes widgets : "
          f"{bare_tab:.1f} ms, {tab / bare_tab:.2f}×)")
    def worst(key: str) -> float:
        return max(r[key] for r in runs)

    print(f"plus long gel de l'interface      : {freeze:6.0f} ms  (accueil, premières pages : "
          f"{worst('home_freeze_ms'):.0f} ms ; recherches : {worst('search_freeze_ms'):.0f} ms"
          f" ; étapes : {worst('step_freeze_ms'):.0f} ms"
          f" ; retour, écran de l'étape retiré : {worst('return_freeze_ms'):.0f} ms"
          f" ; collecte au repos après le retour : {worst('collect_freeze_ms'):.0f} ms)")
    print(f"mémoire (pic RSS)                 : {rss:6.0f} Mo  "
          f"(app nue : {max(_child(BARE_HOME)['rss_mb'], 0):.0f} Mo)")
    print(f"scale N={args.n} home_ms={home_ms:.0f} search_ms={search:.1f} "
          f"return_ms={med('return_ms'):.1f} max_freeze_ms={freeze:.0f} "
          f"step_ms={med('step_ms'):.0f} rss_mb={rss:.0f}")
    tmp.cleanup()
    return 0


def shutil_rm(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
