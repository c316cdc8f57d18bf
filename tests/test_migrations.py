"""The migration history and the tables agree: a revision forgotten, or a column added to
tables.py without its revision, fails here rather than on a site's database."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from anef_tui.storage import migrate
from anef_tui.storage.database import open_engine


def test_revisions_build_exactly_the_tables(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'anef.sqlite3'}")
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
            assert migrate.state(conn).up_to_date
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
