"""A one-line input whose length limit never swallows a paste in silence.

Textual's ``Input`` refuses a paste that would pass ``max_length`` as a whole,
with only a bell: a 120-character address pasted into an 80-character field
simply does not appear. Here the paste is kept up to the limit and the agent is
told what was cut; a multi-line paste (an address copied from an e-mail) becomes
one line instead of losing everything after its first line.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class BoundedInput(Input):
    def _on_paste(self, event: events.Paste) -> None:
        # Handled whole here: Input's own handler would drop the paste or its lines.
        event.stop()
        event.prevent_default()
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if not text:
            return
        start, end = sorted(self.selection)
        if self.max_length:
            room = max(0, self.max_length - (len(self.value) - (end - start)))
            if len(text) > room:
                cut = len(text) - room
                text = text[:room]
                self.app.notify(
                    f"Le texte collé dépasse la limite de ce champ "
                    f"({_plural(self.max_length, 'caractère')}) : "
                    f"{_plural(cut, 'caractère')} en trop n'ont pas été collés. "
                    "Vérifiez la fin du texte.",
                    severity="warning", timeout=8, markup=False,
                )
        self.replace(text, start, end)

    def restricted(self) -> None:
        """A key refused by the limit: said, not only rung (the bell may be off)."""
        super().restricted()
        if self.max_length and len(self.value) >= self.max_length:
            self.app.notify(
                f"Ce champ est limité à {_plural(self.max_length, 'caractère')}.",
                severity="warning", timeout=4, markup=False,
            )
