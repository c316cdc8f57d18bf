"""One boundary where failures become messages (issue 8 §1), with real failures injected.

A read-only database under « Revenir à l'étape précédente », a disk that refuses the
confirmation after a deposit, a bug in an action and in a worker, a screen that fails
while it is built: each time a French message, the app still running (or, for what
escapes the guard, a clean exit 1), the dossier as it was, and no applicant value in
what was printed or in the crash report.
"""

from __future__ import annotations

import asyncio
import errno
import inspect
import os
import re
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import casebuilder
import pytest
from pilot import make_settings, new_app, screen_name, settle, tick
from sqlalchemy import event
from textual.app import ComposeResult
from textual.message_pump import MessagePump
from textual.widgets import Static

import screens
from anef_tui import official_documents
from anef_tui.catalog.models import ScreenWording
from anef_tui.config import Settings
from anef_tui.failures import crash_report, describe_failure
from anef_tui.service import CaseService
from screens.base import AnefScreen
from screens.guard import Guarded, work

# What the applicant typed: none of it may appear in an output or a report.
APPLICANT_VALUES = (
    casebuilder.NOM, "Łukasz", casebuilder.ADDRESS["adresse"], casebuilder.ADDRESS["email"],
    casebuilder.ADDRESS["telephone"], "0612345678", "5903007230", casebuilder.NUMERO_ETRANGER,
)


def assert_no_applicant_value(text: str) -> None:
    for value in APPLICANT_VALUES:
        assert value not in text, f"{value!r} leaked"


def reports(settings: Settings) -> list[Path]:
    folder = settings.data_dir / "rapports"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]  # noqa: SLF001


# -- the descriptions, without the app ------------------------------------------------


def _raise_with_data(value: str) -> None:
    secret = {"nom": value}  # a local the report must not copy
    raise ValueError(f"N° étranger invalide : {secret['nom']}")


def test_crash_report_names_types_and_frames_only(tmp_path: Path) -> None:
    try:
        try:
            _raise_with_data(casebuilder.NOM)
        except ValueError as exc:
            raise KeyError(casebuilder.NUMERO_ETRANGER) from exc
    except KeyError as exc:
        failure = describe_failure(exc, tmp_path)
    assert failure.report is not None
    assert "Erreur inattendue" in failure.message and str(failure.report) in failure.message
    text = failure.report.read_text(encoding="utf-8")
    assert "builtins.ValueError" in text and "builtins.KeyError" in text
    assert re.search(r"test_failures\.py:\d+ in _raise_with_data", text), text
    assert_no_applicant_value(text)
    assert "secret" not in text and "invalide" not in text
    assert stat.S_IMODE(failure.report.stat().st_mode) == 0o600
    assert stat.S_IMODE(failure.report.parent.stat().st_mode) == 0o700


def test_a_file_error_is_said_by_its_kind_never_by_its_text(tmp_path: Path) -> None:
    exc = OSError(errno.ENOSPC, "No space left on device", f"/x/{casebuilder.NOM}.pdf")
    failure = describe_failure(exc, tmp_path)
    assert "le disque est plein" in failure.message
    assert failure.report is None
    assert "No space" not in failure.message and "/x/" not in failure.message
    assert_no_applicant_value(failure.message)


def test_the_report_of_a_chain_has_no_message() -> None:
    from datetime import datetime

    try:
        raise RuntimeError(casebuilder.ADDRESS["email"])
    except RuntimeError as exc:
        text = crash_report(exc, datetime(2026, 1, 2, 3, 4, 5).astimezone())
    assert "builtins.RuntimeError" in text
    assert_no_applicant_value(text)


# -- every handler and worker of the screens is guarded -------------------------------


def _screen_classes() -> list[type]:
    import importlib
    import pkgutil

    found = []
    for info in pkgutil.iter_modules(screens.__path__, "screens."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, MessagePump):
                found.append(cls)
    return found


def test_every_action_and_handler_of_the_screens_is_guarded() -> None:
    unguarded = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in _screen_classes()
        for name, value in vars(cls).items()
        if name.startswith(("action_", "on_")) and inspect.isfunction(value)
        and not getattr(value, "__guarded__", False)
    ]
    assert unguarded == []


def test_every_compose_of_the_screens_is_guarded() -> None:
    # A screen or widget that fails while it is built says so and is left; the app goes on.
    composers = [cls for cls in _screen_classes() if "compose" in vars(cls)]
    assert len(composers) >= 30  # the walk sees them
    unguarded = [f"{cls.__module__}.{cls.__qualname__}" for cls in composers
                 if not issubclass(cls, Guarded)
                 or not getattr(vars(cls)["compose"], "__guarded__", False)]
    assert unguarded == []


