"""A footer that is rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its keys each time the focus moves (the active bindings
are those of the focused widget and its ancestors): in a step, a Tab from one field to
the next rebuilt some twenty keys and laid the whole screen out again, although the
keys shown (the step's own) stayed the same. This one compares what it would show with
what it shows.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from screens.guard import Guarded


class SteadyFooter(Guarded, Footer):
    _shown: tuple[Any, ...] | None = None

    def _keys(self) -> tuple[Any, ...]:
        return tuple((binding.key, binding.description, binding.action, enabled, tooltip)
                     for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
                     if binding.show)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()



class PatchedFooter(SteadyFooter):
    """A SteadyFooter whose keys come and go one by one: when the keys it should show
    are those it shows with some added or taken away (the home's « m Notifications »,
    offered on a deposited dossier only), only those are mounted or removed. Rebuilt
    whole, the footer's keys were all mounted again and the screen laid out twice,
    ≈ 20 ms after a search whose first row changed kind."""

    def _wanted(self) -> list[tuple[str, str, str, str, bool, str]] | None:
        """What compose would show, a key per action (None: a group or the command
        palette, which compose lays out otherwise)."""
        wanted: dict[str, tuple[str, str, str, str, bool, str]] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show:
                continue
            if binding.group is not None:
                return None
            wanted.setdefault(binding.action, (
                binding.key, self.app.get_key_display(binding), binding.description,
                binding.action, enabled, tooltip))
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            return None
        return list(wanted.values())

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached or self._keys() == self._shown:
            return
        if not self._patch():
            await self.recompose()
            return
        self._shown = self._keys()

    def _patch(self) -> bool:
        """Remove and mount only the keys that differ; False if it cannot be done so
        (a key changed in place, keys reordered)."""
        wanted = self._wanted()
        shown = list(self.query_children(FooterKey))
        if wanted is None or len(shown) != len(self.children):
            return False
        kept = {(k.key, k.description, k.action, not k._disabled): k  # noqa: SLF001
                for k in shown}
        if len(kept) != len(shown):
            return False
        order = [kept.get((key, description, action, enabled))
                 for key, _, description, action, enabled, _ in wanted]
        if [k for k in shown if k in order] != [k for k in order if k is not None]:
            return False  # reordered: compose again
        for key_widget in shown:
            if key_widget not in order:
                key_widget.remove()
        self.styles.grid_size_columns = len(wanted)
        for index, (key, display, description, action, enabled, tooltip) in enumerate(wanted):
            if order[index] is not None:
                continue
            new = FooterKey(key, display, description, action, disabled=not enabled,
                            tooltip=tooltip).data_bind(compact=Footer.compact)
            following = next((k for k in order[index + 1:] if k is not None), None)
            if following is None:
                self.mount(new)
            else:
                self.mount(new, before=following)
        return True
