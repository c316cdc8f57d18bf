"""The plain mode (`anef-tui --plain`): the same téléprocédures as numbered questions and
answers on a line terminal, for a screen reader or a braille display.

No redraw, no cursor movement, no colour, no Textual: each question is one line ending
in « : », each answer one line read from standard input, so that answers piped from a
script make the same dossier as the screens. Every rule is the service's: this package
only asks, hands what was typed to the same CaseService methods the screens call, and
reads back their French messages.
"""

from anef_tui.plain.session import run_plain

__all__ = ["run_plain"]
