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
