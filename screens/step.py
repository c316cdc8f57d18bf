"""A form step of a téléprocédure, rendered from its definition.

Every section, field, attestation and document slot of the step is created once; the
conditions of the definition then show or hide them as answers change. The part of the
step that fits on the screen is drawn first and the rest is mounted in chunks right
after (screens/step_parts.py): the next step is on screen at once, the Tab order is the
reading order once all is mounted, and the focus starts on the first field, visible.

Saving asks the domain to check the whole step and commits it in one transaction, in a
worker thread: a database locked by another desk makes the save wait (and then refuse,
in French), never the keyboard.

A step screen left by a save, or left untouched, is kept mounted while its dossier is
open (screens/router.py): coming back to it (« Précédente », then « Enregistrer et
poursuivre ») shows it again without building anything, rebound to the dossier as
saved, when what it shows is still what is stored (`shows`); otherwise it is dropped
and built anew.
"""

from __future__ import annotations

import asyncio
from itertools import groupby
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Header, Input, Static

from anef_tui.catalog.models import Eligibility
from anef_tui.service import (
    CaseConflict,
    CaseRecord,
    FieldError,
    StorageError,
    StoredAttachment,
    typed_for_conditions,
    validate_group_item,
)
from screens.base import say
from screens.dialogs import ConfirmDialog
from screens.fields import FieldChanged, FieldInput, field_dom_id
from screens.focus import ErrorSummary, Page, first_to_fill, keep_focus_visible
from screens.form_page import FormPage
from screens.guard import work
from screens.keys import hold_keys, release_keys
from screens.long_lived import collect, collect_held, hold_collections
from screens.navigation import CaseNavigation, step_nav
from screens.progress import page_top, step_heading
from screens.steady_footer import SteadyFooter
from screens.step_parts import Part, StepParts, build_parts, chunks, first_screen

# A chunk mounted after the first paint: about a screen of rows, and never more widgets
# than a frame can take without a stall the counter would feel.
CHUNK_MAX_PARTS = 3
# Rows above the first section (header, heading, steps bar, notes) and below (buttons).
HEAD_ROWS = 12
BUSY = "Enregistrement en cours : un instant."


