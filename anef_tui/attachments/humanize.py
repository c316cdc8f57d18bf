"""French display of sizes and dates, shared by messages and the file chooser."""

from __future__ import annotations

import math
from datetime import datetime

KIO = 1024
MIO = 1024 * 1024


def format_size(size: int, *, round_up: bool = False) -> str:
    """« 1,2 Mo », « 850 Ko », « 12 octets » (1 Mo = 1024 × 1024 octets, as ANEF counts).

    ``round_up`` is for refusal messages: 10 Mo + 1 octet must not read « 10 Mo ».
    """
    if size < KIO:
        return f"{size} octet" if size <= 1 else f"{size} octets"
    rounder = math.ceil if round_up else round
    if size < MIO:
        return f"{rounder(size / KIO)} Ko"
    tenths = rounder(size * 10 / MIO)
    if tenths % 10 == 0:
        return f"{tenths // 10} Mo"
    return f"{tenths // 10},{tenths % 10} Mo"


def format_mtime(timestamp: float) -> str:
    """JJ/MM/AAAA HH:MM in local time, the way the agent reads the scanner's clock."""
    return datetime.fromtimestamp(timestamp).strftime("%d/%m/%Y %H:%M")
