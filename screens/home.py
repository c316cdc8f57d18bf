"""Home screen: find a dossier among all of the counter's, or start a new one.

Search first: the search line and the two filters sit above the list; the list shows
the most recent dossiers, one page at a time, and the next page is read when the cursor
or the scroll nears its end. Nothing here is proportional to the number of dossiers:
every read is one indexed query of a page, in a worker thread, and coming back from a
dossier re-reads only the rows written meanwhile: the dossier left, by its number, before
the list is drawn again; the other desks' writes in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Select, Static

from screens.base import AnefScreen
from screens.guard import Guarded, work
from screens.long_lived import release, set_aside
from screens.record_table import Cell, RecordTable
from screens.steady_footer import PatchedFooter

if TYPE_CHECKING:
    from datetime import date, datetime

    from anef_tui.service import (
        CaseChanges,
        CaseFilter,
        CaseService,
        CaseSummary,
        HomeCursor,
    )

ALL = "tous"
# The first frame's filters, until the data's words are put in (see HomeScreen._put_words).
PENDING = [("…", ALL)]
# The screen's lines outside the list: header, title, search line, count, footer.
LINES_AROUND = 7


def step_label(service: CaseService, summary: CaseSummary) -> str:
    try:
        proc = service.procedure(summary.procedure_id)
        step = proc.step(summary.current_step)
    except KeyError:
        return summary.current_step
    return f"{proc.step_number(step.id)}/{len(proc.steps)} {step.title}"


def row_cells(service: CaseService, c: CaseSummary, today: date) -> tuple[str, ...]:
    # Imported here: the service module loads the definitions' models, which the
    # first frame does not need (the worker thread that calls this does).
    from anef_tui.service import STATUS_LABELS, is_deposited

    try:
        proc_title = service.procedure(c.procedure_id).short_title
    except KeyError:
        proc_title = c.procedure_id
    where = c.numero_demande if is_deposited(c.status) else step_label(service, c)
    return (
        c.nom, c.prenoms, STATUS_LABELS.get(c.status, c.status),
        service.instruction.attention_text(c, today), c.numero_etranger or "—", where or "",
        proc_title, f"{c.id:06d}", c.updated_at.astimezone().strftime("%d/%m/%Y %H:%M"),
    )


Row = tuple["CaseSummary", tuple[str, ...], "tuple[int, int] | None"]


def ranked_rows(service: CaseService, cases: list[CaseSummary], today: date) -> list[Row]:
    """Each case with its cells and its place among what needs action (None: nothing)."""
    rows: list[Row] = []
    for c in cases:
        rank = service.instruction.attention_rank(c, today)
        rows.append((c, row_cells(service, c, today),
                     None if rank is None else (rank[0], rank[1].toordinal())))
    return rows


class CaseTable(RecordTable):
    """The list of dossiers: asks for the next page near its end, and for the search
    line above its first row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Ouvrir"),
    ]

    class SearchRequested(Message):
        pass

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.SearchRequested())
        else:
            super().action_cursor_up()


class SearchInput(Guarded, Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "results", "Résultats", show=False),
        Binding("escape", "clear_or_leave", "Effacer", show=False),
    ]

    # Input's scrollable size, a « layout » reactive on every widget, changes with each
    # key typed (and each search set): the whole screen was laid out again each time,
    # 3 to 5 ms at 120×40. The field's box never follows its text (the row gives its
    # width), so here the size is only drawn, scrolled to as before.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0))

    class ResultsRequested(Message):
        pass

    def action_results(self) -> None:
        self.post_message(self.ResultsRequested())

    def action_clear_or_leave(self) -> None:
        if self.value:
            self.value = ""
        else:
            self.post_message(self.ResultsRequested())


