"""What a failure becomes for the counter: a French message, and for the unexpected ones
a private crash report that holds no applicant data.

The screens' guard (screens.guard) sends every exception of an action or a worker here.
The domain's own errors carry a French message written to be shown (it says what to do
and names no applicant); a file error is described by its kind (disk full, access
refused…), never by its text, which holds paths and file names. Anything else is a bug:
the counter reads a short message with the report's path, and the report holds the
exception's type and where it was raised (file, line, function) — not its message, not
the values of the variables, which is where names, addresses and numbers would be.
"""

from __future__ import annotations

import os
import platform
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from anef_tui import __version__
from anef_tui.attachments.errors import IngestError
from anef_tui.clock import system_clock
from anef_tui.config import ensure_private_dir
from anef_tui.errors import DepositRefused, StorageError
from anef_tui.oserrors import os_reason

REPORTS_DIR = "rapports"

# Errors whose message is French, written to be shown, and free of applicant data.
SHOWN_AS_IS: tuple[type[BaseException], ...] = (StorageError, IngestError, DepositRefused)


@dataclass(frozen=True)
class Failure:
    message: str  # French, for the screen
    report: Path | None = None  # the crash report, for an unexpected failure


def os_message(exc: OSError) -> str:
    # The reason only: the system's text is English and names paths and file names.
    return (f"Lecture ou écriture d'un fichier impossible : {os_reason(exc)}. Corrigez la "
            "cause (place sur le disque, droits du dossier) puis recommencez l'action.")


def describe_failure(exc: BaseException, data_dir: Path, *,
                     when: datetime | None = None) -> Failure:
    """The message for `exc`; for a bug, also the crash report written under data_dir."""
    if isinstance(exc, SHOWN_AS_IS):
        return Failure(str(exc))
    if isinstance(exc, OSError):
        return Failure(os_message(exc))
    try:
        report = write_crash_report(exc, data_dir, when=when)
    except OSError:
        return Failure("Erreur inattendue : l'action n'a pas abouti ; ce qui était déjà "
                       "validé reste enregistré. Le rapport d'erreur n'a pas pu être écrit.")
    return Failure(
        "Erreur inattendue : l'action n'a pas abouti ; ce qui était déjà validé reste "
        f"enregistré. Rapport d'erreur (sans données personnelles) : {report}",
        report,
    )


def crash_report(exc: BaseException, when: datetime) -> str:
    """The text of a report: versions, then each exception of the chain by type and frames.

    No str(exc): a driver's message quotes the values it was given, a ValueError the
    value it refused. No locals. The source line is not copied either: the file and the
    line number find it.
    """
    lines = [
        "anef-tui — rapport d'erreur inattendue",
        f"date : {when.isoformat(timespec='seconds')}",
        f"version : anef-tui {__version__}, Python {platform.python_version()}, "
        f"{platform.system()}",
        "Ce rapport ne contient ni les messages des erreurs ni les valeurs saisies.",
        "",
    ]
    seen: set[int] = set()
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    for depth, error in enumerate(reversed(chain)):
        kind = type(error)
        if depth:
            lines += ["", "… puis, en traitant cette erreur :"]
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(error.__traceback__):
            lines.append(f"  {_short(frame.filename)}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def _short(filename: str) -> str:
    # The project's files by their place in the project; libraries by package path.
    parts = Path(filename).parts
    for anchor in ("anef_tui", "screens", "site-packages"):
        if anchor in parts:
            i = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[i + (anchor == "site-packages"):])
    return Path(filename).name


def write_crash_report(exc: BaseException, data_dir: Path, *,
                       when: datetime | None = None) -> Path:
    """Write the report, private to this account (0600 in a 0700 folder)."""
    when = when or system_clock()
    folder = ensure_private_dir(data_dir / REPORTS_DIR)
    path = folder / f"erreur-{when:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"erreur-{when:%Y%m%d-%H%M%S}-{os.getpid()}-{n}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(crash_report(exc, when))
    return path


__all__ = ["Failure", "crash_report", "describe_failure", "os_message", "write_crash_report"]
