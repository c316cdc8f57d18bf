"""What every screen of the app shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from anef_tui.service import CaseService


class AnefScreen(Screen[None]):
    @property
    def service(self) -> CaseService:
        return self.app.service  # type: ignore[attr-defined,no-any-return]
