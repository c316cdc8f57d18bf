"""The migration history and the tables agree, on both engines: a revision forgotten, or
a column added to tables.py without its revision, fails here rather than on a site's
database. PostgreSQL specifics: created from an empty base, guarded by its triggers,
refused when newer, created once when two desks start at the same moment."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from anef_tui.storage import migrate
from anef_tui.storage.database import StorageError, open_engine

TRIGGERS = {"cases_locked_after_deposit", "cases_no_delete_after_deposit"} | {
    f"{table}_{op}_locked"
    for table in ("step_answers", "attachments", "applicants")
    for op in ("insert", "update", "delete")
}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'anef.sqlite3'}"
    return str(request.getfixturevalue("pg_empty_url"))


def _triggers(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        else:
            sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        return set(conn.execute(text(sql)).scalars())


def test_revisions_build_exactly_the_tables(empty_url: str) -> None:
    engine = open_engine(empty_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
            assert migrate.state(conn).up_to_date
        assert _triggers(engine) >= TRIGGERS
    finally:
        engine.dispose()
    assert diff == []


def test_one_line_of_history() -> None:
    # Two helpers adding revisions at once would leave two heads: renumber the later one.
    heads = migrate._scripts().get_heads()  # noqa: SLF001
    assert len(heads) == 1, heads
    revisions = list(migrate._scripts().walk_revisions())  # noqa: SLF001
    numbers = sorted(int(r.revision) for r in revisions)
    assert numbers == list(range(1, len(numbers) + 1))


def test_postgresql_base_of_a_newer_release_is_refused(pg_url: str) -> None:
    newer = f"{int(migrate.head_revision()) + 1:04d}"
    engine = open_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": newer})
    engine.dispose()
    with pytest.raises(StorageError) as err:
        open_engine(pg_url)
    assert "créée par une version plus récente d'anef-tui" in str(err.value)
    assert f"schéma {int(newer)}" in str(err.value)


def test_two_desks_starting_at_once_create_the_schema_once(pg_empty_url: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def desk() -> None:
        try:
            barrier.wait(timeout=30)
            open_engine(pg_empty_url).dispose()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=desk) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    engine = open_engine(pg_empty_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() \
                == [migrate.head_revision()]
    finally:
        engine.dispose()
