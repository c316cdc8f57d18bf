"""Which side of the system a screen belongs to, said in words on every screen.

The préfecture's instruction lives in this tool too: an agent must never mistake the
instruction side for the counter's. A word, not a colour, says it.
"""

from __future__ import annotations

from textual.widgets import Static

INSTRUCTION = "◆ CÔTÉ INSTRUCTION — agent instructeur de la préfecture"
COUNTER = "◇ CÔTÉ GUICHET — le demandeur et son accompagnant"


class SideBanner(Static):
    DEFAULT_CSS = """
    SideBanner { height: 1; padding: 0 1; text-style: bold; }
    SideBanner.-instruction { background: $warning 30%; }
    SideBanner.-counter { background: $primary 20%; }
    """

    def __init__(self, instruction: bool) -> None:
        super().__init__(INSTRUCTION if instruction else COUNTER,
                         id="side-banner",
                         classes="-instruction" if instruction else "-counter")
