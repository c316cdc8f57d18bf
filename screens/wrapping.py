"""Lines wrap as French is written: a quotation never leaves its guillemets, « : » never
starts a line, « n° » never ends one.

Every text the screens wrap — a Static, a Label, an option, a button, a choice — goes
through one function, Rich's `divide_line` (Textual's Content calls it, Rich's Text too),
which cuts at any white space: at the space inside « Etranger malade », and at a
no-break space too (Python's « \\s » matches it). So « ». Ce titre porte… » could start a
line of the profile list at 80 columns. `keep_french_spaces` gives that function a
« word » that holds those spaces: after « and « n° », before » : ; ! ? (French
typography's no-break spaces, which the guides' texts write as plain spaces), and every
no-break space. A line is then cut only where French allows it, at every width, for all
our texts.
"""

from __future__ import annotations

import re

from rich import _wrap

NO_BREAK = "\u00a0\u2007\u202f"
# A space where a line may end: not a no-break space, not after « or « n° » (its number
# follows), not before the punctuation French glues to the word before it.
_BREAK = rf"(?:(?<![«°])[^\S{NO_BREAK}](?![»:;!?]))"
# What a word holds: any visible character, a no-break space, a space that French glues.
_GLUE = rf"(?:\S|[{NO_BREAK}]|(?<=[«°])\s|\s(?=[»:;!?]))"
# Rich's own is « \s*\S+\s* »: white space before, the word, white space after.
FRENCH_WORD = re.compile(rf"{_BREAK}*{_GLUE}+{_BREAK}*")


def keep_french_spaces() -> None:
    """Wrap every text of the app at French break points (idempotent).

    Rich reads its module's `re_word` at each call (rich._wrap.words): replacing it is
    the one place where every wrapped line is cut. tests/test_wrapping.py fails if a
    Rich release moves it.
    """
    _wrap.re_word = FRENCH_WORD