def test_no_screen_hands_a_callback_to_the_app_unguarded() -> None:
    # The app's own call_from_thread, call_later, timers run a callback outside every
    # handler: screens use their Guarded counterparts (self.call_from_thread…).
    folder = Path(screens.__file__).parent
    pattern = re.compile(r"\bapp\.(call_from_thread|call_later|call_after_refresh|call_next"
                         r"|set_timer|set_interval)\(")
    offenders = [
        f"{path.name}:{n}" for path in sorted(folder.glob("*.py")) if path.name != "guard.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_no_screen_starts_an_unguarded_worker() -> None:
    folder = Path(screens.__file__).parent
    offenders = [
        path.name for path in folder.glob("*.py") if path.name != "guard.py"
        and re.search(r"from textual import [^\n]*\bwork\b|run_worker\(|@textual\.work",
                      path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# -- a read-only database under « Revenir à l'étape précédente » ----------------------


def _case_at_second_step(settings: Settings) -> int:
    service = CaseService(settings)
    spec = casebuilder.etranger_malade()
    case_id = casebuilder.create(service, spec)
    record = casebuilder.fill_step(service, service.get(case_id), "informations_personnelles",
                                   spec, settings.scan_dir)
    assert record.current_step == "motif_sejour"
    service.close()
    return case_id


async def _previous_on_read_only(settings: Settings) -> tuple[str, str, list[str], int | None]:
    app = new_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "StepScreen"
        engine = app.service.repo.engine

        @event.listens_for(engine, "connect")
        def _read_only(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            dbapi_conn.execute("PRAGMA query_only = 1")

        engine.dispose()
        await pilot.press("ctrl+r")
        await settle(pilot)
        where = f"{screen_name(pilot)}:{app.screen.step_id}"  # type: ignore[attr-defined]
        summary = str(app.screen.query_one("#error-summary").render())
        seen = notes(app)
        await pilot.press("ctrl+q")  # back home: still usable
        await settle(pilot)
        assert screen_name(pilot) == "HomeScreen"
        await pilot.press("ctrl+q")
        await pilot.pause()
    return where, summary, seen, app.return_code


def test_read_only_database_on_previous_step(tmp_path: Path, capfd) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path)
    case_id = _case_at_second_step(settings)
    where, summary, seen, code = asyncio.run(_previous_on_read_only(settings))
    assert where == "StepScreen:motif_sejour"
    assert "lecture seule" in summary
    assert any("lecture seule" in n for n in seen), seen
    assert code in (0, None)
    service = CaseService(settings)
    assert service.get(case_id).current_step == "motif_sejour"  # the dossier as it was
    service.close()
    out, err = capfd.readouterr()
    assert_no_applicant_value(out + err)
    assert "Traceback" not in out + err
    for report in reports(settings):
        assert_no_applicant_value(report.read_text(encoding="utf-8"))


# -- a bug in an action, and in a worker ----------------------------------------------


async def _bug_in_action(settings: Settings) -> tuple[str, list[str]]:
    app = new_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        name = screen_name(pilot)
        seen = notes(app)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    return name, seen


def test_a_bug_in_an_action_is_a_message_and_a_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd  # type: ignore[no-untyped-def]
) -> None:
    settings = make_settings(tmp_path)
    case_id = _case_at_second_step(settings)

    def broken_go_to(self: CaseService, record, step_id: str) -> None:  # type: ignore[no-untyped-def]
        identity = record.identity  # the kind of local a traceback would print
        raise ValueError(f"{identity['nom_naissance']} {record.numero_etranger}")

    monkeypatch.setattr(CaseService, "go_to", broken_go_to)
    name, seen = asyncio.run(_bug_in_action(settings))
    assert name == "StepScreen"
    [report] = reports(settings)
    assert any("Erreur inattendue" in n and str(report) in n for n in seen), seen
    text = report.read_text(encoding="utf-8")
    assert "builtins.ValueError" in text and "broken_go_to" in text
    assert_no_applicant_value(text)
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    service = CaseService(settings)
    assert service.get(case_id).current_step == "motif_sejour"
    service.close()
    out, err = capfd.readouterr()
    assert_no_applicant_value(out + err)


# -- the confirmation cannot be written after the deposit -----------------------------


async def _deposit_with_full_disk(settings: Settings) -> tuple[str, str, list[str]]:
    app = new_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "RecapScreen"
        if app.screen.query("#confirm"):  # « Je confirme le dépôt… » where the guide has it
            await tick(pilot, "confirm")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen_name(pilot) == "ConfirmDialog"
        await pilot.press("right", "enter")
        await settle(pilot)
        await settle(pilot)
        name = screen_name(pilot)
        line = str(app.screen.query_one("#pdf-path").render())
        await pilot.press("ctrl+p")  # writes it again: still refused, still running
        await settle(pilot)
        seen = notes(app)
        assert app.screen.pdf is None  # type: ignore[attr-defined]
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    return name, line, seen


async def _reopen(settings: Settings) -> tuple[Path | None, list[str]]:
    app = new_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert screen_name(pilot) == "ConfirmationScreen"
        pdf = app.screen.pdf  # type: ignore[attr-defined]
        await pilot.press("ctrl+e")  # the case summary, its worker made to fail
        await settle(pilot)
        seen = notes(app)
        assert screen_name(pilot) == "ConfirmationScreen"
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    return pdf, seen


def test_confirmation_refused_by_the_disk_after_the_deposit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd  # type: ignore[no-untyped-def]
) -> None:
    settings = make_settings(tmp_path).with_overrides(print_command="true")
    service = CaseService(settings)
    record = casebuilder.build(service, casebuilder.etranger_malade(), settings.scan_dir,
                               deposit=False)
    service.close()

    def full_disk(*args: object, **kwargs: object) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device",
                      str(settings.case_dir(record.id) / f"{casebuilder.NOM}.pdf"))

    monkeypatch.setattr(official_documents, "write_confirmation", full_disk)
    name, line, seen = asyncio.run(_deposit_with_full_disk(settings))
    assert name == "ConfirmationScreen"
    assert "bien déposée" in line and "le disque est plein" in line, line
    assert "Ctrl+P" in line
    assert sum("le disque est plein" in n for n in seen) >= 2, seen  # and again on Ctrl+P
    service = CaseService(settings)
    deposited = service.get(record.id)
    assert deposited.status == "depose" and deposited.numero_demande
    events = [e.kind for e in service.repo.events(record.id)]
    assert "confirmation_pdf_failed" in events
    service.close()

    # The disk freed: the next opening writes it; a bug in the summary's worker is said.
    monkeypatch.undo()

    def broken_summary(self: CaseService, record) -> Path:  # type: ignore[no-untyped-def]
        raise RuntimeError(record.identity["nom_naissance"])

    monkeypatch.setattr(CaseService, "write_case_summary", broken_summary)
    pdf, seen = asyncio.run(_reopen(settings))
    assert pdf is not None and pdf.exists()
    assert any("Erreur inattendue" in n for n in seen), seen
    [report] = reports(settings)
    assert "broken_summary" in report.read_text(encoding="utf-8")
    out, err = capfd.readouterr()
    for text in [out + err, report.read_text(encoding="utf-8"), line, *seen]:
        assert_no_applicant_value(text)


