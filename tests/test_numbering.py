"""The N° de la demande: its format, its sequence per site and day, and its uniqueness
when several instances of the app deposit into one database at the same moment."""

from __future__ import annotations

import multiprocessing
import traceback
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from anef_tui.numbering import (
    SEQUENCE_MAX,
    NumberingExhausted,
    counter_key,
    format_numero,
    is_valid_numero,
)
from anef_tui.storage.database import StorageError
from anef_tui.storage.repository import CaseRepository

DAY = date(2022, 4, 26)
WHEN = datetime(2022, 4, 26, 10, 30).astimezone()
PROCESSES = 4
PER_PROCESS = 25


# -- format ------------------------------------------------------------------------


def test_format_of_the_guides_example() -> None:
    numero = format_numero("5901", DAY, 120)
    assert numero == "5901202204260000120"  # as printed in guide 000
    assert len(numero) == 19 and is_valid_numero(numero)
    assert (numero[:4], numero[4:12], numero[12:]) == ("5901", "20220426", "0000120")


@pytest.mark.parametrize("sequence", [1, 9_999_999])
def test_sequence_bounds_accepted(sequence: int) -> None:
    numero = format_numero("7501", DAY, sequence)
    assert is_valid_numero(numero) and int(numero[12:]) == sequence


@pytest.mark.parametrize("sequence", [0, SEQUENCE_MAX + 1])
def test_sequence_out_of_range_is_exhaustion(sequence: int) -> None:
    with pytest.raises(NumberingExhausted) as err:
        format_numero("5901", DAY, sequence)
    assert str(err.value) == (
        "Plus aucun numéro de demande disponible pour le 26/04/2022 sur le site 5901."
    )


@pytest.mark.parametrize("prefix", ["590", "59012", "59A1", ""])
def test_bad_site_prefix_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="préfixe de site invalide"):
        format_numero(prefix, DAY, 1)


@pytest.mark.parametrize(
    "text_", ["590120220426000012", "59012022042600001200", "5901 2022042600 00120", ""]
)
def test_is_valid_numero_rejects(text_: str) -> None:
    assert not is_valid_numero(text_)


def test_counter_key() -> None:
    assert counter_key("5901", DAY) == "590120220426"


# -- sequence per prefix and day, through the repository -------------------------------


def _repo(url: str, tmp_path: Path) -> CaseRepository:
    return CaseRepository(url, tmp_path / "data" / "dossiers")


def _new(repo: CaseRepository) -> int:
    return repo.create_case("etranger_malade_renouvellement", {"titulaire": "titre"},
                            "informations_personnelles", {"nom_naissance": "Nguyễn"},
                            "7503136189")


def test_sequence_per_prefix_and_day(engine_url: str, tmp_path: Path) -> None:
    repo = _repo(engine_url, tmp_path)
    try:
        next_day = WHEN + timedelta(days=1)
        got = [
            repo.deposit(_new(repo), observations=None, site_prefix="5901", when=WHEN),
            repo.deposit(_new(repo), observations=None, site_prefix="5901", when=WHEN),
            repo.deposit(_new(repo), observations=None, site_prefix="7501", when=WHEN),
            repo.deposit(_new(repo), observations=None, site_prefix="5901", when=next_day),
            repo.deposit(_new(repo), observations=None, site_prefix="5901", when=WHEN),
        ]
    finally:
        repo.close()
    assert got == [
        "5901202204260000001",
        "5901202204260000002",
        "7501202204260000001",
        "5901202204270000001",
        "5901202204260000003",
    ]


def test_exhausted_day_refuses_the_deposit_and_changes_nothing(
    engine_url: str, tmp_path: Path
) -> None:
    repo = _repo(engine_url, tmp_path)
    try:
        case_id = _new(repo)
        with repo.engine.begin() as conn:
            conn.execute(text("INSERT INTO deposit_counters (key, last) VALUES (:k, :n)"),
                         {"k": "590120220426", "n": SEQUENCE_MAX})
        with pytest.raises(StorageError) as err:
            repo.deposit(case_id, observations="x", site_prefix="5901", when=WHEN)
        assert "Plus aucun numéro de demande disponible pour le 26/04/2022 sur le site 5901" \
            in str(err.value)
        record = repo.get(case_id)
        assert (record.status, record.numero_demande, record.observations) == (
            "brouillon", None, None)
        with repo.engine.begin() as conn:
            last = conn.execute(text("SELECT last FROM deposit_counters")).scalar_one()
        assert last == SEQUENCE_MAX
        # Another site, or the next day, still has numbers.
        assert repo.deposit(case_id, observations=None, site_prefix="7501",
                            when=WHEN) == "7501202204260000001"
    finally:
        repo.close()


# -- several app instances depositing at once -----------------------------------------


LOADED_MACHINE_WAIT_S = 300


def _deposit_worker(url: str, files_dir: str, barrier: Any, out: Any, count: int) -> None:
    """One app instance: its own engine, then create + deposit as fast as it can.

    The instances queue on SQLite's write lock; the app waits 5 s for it, which a test
    machine shared by many runs can exceed while the holder is not even scheduled (a
    « base occupée » failure that proves nothing about numbering). Waiting longer here
    keeps what the test proves: 100 unique, contiguous numbers.
    """
    try:
        from anef_tui.storage import database

        database.BUSY_TIMEOUT_MS = LOADED_MACHINE_WAIT_S * 1000
        repo = CaseRepository(url, Path(files_dir))
        barrier.wait(timeout=LOADED_MACHINE_WAIT_S)
        numeros = []
        for _ in range(count):
            numeros.append(repo.deposit(_new(repo), observations=None, site_prefix="5901",
                                        when=WHEN))
        repo.close()
        out.put(("ok", numeros))
    except BaseException:  # the parent reports it: a child's traceback is otherwise lost
        out.put(("error", traceback.format_exc()))


@pytest.mark.slow  # several interpreters started: first, so the workers end together
def test_concurrent_deposits_get_unique_contiguous_numbers(
    engine_url: str, tmp_path: Path
) -> None:
    # The database exists before the instances start, as at a counter.
    _repo(engine_url, tmp_path).close()
    url = engine_url
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_deposit_worker,
                    args=(url, str(tmp_path / "data" / "dossiers"), barrier, out, PER_PROCESS))
        for _ in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    # Generous: spawned interpreters import SQLAlchemy on a loaded machine; a child
    # that dies still puts its traceback in the queue, so these only bound a hang.
    results = [out.get(timeout=LOADED_MACHINE_WAIT_S * 2) for _ in procs]
    for p in procs:
        p.join(timeout=LOADED_MACHINE_WAIT_S)
        assert p.exitcode == 0
    errors = [detail for status, detail in results if status != "ok"]
    assert not errors, errors[0]

    numeros = [n for _, batch in results for n in batch]
    total = PROCESSES * PER_PROCESS
    assert len(numeros) == total and len(set(numeros)) == total
    assert all(n.startswith("590120220426") and is_valid_numero(n) for n in numeros)
    assert sorted(int(n[12:]) for n in numeros) == list(range(1, total + 1))
    # Each instance saw its own numbers increase.
    for _, batch in results:
        assert batch == sorted(batch)

    repo = _repo(engine_url, tmp_path)
    try:
        with repo.engine.begin() as conn:
            stored = conn.execute(text(
                "SELECT numero_demande FROM cases WHERE status = 'depose'")).scalars().all()
            last = conn.execute(text("SELECT last FROM deposit_counters WHERE key = :k"),
                                {"k": "590120220426"}).scalar_one()
    finally:
        repo.close()
    assert sorted(stored) == sorted(numeros)
    assert last == total
