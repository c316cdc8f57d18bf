"""French display of sizes, dates and file names, shared by messages and the file chooser.

One function per thing shown, so the chooser, the attachment list, the refusals and
``check-files`` always print the same figure for the same file.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

# The guides' « 10 Mo » is what ANEF checks: decimal units, as on the applicant's phone.
KO = 1000
MO = 1000 * 1000


def format_size(size: int) -> str:
    """« 1,3 Mo », « 850 Ko », « 12 octets » (1 Mo = 1 000 000 octets, as ANEF counts).

    Always rounded up: a file of 10 Mo and 1 octet reads « 10,1 Mo », never « 10 Mo »,
    so no file over a limit ever looks like it is within it.
    """
    if size < KO:
        return f"{size} octet" if size <= 1 else f"{size} octets"
    kilos = -(-size // KO)
    if kilos < 1000:
        return f"{kilos} Ko"
    tenths = -(-size // (MO // 10))
    if tenths % 10 == 0:
        return f"{tenths // 10} Mo"
    return f"{tenths // 10},{tenths % 10} Mo"


def format_mtime(timestamp: float) -> str:
    """JJ/MM/AAAA HH:MM in local time, the way the agent reads the scanner's clock."""
    return datetime.fromtimestamp(timestamp).strftime("%d/%m/%Y %H:%M")


def safe_file_name(name: str) -> str:
    """A file name as it may be shown on one line: controls made visible, never obeyed.

    A newline would break the attachment list, a right-to-left override would
    reverse the rest of the line (« fdp.exe » shown as « exe.pdf »). Control
    characters become their visible pictures (␊ for a newline), every other
    control or format character its code point « ⟨U+202E⟩ ». A name with none of them
    is returned unchanged.
    """
    if all(_plain(ch) for ch in name):
        return name
    out: list[str] = []
    for ch in name:
        if _plain(ch):
            out.append(ch)
        elif ord(ch) < 0x20:
            out.append(chr(0x2400 + ord(ch)))
        elif ord(ch) == 0x7F:
            out.append("\u2421")
        else:
            out.append(f"⟨U+{ord(ch):04X}⟩")
    return "".join(out)


def _plain(ch: str) -> bool:
    # Cc controls, Cf format (bidi, zero-width…), Zl/Zp line and paragraph separators,
    # Cs lone surrogates (undecodable bytes of a name), Co private use.
    return unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co")