class StepScreen(CaseNavigation, FormPage):
    # Where the focus opens is ours (on_mount: the first field to fill). Textual's
    # auto-focus, on resume, took the first focusable widget (the error summary) when
    # it ran before that focus had landed.
    AUTO_FOCUS = ""
    # Textual repaints the whole screen each time the focus moves (Screen.focused is a
    # repainting reactive): a Tab rendered every line of the step again, ≈ 15 ms of
    # processor in the largest one. The widgets that gain and lose the focus repaint
    # themselves (their focus styles); nothing else on a step shows where the focus is.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, case_id: int, step_id: str, *, return_to_recap: bool = False,
                 record: CaseRecord | None = None) -> None:
        """`record`, when the caller has just saved it, spares reading the case again."""
        super().__init__()
        self.case_id = case_id
        self.step_id = step_id
        self.return_to_recap = return_to_recap
        self.record: CaseRecord = record if record is not None else self.service.get(case_id)
        self.state = self.service.state(self.record)
        self.step = self.state.step(step_id)
        self.attachments: list[StoredAttachment] = list(self.record.attachments)
        saved = {**self.record.identity, **self.record.answers.get(self.step.id, {})}
        self.parts: StepParts = build_parts(
            self.step, saved, readonly_identity=self.state.readonly_identity(),
            max_files=self.state.default_max_files, group_checker=self._group_checker)
        # Chunks not mounted yet, in reading order; the lock keeps one mount at a time
        # (the chain after the first paint, or a save that needs the whole step).
        self._pending: list[list[Part]] = []
        self._mount_lock = asyncio.Lock()
        # A save (or a move to another step) is running in its worker.
        self.busy = False
        # The rule whose message is on screen: shown once per change that breaks it.
        self._ineligible_shown: str | None = None
        self._resumed = False
        self._sized = False
        # What the screen shows of the stored dossier, and the values on screen then:
        # a screen kept for later is shown again only if both still hold.
        self._stored = self.stored_part(self.record)
        self._typed = self.typing()
        self._reopened = False
        # Python's collections held while the screen is built (screens/long_lived.py).
        self._holding = False

    @property
    def whole(self) -> bool:
        """Whether every widget of the step is mounted (the Tab order is then complete)."""
        return not self._pending

    # -- composing -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        hold_collections(self)
        self._holding = True
        state, step = self.state, self.step
        self._apply_visibility(self._conditions())
        # The first chunk fills the screen; the rest follows, a chunk per frame.
        order, height = self.parts.order, self.app.size.height
        first = order[:first_screen(order, height - HEAD_ROWS, self._shown)]
        self._pending = list(chunks(order[len(first):], height, CHUNK_MAX_PARTS, self._shown))
        yield Header()
        yield step_heading(state.procedure, step, self.service.wording)
        with Page(classes="page", id="step-body"):
            yield from page_top(state.procedure, step, self.service.wording, step.heading)
            if step.intro:
                yield Static(step.intro, classes="notice")
            yield Static(self.service.wording.required_notice, classes="muted")
            yield ErrorSummary("", id="error-summary")
            for section_id, run in groupby(first, key=lambda p: p.section.id):
                with self.parts.sections[section_id]:
                    for part in run:
                        yield part.widget
        yield step_nav(self.service.wording.buttons, previous=self.has_previous)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.refresh_visibility()
        self.agree_nationalities()
        # The focus lands now, not after the app's queue (which holds the removal of the
        # previous step's widgets): the step is usable as soon as it is drawn.
        target = first_to_fill(self) or self.query_one("#save", Button)
        self.set_focus(target, scroll_visible=False)
        target.call_after_refresh(target.scroll_visible, animate=False)
        if self._pending:
            self.call_after_refresh(self._mount_next)
        else:
            self._built()

    def _built(self, *, collecting: bool = True) -> None:
        """The whole step is mounted, or the screen is left before: Python's collections
        resume. Built in its own time (the chunks' end), what the build left is collected
        after the next frame, on its own rather than in the middle of a layout; a screen
        left or saved meanwhile leaves it to Python (not in the next step's stretch)."""
        if not self._holding:
            return
        self._holding = False
        if collect_held(self) and collecting:
            self.call_after_refresh(collect)

    def on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        self._built(collecting=False)

    def on_unmount(self, event: events.Unmount) -> None:
        self._built(collecting=False)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Shown for the first time, just mounted: every widget got its styles then.
        # Textual restyles the whole screen on each resume, which doubled the cost of
        # showing a step; later resumes (back from a dialog) still restyle.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        if self._reopened:
            # A kept step shown again: as a new one opens, at its top, on its first field.
            self._reopened = False
            event.refresh_styles = False  # nothing restyled it while it was kept
            self._open_again()

    def _on_resize(self, event: events.Resize) -> None:
        # A new screen's first layout sends the screen itself a Resize at the size it
        # was just laid out at, and Textual laid the whole step out again for it, in the
        # same stretch as the first frame. That one is skipped: what the first layout
        # resized asks for its own layout at the next frame, after the interface has
        # breathed (first visit of the largest step, quiet machine: longest stretch
        # without the event loop 90 → 63 ms of processor, median of 7). A real resize
        # (another size) goes through. The focus does not depend on it: it is set in
        # on_mount, and Textual's auto-focus is off on step screens.
        if not self._sized:
            self._sized = True
            if event.size == self.size:
                event.prevent_default()
                self._fit_width()

    # -- kept for later (screens/router.py) -----------------------------------------

    def stored_part(self, record: CaseRecord) -> tuple[Any, ...]:
        """What this screen shows of the stored dossier: its step's answers, the
        identity (shown read-only), the files attached."""
        return (record.answers.get(self.step.id), record.identity, tuple(record.attachments))

    def typing(self) -> tuple[Any, ...]:
        """The values on screen, as a save would read them."""
        return self.raw_values(), self.attestation_values(), tuple(self.attachments)

    def untouched(self) -> bool:
        """Nothing typed, ticked or attached since the step was shown or saved."""
        return self.typing() == self._typed

    def shows(self, record: CaseRecord) -> bool:
        """Whether, shown again, this screen would show `record` as a new one would."""
        return (record.id == self.case_id and self.untouched()
                and self.stored_part(record) == self._stored)

    def rebind(self, record: CaseRecord, *, return_to_recap: bool) -> None:
        """Take the dossier as it is now (its version, the other steps' answers that
        the conditions read) before being shown again."""
        self.record = record
        self.state = self.service.state(record)
        self.step = self.state.step(self.step_id)
        self.attachments = list(record.attachments)
        self.return_to_recap = return_to_recap
        self._stored = self.stored_part(record)
        self._reopened = True

    def _open_again(self) -> None:
        summary = self.query_one("#error-summary", Static)
        if summary.has_class("-shown") or any(
                w.has_class("-invalid") for w in self.parts.fields.values()):
            self.show_errors([])
        self.refresh_visibility()
        self.agree_nationalities()
        self.query_one("#step-body", Page).scroll_home(animate=False)
        target = first_to_fill(self) or self.query_one("#save", Button)
        self.set_focus(target, scroll_visible=False)
        target.call_after_refresh(target.scroll_visible, animate=False)

    def _shown(self, part: Part) -> bool:
        return bool(part.widget.display and self.parts.sections[part.section.id].display)

    async def _mount_next(self) -> None:
        """Mount one chunk, then the next after the following frame."""
        if not self._pending or not self.is_attached:
            return  # all mounted already (a save asked for it), or the screen was left
        async with self._mount_lock:
            if self._pending:
                await self._mount_run(self._pending.pop(0))
        if self._pending:
            self.call_after_refresh(self._mount_next)
        else:
            self._built()

    async def mount_whole(self) -> None:
        """Mount what is left at once: a save reads every field."""
        async with self._mount_lock:
            while self._pending:
                await self._mount_run(self._pending.pop(0))
        self._built(collecting=False)

    async def _mount_run(self, run: list[Part]) -> None:
        page = self.query_one("#step-body", Page)
        for section_id, parts in groupby(run, key=lambda p: p.section.id):
            container = self.parts.sections[section_id]
            widgets = [p.widget for p in parts]
            if container.parent is None:
                # A section not started yet: mounted with its first widgets, in one go.
                for widget in widgets:
                    container.compose_add_child(widget)
                await page.mount(container)
            else:
                await container.mount_all(widgets)
        self.agree_nationalities()

    def _group_checker(self, field_id: str):  # type: ignore[no-untyped-def]
        group = next(f for sec in self.step.sections for f in sec.fields if f.id == field_id)

        def check(item: dict[str, Any]) -> list[FieldError]:
            return validate_group_item(group, item, self.state.flat_answers(), self.state.today)

        return check

    # -- conditions ----------------------------------------------------------------

    def field_inputs(self) -> list[FieldInput]:
        return self.parts.field_inputs()

    def raw_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for w in self.parts.field_inputs():
            if not w.readonly:
                values[w.key] = w.value()
        for g in self.parts.groups():
            values[g.key] = g.value()
        return values

    def attestation_values(self) -> dict[str, bool]:
        return {a_id: box.value for a_id, box in self.parts.ticks.items()}

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        container = event.checkbox.parent
        if container is not None and container.has_class("attestation") and event.value:
            container.query_one(".att-error", Static).update("")
            container.remove_class("-invalid")

    def on_field_changed(self, event: FieldChanged) -> None:
        event.stop()
        self.refresh_visibility()
        self.agree_nationalities()

    def on_input_changed(self, event: Input.Changed) -> None:
        # A date the facts read (an usager inconnu's date of birth) shows or hides fields
        # as soon as it is complete, like a choice does.
        if event.input.id in {f"{field_dom_id(k)}-control" for k in self.state.fact_date_fields()}:
            self.refresh_visibility()

    def _conditions(self) -> Any:
        return self.state.context(typed_for_conditions(self.state, self.step, self.raw_values()))

    def refresh_visibility(self) -> None:
        ctx = self._conditions()
        # As on ANEF (001 « Demandeur non éligible »): said as soon as the answers that
        # decide it are valid, not only when the whole step is saved.
        rule = self.state.ineligibility(self.step, ctx)
        if rule is None:
            self._ineligible_shown = None
        elif rule.id != self._ineligible_shown:
            self._ineligible_shown = rule.id
            self.call_after_refresh(self._ineligible, rule)
        self._apply_visibility(ctx)
        # An answer may hide the part of the form the focus was in.
        if self.is_mounted:
            keep_focus_visible(self, self.query_one("#save", Button))

    def _apply_visibility(self, ctx: Any) -> None:
        """Show what the answers call for: on every widget, mounted or not yet."""
        parts, state = self.parts, self.state
        shown_sections = state.sections(self.step, ctx)
        for section in self.step.sections:
            parts.sections[section.id].display = section in shown_sections
            visible_texts = state.texts(section, ctx)
            for i, t in enumerate(section.texts):
                parts.texts[(section.id, i)].display = t in visible_texts
            visible = {f.id for f in state.fields(section, ctx)}
            for f in section.fields:
                parts.fields[f.id].display = f.id in visible
            attestations = {a.id for a in state.attestations(section, ctx)}
            for a in section.attestations:
                parts.attestations[a.id].display = a.id in attestations
            slots = {v.slot.id: v for v in state.documents(section, ctx)}
            for slot in section.documents:
                widget = parts.slots[slot.id]
                widget.display = slot.id in slots
                if slot.id in slots:
                    widget.update_visible(slots[slot.id])

    # -- errors --------------------------------------------------------------------

    def show_other_errors(self, by_key: dict[str, str]) -> None:
        for a_id, container in self.parts.attestations.items():
            message = by_key.get(f"attestation:{a_id}")
            line = container.query_one(".att-error", Static)
            line.update(f"⚠ {message}" if message else "")
            container.set_class(bool(message), "-invalid")
        for slot in self.parts.slots.values():
            slot.show_error(by_key.get(f"document:{slot.slot.id}"))
        for g in self.parts.groups():
            nested = [m for k, m in by_key.items() if k.startswith(g.key + "[")]
            g.show_error(by_key.get(g.key) or (nested[0] if nested else None))

    # -- actions -------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # The navigation buttons are CaseNavigation's; the sections' actions are here.
        name = event.button.id or ""
        if not name.startswith("action-"):
            return
        event.stop()
        section_id, index = name.removeprefix("action-").rsplit("-", 1)
        section = next(s for s in self.step.sections if s.id == section_id)
        action = section.actions[int(index)]
        if action.kind == "go_to_step" and action.step is not None:
            self.go_to(action.step)
        else:
            self._write_piece_list()

    @work(thread=True, group="piece-list")
    def _write_piece_list(self) -> None:
        # The list for this case (only the documents that apply to it).
        path = self.service.write_piece_list(self.record.procedure_id, self.case_id)
        self.call_from_thread(self.notify, f"{self.service.wording.piece_list} : {path}")

    def _refuse_if_busy(self) -> bool:
        """While a save runs, the other actions wait for it (said, not silently dropped)."""
        if self.busy:
            say(self.app, BUSY)
        return self.busy

    @property
    def has_previous(self) -> bool:
        """Whether something comes before this step: a step, or the préambule."""
        return (self.state.previous_step(self.step.id) is not None
                or self.state.procedure.preamble is not None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Nothing before the first step of a téléprocédure without préambule (002):
        # no « Précédente » in the footer, no button, ctrl+r does nothing.
        return action != "previous" or self.has_previous

    def action_previous(self) -> None:
        if self._refuse_if_busy():
            return
        previous = self.state.previous_step(self.step.id)
        if previous is None:
            if self.state.procedure.preamble is not None:
                self.router.preamble(self.case_id)
            return
        self.go_to(previous.id)

    def action_leave(self) -> None:
        if not self._refuse_if_busy():
            super().action_leave()

    def action_abandon(self) -> None:
        if not self._refuse_if_busy():
            super().action_abandon()

    def go_to(self, step_id: str, *, return_to_recap: bool = False) -> None:
        if self._refuse_if_busy():
            return
        self.busy = True
        # Keys typed meanwhile are for the step it leads to (screens/keys.py).
        hold_keys(self)
        self._go_to(step_id, return_to_recap)

    @work(thread=True, group="save")
    def _go_to(self, step_id: str, return_to_recap: bool) -> None:
        # The current step is written (where the case resumes): off the UI thread too.
        shown = False
        try:
            record = self.service.get(self.case_id)
            self.service.go_to(record, step_id)
            self.call_from_thread(self.router.show_step, record, step_id,
                                      return_to_recap=return_to_recap)
            shown = True
        finally:
            self.busy = False
            release_keys(self, drop=not shown)

    async def action_save(self) -> None:
        if self._refuse_if_busy():
            return
        self.busy = True
        # Keys typed while the save runs are for the next step, once it is shown; if
        # the save is refused they are dropped (screens/keys.py).
        hold_keys(self)
        try:
            await self.mount_whole()
            values, ticks = self.raw_values(), self.attestation_values()
        except BaseException:
            self.busy = False
            release_keys(self, drop=True)
            raise
        self._save(values, ticks, list(self.attachments))

    @work(thread=True, group="save")
    def _save(self, values: dict[str, Any], ticks: dict[str, bool],
              attachments: list[StoredAttachment]) -> None:
        """Check and commit the step (one transaction), then show where it leads."""
        call = self.call_from_thread
        shown = False
        try:
            outcome, ineligible = self.service.check_step(self.record, self.step, values,
                                                          ticks, attachments)
            if outcome.errors:
                call(self.show_errors, outcome.errors)
                return
            if ineligible is not None:
                call(self.show_errors, [])
                call(self._ineligible, ineligible)
                return
            target = (self.state.next_step(self.step.id).id if not self.return_to_recap
                      else self.state.procedure.recap_step.id)
            record = self.service.save_step(self.record, self.step, outcome, attachments,
                                            target)
            # Kept as saved: the values on screen are those just stored.
            self._typed = (values, ticks, tuple(attachments))
            self._stored = self.stored_part(record)
            call(self.router.show_step, record, target, saved=True)
            shown = True
        except CaseConflict as exc:
            call(self.show_errors, [FieldError("", "Enregistrement refusé", str(exc))])
            call(self.offer_reload, str(exc))
        except StorageError as exc:
            call(self.show_errors, [FieldError("", "Enregistrement impossible", str(exc))])
        finally:
            self.busy = False
            release_keys(self, drop=not shown)

    def offer_reload(self, message: str) -> None:
        """Another desk saved this case meanwhile: reload it, or keep the typing in view.

        Nothing typed is thrown away without the question: « Garder ma saisie à
        l'écran » leaves every value where it is (to note it down); the next save asks
        again, since this screen still holds the older version.
        """

        def answered(reload: bool | None) -> None:
            if reload:
                self.router.show_step(self.service.get(self.case_id), self.step_id,
                                      return_to_recap=self.return_to_recap)

        self.app.push_screen(ConfirmDialog(
            "Dossier modifié à un autre guichet", message + "\n\nRecharger le dossier "
            "remplace votre saisie de cette étape par celle de l'autre guichet.",
            yes="Recharger le dossier", no="Garder ma saisie à l'écran"), self.guard(answered))

    def _ineligible(self, rule: Eligibility) -> None:
        def answered(abandon: bool | None) -> None:
            if abandon:
                self.service.abandon(self.case_id)
                self.router.close_case()
                say(self.app, "La demande a été abandonnée ; ses données ont été effacées.")

        buttons = self.service.wording.buttons
        self.app.push_screen(ConfirmDialog(rule.title, rule.message,
                                           yes=buttons.abandon, no=buttons.edit),
                             self.guard(answered))

