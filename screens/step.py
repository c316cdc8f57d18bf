"""A form step of a téléprocédure, rendered from its definition.

Every section, field, attestation and document slot of the step is composed once; the
conditions of the definition then show or hide them as answers change. Saving asks the
domain to check the whole step and commits it in one transaction.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, Footer, Header, Input, Static

from anef_tui.catalog.models import Eligibility
from anef_tui.service import (
    CaseConflict,
    CaseRecord,
    FieldError,
    StorageError,
    StoredAttachment,
    field_kind,
    typed_for_conditions,
    validate_group_item,
)
from screens.base import say
from screens.dialogs import ConfirmDialog
from screens.fields import FieldChanged, FieldInput, field_dom_id
from screens.focus import ErrorSummary, Page, keep_focus_visible, open_on_first_field
from screens.form_page import FormPage
from screens.group_field import GroupField
from screens.guard import work
from screens.navigation import CaseNavigation, step_nav
from screens.progress import step_bar, step_heading
from screens.slot import SlotWidget
from screens.toggles import StateCheckbox


class StepScreen(CaseNavigation, FormPage):
    def __init__(self, case_id: int, step_id: str, *, return_to_recap: bool = False) -> None:
        super().__init__()
        self.case_id = case_id
        self.step_id = step_id
        self.return_to_recap = return_to_recap
        self.record: CaseRecord = self.service.get(case_id)
        self.state = self.service.state(self.record)
        self.step = self.state.step(step_id)
        self.attachments: list[StoredAttachment] = list(self.record.attachments)

    # -- composing -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        state, step = self.state, self.step
        saved = {**self.record.identity, **self.record.answers.get(step.id, {})}
        ticked = saved.get("attestations", {})
        readonly = state.readonly_identity()
        yield Header()
        yield step_heading(state.procedure, step, self.service.wording)
        with Page(classes="page", id="step-body"):
            yield Static(state.procedure.title, classes="muted")
            yield step_bar(state.procedure, step)
            if step.heading:
                yield Static(step.heading, classes="title")
            if step.intro:
                yield Static(step.intro, classes="notice")
            yield Static(self.service.wording.required_notice, classes="muted")
            yield ErrorSummary("", id="error-summary")
            for section in step.sections:
                with Vertical(id=f"s-{section.id}", classes="section"):
                    if section.title:
                        yield Static(section.title, classes="section-title")
                    for i, t in enumerate(section.texts):
                        yield Static(t.text, id=f"t-{section.id}-{i}",
                                     classes=t.style if t.style != "paragraph" else "")
                    for f in section.fields:
                        if field_kind(f).widget == "group":
                            yield GroupField(f, saved.get(f.id), self._group_checker(f.id))
                        else:
                            yield FieldInput(f, saved.get(f.id),
                                             readonly=f.identity and readonly)
                    if section.attestations and section.attestations_intro:
                        yield Static(section.attestations_intro)
                    for a in section.attestations:
                        with Vertical(id=field_dom_id(f"attestation:{a.id}"),
                                      classes="attestation"):
                            yield StateCheckbox(f"{a.text} *", value=bool(ticked.get(a.id)),
                                           id=f"att-{a.id}")
                            yield Static("", classes="att-error")
                    for slot in section.documents:
                        yield SlotWidget(slot, state.default_max_files)
                    for i, action in enumerate(section.actions):
                        yield Button(action.label, id=f"action-{section.id}-{i}",
                                     classes="section-action")
        yield step_nav(self.service.wording.buttons)
        yield Footer()

    def on_mount(self) -> None:
        # The rule whose message is on screen: shown once per change that breaks it.
        self._ineligible_shown: str | None = None
        self.refresh_visibility()
        self.agree_nationalities()
        open_on_first_field(self, self.query_one("#save", Button))

    def _group_checker(self, field_id: str):  # type: ignore[no-untyped-def]
        group = next(f for sec in self.step.sections for f in sec.fields if f.id == field_id)

        def check(item: dict[str, Any]) -> list[FieldError]:
            return validate_group_item(group, item, self.state.flat_answers(), self.state.today)

        return check

    # -- conditions ----------------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for w in self.query(FieldInput):
            if not w.readonly:
                values[w.key] = w.value()
        for g in self.query(GroupField):
            values[g.key] = g.value()
        return values

    def attestation_values(self) -> dict[str, bool]:
        return {cb.id.removeprefix("att-"): cb.value
                for cb in self.query(Checkbox) if cb.id and cb.id.startswith("att-")}

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

    def refresh_visibility(self) -> None:
        ctx = self.state.context(typed_for_conditions(self.state, self.step, self.raw_values()))
        # As on ANEF (001 « Demandeur non éligible »): said as soon as the answers that
        # decide it are valid, not only when the whole step is saved.
        rule = self.state.ineligibility(self.step, ctx)
        if rule is None:
            self._ineligible_shown = None
        elif rule.id != getattr(self, "_ineligible_shown", None):
            self._ineligible_shown = rule.id
            self.call_after_refresh(self._ineligible, rule)
        for section in self.step.sections:
            container = self.query_one(f"#s-{section.id}")
            shown = section in self.state.sections(self.step, ctx)
            container.display = shown
            visible_texts = self.state.texts(section, ctx)
            for i, t in enumerate(section.texts):
                self.query_one(f"#t-{section.id}-{i}").display = t in visible_texts
            visible = {f.id for f in self.state.fields(section, ctx)}
            for f in section.fields:
                self.query_one(f"#{field_dom_id(f.id)}").display = f.id in visible
            attestations = {a.id for a in self.state.attestations(section, ctx)}
            for a in section.attestations:
                self.query_one(f"#{field_dom_id('attestation:' + a.id)}").display = \
                    a.id in attestations
            slots = {v.slot.id: v for v in self.state.documents(section, ctx)}
            for w in self.query(SlotWidget):
                if w.slot in section.documents:
                    w.display = w.slot.id in slots
                    if w.slot.id in slots:
                        w.update_visible(slots[w.slot.id])
        # An answer may hide the part of the form the focus was in.
        if self.is_mounted:
            keep_focus_visible(self, self.query_one("#save", Button))

    # -- errors --------------------------------------------------------------------

    def show_other_errors(self, by_key: dict[str, str]) -> None:
        for container in self.query(".attestation"):
            key = (container.id or "").removeprefix("f-").replace("attestation_", "attestation:",
                                                                   1)
            message = by_key.get(key)
            line = container.query_one(".att-error", Static)
            line.update(f"⚠ {message}" if message else "")
            container.set_class(bool(message), "-invalid")
        for slot in self.query(SlotWidget):
            slot.show_error(by_key.get(f"document:{slot.slot.id}"))
        for g in self.query(GroupField):
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

    def action_previous(self) -> None:
        previous = self.state.previous_step(self.step.id)
        if previous is None:
            if self.state.procedure.preamble is None:
                self.action_leave()  # nothing before step 1 (002): as « Quitter »
            else:
                self.router.preamble(self.case_id)
            return
        self.go_to(previous.id)

    def action_save(self) -> None:
        try:
            outcome, ineligible = self.service.check_step(
                self.record, self.step, self.raw_values(), self.attestation_values(),
                self.attachments)
        except StorageError as exc:
            self.show_errors([FieldError("", "Enregistrement impossible", str(exc))])
            return
        self.show_errors(outcome.errors)
        if outcome.errors:
            return
        if ineligible is not None:
            self._ineligible(ineligible)
            return
        target = (self.state.next_step(self.step.id).id if not self.return_to_recap
                  else self.state.procedure.recap_step.id)
        try:
            record = self.service.save_step(self.record, self.step, outcome, self.attachments,
                                            target)
        except CaseConflict as exc:
            self.show_errors([FieldError("", "Enregistrement refusé", str(exc))])
            self.offer_reload(str(exc))
            return
        except StorageError as exc:
            self.show_errors([FieldError("", "Enregistrement impossible", str(exc))])
            return
        self.router.show_step(record, target)

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
                self.app.pop_screen()
                say(self.app, "La demande a été abandonnée ; ses données ont été effacées.")

        buttons = self.service.wording.buttons
        self.app.push_screen(ConfirmDialog(rule.title, rule.message,
                                           yes=buttons.abandon, no=buttons.edit),
                             self.guard(answered))
