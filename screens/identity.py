"""Creating a case: the applicant's identity as on the current titre, captured once.

For a known applicant (with a N° étranger) the état civil then shows read-only in step 1,
as ANEF shows it. An usager inconnu types it in step 1 instead: the case is created at
once.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Header, Static

from anef_tui.catalog.models import Procedure
from screens.fields import FieldChanged, FieldInput
from screens.focus import ErrorSummary, Page, open_on_first_field
from screens.form_page import FormPage


class IdentityScreen(FormPage):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "Créer le dossier", priority=True),
        Binding("ctrl+q", "leave", "Annuler", priority=True),
    ]

    def __init__(self, procedure: Procedure, profile: dict[str, str]) -> None:
        super().__init__()
        self.procedure = procedure
        self.profile = profile

    def compose(self) -> ComposeResult:
        yield Header()
        with Page(classes="page"):
            yield Static(self.procedure.title, classes="title")
            wording = self.service.wording
            yield Static(wording.identity_notice.format(step=self.procedure.identity_step.title),
                         classes="notice")
            yield ErrorSummary("", id="error-summary")
            yield FieldInput(wording.numero_etranger)
            for f in self.service.identity_fields(self.procedure, self.profile):
                yield FieldInput(f)
        with Horizontal(classes="nav"):
            yield Button("Annuler", id="cancel")
            yield Button("Créer le dossier >", id="create", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        if self.procedure.applicant == "unknown":
            self._open(self.service.create_case(self.procedure.id, self.profile, {}, None))
            return
        open_on_first_field(self, self.query_one("#create", Button))

    def on_field_changed(self, event: FieldChanged) -> None:
        event.stop()
        self.agree_nationalities()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_leave()

    def action_create(self) -> None:
        raw = {w.key: w.value() for w in self.field_inputs()}
        identity, numero, errors = self.service.validate_identity(
            self.procedure, self.profile, raw, raw.get("numero_etranger"))
        if errors:
            self.show_errors(errors)
            return
        self._open(self.service.create_case(self.procedure.id, self.profile, identity, numero))

    def _open(self, case_id: int) -> None:
        self.router.preamble(case_id)

    def action_leave(self) -> None:
        self.app.pop_screen()
