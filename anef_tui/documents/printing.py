"""Send a PDF to the printer with the system's lp/lpr.

Called from a worker thread by the screens: it never touches the UI, never
raises for an expected failure (no printer, printer error, timeout) and always
returns a French message the screen can show as is.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from anef_tui.oserrors import os_reason

DEFAULT_TIMEOUT = 30.0


class PrintStatus(StrEnum):
    SENT = "sent"
    NO_PRINTER = "no_printer"
    ERROR = "error"


@dataclass(frozen=True)
class PrintOutcome:
    status: PrintStatus
    message: str
    command: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status is PrintStatus.SENT


def find_print_command(command: str | None = None) -> list[str] | None:
    """The configured command, or ``lp`` then ``lpr`` from PATH, or None."""
    if command and command.strip():
        return shlex.split(command)
    for name in ("lp", "lpr"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def print_pdf(
    path: Path | str, command: str | None = None, *, timeout: float = DEFAULT_TIMEOUT
) -> PrintOutcome:
    """Print ``path`` with ``command`` (e.g. "lp" or "lpr -P accueil") or lp/lpr."""
    pdf = Path(path).resolve()
    if not pdf.is_file():
        return PrintOutcome(PrintStatus.ERROR, f"Document introuvable : {pdf}")
    argv = find_print_command(command)
    if argv is None:
        return PrintOutcome(
            PrintStatus.NO_PRINTER,
            f"Aucune imprimante configurée : le document est ici : {pdf}",
        )
    argv = [*argv, str(pdf)]
    try:
        # No shell: the path and the configured options are passed as arguments.
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    except FileNotFoundError:
        return PrintOutcome(
            PrintStatus.NO_PRINTER,
            f"Commande d'impression introuvable ({argv[0]}) : le document est ici : {pdf}",
            tuple(argv),
        )
    except subprocess.TimeoutExpired:
        return PrintOutcome(
            PrintStatus.ERROR,
            f"L'imprimante ne répond pas (délai de {timeout:g} s dépassé) : "
            f"le document est ici : {pdf}",
            tuple(argv),
        )
    except OSError as exc:
        return PrintOutcome(
            PrintStatus.ERROR,
            f"Erreur d'impression ({os_reason(exc)}) ; le document est ici : {pdf}",
            tuple(argv),
        )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip() or f"code {result.returncode}"
        return PrintOutcome(
            PrintStatus.ERROR,
            f"Erreur de l'imprimante : {detail} ; le document est ici : {pdf}",
            tuple(argv),
        )
    return PrintOutcome(PrintStatus.SENT, "Document envoyé à l'imprimante", tuple(argv))
