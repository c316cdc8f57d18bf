"""Several desks on one database: deposits per second and save-step latency with 1, 2 and
4 desks, on SQLite (one file, as on one machine) and PostgreSQL, side by side.

Run: .venv/bin/python benchmarks/desks.py [--deposits N] [--saves N] [--pg-url URL]
Prints figures; not a test. Each desk is its own process with its own CaseRepository (its
own connections), started together behind a barrier, as counters working at once:

- deposits/s: each desk creates and deposits N cases as fast as it can (create + deposit
  = two transactions, the deposit taking the day's number); total deposits / wall time.
- save-step latency: each desk saves one step of its own draft N times (one transaction
  each, with the version check of two desks, one draft); median and 95th percentile.

The baseline is SQLite with one desk, measured in the same run. PostgreSQL is a
throwaway local cluster (tests/pgcluster.py, fsync and synchronous commit ON, so that it
is as durable as SQLite's synchronous=FULL) unless --pg-url names an existing empty base.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

DESKS = (1, 2, 4)
STEP = {"situation_familiale": "celibataire", "adresse": "20 rue Nationale",
        "telephone": "+33612345678"}


def _desk(url: str, files: str, barrier: Any, out: Any, deposits: int, saves: int) -> None:
    try:
        _run_desk(url, files, barrier, out, deposits, saves)
    except BaseException:  # the parent prints it: a child's traceback is otherwise lost
        import traceback

        out.put(traceback.format_exc())
        raise


def _run_desk(url: str, files: str, barrier: Any, out: Any, deposits: int, saves: int) -> None:
    from anef_tui.storage.repository import CaseRepository

    repo = CaseRepository(url, Path(files), desk=f"banc-{multiprocessing.current_process().pid}")
    when = datetime(2024, 3, 1, 10).astimezone()

    def new() -> int:
        return repo.create_case("etranger_malade_renouvellement", {"titulaire": "titre"},
                                "informations_personnelles", {"nom_naissance": "Banc"},
                                "7503136189")

    draft = new()
    version = repo.get(draft).version
    barrier.wait(timeout=120)
    t0 = time.perf_counter()
    numeros = [repo.deposit(new(), observations=None, site_prefix="5901", when=when)
               for _ in range(deposits)]
    deposit_time = time.perf_counter() - t0
    latencies = []
    for _ in range(saves):
        t = time.perf_counter()
        repo.save_step(draft, "informations_personnelles", STEP, "motif_sejour",
                       expected_version=version)
        latencies.append(time.perf_counter() - t)
        version += 1
    repo.close()
    out.put((deposit_time, latencies, numeros))


def measure(url: str, files: Path, desks: int, deposits: int, saves: int) -> dict[str, float]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(desks)
    out = ctx.Queue()
    procs = [ctx.Process(target=_desk, args=(url, str(files), barrier, out, deposits, saves))
             for _ in range(desks)]
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    failed = [r for r in results if isinstance(r, str)]
    if failed:
        raise SystemExit(f"un guichet a échoué :\n{failed[0]}")
    wall = max(r[0] for r in results)
    latencies = sorted(x for r in results for x in r[1])
    numeros = [n for r in results for n in r[2]]
    assert len(set(numeros)) == len(numeros), "numéros en double"
    return {
        "deposits_per_s": desks * deposits / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
    }


def _fresh_pg(cluster: Any, name: str) -> str:
    import psycopg

    with psycopg.connect(cluster.libpq_dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return str(cluster.url(name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deposits", type=int, default=25, help="dépôts par guichet")
    parser.add_argument("--saves", type=int, default=20, help="enregistrements par guichet")
    parser.add_argument("--pg-url", help="base PostgreSQL vide existante (sinon une grappe "
                                         "jetable)")
    args = parser.parse_args()

    from anef_tui.storage.database import open_engine

    cluster = None
    if not args.pg_url:
        import pgcluster

        cluster = pgcluster.start(durable=True)
    rows: dict[int, dict[str, dict[str, float]]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="anef-bench-") as tmp:
            for desks in DESKS:
                rows[desks] = {}
                sqlite_url = f"sqlite:///{Path(tmp) / f'guichets{desks}.sqlite3'}"
                # A new base per row with the throwaway cluster; --pg-url's base is reused.
                pg_url = args.pg_url or _fresh_pg(cluster, f"guichets{desks}")
                for engine, url in (("SQLite", sqlite_url), ("PostgreSQL", pg_url)):
                    open_engine(url).dispose()  # the schema exists before the desks start
                    rows[desks][engine] = measure(url, Path(tmp) / "dossiers", desks,
                                                  args.deposits, args.saves)
    finally:
        if cluster is not None:
            cluster.stop()

    print(f"{args.deposits} dépôts et {args.saves} enregistrements d'étape par guichet ; "
          "PostgreSQL local, fsync actif")
    print(f"{'guichets':>8} | {'SQLite dépôts/s':>15} {'étape p50/p95 ms':>17} | "
          f"{'PostgreSQL dépôts/s':>19} {'étape p50/p95 ms':>17}")
    for desks, by in rows.items():
        s, p = by["SQLite"], by["PostgreSQL"]
        print(f"{desks:>8} | {s['deposits_per_s']:>15.1f} "
              f"{s['p50_ms']:>8.1f}/{s['p95_ms']:<8.1f} | {p['deposits_per_s']:>19.1f} "
              f"{p['p50_ms']:>8.1f}/{p['p95_ms']:<8.1f}")
    base = rows[1]["SQLite"]
    top_s, top_p = rows[DESKS[-1]]["SQLite"], rows[DESKS[-1]]["PostgreSQL"]
    print(f"résumé : {DESKS[-1]} guichets — SQLite {top_s['deposits_per_s']:.1f} dépôts/s "
          f"(×{top_s['deposits_per_s'] / base['deposits_per_s']:.2f} vs 1 guichet SQLite), "
          f"PostgreSQL {top_p['deposits_per_s']:.1f} dépôts/s "
          f"(×{top_p['deposits_per_s'] / base['deposits_per_s']:.2f}) ; étape p95 "
          f"SQLite {top_s['p95_ms']:.1f} ms, PostgreSQL {top_p['p95_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
