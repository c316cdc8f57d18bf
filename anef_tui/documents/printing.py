"""Send a PDF to the printer with the system's lp/lpr.

Called from a worker thread by the screens: it never touches the UI, never
raises for an expected failure (no printer, printer error, timeout) and always
returns a French message the screen can show as is. What lp, lpr or CUPS print on
their error output is in English (or in the driver's words, with queue names and job
details): it is read to choose the French reason, never shown.
"""

from __future__ import annotations

import re
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


# What lp / lpr / CUPS say when they refuse a job, and the reason the counter reads
# (first match wins). Their messages: cups/systemv/lp.c, cups/berkeley/lpr.c, libcups.
PRINTER_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reason) for pattern, reason in (
        (r"no default destination", "aucune imprimante par défaut n'est choisie sur ce poste"),
        (r"printer or class does not exist|unknown destination|not found|"
         r"does not exist", "l'imprimante configurée n'existe pas sur ce poste"),
        (r"not accepting jobs|disabled|paused|stopped",
         "l'imprimante n'accepte pas de documents pour le moment"),
        (r"scheduler not responding|unable to connect|connection refused|"
         r"server-error-service-unavailable|cups.*not running",
         "le service d'impression (CUPS) ne répond pas"),
        (r"forbidden|unauthori[sz]ed|not authori[sz]ed|permission denied|not allowed",
         "ce compte n'a pas le droit d'imprimer"),
        (r"unsupported (document-)?format|document-format-not-supported",
         "l'imprimante n'accepte pas les documents PDF"),
        (r"quota", "la limite d'impression de ce compte est atteinte"),
    )
)


def printer_reason(output: str, returncode: int) -> str:
    """Why the print command refused the job, in French, from what it printed."""
    for pattern, reason in PRINTER_REASONS:
        if pattern.search(output):
            return reason
    return f"la commande d'impression a échoué (code {returncode})"


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
        reason = printer_reason(f"{result.stderr}\n{result.stdout}", result.returncode)
        return PrintOutcome(
            PrintStatus.ERROR,
            f"Impression impossible : {reason}. Le document est ici : {pdf}",
            tuple(argv),
        )
    return PrintOutcome(PrintStatus.SENT, "Document envoyé à l'imprimante", tuple(argv))
