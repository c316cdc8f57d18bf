"""Shared fixtures: a desk's settings and service, and the database engines every
storage-level test runs on.

``settings`` / ``service``: one desk on SQLite under the test's tmp_path, no environment
read; a module that needs other settings (a database engine, a clock) defines its own
``settings`` and the shared ``service`` is built on them.

``engine_url`` is parametrised over SQLite and PostgreSQL: a test that takes it runs
twice (ids ``sqlite`` and ``postgresql``; ``-k postgresql`` picks the latter). The
PostgreSQL cluster is one per test process (pytest-xdist worker), started once; each
test gets its own fresh database, copied from a template already at the newest schema
(about 50 ms). Without PostgreSQL binaries the PostgreSQL half skips and says why;
with CI=true it fails instead: CI must run it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pgcluster
import pytest
import walked

if TYPE_CHECKING:
    from anef_tui.config import Settings
    from anef_tui.service import CaseService

TEMPLATE = "anef_template"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    from anef_tui.config import load_settings

    return load_settings(data_dir=tmp_path / "data", environ={})


@pytest.fixture
def service(settings: Settings) -> Iterator[CaseService]:
    from anef_tui.service import CaseService

    svc = CaseService(settings)
    yield svc
    svc.close()


@pytest.fixture
def engine_service(tmp_path: Path, engine_url: str) -> Iterator[CaseService]:
    """The service on the engine under test (`engine_url`: SQLite, then PostgreSQL)."""
    from anef_tui.config import load_settings
    from anef_tui.service import CaseService

    svc = CaseService(load_settings(data_dir=tmp_path / "data", database_url=engine_url,
                                    environ={}))
    yield svc
    svc.close()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL est exigé en CI : {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL indisponible sur ce poste : {reason}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pgcluster.Cluster]:
    try:
        cluster = pgcluster.start()
    except pgcluster.NoPostgres as exc:
        _unavailable(str(exc))
    except (RuntimeError, OSError, KeyError) as exc:
        _unavailable(f"le serveur de test n'a pas démarré ({exc})")
    try:
        from anef_tui.storage.database import open_engine

        _admin(cluster, f"CREATE DATABASE {TEMPLATE}")
        open_engine(cluster.url(TEMPLATE)).dispose()
        yield cluster
    finally:
        cluster.stop()


def _admin(cluster: pgcluster.Cluster, sql: str) -> None:
    import psycopg

    with psycopg.connect(cluster.libpq_dsn(), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _fresh_database(cluster: pgcluster.Cluster, template: str | None) -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:16]}"
    _admin(cluster, f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    try:
        yield cluster.url(name)
    finally:
        _admin(cluster, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def pg_url(pg_cluster: pgcluster.Cluster) -> Iterator[str]:
    """A fresh PostgreSQL database at the newest schema, dropped after the test."""
    yield from _fresh_database(pg_cluster, TEMPLATE)


@pytest.fixture
def pg_empty_url(pg_cluster: pgcluster.Cluster) -> Iterator[str]:
    """A fresh, empty PostgreSQL database (no schema): for migration tests."""
    yield from _fresh_database(pg_cluster, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The database URL of the engine under test: a new SQLite file, or a new PG base."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'anef.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_engine_url(request: pytest.FixtureRequest,
                      tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """engine_url for a module-scoped fixture (a data set built once per engine)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('module') / 'anef.sqlite3'}"
        return
    yield from _fresh_database(request.getfixturevalue("pg_cluster"), TEMPLATE)


@pytest.fixture
def engine_name(engine_url: str) -> str:
    return "postgresql" if engine_url.startswith("postgresql") else "sqlite"


# -- the routes' walks, shared ---------------------------------------------------------


@pytest.fixture(scope="session")
def walks(tmp_path_factory: pytest.TempPathFactory) -> walked.Walks:
    """What each route's key-by-key walk leaves, walked once per run (tests/walked.py)."""
    return walked.Walks(tmp_path_factory)


# -- order: the long tests first, so that the workers end together -----------------
#
# `./run-tests` runs `pytest -n <cores + 1> --dist worksteal`: each worker gets one contiguous part
# of the collection, and the one that is done first takes the back half of the other's
# queue. So each part should begin with its long tests and end with short ones: the
# tests are sorted in tiers, then dealt out in turn to the parts like cards. Without it
# the walks, collected last (test_walk_*), ran at the end on whichever worker got them
# while the other one waited.

SLOW = "slow"
WALK_MODULES = {f"test_walk_{route}.py" for route in walked.ROUTES}


def pytest_configure(config: pytest.Config) -> None:
    # Every test's `pilot.press`: one idle wait a key instead of two (tests/pilot.py).
    from pilot import press_once
    from textual.pilot import Pilot

    Pilot.press = press_once  # type: ignore[method-assign]
    config.addinivalue_line(
        "markers", f"{SLOW}: a test of several seconds (a whole walk, a subprocess, several "
        "processes): started first so that the workers end together")


def _tier(item: pytest.Item) -> int:
    """0: the routes' walks (their users wait for them); 1: the other long tests; 2: the
    users of the walks; 3: the tests that drive the app; 4: the rest."""
    fixtures = getattr(item, "fixturenames", ())
    if "walks" in fixtures:
        return 0 if item.path.name in WALK_MODULES else 2
    if item.get_closest_marker(SLOW) is not None or item.path.name.startswith("test_walk_"):
        return 1
    module = getattr(item, "module", None)
    if module is not None and ("new_app" in vars(module) or "Pilot" in vars(module)
                               or "snap_compare" in fixtures):
        return 3
    return 4


@pytest.hookimpl(trylast=True)  # after pytest's grouping by module-scoped parameters
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    ordered = sorted(items, key=_tier)  # stable: the collection order within a tier
    items[:] = [item for part in range(workers) for item in ordered[part::workers]]
