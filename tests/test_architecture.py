"""The shape of the code, checked: the import contracts of pyproject.toml hold, they fail
when someone breaks them, and the domain runs without Textual.

The contracts (import-linter): the domain never imports textual or screens; screens
import only anef_tui.service, anef_tui.catalog.models and screens.*; no two sibling
modules import each other (screens open each other through screens.router).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# lint-imports on the tree in the current directory. The editable install's finder would
# answer « anef_tui » and « screens » with the repository's own tree: it is set aside so
# that a copy under test is the one analysed. No cache: another tree's must not answer.
LINT_CHILD = """
import sys
sys.meta_path[:] = [f for f in sys.meta_path
                    if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path.insert(0, ".")
from importlinter.cli import lint_imports
sys.exit(lint_imports(config_filename="pyproject.toml", no_cache=True))
"""


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LINT_CHILD], cwd=cwd, capture_output=True,
                          text=True, check=False)


def _copy_tree(tmp_path: Path) -> Path:
    for name in ("anef_tui", "screens"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "fonts"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_import_contracts_hold() -> None:
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # A screen reaching past the service into the storage.
        ("screens/home.py", "from anef_tui.storage import tables", "screens-through-service"),
        # …or into the documents, even inside a function.
        ("screens/confirmation.py", "def _f():\n    import anef_tui.documents.printing",
         "screens-through-service"),
        # The domain importing Textual.
        ("anef_tui/casefile.py", "import textual.widgets", "domain-without-ui"),
        # A screen opening another by importing it, rather than through the router.
        ("screens/step.py", "from screens.recap import RecapScreen", "screens-independent"),
        # The plain mode reaching past the service, or drawing with Rich (Textual: both).
        ("anef_tui/plain/step.py", "from anef_tui.storage import tables",
         "plain-through-service"),
        ("anef_tui/plain/console.py", "def _f():\n    import rich.text",
         "plain-through-service"),
        # Two modules importing each other.
        ("anef_tui/records.py", "def _f():\n    import anef_tui.storage.repository",
         "no-cycles"),
    ],
)
def test_the_contracts_fail_when_someone_breaks_them(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    tree = _copy_tree(tmp_path)
    target = tree / module
    target.write_text(target.read_text(encoding="utf-8") + "\n\n" + line + "\n",
                      encoding="utf-8")
    done = _lint(tree)
    assert done.returncode != 0, done.stdout
    broken = [ln for ln in done.stdout.splitlines() if " BROKEN" in ln]
    assert len(broken) == 1, done.stdout
    names = {
        "screens-through-service": "Les écrans n'importent",
        "domain-without-ui": "Le domaine n'importe",
        "screens-independent": "Un écran n'en importe pas un autre",
        "no-cycles": "Pas d'import circulaire",
        "plain-through-service": "Le mode texte n'importe",
    }
    assert broken[0].startswith(names[contract]), done.stdout


# Every module of the domain, imported in a fresh interpreter: none may load Textual
# (the app shell anef_tui.app, and the command line that starts it, are the UI's).
DOMAIN_CHILD = """
import importlib, pkgutil, sys
import anef_tui
for info in pkgutil.walk_packages(anef_tui.__path__, "anef_tui."):
    # Alembic's migration scripts run inside Alembic, not as modules of their own.
    if info.name in ("anef_tui.app", "anef_tui.__main__") or ".migrations" in info.name:
        continue
    importlib.import_module(info.name)
print(sorted(m for m in ("textual", "screens") if m in sys.modules))
"""


def test_the_domain_runs_without_textual() -> None:
    done = subprocess.run([sys.executable, "-c", DOMAIN_CHILD], capture_output=True,
                          text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout
