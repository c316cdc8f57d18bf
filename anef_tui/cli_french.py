"""argparse, in French: usage line, section titles, -h/--version and its error messages.

argparse has no French catalogue installed on a counter machine; the few words it
prints itself are given here, and its error messages are translated by pattern so that
no English reaches the operator.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

_ERRORS = [
    (re.compile(r"^unrecognized arguments: (.*)$"), r"arguments non reconnus : \1"),
    (re.compile(r"^the following arguments are required: (.*)$"),
     r"arguments obligatoires manquants : \1"),
    (re.compile(r"^argument (.+?): invalid choice: (.+?) \(choose from (.*)\)$"),
     r"argument \1 : choix impossible \2 (choix possibles : \3)"),
    (re.compile(r"^argument (.+?): expected one argument$"),
     r"argument \1 : une valeur est attendue"),
    (re.compile(r"^argument (.+?): expected at least one argument$"),
     r"argument \1 : au moins une valeur est attendue"),
    (re.compile(r"^argument (.+?): invalid (.+?) value: (.*)$"),
     r"argument \1 : valeur impossible \3"),
    (re.compile(r"^argument (.+?): ignored explicit argument (.*)$"),
     r"argument \1 : valeur en trop \2"),
    (re.compile(r"^ambiguous option: (.+?) could match (.*)$"),
     r"option ambiguë : \1 peut désigner \2"),
    (re.compile(r"^argument (.+?): not allowed with argument (.*)$"),
     r"argument \1 : impossible avec \2"),
]


def french_error(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class FrenchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are French (sub-commands too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="affiche cette aide puis quitte")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {french_error(message)}\n")
