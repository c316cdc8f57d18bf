from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label

from screens.file_chooser import FileChooser, fold, typed_path

UNSET = object()
BASE_TIME = 1_714_000_000


class ChooserApp(App[None]):
    def __init__(self, scan_dir: Path) -> None:
        super().__init__()
        self.scan_dir = scan_dir
        self.result: object = UNSET

    def compose(self) -> ComposeResult:
        yield Label("dossier")

    def on_mount(self) -> None:
        self.push_screen(FileChooser(self.scan_dir), self._chosen)

    def _chosen(self, result: Path | None) -> None:
        self.result = result


def make_scans(root: Path) -> Path:
    scans = root / "numerisations"
    scans.mkdir()
    names = [
        "facture_edf.pdf",
        "Relevé bancaire.JPG",
        "passeport.png",
        "notes.txt",
        "[brouillon].tiff",
    ]
    for age, name in enumerate(names):
        path = scans / name
        path.write_bytes(b"x" * (1000 + age))
        os.utime(path, (BASE_TIME - age * 60, BASE_TIME - age * 60))
    sub = scans / "Sous-dossier"
    sub.mkdir()
    (sub / "bail.pdf").write_bytes(b"%PDF-")
    return scans


async def settle(pilot: Pilot[None]) -> None:
    """Let the scan worker finish and its result reach the screen (no wall-clock sleeps)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def run_chooser(
    scan_dir: Path, steps: Callable[[Pilot[None]], Awaitable[None]]
) -> ChooserApp:
    app = ChooserApp(scan_dir)

    async def scenario() -> None:
        async with app.run_test(size=(110, 30)) as pilot:
            await settle(pilot)
            await steps(pilot)
            await pilot.pause()

    asyncio.run(scenario())
    return app


def table_names(pilot: Pilot[None]) -> list[str]:
    table = pilot.app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def test_lists_candidates_newest_first(tmp_path: Path) -> None:
    scans = make_scans(tmp_path)
    seen: dict[str, object] = {}

    async def steps(pilot: Pilot[None]) -> None:
        seen["names"] = table_names(pilot)
        table = pilot.app.screen.query_one(DataTable)
        seen["first_row"] = [str(c) for c in table.get_row_at(2)]
        seen["focused"] = pilot.app.focused
        seen["bindings"] = {
            b.binding.description for b in pilot.app.screen.active_bindings.values()
        }
        await pilot.press("escape")

    app = run_chooser(scans, steps)
    assert seen["names"] == [
        "../",
        "Sous-dossier/",
        "facture_edf.pdf",
        "Relevé bancaire.JPG",
        "passeport.png",
        "[brouillon].tiff",
    ]
    # Decimal units, as ANEF counts (1 Ko = 1000 octets).
    assert seen["first_row"][1] == "1 Ko"
    assert seen["first_row"][2].count("/") == 2 and ":" in seen["first_row"][2]
    assert isinstance(seen["focused"], Input)
    assert {"Choisir", "Dossier parent", "Annuler"} <= seen["bindings"]  # type: ignore[operator]
    assert app.result is None


def test_type_ahead_then_enter(tmp_path: Path) -> None:
    scans = make_scans(tmp_path)
    seen: dict[str, object] = {}

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press(*"releve")
        await pilot.pause()
        seen["names"] = table_names(pilot)
        await pilot.press("enter")

    app = run_chooser(scans, steps)
    assert seen["names"] == ["Relevé bancaire.JPG"]
    assert app.result == scans / "Relevé bancaire.JPG"


def test_down_then_enter_picks_the_newest(tmp_path: Path) -> None:
    scans = make_scans(tmp_path)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("down")
        assert isinstance(pilot.app.focused, DataTable)
        await pilot.press("enter")

    app = run_chooser(scans, steps)
    assert app.result == scans / "facture_edf.pdf"


def test_arrows_move_in_the_list(tmp_path: Path) -> None:
    scans = make_scans(tmp_path)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("down", "down", "enter")

    app = run_chooser(scans, steps)
    assert app.result == scans / "Relevé bancaire.JPG"


def test_typing_in_the_list_goes_to_the_filter(tmp_path: Path) -> None:
    scans = make_scans(tmp_path)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("down", *"pass")
        await pilot.pause()
        assert isinstance(pilot.app.focused, Input)
        await pilot.press("enter")

    app = run_chooser(scans, steps)
    assert app.result == scans / "passeport.png"


def test_typed_full_path_then_enter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scans = make_scans(tmp_path)
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    target = elsewhere / "titre.pdf"
    target.write_bytes(b"%PDF-")
    # A short "~" path keeps the key-by-key typing quick.
    monkeypatch.setenv("HOME", str(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press(*"~/usb/titre.pdf")
        await pilot.press("enter")

    app = run_chooser(scans, steps)
    assert app.result == target


def test_typed_absolute_path_to_a_folder_opens_it(tmp_path: Path) -> None:
    scans = make_scans(tmp_path)
    seen: dict[str, object] = {}

    async def steps(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one(Input).value = str(scans / "Sous-dossier")
        await pilot.press("enter")
        await settle(pilot)
        seen["names"] = table_names(pilot)
        await pilot.press("enter")

    app = run_chooser(scans, steps)
    assert seen["names"] == ["../", "bail.pdf"]
    assert app.result == scans / "Sous-dossier" / "bail.pdf"


def test_pasted_quoted_path(tmp_path: Path) -> None:
    scans = make_scans(tmp_path)
    target = scans / "Sous-dossier" / "bail.pdf"

    async def steps(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one(Input).post_message(events.Paste(f"'{target}'\n"))
        await pilot.pause()
        await pilot.press("enter")

    app = run_chooser(scans, steps)
    assert app.result == target


def test_typed_path_that_does_not_exist_stays_open(tmp_path: Path) -> None:
    scans = make_scans(tmp_path)
    seen: dict[str, object] = {}

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press(*"/nulle/part.pdf", "enter")
        seen["status"] = str(pilot.app.screen.query_one("#chooser-status").render())
        await pilot.press("escape")

    app = run_chooser(scans, steps)
    assert "Rien à l'emplacement" in str(seen["status"])
    assert app.result is None


def test_enter_folder_then_pick_then_parent(tmp_path: Path) -> None:
    scans = make_scans(tmp_path)
    seen: dict[str, object] = {}

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press(*"sous", "enter")
        await settle(pilot)
        seen["inside"] = table_names(pilot)
        await pilot.press("backspace")  # empty filter: back to the parent folder
        await settle(pilot)
        seen["back"] = table_names(pilot)
        await pilot.press(*"sous", "enter")
        await settle(pilot)
        await pilot.press("enter")

    app = run_chooser(scans, steps)
    assert seen["inside"] == ["../", "bail.pdf"]
    assert "facture_edf.pdf" in seen["back"]  # type: ignore[operator]
    assert app.result == scans / "Sous-dossier" / "bail.pdf"


def test_escape_returns_none(tmp_path: Path) -> None:
    scans = make_scans(tmp_path)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press(*"fact")
        await pilot.press("escape")

    app = run_chooser(scans, steps)
    assert app.result is None


def test_missing_scan_folder_shows_a_message(tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    async def steps(pilot: Pilot[None]) -> None:
        seen["status"] = str(pilot.app.screen.query_one("#chooser-status").render())
        await pilot.press("escape")

    run_chooser(tmp_path / "absent", steps)
    assert "n'existe pas" in str(seen["status"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("releve", None),
        ("/tmp/a.pdf", Path("/tmp/a.pdf")),
        ("  '/tmp/a b.pdf' ", Path("/tmp/a b.pdf")),
        ("file:///tmp/a%20b.pdf", Path("/tmp/a b.pdf")),
        ("~/scan.pdf", Path.home() / "scan.pdf"),
    ],
)
def test_typed_path(text: str, expected: Path | None) -> None:
    assert typed_path(text) == expected


def test_fold() -> None:
    assert fold("Relevé ÉDF") == "releve edf"


def test_names_with_controls_are_shown_on_one_line() -> None:
    from anef_tui.attachments.scan import Entry
    from screens.file_chooser import FileChooser

    entry = Entry("scan\nx\u202egpj.pdf", Path("/x"), False, 10_000_001, 0.0)
    name, size, _ = FileChooser._cells(entry)
    assert name.plain == "scan␊x⟨U+202E⟩gpj.pdf"
    # The same figure as the refusal gives for this file.
    assert size.plain == "10,1 Mo"
    # Over the limit, marked by a sign (not a colour) before anyone picks it.
    assert FileChooser._cells(entry, 10_000_000)[1].plain == "⚠ 10,1 Mo"
    assert FileChooser._cells(entry, 10_000_001)[1].plain == "10,1 Mo"


def test_the_filter_says_its_whole_hint_at_80_columns(tmp_path: Path) -> None:
    # « … (/… ou ~/…) puis Entré » at 80 columns: a screen reader lost the key to press.
    app = ChooserApp(make_scans(tmp_path))
    seen: dict[str, int] = {}

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            field = pilot.app.screen.query_one("#chooser-filter", Input)
            seen["room"] = field.content_region.width
            seen["hint"] = len(field.placeholder)

    asyncio.run(scenario())
    assert seen["hint"] < seen["room"], seen
