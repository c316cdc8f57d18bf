"""The N° de la demande: 19 digits = site prefix (4) + deposit date YYYYMMDD + sequence (7).

The 2D-DOC dictionary only fixes « exactly 19 digits »; the inner structure is the one
seen in the guides (5901 20220426 0000120) and is what this app issues.
"""

from __future__ import annotations

import re
from datetime import date

SEQUENCE_DIGITS = 7
SEQUENCE_MAX = 10**SEQUENCE_DIGITS - 1
_NUMERO = re.compile(r"^\d{19}$")


class NumberingExhausted(Exception):
    pass


def counter_key(prefix: str, day: date) -> str:
    return f"{prefix}{day:%Y%m%d}"


def format_numero(prefix: str, day: date, sequence: int) -> str:
    if not (len(prefix) == 4 and prefix.isdigit()):
        raise ValueError(f"préfixe de site invalide : {prefix!r}")
    if not 1 <= sequence <= SEQUENCE_MAX:
        raise NumberingExhausted(
            f"Plus aucun numéro de demande disponible pour le {day:%d/%m/%Y} "
            f"sur le site {prefix}."
        )
    return f"{counter_key(prefix, day)}{sequence:0{SEQUENCE_DIGITS}d}"


def is_valid_numero(text: str) -> bool:
    return bool(_NUMERO.match(text))
