"""Home screen: the cases of this counter, to resume one or start a new one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from screens.base import AnefScreen
from screens.guard import work

if TYPE_CHECKING:
    from anef_tui.service import CaseService, CaseSummary


def _step_title(service: CaseService, summary: CaseSummary) -> str:
    try:
        proc = service.procedure(summary.procedure_id)
        step = proc.step(summary.current_step)
    except KeyError:
        return summary.current_step
    return f"{proc.step_number(step.id)}/{len(proc.steps)} {step.title}"


class HomeScreen(AnefScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_case", "Nouveau dossier"),
        Binding("enter", "open_case", "Reprendre / ouvrir", priority=True),
        Binding("l", "piece_list", "Liste des pièces"),
        Binding("m", "notifications", "Mes notifications"),
        Binding("i", "instruction", "Côté instruction"),
        Binding("ctrl+q", "leave", "Quitter", priority=True),
    ]

    load_error: str | None = None
    # The action the agent asked for while the database could not be read: done as
    # soon as a new attempt succeeds (a lock released, a disk freed).
    _retry: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="page"):
            yield Static("Dossiers du guichet", classes="title")
            yield Static("Chargement des dossiers…", id="home-status", classes="muted")
            yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Dossier", "À faire", "Nom", "Prénom(s)", "N° étranger",
                          "Téléprocédure", "Statut", "Étape / N° de demande", "Mis à jour")
        table.focus()
        # After the first frame: importing SQLAlchemy in the worker competes for the GIL.
        self.call_after_refresh(self.refresh_cases)

    def on_screen_resume(self) -> None:
        self.refresh_cases()

    @work(thread=True, exclusive=True, group="home-load")
    def refresh_cases(self) -> None:
        # Opening the database imports SQLAlchemy: done off the UI thread so that the
        # screen is interactive at once.
        try:
            service = self.app.service  # type: ignore[attr-defined]
            cases = service.list_cases()
            # What needs action first (a complément and its days left, an unread
            # notification, an attestation about to expire), then the others as listed.
            today = self.app.clock().date()  # type: ignore[attr-defined]
            ranked = [(service.instruction.attention_rank(c, today), i, c)
                      for i, c in enumerate(cases)]
            first = sorted((r for r in ranked if r[0] is not None), key=lambda r: (r[0], r[1]))
            cases = [c for _, _, c in first] + [c for rank, _, c in ranked if rank is None]
            rows = [self._row(service, c, today) for c in cases]
            self.app.call_from_thread(self._show, rows, None)
        except Exception as exc:  # noqa: BLE001 - shown to the operator, never swallowed
            # Said in French by the one boundary (a crash report for a bug), and kept
            # on the screen: every action says it again until the database answers.
            from anef_tui.service import describe_failure

            failure = describe_failure(exc, self.app.settings.data_dir)  # type: ignore[attr-defined]
            self.app.call_from_thread(self._show, [], failure.message)

    def _row(self, service: CaseService, c: CaseSummary, today: date) -> tuple[str, ...]:
        # Imported here: the service module loads the definitions' models, which the
        # first frame does not need (the worker thread that calls this does).
        from anef_tui.service import STATUS_LABELS, is_deposited

        try:
            proc_title = service.procedure(c.procedure_id).short_title
        except KeyError:
            proc_title = c.procedure_id
        where = c.numero_demande if is_deposited(c.status) else _step_title(service, c)
        return (
            f"{c.id:06d}", service.instruction.attention_text(c, today), c.nom, c.prenoms,
            c.numero_etranger or "—", proc_title,
            STATUS_LABELS.get(c.status, c.status), where or "",
            c.updated_at.astimezone().strftime("%d/%m/%Y %H:%M"),
        )

    def _show(self, rows: list[tuple[str, ...]], error: str | None) -> None:
        self.load_error = error
        retry, self._retry = self._retry, None
        status = self.query_one("#home-status", Static)
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row, key=row[0])
        status.set_class(bool(error), "error-text")
        if error:
            # Text, not markup: the message names a folder, which may hold « [ ».
            status.update(Text(f"⚠ {error}"))
            return
        if rows:
            status.update(f"{len(rows)} dossier(s). Entrée : reprendre le dossier choisi ; "
                          "N : nouveau dossier.")
        else:
            status.update("Aucun dossier pour le moment. Appuyez sur N pour en créer un.")
        if retry is not None:
            retry()

    def action_new_case(self) -> None:
        if not self._ready(self.action_new_case):
            return
        self.router.new_case()

    def action_open_case(self) -> None:
        if not self._ready(self.action_open_case):
            return
        table = self.query_one(DataTable)
        if table.row_count == 0:
            self.notify("Aucun dossier à ouvrir : appuyez sur N pour en créer un.")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.router.open_case(int(str(key)))

    def action_notifications(self) -> None:
        """« Mes notifications » of the chosen (deposited) dossier."""
        if not self._ready(self.action_notifications):
            return
        table = self.query_one(DataTable)
        if table.row_count == 0:
            self.notify("Aucun dossier : appuyez sur N pour en créer un.")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.router.notifications(int(str(key)))

    def action_instruction(self) -> None:
        """The préfecture's side: the deposited dossiers waiting for instruction."""
        if not self._ready(self.action_instruction):
            return
        self.router.instruction_home()

    def action_piece_list(self) -> None:
        if not self._ready(self.action_piece_list):
            return
        self.router.piece_lists()

    def action_leave(self) -> None:
        self.app.exit()

    def _ready(self, action: Callable[[], None]) -> bool:
        if self.load_error is not None:
            # A locked or damaged database: say it again rather than « en cours… », and
            # try again now — the other program may have closed, the disk been freed;
            # if it works, the action is done without pressing the key again.
            self.notify(f"{self.load_error} Nouvel essai en cours…", severity="error",
                        timeout=10, markup=False)
            self._retry = action
            self.refresh_cases()
            return False
        if not self.app.service_ready:  # type: ignore[attr-defined]
            self.notify("Ouverture de la base de données en cours…")
            return False
        return True


__all__ = ["HomeScreen", "Screen"]
