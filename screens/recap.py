"""Récapitulatif / Dépôt de la demande: check everything, then the irreversible deposit.

With `parts` in the definition (BPI), each part is validated in turn (« Valider et
vérifier la suite de ma saisie »); otherwise the page is headed by the definition's heading
(« Je confirme le dépôt définitif de ma demande. »). « Modifier ma saisie » opens the step
and comes back here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Static, TextArea

from anef_tui.catalog.models import RecapPart, Step
from anef_tui.service import (
    CaseConflict,
    DepositRefused,
    FieldError,
    StorageError,
    step_summary,
)
from screens.dialogs import ConfirmDialog
from screens.fields import ReadonlyRow
from screens.focus import ErrorSummary, Page, reveal
from screens.form_page import FormPage
from screens.guard import work
from screens.navigation import SAVE_KEY, CaseNavigation, step_nav
from screens.progress import page_top, step_heading


class RecapScreen(CaseNavigation, FormPage):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(SAVE_KEY, "save", "Déposer", priority=True),
    ]
    DEFAULT_CSS = """
    RecapScreen .part { height: auto; border: round $primary 40%; padding: 0 1; margin: 0 0 1 0; }
    RecapScreen .part.-done { border: round $success; }
    RecapScreen .part Horizontal { height: auto; }
    RecapScreen TextArea { height: 6; }
    """

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.record = self.service.get(case_id)
        self.state = self.service.state(self.record)
        self.step = self.state.procedure.recap_step
        assert self.step.recap is not None
        self.recap = self.step.recap
        self.parts: list[RecapPart] = self.service.recap_parts(self.state.procedure)
        self.validated = 0 if self.recap.parts else len(self.parts)

    def compose(self) -> ComposeResult:
        yield Header()
        yield step_heading(self.state.procedure, self.step, self.service.wording)
        with Page(classes="page"):
            yield from page_top(self.state.procedure, self.step, self.service.wording,
                                self.recap.heading)
            if self.recap.intro:
                yield Static(self.recap.intro)
            yield ErrorSummary("", id="error-summary")
            total = len(self.parts)
            buttons, words = self.service.wording.buttons, self.service.wording.recap
            for i, part in enumerate(self.parts):
                with Vertical(classes="part", id=f"part-{i}"):
                    yield Static(self._part_title(i), classes="section-title")
                    with Vertical(classes="part-body"):
                        for step_id in part.steps:
                            yield from self._step_rows(self.state.step(step_id))
                        with Horizontal():
                            yield Button(buttons.edit, name=f"edit-{part.steps[0]}")
                            if self.recap.parts:
                                last = i == total - 1
                                yield Button(words.validate_last if last else
                                             words.validate_next,
                                             name=f"validate-{i}", variant="success")
            yield Static(self.recap.observations_label + " :", classes="subtitle")
            yield TextArea(self.record.observations or "", id="observations")
            # Said once: some guides' intro already holds the warning.
            if self.recap.warning not in (self.recap.intro or ""):
                yield Static(self.recap.warning, classes="warning")
        yield step_nav(self.service.wording.buttons, self.recap.submit_label)
        yield Footer()

    def _part_title(self, i: int) -> str:
        suffix = f" ({i + 1}/{len(self.parts)})" if self.recap.parts else ""
        return self.parts[i].title + suffix

    def _step_rows(self, step: Step) -> ComposeResult:
        for section in step_summary(self.state, step):
            if section.title:
                yield Static(section.title, classes="subtitle")
            for row in section.rows:
                if row.label.strip():
                    yield ReadonlyRow(row.label, row.value, row.indent)
                else:  # a sentence of the step (motif, attestation): no empty label
                    yield Static(row.value, markup=False)
        ctx = self.state.context()
        for visible in self.state.step_documents(step, ctx):
            # Each slot's heading, its files under it.
            files = [a for a in self.record.attachments if a.slot_id == visible.slot.id]
            yield Static(visible.slot.label, classes="slot-heading", markup=False)
            for a in files:
                yield Static(f"  • {a.original_name}", markup=False)
            if not files:
                yield Static("  Aucun fichier", classes="muted")

    def on_mount(self) -> None:
        # Opened at the page's top (the step's title, its intro), on the first « Valider ».
        self._show_parts(from_top=False)

    def _show_parts(self, *, from_top: bool = True) -> None:
        for i in range(len(self.parts)):
            part = self.query_one(f"#part-{i}")
            done = i < self.validated
            part.set_class(done and bool(self.recap.parts), "-done")
            # Like ANEF: the part being checked is open, the others are folded.
            part.query_one(".part-body").display = not self.recap.parts or i == self.validated
            part.query_one(".section-title", Static).update(
                ("✔ " if done and self.recap.parts else "") + self._part_title(i))
        # Next: the part to validate; once all are, the box to tick or the deposit. After
        # the refresh: the button just pressed is being folded away with its part.
        self.call_after_refresh(self._reveal_next if from_top else
                                lambda: reveal(self._next_control()))

    def _reveal_next(self) -> None:
        """The part to check read from its title: scrolled to its top, then just enough
        for its « Valider » to be in view. At 80×24 the page showed the part from its
        buttons down (the part above folded, the page scrolled up to the button), its
        answers, the thing to check, out of view above."""
        control = self._next_control()
        if self.validated >= len(self.parts):
            reveal(control)
            return
        part = self.query_one(f"#part-{self.validated}")
        self.set_focus(control, scroll_visible=False)

        def scroll() -> None:
            part.scroll_visible(top=True, animate=False, immediate=True)
            control.scroll_visible(animate=False, immediate=True)

        self.call_after_refresh(scroll)

    def _next_control(self) -> Widget:
        if self.validated < len(self.parts):
            return self.query(f"#part-{self.validated} Button").last()
        return self.query_one("#save", Button)

    def focus_first_error(self, errors: Sequence[FieldError]) -> bool:
        reveal(self._next_control())
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # The step buttons (ids) are CaseNavigation's; the parts' buttons (names) are here.
        name = event.button.name or ""
        if name.startswith("edit-"):
            event.stop()
            self._keep_observations()
            self.go_to(name.removeprefix("edit-"), return_to_recap=True)
        elif name.startswith("validate-"):
            event.stop()
            self.validated = max(self.validated, int(name.removeprefix("validate-")) + 1)
            self._show_parts()

    def _keep_observations(self) -> None:
        # Typed observations survive « Modifier ma saisie », « précédente » and « Quitter ».
        try:
            self.record = self.service.keep_observations(
                self.record, self.query_one("#observations", TextArea).text.strip())
        except StorageError as exc:
            # Another desk saved the case, or the base is unreachable: say it, go on.
            self.app.notify(str(exc), title="Observations non enregistrées",
                            severity="warning", timeout=15)

    def action_previous(self) -> None:
        previous = self.state.previous_step(self.step.id)
        if previous is not None:
            self._keep_observations()
            self.go_to(previous.id)

    def action_leave(self) -> None:
        self._keep_observations()
        super().action_leave()

    def _problems(self) -> list[FieldError]:
        problems = []
        if self.validated < len(self.parts):
            problems.append(FieldError(
                "", "Récapitulatif",
                f"Validez les {len(self.parts)} parties du récapitulatif avant de déposer la "
                f"demande ({self.validated}/{len(self.parts)} validée(s))."))
        return problems

    def action_save(self) -> None:
        problems = self._problems()
        self.show_errors(problems)
        if problems:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.query_one("#save", Button).disabled = True
                self._deposit(self.query_one("#observations", TextArea).text.strip())

        self.app.push_screen(ConfirmDialog(
            f"{self.recap.submit_label} ?", self.recap.warning,
            yes=self.recap.submit_label, no="Revenir au récapitulatif"), self.guard(answered))

    @work(thread=True, exclusive=True, group="deposit")
    def _deposit(self, observations: str) -> None:
        try:
            # The version shown here: a case changed at another desk is not deposited unseen.
            self.service.deposit(self.case_id, observations or None,
                                 version=self.record.version or None)
        except CaseConflict as exc:
            self.call_from_thread(self._conflict, str(exc))
            return
        except (StorageError, DepositRefused) as exc:
            self.call_from_thread(self._failed, str(exc))
            return
        self.call_from_thread(self._deposited)

    def _failed(self, message: str) -> None:
        self.query_one("#save", Button).disabled = False
        self.show_errors([FieldError("", "Dépôt impossible", message)])

    def _conflict(self, message: str) -> None:
        self._failed(message)

        def answered(reload: bool | None) -> None:
            if reload:
                self.router.show_step(self.service.get(self.case_id), self.step.id)

        self.app.push_screen(ConfirmDialog(
            "Dossier modifié à un autre guichet", message + "\n\nRechargez le "
            "récapitulatif pour vérifier ce qui a changé avant de déposer.",
            yes="Recharger le récapitulatif", no="Rester sur cet écran"), self.guard(answered))

    def _deposited(self) -> None:
        self.router.confirmation(self.case_id)
