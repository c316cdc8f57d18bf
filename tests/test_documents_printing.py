"""print_pdf: configured command, lp/lpr from PATH, no printer, printer errors."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from anef_tui.documents import printing
from anef_tui.documents.printing import PrintStatus, print_pdf


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "confirmation.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return path


def fake_command(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_configured_command_gets_its_options_and_the_file(tmp_path: Path, pdf: Path) -> None:
    log = tmp_path / "args.txt"
    script = fake_command(tmp_path / "bin", "myprint", f'echo "$@" > "{log}"')
    outcome = print_pdf(pdf, f"{script} -P accueil")
    assert outcome.ok and outcome.status is PrintStatus.SENT
    assert outcome.message == "Document envoyé à l'imprimante"
    assert log.read_text().split() == ["-P", "accueil", str(pdf.resolve())]


def test_lp_is_found_on_path(tmp_path: Path, pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "lp.txt"
    fake_command(tmp_path / "bin", "lp", f'echo "$@" > "{log}"')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    outcome = print_pdf(pdf)
    assert outcome.ok
    assert log.read_text().strip() == str(pdf.resolve())


def test_no_printer_says_where_the_document_is(
    tmp_path: Path, pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    outcome = print_pdf(pdf, None)
    assert outcome.status is PrintStatus.NO_PRINTER
    assert outcome.message == (
        f"Aucune imprimante configurée : le document est ici : {pdf.resolve()}"
    )


def test_printer_error_is_reported(tmp_path: Path, pdf: Path) -> None:
    script = fake_command(
        tmp_path / "bin", "lp", 'echo "lp: The printer or class does not exist." >&2; exit 1'
    )
    outcome = print_pdf(pdf, str(script))
    assert outcome.status is PrintStatus.ERROR
    # Issue 8: CUPS's English is read, never shown (it used to be copied as is).
    assert "l'imprimante configurée n'existe pas sur ce poste" in outcome.message
    assert "The printer" not in outcome.message
    assert str(pdf.resolve()) in outcome.message


# What lp, lpr and CUPS print when they refuse a job (their own words), and what the
# counter reads instead.
CUPS_ERRORS = [
    ("lp: Error - no default destination available.", 1, "aucune imprimante par défaut"),
    ("lpr: Error - The printer or class does not exist.", 1, "n'existe pas sur ce poste"),
    ('lp: Error - Destination "Accueil" is not accepting jobs.', 1,
     "n'accepte pas de documents pour le moment"),
    ("lp: Error - scheduler not responding.", 1, "(CUPS) ne répond pas"),
    ("lpr: Unable to connect to server: Connection refused", 1, "(CUPS) ne répond pas"),
    ("lp: Error - Forbidden", 1, "n'a pas le droit d'imprimer"),
    ("lp: Unsupported document-format \"application/pdf\".", 1,
     "n'accepte pas les documents PDF"),
    ("hpcups[1234]: prnt/hpcups/HPCupsFilter.cpp 551: DEBUG: 0x55d3 bad fd", 4,
     "la commande d'impression a échoué (code 4)"),
    ("", 2, "la commande d'impression a échoué (code 2)"),
]


@pytest.mark.parametrize(("stderr", "code", "reason"), CUPS_ERRORS)
def test_a_refused_job_is_said_in_french_without_the_drivers_words(
    tmp_path: Path, pdf: Path, stderr: str, code: int, reason: str
) -> None:
    script = fake_command(tmp_path / "bin", "lp", f'echo "{stderr}" >&2; exit {code}')
    outcome = print_pdf(pdf, str(script))
    assert outcome.status is PrintStatus.ERROR
    assert outcome.message.startswith("Impression impossible : ")
    assert reason in outcome.message and str(pdf.resolve()) in outcome.message
    shown = outcome.message.replace(str(pdf.resolve()), "")
    for english in ("lp:", "lpr", "Error", "destination", "scheduler", "Forbidden",
                    "format", "DEBUG", "hpcups", "Accueil"):
        assert english not in shown


def test_missing_configured_command_and_missing_file(tmp_path: Path, pdf: Path) -> None:
    outcome = print_pdf(pdf, str(tmp_path / "nope" / "lp"))
    assert outcome.status is PrintStatus.NO_PRINTER
    assert "introuvable" in outcome.message
    missing = print_pdf(tmp_path / "absent.pdf", "lp")
    assert missing.status is PrintStatus.ERROR and "introuvable" in missing.message


def test_timeout_is_reported(pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(argv: list[str], **kwargs: object) -> None:
        raise subprocess.TimeoutExpired(argv, kwargs["timeout"])  # type: ignore[arg-type]

    monkeypatch.setattr(printing.subprocess, "run", hang)
    outcome = print_pdf(pdf, "lp", timeout=7)
    assert outcome.status is PrintStatus.ERROR
    assert "délai de 7 s dépassé" in outcome.message


def test_find_print_command_prefers_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", os.devnull)
    assert printing.find_print_command("lpr -P 'Salle 2'") == ["lpr", "-P", "Salle 2"]
    assert printing.find_print_command("  ") is None