# -- a screen that cannot be built, callbacks run later or from a worker's thread -------


async def _open_draft(settings: Settings) -> tuple[str, list[str], object]:
    """Enter on the home screen's draft: where the agent ends, what was said, the exit."""
    app = new_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        name, seen = screen_name(pilot), notes(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
    return name, seen, app.return_code


def test_a_screen_that_cannot_be_built_is_said_and_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd  # type: ignore[no-untyped-def]
) -> None:
    settings = make_settings(tmp_path)
    service = CaseService(settings)
    case_id = casebuilder.create(service, casebuilder.etranger_malade())
    service.close()

    def broken_wording(self: CaseService) -> ScreenWording:
        record = self.get(case_id)  # the kind of local a traceback would print
        raise KeyError(f"{record.identity['nom_naissance']} {record.numero_etranger}")

    monkeypatch.setattr(CaseService, "wording", property(broken_wording))
    name, seen, code = asyncio.run(_open_draft(settings))  # its préambule fails
    assert name == "HomeScreen"  # back where the agent was, the app still running
    assert code in (0, None)
    [report] = reports(settings)
    assert any("Erreur inattendue" in n and str(report) in n for n in seen), seen
    text = report.read_text(encoding="utf-8")
    assert "builtins.KeyError" in text and "broken_wording" in text
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    for shown in [text, out + err, *seen]:
        assert_no_applicant_value(shown)


def test_a_field_that_cannot_be_built_leaves_its_step_with_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import screens.fields

    settings = make_settings(tmp_path)
    case_id = _case_at_second_step(settings)
    real_kind = screens.fields.field_kind

    def broken_kind(field):  # type: ignore[no-untyped-def]
        if field.type == "choice":  # the first one fails, while the step is mounted
            raise LookupError(casebuilder.NOM)
        return real_kind(field)

    monkeypatch.setattr(screens.fields, "field_kind", broken_kind)
    name, seen, code = asyncio.run(_open_draft(settings))
    assert code in (0, None)
    assert name == "HomeScreen"
    [report] = reports(settings)  # one failure said, not one per field of the step
    assert sum("Erreur inattendue" in n for n in seen) == 1, seen
    assert "builtins.LookupError" in report.read_text(encoding="utf-8")
    for shown in [report.read_text(encoding="utf-8"), *seen]:
        assert_no_applicant_value(shown)
    service = CaseService(settings)
    assert service.get(case_id).current_step == "motif_sejour"  # the dossier as it was
    service.close()


