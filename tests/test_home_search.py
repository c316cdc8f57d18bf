"""The home screen by keyboard: search, open, come back; pages read as the list scrolls.

The one key-by-key walk of the search route is here: « / », a fragment of a name,
↓, Entrée. The other tests check that the screen never reads more than it shows and
that coming back from a dossier re-reads that row only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pilot import make_settings, new_app, screen_name, settle
from textual.widgets import DataTable, Input

from anef_tui.config import Settings
from anef_tui.service import CaseService
from screens.home import HomeScreen

NAMES = ["Benali", "Diallo", "Kovalenko", "Traoré", "Haddad", "Petrov", "García", "Mendy"]


def seed(settings: Settings, count: int, target_at: int | None = None) -> int:
    """`count` drafts; the one at `target_at` is « de La Fontaine » (its id returned)."""
    svc = CaseService(settings)
    target = 0
    try:
        for i in range(count):
            nom = "de La Fontaine" if i == target_at else NAMES[i % len(NAMES)]
            case_id = svc.repo.create_case(
                "bpi_renouvellement", {}, "informations_personnelles",
                {"nom_naissance": nom, "prenoms": "Jean-Pierre" if i == target_at else "Amina"},
                f"75{i:08d}")
            if i == target_at:
                target = case_id
    finally:
        svc.close()
    return target


def cells(app: Any, case_id: int) -> list[str]:
    return [str(c) for c in app.screen.query_one(DataTable).get_row(str(case_id))]


def counting(app: Any, name: str) -> list[int]:
    """Count the calls of one service method (the real one still runs)."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(app.service, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    setattr(app.service, name, spy)
    return calls


