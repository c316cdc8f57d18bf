"""What handing keys on in their turn (screens/keys.py) costs, against Textual's own way.

Run: .venv/bin/python benchmarks/typeahead.py [--runs N]
Prints figures; not a test. One headless app at 80×24 on step 1 of a BPI renouvellement
(« Informations personnelles »). Each burst is posted at once, as a terminal sends keys
typed ahead, and the process's CPU time (time.process_time) is taken from the first key
posted to the app at rest with every key handled (frames included). The same bursts
run, in alternation, with the keys handed on in turn (ours) and with Textual's own key
path (the app's TypeAhead bypassed: every key forwarded to the focus of the moment it is
read) — the baseline, in the same run and the same app:

- texte: 200 characters into « Adresse » (an Input: each character goes on at once);
- tabs: 12 × (« 12 » Tab Shift+Tab) on « Adresse » (each Tab waits for the one before;
  the screen is drawn as the focus moves, where Textual's way drew the end only);
- paced: 4 × (« 12 » Tab Shift+Tab), each key posted once the one before is handled and
  the app at rest (a typist who does not type ahead): the hand-off's own cost.

Textual's way puts the Tab bursts' characters in the wrong fields (the fault fixed):
only its cost is compared. Last line:
`typeahead text_ms=… vs_textual=…× tabs_ms=… vs_textual=…× paced_ms=… vs_textual=…×`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

TEXT = ("20 rue de la Paix, Résidence « Les Tilleuls », bâtiment C, escalier 4, "
        "appartement 12, chez M. et Mme Nguyễn-Łukasiewicz, 59000 Lille, France ; "
        "entrée par la cour, deuxième porte à gauche après le local à vélos.")[:200]


def keys_of(parts: list[str]) -> list[Any]:
    from textual import events

    out = []
    for part in parts:
        if part in ("tab", "shift+tab"):
            out.append(events.Key(part, "\t" if part == "tab" else None))
        else:
            out += [events.Key("space" if c == " " else c, c) for c in part]
    return out


async def measure(app: Any, pilot: Any, keys: list[Any], done: Any) -> float:
    from pilot import settle

    await settle(pilot)
    start = time.process_time()
    for key in keys:
        key.set_sender(app)
        app.post_message(key)
    for _ in range(100_000):
        if done() and app.keys.settled:
            break
        await asyncio.sleep(0.0005)
    await settle(pilot)
    return (time.process_time() - start) * 1000


async def measure_paced(app: Any, pilot: Any, keys: list[Any]) -> float:
    """Typing at a human pace: each key once the one before is handled and drawn."""
    from pilot import settle

    await settle(pilot)
    start = time.process_time()
    for key in keys:
        key.set_sender(app)
        app.post_message(key)
        await settle(pilot)
    return (time.process_time() - start) * 1000


async def run(runs: int) -> dict[str, dict[str, list[float]]]:
    import casebuilder
    from a11y_cases import case_at, resume
    from pilot import make_settings, new_app, settle, whole
    from textual.widgets import Input

    figures: dict[str, dict[str, list[float]]] = {
        "texte": {"ours": [], "textual": []}, "tabs": {"ours": [], "textual": []},
        "pas": {"ours": [], "textual": []}}
    with tempfile.TemporaryDirectory() as tmp:
        settings = make_settings(Path(tmp))
        case_at(settings, casebuilder.bpi(), "informations_personnelles")
        app = new_app(settings)
        async with app.run_test(size=(80, 24)) as pilot:
            await resume(pilot, "StepScreen")
            await whole(pilot)
            field = app.screen.query_one("#f-adresse-control", Input)
            ours = app.keys.takes
            for _ in range(runs):
                for way in ("ours", "textual"):
                    app.keys.takes = ours if way == "ours" else (lambda event: False)
                    app.screen.set_focus(field)
                    field.value = ""
                    figures["texte"][way].append(await measure(
                        app, pilot, keys_of([TEXT]), lambda: len(field.value) == len(TEXT)))
                    app.screen.set_focus(field)
                    field.value = ""
                    tabs = keys_of(["12", "tab", "shift+tab"] * 12)
                    figures["tabs"][way].append(await measure(
                        app, pilot, tabs, lambda: app.focused is field))
                    app.screen.set_focus(field)
                    field.value = ""
                    figures["pas"][way].append(await measure_paced(
                        app, pilot, keys_of(["12", "tab", "shift+tab"] * 4)))
                    await settle(pilot)
            app.keys.takes = ours
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="mesures de chaque (défaut 7)")
    args = parser.parse_args()
    figures = asyncio.run(run(args.runs))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"typeahead : {platform.python_implementation()} {platform.python_version()}, "
          f"charge {load:.1f}, médianes de {args.runs}, temps processeur")
    summary = []
    for name, label in (("texte", "200 caractères d'un coup dans « Adresse »"),
                        ("tabs", "12 × « 12 ⇥ ⇧⇥ » d'un coup"),
                        ("pas", "4 × « 12 ⇥ ⇧⇥ » touche après touche")):
        ours = statistics.median(figures[name]["ours"])
        textual = statistics.median(figures[name]["textual"])
        print(f"{label:38s}: {ours:7.1f} ms  (Textual seul : {textual:.1f} ms, "
              f"{ours / textual:.2f}×)")
        key = {"texte": "text", "tabs": "tabs", "pas": "paced"}[name]
        summary.append(f"{key}_ms={ours:.1f} vs_textual={ours / textual:.2f}×")
    print("typeahead " + " ".join(summary))


if __name__ == "__main__":
    main()