class CallbackProbe(AnefScreen):
    """A screen whose callbacks fail: later, after a refresh, and from a worker's thread."""

    def __init__(self) -> None:
        super().__init__()
        self.worker_went_on = False

    def compose(self) -> ComposeResult:
        yield Static("sonde", id="probe")

    def on_mount(self) -> None:
        self.call_after_refresh(self._fail, "après rafraîchissement")
        self.call_later(self._fail_async, "plus tard")
        self._in_thread()

    @work(thread=True)
    def _in_thread(self) -> None:
        self.call_from_thread(self._fail, "depuis le fil")
        self.worker_went_on = True

    def _fail(self, where: str) -> None:
        raise ValueError(f"{where} {casebuilder.NOM} {casebuilder.NUMERO_ETRANGER}")

    async def _fail_async(self, where: str) -> None:
        self._fail(where)


async def _probe(settings: Settings) -> tuple[str, list[str], bool, object]:
    app = new_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        probe = CallbackProbe()
        await app.push_screen(probe)
        await settle(pilot)
        await settle(pilot)
        name = screen_name(pilot)
        seen = notes(app)
        app.pop_screen()
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    return name, seen, probe.worker_went_on, app.return_code


def test_callbacks_run_later_or_from_a_thread_are_guarded(tmp_path: Path, capfd) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path)
    name, seen, worker_went_on, code = asyncio.run(_probe(settings))
    assert name == "CallbackProbe" and code in (0, None)
    assert worker_went_on  # the failure was said on the UI thread, not thrown at the worker
    found = reports(settings)
    assert len(found) == 3, found
    texts = [path.read_text(encoding="utf-8") for path in found]
    assert all("builtins.ValueError" in t and "in _fail" in t for t in texts)
    assert sum("Erreur inattendue" in n for n in seen) >= 1, seen
    out, err = capfd.readouterr()
    for shown in [*texts, out + err, *seen]:
        assert_no_applicant_value(shown)


# -- what escapes the guard: a clean exit 1, a report, no traceback -------------------

CRASH_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    sys.path.insert(0, sys.argv[2])
    import casebuilder
    from anef_tui.app import AnefApp
    from anef_tui.config import load_settings
    from anef_tui.service import CaseService
    import screens.preamble

    root = Path(sys.argv[1])
    (root / "scans").mkdir(exist_ok=True)
    settings = load_settings(data_dir=root / "data", scan_dir=root / "scans", environ={})
    service = CaseService(settings)
    casebuilder.create(service, casebuilder.etranger_malade())
    service.close()

    def broken_compose(self):
        record = self.service.get(self.case_id)
        raise ValueError(record.identity["nom_naissance"] + " " + record.numero_etranger)

    # Put in after the class was made, so outside the guard (which wraps the compose a
    # class defines): it stands for what the guard cannot wrap, Textual itself.
    screens.preamble.PreambleScreen.compose = broken_compose

    async def auto(pilot):
        # The keys of the agent; the app stopping under them is what is tested.
        try:
            await pilot.pause()  # the first frame: the home screen starts its worker
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter")  # the draft case: its préambule fails to build
            await pilot.pause()
        except Exception:
            return
        if pilot.app.return_code is None:  # not stopped: fail on the exit code, not a hang
            pilot.app.exit()

    app = AnefApp(settings)
    app.run(headless=True, auto_pilot=auto)
    sys.exit(app.return_code or 0)
    """
)


@pytest.mark.slow  # the app in a child process
def test_a_crash_prints_no_locals_and_exits_1(tmp_path: Path) -> None:
    tests_dir = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", CRASH_CHILD, str(tmp_path), tests_dir],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "anef-tui s'est arrêté sur une erreur inattendue" in output, output
    assert "Traceback" not in output and "locals ─" not in output  # Rich's locals panel
    assert_no_applicant_value(output)
    texts = {path: path.read_text(encoding="utf-8")
             for path in (tmp_path / "data" / "rapports").iterdir()}
    [report] = [path for path, text in texts.items() if "broken_compose" in text]
    assert str(report) in output.replace("\n", "")
    assert "builtins.ValueError" in texts[report]
    for text in texts.values():
        assert_no_applicant_value(text)
