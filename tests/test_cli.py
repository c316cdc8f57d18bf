"""The command line, as an operator runs it: `python -m anef_tui …` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from anef_tui.catalog.loader import data_root

PROCEDURE_IDS = (
    "bpi_renouvellement",
    "ase_premiere_demande",
    "ordonnance_protection",
    "conjoint_rf_renouvellement",
    "etranger_malade_renouvellement",
)


def anef(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # A clean environment for the settings: the developer's ANEF_TUI_* must not leak in.
    base = {k: v for k, v in os.environ.items() if not k.startswith("ANEF_TUI_")}
    return subprocess.run(
        [sys.executable, "-m", "anef_tui", *args],
        capture_output=True, text=True, timeout=60, check=False,
        env={**base, **(env or {})},
    )


@pytest.fixture(scope="module")
def reference_definition() -> str:
    return (data_root() / "procedures" / "bpi_renouvellement.yaml").read_text(encoding="utf-8")


def test_help_names_the_commands() -> None:
    done = anef("--help")
    assert done.returncode == 0, done.stderr
    # French from the usage line on: argparse's own words too.
    assert done.stdout.startswith("utilisation : anef-tui")
    for english in ("usage:", "positional arguments", "show this help", "optional arguments",
                    "show program's version"):
        assert english not in done.stdout, english
    assert "affiche cette aide puis quitte" in done.stdout
    assert "--theme" in done.stdout
    assert "check-data" in done.stdout
    assert "--data-dir" in done.stdout


def test_installed_command_runs() -> None:
    # The console script of pyproject's [project.scripts], next to this interpreter.
    script = Path(sys.executable).parent / "anef-tui"
    if not script.exists():
        pytest.skip("anef-tui is not installed next to this interpreter")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "check-data" in done.stdout


def test_check_data_lists_the_five_definitions_and_the_route_tree() -> None:
    done = anef("check-data")
    assert done.returncode == 0, done.stdout + done.stderr
    valid = [line for line in done.stdout.splitlines() if line.startswith("valide")]
    for proc_id in PROCEDURE_IDS:
        assert any(f" {proc_id} — " in line for line in valid), (proc_id, done.stdout)
    assert any("routes.yaml" in line for line in valid), done.stdout
    assert "5 définition(s) valide(s), 0 en erreur." in done.stdout


def test_check_data_accepts_an_intact_copy(tmp_path: Path, reference_definition: str) -> None:
    # The control of the table below: only the breakage makes the copy fail.
    path = tmp_path / "bpi_renouvellement.yaml"
    path.write_text(reference_definition, encoding="utf-8")
    done = anef("check-data", str(path))
    assert done.returncode == 0, done.stdout
    assert "1 définition(s) valide(s), 0 en erreur." in done.stdout


BREAKAGES = [
    pytest.param(
        "when: {field: en_couple, equals: true}",
        "when: {field: champ_inconnu, equals: true}",
        ["steps[0].sections[1].fields[1].when.field", "champ_inconnu"],
        id="condition-on-unknown-field",
    ),
    pytest.param(
        'title: "Demande ou renouvellement d\'un TSE pour usagers BPI"\n',
        "",
        ["title", "champ obligatoire manquant"],
        id="missing-required-key",
    ),
    pytest.param(
        "kind: renouvellement",
        "kind: [renouvellement",
        ["YAML invalide", "ligne 7"],
        id="bad-yaml",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), BREAKAGES)
def test_check_data_names_the_file_and_the_field(
    tmp_path: Path, reference_definition: str, old: str, new: str, expected: list[str]
) -> None:
    assert reference_definition.count(old) == 1, "the reference definition changed: adapt"
    path = tmp_path / "cassé.yaml"
    path.write_text(reference_definition.replace(old, new), encoding="utf-8")
    done = anef("check-data", str(path))
    assert done.returncode != 0, done.stdout
    assert f"ERREUR  {path}" in done.stdout
    problem = next(line for line in done.stdout.splitlines() if line.startswith(f"  {path}:"))
    for text in expected:
        assert text in done.stdout, (text, done.stdout)
    assert expected[0] in problem, problem


@pytest.mark.parametrize(
    ("args", "env", "shown"),
    [
        (["--site-prefix", "12"], {}, "« 12 »"),
        (["--site-prefix", "75O1"], {}, "« 75O1 »"),
        ([], {"ANEF_TUI_SITE_PREFIX": "abcd"}, "« abcd »"),
    ],
    ids=["too-short", "letter", "from-environment"],
)
def test_bad_site_prefix_is_refused_in_french(
    tmp_path: Path, args: list[str], env: dict[str, str], shown: str
) -> None:
    data = tmp_path / "données"
    done = anef("--data-dir", str(data), *args, env=env)
    assert done.returncode == 2
    assert f"Le préfixe de site {shown} doit comporter 4 chiffres" in done.stderr
    assert "Traceback" not in done.stderr
    assert not data.exists(), "nothing is created before the settings are valid"


def test_version() -> None:
    done = anef("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("anef-tui ")


@pytest.mark.parametrize(("args", "expected"), [
    (["--frob"], "anef-tui : erreur : arguments non reconnus : --frob"),
    (["db"], "arguments obligatoires manquants : ACTION"),
    (["--data-dir"], "argument --data-dir : une valeur est attendue"),
    (["check-data", "--help"], "utilisation : anef-tui check-data"),
])
def test_argparse_speaks_french(args: list[str], expected: str) -> None:
    done = anef(*args)
    assert expected in done.stdout + done.stderr
    assert "error:" not in done.stderr and "usage:" not in done.stdout + done.stderr


def test_an_unknown_theme_is_refused_in_french() -> None:
    done = anef("--theme", "bleu", env={"ANEF_TUI_HOME": "/nonexistent-never-created"})
    assert done.returncode == 2
    assert "Le thème « bleu » n'existe pas" in done.stderr
    done = anef(env={"ANEF_TUI_THEME": "fluo", "ANEF_TUI_HOME": "/nonexistent-never-created"})
    assert done.returncode == 2 and "ANEF_TUI_THEME" in done.stderr
