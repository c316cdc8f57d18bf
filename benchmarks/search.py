"""The home screen's search alone, at scale: where a search's processor time goes.

Run: .venv/bin/python benchmarks/search.py DIR [--runs R]
     (DIR: a base kept by `benchmarks/scale.py N --keep DIR`, or a COPY of one: the app
     writes to it; the 100 000 of a session: cp -a /work/coord/scale/100k /tmp/s100k)
Prints figures, then one summary line; not a test:

    search N=<n> cpu_ms=<median> worst_cpu_ms=… ui_ms=… worker_ms=… bare_ms=… wall_ms=…

The real app runs headless at 120×40 in a fresh interpreter and types scale.py's 20
searches into the search line back to back, as scale.py does (a search starts when the
last one's rows are drawn: what the last one left to do, a footer to change, is counted
in the next), then the empty line; R rounds after one uncounted. For each search:

- cpu_ms: the process's CPU (time.process_time: the interface's thread and the read's
  worker thread) from the text set to the frame drawn with the rows; split into ui_ms
  (the interface's thread, time.thread_time) and worker_ms (the read of the page and its
  cells in the worker thread);
- wall_ms: the same on the clock (inflated on a shared machine: compare CPU).

The baseline, in the same run: a bare Textual app with the same widgets (Input, a
DataTable 1fr high, Footer) given the same rows (the cells the app showed for each
search, read beforehand), each search a DataTable.clear() and add_row per row, timed
the same way (bare_ms): what Textual's own table costs to show what the home shows, with
no database and no worker. CPU, not wall: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import WAITS, _child, queries  # noqa: E402

APP = r"""
import asyncio, json, sys, time
from anef_tui.app import AnefApp
from anef_tui.config import load_settings

data_dir, queries, rounds = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
app = AnefApp(load_settings(data_dir=data_dir, scan_dir=data_dir, environ={}))
out = {"cpu": [], "ui": [], "worker": [], "wall": [], "rows": []}

#WAITS#

async def drive(pilot):
    from screens.home import HomeScreen
    from textual.widgets import DataTable
    await until(lambda: isinstance(app.screen, HomeScreen) and app.screen.updates_shown)
    await painted()
    await pilot.pause()
    home, worker = app.screen, []
    service = app.service
    home_page = service.home_page
    from screens import home as home_module
    ranked = home_module.ranked_rows

    def timed_page(*args, **kwargs):
        started = time.thread_time()
        page = home_page(*args, **kwargs)
        worker.append(time.thread_time() - started)
        return page

    def timed_rows(*args, **kwargs):
        started = time.thread_time()
        rows = ranked(*args, **kwargs)
        worker[-1] += time.thread_time() - started
        return rows

    service.home_page = timed_page
    home_module.ranked_rows = timed_rows
    search = home.query_one("#search")
    table = home.query_one(DataTable)
    for round_ in range(rounds + 1):  # round 0 warms the caches: not counted
        for q in queries:
            seen = home.updates_shown
            t, c, u = time.perf_counter(), time.process_time(), time.thread_time()
            search.value = q
            await until(lambda: home.updates_shown > seen and not home._loading)
            await painted()
            if round_:
                out["wall"].append((time.perf_counter() - t) * 1000)
                out["cpu"].append((time.process_time() - c) * 1000)
                out["ui"].append((time.thread_time() - u) * 1000)
                out["worker"].append(worker[-1] * 1000)
            elif len(out["rows"]) < len(queries):
                out["rows"].append([[str(c) for c in table.get_row_at(i)]
                                    for i in range(table.row_count)])
    out["labels"] = [str(c.label) for c in table.ordered_columns]
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=drive)
print(json.dumps(out))
"""

BARE = r"""
import asyncio, json, sys, time
from textual.app import App
from textual.widgets import DataTable, Footer, Input

pages, labels, rounds = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
out = {"cpu": []}

class Bare(App):
    CSS = "DataTable { height: 1fr; }"

    def compose(self):
        yield Input()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

app = Bare()

#WAITS#

async def drive(pilot):
    table = app.query_one(DataTable)
    for label in labels:
        table.add_column(label, key=label)
    search = app.query_one(Input)
    await pilot.pause()
    for round_ in range(rounds + 1):
        for i, rows in enumerate(pages):
            c = time.process_time()
            search.value = str(i)
            table.clear()
            for n, row in enumerate(rows):
                table.add_row(*row, key=str(n))
            await painted()
            if round_:
                out["cpu"].append((time.process_time() - c) * 1000)
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=drive)
print(json.dumps(out))
"""
APP, BARE = (driver.replace("#WAITS#", WAITS) for driver in (APP, BARE))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="dossier gardé par scale.py --keep (une copie)")
    parser.add_argument("--runs", type=int, default=3, help="tours comptés (défaut 3)")
    args = parser.parse_args()
    data = args.base / "data"
    info = json.loads((data / "bench.json").read_text())
    qs = [*queries(info, random.Random(3)), ""]
    import textual

    print(f"machine : {os.cpu_count()} cœur(s), Python {platform.python_version()}, "
          f"Textual {textual.__version__}, charge {os.getloadavg()[0]:.1f}")
    app = _child(APP, str(data), json.dumps(qs), str(args.runs))
    bare = _child(BARE, json.dumps(app["rows"]), json.dumps(app["labels"]), str(args.runs))
    med = {key: statistics.median(app[key]) for key in ("cpu", "ui", "worker", "wall")}
    worst = max(app["cpu"])
    bare_ms = statistics.median(bare["cpu"])
    print(f"{'recherche':<24} {'processeur':>10} {'interface':>10} {'lecture':>8} "
          f"{'horloge':>8}  (médianes de {args.runs})")
    for i, q in enumerate(qs):
        def of(key: str, i: int = i) -> float:
            return statistics.median(app[key][i::len(qs)])
        print(f"{q!r:<24} {of('cpu'):8.1f} ms {of('ui'):7.1f} ms {of('worker'):5.1f} ms "
              f"{of('wall'):5.0f} ms")
    print(f"médiane : processeur {med['cpu']:.1f} ms (interface {med['ui']:.1f}, lecture "
          f"{med['worker']:.1f}), pire {worst:.1f} ms, horloge {med['wall']:.0f} ms")
    print(f"référence, DataTable de Textual nue, mêmes lignes : {bare_ms:.1f} ms "
          f"({med['cpu'] / bare_ms:.2f}×)")
    print(f"search N={info.get('n', '?')} cpu_ms={med['cpu']:.1f} worst_cpu_ms={worst:.1f} "
          f"ui_ms={med['ui']:.1f} worker_ms={med['worker']:.1f} bare_ms={bare_ms:.1f} "
          f"wall_ms={med['wall']:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
