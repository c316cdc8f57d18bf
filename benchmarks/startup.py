"""Time to the first interactive screen of anef-tui, against a bare ``import textual.app``.

Run: .venv/bin/python benchmarks/startup.py [--runs N]
Prints figures; not a test. Each measure is taken in a fresh interpreter (a warm-up run
of each is discarded so that both read compiled .pyc files), the two kinds alternate,
and the medians are compared. The clock starts at the child's first statement, so the
interpreter's own start-up is left out of both sides.

- baseline: ``import textual.app``;
- anef-tui: ``import anef_tui.app``, then ``AnefApp(settings).run(headless=True)`` on a
  fresh data folder, until the home screen is mounted, its case table has the focus and
  the screen has been drawn once (``call_after_refresh``): from then on a key is handled.
  That is the ratio's figure. The database opens in a worker thread meanwhile (the home
  screen's design); it competes for the GIL, so it slows the figure as it does for the
  user. The time until the worker has filled the case list is printed too, for
  information ("N" or Enter before then only says the database is opening).
- for scale, a bare Textual app showing the same widgets (Header, DataTable, Footer),
  timed the same way: no app can start faster than that, whatever it defers.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BASELINE = """
import time
t0 = time.perf_counter()
import textual.app
print(time.perf_counter() - t0)
"""

# The floor: a Textual app with the home screen's widgets and nothing of anef-tui, timed
# the same way. The gap between it and import textual.app is Textual's own start-up.
BARE_APP = """
import time
t0 = time.perf_counter()
import asyncio
from textual.app import App
from textual.widgets import DataTable, Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Dossiers du guichet")
        yield DataTable()
        yield Footer()

app = Bare()
marks = []

async def until_ready(pilot):
    while not isinstance(app.focused, DataTable):
        await asyncio.sleep(0.001)
    painted = asyncio.Event()
    app.call_after_refresh(painted.set)
    await painted.wait()
    marks.append(time.perf_counter() - t0)
    app.exit()

app.run(headless=True, auto_pilot=until_ready)
print(*marks)
"""

APP = """
import time
t0 = time.perf_counter()
import asyncio
import sys
from anef_tui.app import AnefApp
from anef_tui.config import load_settings

app = AnefApp(load_settings(data_dir=sys.argv[1], scan_dir=sys.argv[1]))
marks = []

async def until_ready(pilot):
    from screens.home import HomeScreen
    from textual.widgets import DataTable, Static

    while not (isinstance(app.screen, HomeScreen) and isinstance(app.focused, DataTable)):
        await asyncio.sleep(0.001)
    painted = asyncio.Event()
    app.call_after_refresh(painted.set)  # runs once the home screen has been drawn
    await painted.wait()
    marks.append(time.perf_counter() - t0)
    status = app.screen.query_one("#home-status", Static)
    while str(status.content).startswith("Chargement"):
        await asyncio.sleep(0.001)
    marks.append(time.perf_counter() - t0)
    app.exit()

app.run(headless=True, auto_pilot=until_ready)
print(*marks)
"""


def _child(code: str, *args: str) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True,
    ).stdout
    # The last line is ours, whatever else the child may print.
    return [float(x) for x in out.strip().splitlines()[-1].split()]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measures of each (default 7)")
    args = parser.parse_args()

    import textual

    print(f"machine : {cpu_model()}, {os.cpu_count()} cœur(s), "
          f"Python {platform.python_version()}, Textual {textual.__version__}, "
          f"{platform.system()} {platform.release()}")
    baseline: list[float] = []
    ready: list[float] = []
    loaded: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory(prefix="anef-startup-") as tmp:
        for i in range(args.runs + 1):
            # A fresh data folder each time: the first start (database created) is the
            # slowest one an operator sees.
            (b,) = _child(BASELINE)
            a, c = _child(APP, str(Path(tmp) / f"run{i}"))
            (f,) = _child(BARE_APP)
            if i:  # run 0 warms the .pyc caches and the OS file cache
                baseline.append(b)
                ready.append(a)
                loaded.append(c)
                bare.append(f)

    def line(label: str, values: list[float]) -> str:
        return (f"{label:<40}: médiane {statistics.median(values) * 1000:6.0f} ms  "
                f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})")

    print(f"{args.runs} runs de chaque, en alternance")
    print(line("import textual.app", baseline))
    print(line("app Textual nue, même écran (plancher)", bare))
    print(line("anef-tui : accueil affiché, au clavier", ready))
    print(line("anef-tui : liste des dossiers chargée", loaded))
    ratio = statistics.median(ready) / statistics.median(baseline)
    print(f"{'ratio accueil / import textual.app':<40}: {ratio:.2f}×  (objectif ≤ 2×)")
    floor = statistics.median(bare) / statistics.median(baseline)
    print(f"{'(plancher : app nue / import)':<40}: {floor:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