async def find_and_open(settings: Settings, target: int) -> tuple[list[str], int, str]:
    app = new_app(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert screen_name(pilot) == "HomeScreen"
        assert isinstance(app.focused, DataTable)
        await pilot.press("slash")
        assert isinstance(app.focused, Input) and app.focused.id == "search"
        await pilot.press(*"FONTA")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        shown = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        await pilot.press("down")
        assert app.focused is table
        await pilot.press("enter")
        await pilot.pause()
        opened = app.screen.case_id  # type: ignore[attr-defined]
        name = screen_name(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    return shown, opened, name


def test_find_a_dossier_by_a_fragment_of_its_name_and_open_it(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    target = seed(settings, 60, target_at=17)
    shown, opened, name = asyncio.run(find_and_open(settings, target))
    assert shown == ["de La Fontaine"]
    assert opened == target
    assert name == "PreambleScreen"


async def leave_and_come_back(settings: Settings, target: int) -> dict[str, Any]:
    app = new_app(settings)
    seen: dict[str, Any] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        seen["rows_before"] = table.row_count
        seen["cells_before"] = cells(app, target)
        pages = counting(app, "list_page")
        patches = counting(app, "changed_since")
        table = app.screen.query_one(DataTable)
        put: list[int] = []
        real_put = table.put  # type: ignore[attr-defined]

        def spy_put(key: int, cells: Any) -> None:
            put.append(key)
            real_put(key, cells)

        table.put = spy_put  # type: ignore[attr-defined]
        await pilot.press("slash")
        await pilot.press(*"fonta")  # key by key: the Input has no paste in Pilot
        await settle(pilot)
        await pilot.press("enter")  # Entrée in the search line opens the row shown
        await pilot.pause()
        assert screen_name(pilot) == "PreambleScreen"
        pages.clear()
        # Meanwhile the case moves on (this desk), and another desk creates one.
        second = app.service.procedure("bpi_renouvellement").steps[1]
        app.service.repo.set_current_step(target, second.id)
        # This desk's own write is found by id: its (test) clock says another day.
        ours = app.service.repo.create_case(
            "bpi_renouvellement", {}, "informations_personnelles",
            {"nom_naissance": "de La Fontaine", "prenoms": "Paul"}, "7599999998")
        other_desk = CaseService(settings)
        try:
            newcomer = other_desk.repo.create_case(
                "bpi_renouvellement", {}, "informations_personnelles",
                {"nom_naissance": "de La Fontaine", "prenoms": "Marie"}, "7599999999")
        finally:
            other_desk.close()
        # Patched before the list is drawn again, not by the worker that reads the other
        # desks' writes: when that worker starts, the dossier's row is already right.
        home = next(s for s in app.screen_stack if isinstance(s, HomeScreen))
        real_patch = home._patch  # noqa: SLF001

        def spy_patch(*args: Any) -> Any:
            seen["at_resume"] = [str(c) for c in home.query_one(DataTable).get_row(
                str(target))]
            return real_patch(*args)

        home._patch = spy_patch  # noqa: SLF001
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert screen_name(pilot) == "HomeScreen"
        table = app.screen.query_one(DataTable)
        seen["put"] = sorted(put)
        seen["pages_read"] = len(pages)
        seen["patches"] = len(patches)
        seen["rows"] = [str(table.get_row_at(i)[7]) for i in range(table.row_count)]
        seen["cells_after"] = cells(app, target)
        seen["step_title"] = f"2/{len(app.service.procedure('bpi_renouvellement').steps)} " \
                             f"{second.title}"
        seen["newcomer"] = f"{newcomer:06d}"
        seen["ours"] = f"{ours:06d}"
    return seen


def test_coming_back_from_a_dossier_rereads_its_row_only(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    target = seed(settings, 12, target_at=3)
    seen = asyncio.run(leave_and_come_back(settings, target))
    assert seen["pages_read"] == 0  # no page was read again: no full reload
    assert seen["patches"] == 1
    assert seen["cells_after"][5] == seen["step_title"] != seen["cells_before"][5]
    assert seen["at_resume"][5] == seen["step_title"]
    # Only the rows written meanwhile were put: the dossier left, the two new ones.
    assert seen["put"] == sorted([target, int(seen["ours"]), int(seen["newcomer"])])
    # The search « fonta » is still applied: its three matches, the newest first (the
    # app's clock is the tests' fixed day, before the other desk's).
    assert seen["rows"] == [seen["newcomer"], seen["ours"], f"{target:06d}"]


async def scroll_to_the_end(settings: Settings) -> tuple[int, int, list[int]]:
    app = new_app(settings)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        first = table.row_count
        page = app.screen.page_size  # type: ignore[attr-defined]
        counts = []
        for _ in range(10):
            await pilot.press("ctrl+end")
            await settle(pilot)
            counts.append(table.row_count)
    return first, page, counts


def test_the_list_reads_a_page_then_the_next_as_the_cursor_nears_its_end(
    tmp_path: Path
) -> None:
    settings = make_settings(tmp_path)
    seed(settings, 100)
    first, page, counts = asyncio.run(scroll_to_the_end(settings))
    assert first == page < 100
    assert counts[0] == 2 * page
    assert counts[-1] == 100
    assert counts == sorted(counts)


async def footer_by_row(settings: Settings, deposited: int) -> dict[str, Any]:
    app = new_app(settings)
    seen: dict[str, Any] = {}
    said: list[str] = []
    real_notify = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        said.append(message)
        real_notify(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        order = [int(str(table.get_row_at(i)[7])) for i in range(table.row_count)]
        seen["first_is_draft"] = order[0] != deposited
        seen["on_draft"] = footer_words(app)
        keys_on_draft = footer_keys(app)
        await pilot.press("m")  # not in the footer, yet it answers
        await settle(pilot)
        seen["said"] = list(said)
        seen["screen_after_m"] = screen_name(pilot)
        for _ in range(order.index(deposited)):
            await pilot.press("down")
        await settle(pilot)
        seen["on_deposited"] = footer_words(app)
        # « m » alone came: the other keys are the same widgets, not all mounted again.
        seen["keys_kept"] = [k for k in footer_keys(app) if k in keys_on_draft]
        seen["keys_on_draft"] = keys_on_draft
        await pilot.press("up")  # back on a draft: « m » goes again
        await settle(pilot)
        seen["back_on_draft"] = footer_words(app)
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        seen["screen_after_m_deposited"] = screen_name(pilot)
    return seen


def footer_words(app: Any) -> list[str]:
    return [k.description for k in footer_keys(app)]


def footer_keys(app: Any) -> list[Any]:
    from textual.widgets._footer import FooterKey

    return list(app.screen.query(FooterKey))


def test_notifications_key_shown_only_on_a_deposited_dossier(tmp_path: Path) -> None:
    """A draft has no notifications: « m » leaves the footer (80 columns are short) but
    still answers when pressed, with the reason; on a deposited dossier it is shown."""
    settings = make_settings(tmp_path)
    seed(settings, 2)
    svc = CaseService(settings)
    try:
        deposited = svc.repo.create_case(
            "bpi_renouvellement", {}, "informations_personnelles",
            {"nom_naissance": "Sow", "prenoms": "Fatou"}, "7512345678")
        svc.repo.deposit(deposited, observations=None, site_prefix="5901",
                         when=datetime(2026, 3, 2, 10).astimezone())
        seed(settings, 1)  # a newer draft: the list opens on it
    finally:
        svc.close()
    seen = asyncio.run(footer_by_row(settings, deposited))
    assert seen["first_is_draft"]
    assert "Notifications" not in seen["on_draft"]
    assert "Nouveau" in seen["on_draft"]
    assert seen["said"] == ["Ce dossier n'a pas encore été déposé : il n'a pas de "
                            "notification."]
    assert seen["screen_after_m"] == "HomeScreen"
    assert "Notifications" in seen["on_deposited"]
    assert seen["keys_kept"] == seen["keys_on_draft"]
    assert seen["back_on_draft"] == seen["on_draft"]
    assert seen["on_deposited"] == [*seen["on_draft"][:-1], "Notifications",
                                    seen["on_draft"][-1]]
    assert seen["screen_after_m_deposited"] == "NotificationsScreen"


async def search_and_scroll(settings: Settings, typed: str) -> dict[str, Any]:
    app = new_app(settings)
    seen: dict[str, Any] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        reads = counting(app, "home_page")
        app.screen.query_one(Input).value = typed  # the search line, in one event
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        seen["page"] = app.screen.page_size  # type: ignore[attr-defined]
        seen["first"] = table.row_count
        seen["reads_first"] = len(reads)
        seen["count_line"] = str(app.screen.query_one("#home-status").render())
        table.focus()
        for _ in range(20):
            await pilot.press("ctrl+end")
            await settle(pilot)
        seen["all"] = [int(str(table.get_row_at(i)[7])) for i in range(table.row_count)]
        seen["count_line_end"] = str(app.screen.query_one("#home-status").render())
    return seen


@pytest.mark.slow
def test_a_search_shows_a_screenful_then_the_rest_as_the_list_scrolls(tmp_path: Path) -> None:
    """Among a few hundred dossiers a broad word matches most: the first page is what
    the list shows (and READ_AHEAD more), the rest is read as the cursor goes down, in
    the list's order, each dossier once."""
    settings = make_settings(tmp_path)
    seed(settings, 300)
    seen = asyncio.run(search_and_scroll(settings, "amina"))
    svc = CaseService(settings)
    try:
        flt = svc.case_filter("amina")
        expected: list[int] = []
        after = None
        while True:
            page = svc.home_page(flt, svc.today(), 1000, after)
            expected += [c.id for c in page.cases]
            if page.next is None:
                break
            after = page.next
    finally:
        svc.close()
    assert len(expected) == 300  # every seeded prénom is Amina
    assert seen["first"] == seen["page"] < 40
    assert seen["reads_first"] == 1
    assert "les suivants en descendant" in seen["count_line"]
    # The list's order said as it is (what needs action first), on one line at 80 columns.
    assert "à traiter d'abord, puis récents" in seen["count_line"]
    assert "les plus récents d'abord" not in seen["count_line"]
    assert len(seen["count_line"].replace("300", "1000")) <= 76
    assert seen["all"] == expected
    assert "les suivants" not in seen["count_line_end"]


async def search_bar_at(settings: Settings, width: int) -> dict[str, Any]:
    app = new_app(settings)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        search = app.screen.query_one("#search", Input)
        filters = [app.screen.query_one(f"#{name}") for name in
                   ("status-filter", "attention-filter")]
        return {
            "hint_room": search.region.width,
            "hint": len(str(search.placeholder)),
            "rows": sorted({search.region.y, *(f.region.y for f in filters)}),
            "inside": all(w.region.right <= width for w in (search, *filters)),
        }


def test_the_search_hint_is_whole_at_80_columns(tmp_path: Path) -> None:
    """At 80 columns the search line and the filters shared one row: the hint was cut
    at « nom, N° étranger ». Below 110 columns the filters go under the search line."""
    settings = make_settings(tmp_path)
    narrow = asyncio.run(search_bar_at(settings, 80))
    wide = asyncio.run(search_bar_at(settings, 120))
    for seen in (narrow, wide):
        assert seen["hint_room"] > seen["hint"], seen
        assert seen["inside"], seen
    assert len(narrow["rows"]) == 2, narrow
    assert len(wide["rows"]) == 1, wide


async def searches_laid_out(settings: Settings) -> dict[str, Any]:
    from textual.widget import Widget

    app = new_app(settings)
    seen: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        search = home.query_one("#search", Input)
        status = home.query_one("#home-status")
        asked: list[str] = []
        real_refresh = Widget.refresh

        def refresh(widget: Widget, *args: Any, layout: bool = False, **kwargs: Any) -> Any:
            if layout and widget in (search, status):
                asked.append(str(widget.id))
            return real_refresh(widget, *args, layout=layout, **kwargs)

        Widget.refresh = refresh  # type: ignore[method-assign]
        try:
            for words in ("Diallo", "Benali", "Diallo 7500000001", "Kovalenko Amina"):
                search.value = words
                await settle(pilot)
                seen[words] = str(status.render())
                seen[f"{words} rows"] = home.query_one(DataTable).row_count
        finally:
            Widget.refresh = real_refresh  # type: ignore[method-assign]
        seen["asked"] = asked
    return seen


def test_a_search_line_and_its_count_ask_for_no_layout(tmp_path: Path) -> None:
    """The search line's text and the count line change at each search without asking
    for a layout of the whole screen (3 to 5 ms and every widget composed again at
    120×40, at each key typed): the field's box never follows its text, and the count
    is one line that stays one line."""
    settings = make_settings(tmp_path)
    seed(settings, 40)
    seen = asyncio.run(searches_laid_out(settings))
    assert seen["Benali rows"] == 5
    assert seen["Benali"].startswith("5 dossiers")
    assert seen["Diallo 7500000001 rows"] == 1
    assert seen["Diallo 7500000001"].startswith("1 dossier :")
    assert seen["Kovalenko Amina"].startswith("5 dossiers")
    assert seen["asked"] == []
