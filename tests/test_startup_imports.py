"""The first screen must not wait for the heavy libraries.

PDF, database, image and format libraries load later: the database in the home screen's
worker thread, the others when a step or a document needs them. Importing one of them
from a module that the first screen imports costs the counter every start (see
benchmarks/startup.py). Checked in a fresh interpreter: this test process has long
imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

HEAVY = ("fpdf", "sqlalchemy", "sqlmodel", "PIL", "pypdf", "phonenumbers", "email_validator")

# What runs before the home screen is drawn: the command line, the settings, the app, the
# home screen.
STARTUP_MODULES = ("anef_tui.cli", "anef_tui.config", "anef_tui.app", "screens.home")

# The child records, for the first import of each heavy package, the project frames of the
# import chain, so that a failure names the line to change.
CHILD = textwrap.dedent(
    """
    import importlib, json, sys, traceback

    heavy = set(sys.argv[1].split(","))
    chains = {}

    class Spy:
        def find_spec(self, name, path=None, target=None):
            top = name.partition(".")[0]
            if top in heavy and top not in chains:
                chains[top] = [
                    f"{f.filename}:{f.lineno}: {f.line}"
                    for f in traceback.extract_stack()
                    if "/anef_tui/" in f.filename or "/screens/" in f.filename
                ]
            return None  # let the real finders do the work

    sys.meta_path.insert(0, Spy())
    for module in sys.argv[2].split(","):
        importlib.import_module(module)
    loaded = sorted(m for m in heavy if m in sys.modules)
    print(json.dumps({"loaded": loaded, "chains": chains}))
    """
)


def test_heavy_libraries_are_not_imported_before_the_first_screen() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, ",".join(HEAVY), ",".join(STARTUP_MODULES)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    if report["loaded"]:
        details = "\n".join(
            f"  {name}, importé par :\n    " + "\n    ".join(report["chains"].get(name) or ["?"])
            for name in report["loaded"]
        )
        pytest.fail(
            f"importer {', '.join(STARTUP_MODULES)} charge {', '.join(report['loaded'])}, "
            "qui doivent attendre (import dans la fonction qui s'en sert, ou sous "
            f"TYPE_CHECKING) :\n{details}",
            pytrace=False,
        )


def test_the_check_sees_a_heavy_import() -> None:
    # Guards the guard: a spy that never fires would let every regression through.
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "sqlalchemy", "anef_tui.storage.database"],
        capture_output=True, text=True, check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["loaded"] == ["sqlalchemy"]
    assert any("database.py" in frame for frame in report["chains"]["sqlalchemy"])
