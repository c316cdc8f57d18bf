"""Lines in, lines out: the questions, the commands every question understands, errors.

Every line written is flushed at once (a screen reader speaks what has arrived); nothing
but printable text is written: no escape sequence, no colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

HELP = "?"
BACK = "<"
LEAVE = ("!q", "!quitter")
ABANDON = "!abandon"

COMMANDS_HELP = (
    "Commandes : « ? » aide sur la question ; « < » question précédente ; "
    "« !q » quitter et reprendre plus tard (dossier gardé à sa dernière étape validée) ; "
    "« !abandon » abandonner la demande. Une ligne vide garde la valeur actuelle."
)


class EndOfInput(Exception):  # noqa: N818 - a signal, not an error
    """Standard input is closed: nothing more will be answered."""


class Back(Exception):  # noqa: N818
    """« < »: back to the previous question."""


class Leave(Exception):  # noqa: N818
    """« !q »: quit, the dossier stays at its last validated step."""


class Abandon(Exception):  # noqa: N818
    """« !abandon »: abandon the request (asked to confirm)."""


class CaseClosed(Exception):  # noqa: N818
    """The dossier is closed (deposited, abandoned, left): back to the home menu."""


def _printable(text: str) -> str:
    # Whatever a value holds, no control character reaches the terminal.
    return "".join(c if c.isprintable() or c == "\n" else " " for c in text)


class Console:
    def __init__(self, inp: TextIO, out: TextIO, *, echo: bool | None = None) -> None:
        self.inp = inp
        self.out = out
        # Answers piped from a script are not echoed by a terminal: written back after
        # their question, the transcript reads as the session it was.
        self.echo = not _is_tty(inp) if echo is None else echo
        # After the deposit nothing can be abandoned: « !abandon » is refused, not raised.
        self.abandon_allowed = True

    def say(self, text: str = "") -> None:
        self.out.write(_printable(text) + "\n")
        self.out.flush()

    def error(self, message: str) -> None:
        self.say(f"Erreur : {message}")

    def heading(self, text: str) -> None:
        self.say()
        self.say(f"== {text} ==")

    def read(self, prompt: str, help_text: str | None = None) -> str:
        """One answer; the commands are raised (Back, Leave, Abandon), « ? » answered."""
        while True:
            self.out.write(_printable(prompt))
            self.out.flush()
            line = self.inp.readline()
            if not line:
                self.say()
                raise EndOfInput
            answer = line.rstrip("\r\n")
            if self.echo:
                self.say(answer)
            word = answer.strip().lower()
            if word == HELP:
                if help_text:
                    self.say(help_text)
                self.say(COMMANDS_HELP)
                continue
            if word == BACK:
                raise Back
            if word in LEAVE:
                raise Leave
            if word == ABANDON:
                if self.abandon_allowed:
                    raise Abandon
                self.error("une demande déposée ne peut plus être abandonnée.")
                continue
            return answer

    def choose(self, question: str, labels: Sequence[str], help_text: str | None = None,
               current: int | None = None) -> int:
        """A numbered list; the number (or the exact label) of the answer chosen."""
        self.say(question)
        for i, label in enumerate(labels, start=1):
            self.say(f"  {i}. {label}")
        suffix = f" [actuel : {current + 1}]" if current is not None else ""
        while True:
            answer = self.read(f"Votre choix (1 à {len(labels)}){suffix} : ", help_text).strip()
            if not answer and current is not None:
                return current
            picked = pick(answer, labels)
            if picked is not None:
                return picked
            self.error(f"tapez un numéro entre 1 et {len(labels)}.")

    def yes_no(self, question: str, help_text: str | None = None,
               current: bool | None = None) -> bool:
        while True:
            suffix = ""
            if current is not None:
                suffix = f" [actuel : {'oui' if current else 'non'}]"
            answer = self.read(f"{question} (o/n){suffix} : ", help_text).strip().lower()
            if not answer and current is not None:
                return current
            if answer in ("o", "oui", "1"):
                return True
            if answer in ("n", "non", "2"):
                return False
            self.error("répondez « o » (oui) ou « n » (non).")


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def pick(answer: str, labels: Sequence[str]) -> int | None:
    if answer.isdigit() and 1 <= int(answer) <= len(labels):
        return int(answer) - 1
    folded = answer.strip().casefold()
    for i, label in enumerate(labels):
        if folded and label.casefold() == folded:
            return i
    return None