class HomeScreen(AnefScreen):
    # Below 110 columns the search line and the filters take a row each (app.tcss).
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        # Not in the footer (80 columns): the search field says « Rechercher » on screen.
        Binding("slash", "search", "Rechercher", show=False),
        Binding("n", "new_case", "Nouveau"),
        Binding("enter", "open_case", "Ouvrir"),
        Binding("l", "piece_list", "Pièces"),
        Binding("m", "notifications", "Notifications"),
        # The same key on a draft, out of the footer (80 columns are short): it answers
        # all the same, saying why there is nothing to show; never a silent key.
        # check_action keeps one of the two.
        Binding("m", "notifications_of_draft", "Notifications", show=False),
        # Not in the footer either (80 columns): F1 lists it.
        Binding("i", "instruction", "Instruction", show=False),
        Binding("ctrl+q", "leave", "Quitter", priority=True),
    ]


    load_error: str | None = None
    # The action the agent asked for while the database could not be read: done as
    # soon as a new attempt succeeds (a lock released, a disk freed).
    _retry: Callable[[], None] | None = None
    # How many times the list was replaced or patched (tests and benchmarks wait on it).
    updates_shown = 0

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[int, CaseSummary] = {}
        # Place among what needs action first (by anef_tui.instruction.rules), by case.
        self._rank: dict[int, tuple[int, int]] = {}
        # Where the next page of the list starts (None: the list is whole).
        self._next: HomeCursor | None = None
        # A read is on its way (one at a time: a key typed meanwhile is read after it,
        # with whatever the search line then holds).
        self._loading = False
        self._queued = False
        self._loaded_once = False
        self._worded = False  # the data's words put in (_put_words)
        self._generation = 0
        self._watermark: datetime | None = None
        self._opened: int | None = None
        self._filter: CaseFilter | None = None
        self._said = ""
        # Whether the footer offers « m Notifications » (the chosen row is deposited).
        self._notifications_offered = False
        self._offer_pending = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="page"):
            yield Static("Dossiers du guichet", classes="title")
            # The search line and the filters: one row on a wide screen, two at 80
            # columns (one row left the search line 16 columns for its hint).
            with Horizontal(id="home-bar"):
                with Horizontal(id="home-search"):
                    yield Label("Rechercher :")
                    yield SearchInput(id="search", compact=True)
                with Horizontal(id="home-filters"):
                    # Their words, and the list's column titles, are the data's: put in
                    # with the first page (reading data before the first frame costs it
                    # 140 ms).
                    yield Select(PENDING, value=ALL, allow_blank=False, compact=True,
                                 id="status-filter")
                    yield Select(PENDING, value=ALL, allow_blank=False, compact=True,
                                 id="attention-filter")
            yield Static("Chargement des dossiers…", id="home-status", classes="muted")
            yield CaseTable((), id="cases")
        # « m Notifications » comes and goes with the chosen row: that key alone.
        yield PatchedFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """« m Notifications » in the footer only on a deposited dossier: a draft has
        none. On a draft « m » is the hidden binding, which says why (both run
        action_notifications: a footer a frame late still opens the right thing)."""
        if action == "notifications":
            return self._notifications_offered
        if action == "notifications_of_draft":
            return not self._notifications_offered
        return True

    def _offer_notifications_soon(self) -> None:
        """After the frame that shows the rows: a footer rebuilt is a layout of the whole
        screen (5 to 10 ms), which the rows of a search need not wait for."""
        if not self._offer_pending:
            self._offer_pending = True
            self.call_after_refresh(self._offer_notifications)

    def _offer_notifications(self) -> None:
        """The footer again when the chosen row's kind changed (a draft, a deposit)."""
        self._offer_pending = False
        offered = self._chosen_is_deposited()
        if offered != self._notifications_offered:
            self._notifications_offered = offered
            self.refresh_bindings()

    def _chosen_is_deposited(self) -> bool:
        table = self.query_one(CaseTable)
        if not table.row_count:
            return False
        from anef_tui.service import is_deposited  # loaded once a row is shown

        chosen = self._rows.get(int(str(table.coordinate_to_cell_key(
            table.cursor_coordinate).row_key.value)))
        return chosen is not None and is_deposited(chosen.status)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._offer_notifications_soon()

    def on_mount(self) -> None:
        self.query_one(CaseTable).focus()
        set_aside()  # Textual and the app, imported for good
        # After the first frame: importing SQLAlchemy in the worker competes for the GIL.
        self.call_after_refresh(self.reload)

    def on_unmount(self) -> None:
        release()

    def on_screen_resume(self) -> None:
        if self._loaded_once:
            self.patch_changed()

    # -- reading -----------------------------------------------------------------------

    @property
    def page_size(self) -> int:
        """A screenful of rows (RecordTable.page_size): the first page fills the screen
        and no more; the next is read as the cursor or the scroll comes near its end."""
        return self.query_one(CaseTable).page_size(LINES_AROUND)

    def typed(self) -> tuple[str, str | None, str | None]:
        """The search text and the two filters, as chosen on the screen."""
        status = self.query_one("#status-filter", Select).value
        attention = self.query_one("#attention-filter", Select).value
        return (self.query_one(SearchInput).value,
                None if status == ALL else str(status),
                None if attention == ALL else str(attention))

    def reload(self) -> None:
        """Read the first page for the current search and filters (replaces the list).
        One read at a time: asked while one is on its way, it is done when that one
        ends, with what the screen then holds (typing fast costs one read, not one per
        key; the answer to an older search is never drawn)."""
        self._generation += 1
        if self._loading:
            self._queued = True
            return
        self._loading = True
        self._load(self._generation, self.typed(), None, self.page_size)

    def load_more(self) -> None:
        if self._loading or self._next is None or self._filter is None:
            return
        self._loading = True
        self._load(self._generation, self._filter, self._next, self.page_size)

    def _read_done(self) -> bool:
        """A read ended: False if a newer one was asked meanwhile (now started)."""
        self._loading = False
        if self._queued:
            self._queued = False
            self.reload()
            return False
        return True

    @work(thread=True, group="home-load")
    def _load(self, generation: int, query: CaseFilter | tuple[str, str | None, str | None],
              after: HomeCursor | None, limit: int) -> None:
        # Opening the database imports SQLAlchemy: done off the UI thread so that the
        # screen is interactive at once.
        try:
            service = self.app.service  # type: ignore[attr-defined]
            today = self.app.clock().date()  # type: ignore[attr-defined]
            if isinstance(query, tuple):
                text, status, attention = query
                flt = service.case_filter(text, status=status, attention=attention,
                                          today=today)
            else:
                flt = query
            # What needs action first, then the others: a page is a bounded, indexed read.
            page = service.home_page(flt, today, limit, after)
            rows = ranked_rows(service, page.cases, today)
            if not self._loaded_once:
                set_aside()  # what opening built stays
            self.call_from_thread(self._show_page, generation, flt, rows, page.next,
                                  page.watermark, after is not None)
        except Exception as exc:  # noqa: BLE001 - shown to the operator, never swallowed
            self._failed(exc)

    @work(thread=True, group="home-sweep")
    def _sweep(self) -> None:
        """The start-up sweep of crash leftovers (see CaseService.sweep_at_start); then
        what start-up built (modules, definitions, the database engine) is set aside
        from the garbage collector: its full passes walked those objects every time,
        40 to 80 ms during which the interface did not answer."""
        self.app.sweep_once()  # type: ignore[attr-defined]
        set_aside()

    def _failed(self, exc: BaseException, *, read: bool = True) -> None:
        # Said in French by the one boundary (a crash report for a bug), and kept on
        # the screen: every action says it again until the database answers.
        from anef_tui.service import describe_failure

        failure = describe_failure(exc, self.app.settings.data_dir)  # type: ignore[attr-defined]
        self.call_from_thread(self._show_error, failure.message, read)

    def _show_page(self, generation: int, flt: CaseFilter, rows: list[Row],
                   following: HomeCursor | None, watermark: datetime | None,
                   append: bool) -> None:
        if not self._read_done() or generation != self._generation:
            return  # typed on meanwhile: a newer search is on its way
        if not self._loaded_once:
            self._put_words()
            # Once the first rows are drawn: the sweep competes for the interpreter.
            self.call_after_refresh(self._sweep)
        self._loaded_once = True
        self.load_error = None
        retry, self._retry = self._retry, None
        self._filter = flt
        self._next = following
        if not append:
            self._watermark = watermark
            self._rows.clear()
            self._rank.clear()
        fresh = []  # a row patched meanwhile may come again in a later page
        for summary, cells, rank in rows:
            if summary.id not in self._rows:
                self._rows[summary.id] = summary
                if rank is not None:
                    self._rank[summary.id] = rank
                fresh.append((summary.id, cells))
        table = self.query_one(CaseTable)
        if append:
            table.append(fresh)
        else:
            table.show(fresh)
        self._say_count()
        self._offer_notifications_soon()
        self.updates_shown += 1
        if retry is not None and not append:
            retry()

    def _put_words(self) -> None:
        """The list's column titles, the search line's hint and the filters' choices, in
        the data's words (the guides' « N° de la demande », « Notification non lue »…)."""
        if self._worded:
            return
        self._worded = True
        from anef_tui.service import attention_filters, screen_wording

        wording = screen_wording()
        lists, c = wording.lists, wording.lists.columns
        self.query_one(CaseTable).relabel((
            c.nom, c.prenoms, c.statut, c.a_faire, c.numero_etranger,
            f"{c.etape} {wording.numero_demande}", c.procedure, c.dossier, c.mis_a_jour))
        self.query_one(SearchInput).placeholder = lists.search
        attention = [(lists.all_cases, ALL), (lists.any_attention, "*")]
        attention += [(words, code) for code, words in attention_filters()]
        statuses = [(words, code) for code, words in lists.statuses.items()]
        # Nothing chosen yet: no « Changed » to read the list again for.
        with self.prevent(Select.Changed):
            for dom_id, options in (("#status-filter", statuses),
                                    ("#attention-filter", attention)):
                select = self.query_one(dom_id, Select)
                select.set_options(options)
                # The value stays « all »: shown again only when it changes.
                select.value = options[1][1]
                select.value = ALL

    def _show_error(self, error: str, read: bool = True) -> None:
        """`read`: the failure ends a read of pages (not a patch)."""
        self._put_words()
        if read:
            self._read_done()
        self.load_error = error
        status = self.query_one("#home-status", Static)
        # Text, not markup: the message names a folder, which may hold « [ ».
        status.update(Text(f"⚠ {error}"))
        status.add_class("error-text")

    def _say_count(self) -> None:
        n = len(self._rows)
        searching = bool(self._filter and (self._filter.words or self._filter.status
                                           or self._filter.attention))
        if n == 0:
            said = ("Aucun dossier ne correspond à la recherche." if searching else
                    "Aucun dossier pour le moment. Appuyez sur N pour en créer un.")
        else:
            more = " ; les suivants en descendant" if self._next is not None else ""
            # The list's order in words (what needs action, then by recency), short
            # enough for one line at 80 columns with « more ».
            plural = "s" if n > 1 else ""
            said = f"{n} dossier{plural} : à traiter d'abord, puis récents{more}."
        status = self.query_one("#home-status", Static)
        if said == self._said and not status.has_class("error-text"):
            return  # the same words: no new layout of the screen (a row patched)
        self._said = said
        # One line that stays one line: no layout of the whole screen (3 to 5 ms at
        # each search whose count changed); an error's lines or a narrow screen, one.
        same_lines = (status.size.height == 1 and not status.has_class("error-text")
                      and cell_len(said) <= status.content_size.width)
        status.remove_class("error-text")
        status.update(said, layout=not same_lines)

    # -- back from a dossier: only the rows written meanwhile --------------------------

    def patch_changed(self) -> None:
        """The dossier just left (and whatever this desk wrote) is patched at once, before
        the list is drawn again: one read by id. The other desks' writes follow from a
        worker (a read of what changed since the list was read)."""
        if self._filter is None:
            self.reload()
            return
        self._generation += 1
        also = [self._opened] if self._opened is not None else []
        self._opened = None
        try:
            today = self.app.clock().date()  # type: ignore[attr-defined]
            mine = self.service.written_here(self._filter, also=also)
            self._apply_changes(self._generation, mine,
                                ranked_rows(self.service, mine.shown, today))
        finally:
            self._patch(self._generation, self._filter, self._watermark)

    @work(thread=True, exclusive=True, group="home-patch")
    def _patch(self, generation: int, flt: CaseFilter, since: datetime | None) -> None:
        try:
            service = self.app.service  # type: ignore[attr-defined]
            changes = service.changed_since(since, flt)
            today = self.app.clock().date()  # type: ignore[attr-defined]
            rows = [] if changes is None else ranked_rows(service, changes.shown, today)
            self.call_from_thread(self._apply_changes, generation, changes, rows)
        except Exception as exc:  # noqa: BLE001 - shown to the operator, never swallowed
            self._failed(exc, read=False)

    def _apply_changes(self, generation: int, changes: CaseChanges | None,
                       rows: list[Row]) -> None:
        if generation != self._generation:
            return
        if changes is None:  # many written elsewhere meanwhile: read the page again
            self.reload()
            return
        table = self.query_one(CaseTable)
        for case_id in changes.dropped & self._rows.keys():
            del self._rows[case_id]
            self._rank.pop(case_id, None)
            table.drop(case_id)
        moved = False
        for summary, cells, rank in rows:
            if self._rows.get(summary.id) == summary and self._rank.get(summary.id) == rank:
                continue  # shown as it is (patched when the dossier was left)
            table.put(summary.id, cells)
            self._rows[summary.id] = summary
            self._rank.pop(summary.id, None)
            if rank is not None:
                self._rank[summary.id] = rank
            moved = True
        if moved:
            table.sort("Dossier", key=self._sort_key)
        self._watermark = changes.watermark or self._watermark
        self._say_count()
        self._offer_notifications_soon()
        self.updates_shown += 1

    def _sort_key(self, number: Cell) -> tuple[int, int, int, float, int]:
        """What needs action first (in its order), then the most recent first."""
        case = self._rows[int(str(number))]
        rank = self._rank.get(case.id)
        if rank is not None:
            return (0, rank[0], rank[1], 0.0, 0)
        return (1, 0, 0, -case.updated_at.timestamp(), -case.id)

    # -- events ------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            event.stop()
            if self._loaded_once:
                self.reload()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._loaded_once:
            self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.stop()
            self.action_open_case()

    def on_search_input_results_requested(self, event: SearchInput.ResultsRequested) -> None:
        table = self.query_one(CaseTable)
        table.focus()
        if table.row_count:
            table.move_cursor(row=0)

    def on_case_table_search_requested(self, event: CaseTable.SearchRequested) -> None:
        self.action_search()

    def on_record_table_near_end(self, event: RecordTable.NearEnd) -> None:
        self.load_more()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_case()

    # -- actions -----------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one(SearchInput).focus()

    def action_new_case(self) -> None:
        if not self._ready(self.action_new_case):
            return
        self.router.new_case()

    def action_open_case(self) -> None:
        if not self._ready(self.action_open_case):
            return
        case_id = self.query_one(CaseTable).chosen_id(
            "Aucun dossier à ouvrir : appuyez sur N pour en créer un.")
        if case_id is not None:
            self._opened = case_id
            self.router.open_case(case_id)

    def action_notifications(self) -> None:
        """« Mes notifications » of the chosen (deposited) dossier."""
        if not self._ready(self.action_notifications):
            return
        case_id = self.query_one(CaseTable).chosen_id(
            "Aucun dossier : appuyez sur N pour en créer un.")
        if case_id is not None:
            self._opened = case_id
            self.router.notifications(case_id)

    def action_notifications_of_draft(self) -> None:
        self.action_notifications()

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
            self.reload()
            return False
        if not self.app.service_ready:  # type: ignore[attr-defined]
            self.notify("Ouverture de la base de données en cours…")
            return False
        return True


__all__ = ["HomeScreen", "Screen"]
