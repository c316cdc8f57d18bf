"""How each kind of screen looks, at 80×24 and at 120×40 (pytest-textual-snapshot).

Pilot tests are the contract for what screens do; these snapshots are the contract for
how they look. The data is made deterministic: the day is `counter_day`'s, the cases are
built through the service from `casebuilder`'s fixed answers, and the data folder is a
relative path (the tests run in their tmp folder), so that no snapshot shows the date the
suite ran or where pytest put its files. Cursors do not blink (autouse fixture).

An intended change of a screen: look at the new rendering, then regenerate with
`./run-tests tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import casebuilder
import pytest
from counter_day import CLOCK
from pilot import new_app, settle
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from anef_tui.config import Settings, load_settings
from anef_tui.service import CaseService
from anef_tui.storage.repository import CaseRecord

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Compare = Callable[..., bool]


@pytest.fixture(autouse=True)
def frozen_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor is on or off depending on when the picture is taken."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    # Relative folders: the confirmation shows its PDF's path, which must not name tmp.
    monkeypatch.chdir(tmp_path)
    Path("scans").mkdir()
    return load_settings(data_dir=Path("data"), scan_dir=Path("scans"), site_prefix="5901",
                         environ={})


@pytest.fixture
def service(settings: Settings) -> Iterator[CaseService]:
    svc = CaseService(settings, CLOCK)
    yield svc
    svc.close()


def draft_at(service: CaseService, spec: casebuilder.CaseSpec, step_id: str,
             filled: int) -> CaseRecord:
    """A draft with its first `filled` form steps validated, resumed at `step_id`."""
    case_id = casebuilder.create(service, spec)
    record = service.get(case_id)
    forms = [s for s in service.procedure(spec.procedure_id).steps if s.kind == "form"]
    for step in forms[:filled]:
        record = casebuilder.fill_step(service, record, step.id, spec, Path("scans"))
    service.go_to(record, step_id)
    return service.get(case_id)


async def database_open(pilot: Pilot[None]) -> None:
    """Until the home screen's worker has opened the database (« n » waits for it)."""
    for _ in range(200):
        await settle(pilot)
        if pilot.app.service_ready:  # type: ignore[attr-defined]
            return
    raise AssertionError("the database never opened")


async def open_first_case(pilot: Pilot[None]) -> None:
    """From the home screen, Enter on the first case of the list."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def snap(snap_compare: Compare, settings: Settings, size: tuple[int, int],
         run_before: Callable[[Pilot[None]], object] | None = None,
         press: tuple[str, ...] = ()) -> None:
    assert snap_compare(new_app(settings), press=press, terminal_size=size,
                        run_before=run_before or settle)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: Compare, settings: Settings, service: CaseService,
              size: tuple[int, int]) -> None:
    casebuilder.build(service, casebuilder.ordonnance(), Path("scans"))
    draft_at(service, casebuilder.bpi(), "motif_sejour", filled=1)
    snap(snap_compare, settings, size)


@pytest.mark.parametrize("size", SIZES)
def test_profile(snap_compare: Compare, settings: Settings, size: tuple[int, int]) -> None:
    async def to_profile(pilot: Pilot[None]) -> None:
        await settle(pilot)
        assert pilot.app.service_ready  # type: ignore[attr-defined]
        await pilot.press("n")
        await settle(pilot)

    snap(snap_compare, settings, size, to_profile)


@pytest.mark.parametrize("size", SIZES)
def test_step(snap_compare: Compare, settings: Settings, service: CaseService,
              size: tuple[int, int]) -> None:
    draft_at(service, casebuilder.bpi(), "informations_personnelles", filled=1)
    snap(snap_compare, settings, size, open_first_case)


@pytest.mark.parametrize("size", SIZES)
def test_step_with_slots(snap_compare: Compare, settings: Settings, service: CaseService,
                         size: tuple[int, int]) -> None:
    draft_at(service, casebuilder.bpi(), "justificatifs", filled=3)
    snap(snap_compare, settings, size, open_first_case)


@pytest.mark.parametrize("size", SIZES)
def test_recapitulatif(snap_compare: Compare, settings: Settings, service: CaseService,
                       size: tuple[int, int]) -> None:
    draft_at(service, casebuilder.bpi(), "recapitulatif", filled=3)
    snap(snap_compare, settings, size, open_first_case)


@pytest.mark.parametrize("size", SIZES)
def test_confirmation(snap_compare: Compare, settings: Settings, service: CaseService,
                      size: tuple[int, int]) -> None:
    casebuilder.build(service, casebuilder.bpi(), Path("scans"))
    snap(snap_compare, settings, size, open_first_case)
