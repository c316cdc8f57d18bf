"""What one field of a step costs to show, by kind, against the same field in bare Textual.

Run: .venv/bin/python benchmarks/fields.py [--runs N]
Prints figures; not a test. In one headless app with the application's CSS, N fields of
one kind are mounted at once into a scrolling page, and the CPU time (time.process_time)
is taken until the next frame is composed; the empty mount is subtracted and the rest
divided by N. The kinds alternate, run after run, with their bare twins, and the medians
are compared:

- ours: screens.fields.FieldInput (label in the top edge, the control, its help; no
  error line until an error; a read-only answer as one widget);
- bare: what a Textual form writes without thought: a Vertical holding a Label, the
  control (Input, RadioSet of RadioButtons, Checkbox) and an empty Static for the error;
  a read-only answer as a Horizontal of two Statics.

CPU time, not wall: the machine may be shared. Why a field costs what it costs (each
widget, each container level, a RadioSet's scrolling container and one widget an option):
/work/coord/reports/lab.md of the session that wrote this.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Static

import screens
from anef_tui.catalog.models import FieldDef, Option
from screens.fields import FieldInput

N = 20
OPTIONS = [Option(value=f"v{i}", label=f"Choix numéro {i}") for i in range(5)]


def _bare(control: Callable[[], Widget], i: int) -> Widget:
    return Vertical(Label(f"Libellé {i} *"), control(), Static(""), classes="bare-field")


KINDS: dict[str, tuple[Callable[[int], Widget], Callable[[int], Widget]]] = {
    "ligne": (
        lambda i: FieldInput(FieldDef(id=f"t{i}", label=f"Libellé {i}", type="text",
                                      required=True), "valeur"),
        lambda i: _bare(lambda: Input(value="valeur"), i)),
    "oui/non": (
        lambda i: FieldInput(FieldDef(id=f"y{i}", label=f"Question {i} ?", type="yesno",
                                      required=True), True),
        lambda i: _bare(lambda: RadioSet(RadioButton("Oui", value=True),
                                         RadioButton("Non")), i)),
    "choix (5)": (
        lambda i: FieldInput(FieldDef(id=f"c{i}", label=f"Choix {i}", type="choice",
                                      options=OPTIONS), "v1"),
        lambda i: _bare(lambda: RadioSet(*[RadioButton(o.label, value=o.value == "v1")
                                           for o in OPTIONS]), i)),
    "case": (
        lambda i: FieldInput(FieldDef(id=f"k{i}", label=f"Case {i}", type="checkbox"),
                             False),
        lambda i: Vertical(Checkbox(f"Case {i}"), Static(""), classes="bare-field")),
    "lecture seule": (
        lambda i: FieldInput(FieldDef(id=f"r{i}", label=f"Nom {i}", type="name",
                                      identity=True), "Nguyễn", readonly=True),
        lambda i: Horizontal(Static(f"Nom {i}", classes="k"), Static("Nguyễn"),
                             classes="bare-field")),
}


SUMMARY = {"ligne": "line", "oui/non": "yesno", "choix (5)": "choice5", "case": "checkbox",
           "lecture seule": "readonly"}


class Bench(App[None]):
    CSS_PATH = str(Path(screens.__file__).parent / "app.tcss")
    CSS = """
    .bare-field { height: auto; margin: 0 0 1 0; }
    .bare-field .k { width: 34; }
    """


async def _frame(app: App[None]) -> None:
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


async def _measure(app: App[None], page: VerticalScroll,
                   make: Callable[[int], Widget] | None) -> float:
    widgets = [make(i) for i in range(N)] if make else []
    t = time.process_time()
    await page.mount_all(widgets)
    await _frame(app)
    cpu = (time.process_time() - t) * 1000
    await page.remove_children()
    await _frame(app)
    await asyncio.sleep(0.02)
    return cpu


async def run(runs: int) -> dict[str, tuple[float, float]]:
    app = Bench()
    out: dict[str, tuple[float, float]] = {}
    async with app.run_test(size=(120, 40)):
        page = VerticalScroll(classes="page")
        await app.screen.mount(page)
        await _frame(app)
        samples: dict[str, list[list[float]]] = {k: [[], []] for k in KINDS}
        bases: list[float] = []
        for _ in range(runs):
            bases.append(await _measure(app, page, None))
            for name, (ours, bare) in KINDS.items():
                samples[name][0].append(await _measure(app, page, ours))
                samples[name][1].append(await _measure(app, page, bare))
        base = statistics.median(bases)
        for name, (ours_ms, bare_ms) in samples.items():
            out[name] = ((statistics.median(ours_ms) - base) / N,
                         (statistics.median(bare_ms) - base) / N)
        app.exit()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="mesures de chaque (défaut 7)")
    args = parser.parse_args()
    import textual

    print(f"machine : {os.cpu_count()} cœur(s), Python {platform.python_version()}, "
          f"Textual {textual.__version__}, charge {os.getloadavg()[0]:.1f}")
    figures = asyncio.run(run(args.runs))
    print(f"temps processeur par champ monté ({N} à la fois, médiane de {args.runs}) :")
    for name, (ours, bare) in figures.items():
        print(f"  {name:14s} : {ours:5.2f} ms  (Textual nu : {bare:5.2f} ms, "
              f"{ours / bare:.2f}×)")
    total_ours = sum(o for o, _ in figures.values())
    total_bare = sum(b for _, b in figures.values())
    print("fields " + " ".join(f"{SUMMARY[name]}_ms={ours:.2f}"
                               for name, (ours, _) in figures.items())
          + f" vs_bare={total_ours / total_bare:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
