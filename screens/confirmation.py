"""Confirmation: the deposit is done; the applicant leaves with the printed proof."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Header, Static

from screens.base import AnefScreen
from screens.focus import Page, reveal
from screens.guard import work
from screens.progress import page_top, step_heading


class ConfirmationScreen(AnefScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+p", "print_confirmation", "Imprimer", priority=True),
        Binding("ctrl+e", "summary", "Récapitulatif (PDF)", priority=True),
        Binding("n", "notifications", "Notifications"),
        # Not in the footer (80 columns with F1): F1 lists it.
        Binding("h", "history", "Historique", show=False),
        Binding("ctrl+q", "leave", "Accueil", priority=True),
        Binding("escape", "leave", "Accueil", show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.record = self.service.get(case_id)
        self.state = self.service.state(self.record)
        self.pdf: Path | None = None
        # Why the confirmation could not be written (a full disk…), until it is.
        self.pdf_error: str | None = None

    def compose(self) -> ComposeResult:
        proc = self.state.procedure
        step = proc.confirmation_step
        wording = self.service.wording
        record = self.record
        deposited = record.deposited_at.astimezone() if record.deposited_at else None
        yield Header()
        yield step_heading(proc, step, wording)
        with Page(classes="page"):
            yield from page_top(proc, step, wording, proc.confirmation.message)
            # The references as the procedure's confirmation prints them.
            identifiant, numero_demande = self.service.reference_labels(proc)
            refs = [f"{numero_demande} : {record.numero_demande}"]
            if record.numero_etranger and proc.confirmation.document != "pre_demande":
                refs.insert(0, f"{identifiant} : {record.numero_etranger}")
            if deposited:
                refs.append(wording.deposit_sent.format(date=f"{deposited:%d/%m/%Y}",
                                                        time=f"{deposited:%H:%M}"))
            yield Static("\n".join(refs), classes="notice", id="references")
            # Right under the references: at 80×24 the path to give the applicant is on
            # the first screen, not below the guide's notes.
            yield Static("", id="pdf-path", classes="subtitle")
            for note in proc.confirmation.notes:
                yield Static(note)
        with Horizontal(classes="nav"):
            yield Button("Imprimer la confirmation", id="print_confirmation", variant="primary")
            yield Button("Récapitulatif du dossier (PDF)", id="summary")
            yield Button(self.service.wording.buttons.home, id="leave")
        yield Footer()

    def on_mount(self) -> None:
        reveal(self.query_one("#print_confirmation", Button))
        self._locate_pdf()

    @work(thread=True, exclusive=True, group="confirmation-pdf")
    def _locate_pdf(self, then_print: bool = False) -> None:
        # Written at the deposit; written again if it went missing from the case folder
        # or could not be written then (a full disk…): each opening tries again.
        try:
            path = self.service.confirmation_pdf(self.case_id)
        except Exception as exc:  # noqa: BLE001 - said on this screen, the case is deposited
            from anef_tui.service import describe_failure

            failure = describe_failure(exc, self.app.settings.data_dir)  # type: ignore[attr-defined]
            self.call_from_thread(self._pdf_failed, failure.message)
            return
        self.call_from_thread(self._show_pdf, path, then_print)

    def _show_pdf(self, path: Path, then_print: bool = False) -> None:
        self.pdf, self.pdf_error = path, None
        line = self.query_one("#pdf-path", Static)
        line.remove_class("error-text")
        line.update(Text(f"{self.service.wording.confirmation_pdf} : {path}"))
        if then_print:
            self._print(path)

    def _pdf_failed(self, message: str) -> None:
        self.pdf_error = message
        line = self.query_one("#pdf-path", Static)
        line.add_class("error-text")
        text = ("⚠ La demande est bien déposée, mais sa confirmation (PDF) n'a pas pu être "
                f"écrite. {message} Ctrl+P « Imprimer la confirmation » l'écrit à nouveau.")
        line.update(Text(text))
        self.notify(text, severity="error", timeout=20, markup=False)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.run_action(event.button.id or "")

    def action_print_confirmation(self) -> None:
        if self.pdf is None and self.pdf_error is not None:
            self.pdf_error = None
            self.notify("Nouvel essai d'écriture de la confirmation…")
            self._locate_pdf(then_print=True)
            return
        if self.pdf is None:
            self.notify("Le document est en cours de création…")
            return
        self._print(self.pdf)

    def action_summary(self) -> None:
        self._summary()

    @work(thread=True, group="summary")
    def _summary(self) -> None:
        path = self.service.write_case_summary(self.service.get(self.case_id))
        self.call_from_thread(self.notify, f"Récapitulatif du dossier : {path}", timeout=10)
        self._print(path)

    @work(thread=True, group="print")
    def _print(self, path: Path) -> None:
        # lp can take seconds, or hang on a broken queue: never on the UI thread.
        outcome = self.service.print_pdf(path)
        self.call_from_thread(self.notify, outcome.message,
                                  severity="information" if outcome.ok else "warning",
                                  timeout=10)

    def action_notifications(self) -> None:
        self.router.notifications(self.case_id)

    def action_history(self) -> None:
        self.router.history(self.case_id, instruction=False)

    def action_leave(self) -> None:
        self.app.pop_screen()
