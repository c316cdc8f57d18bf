from __future__ import annotations

from pathlib import Path

import pytest
from filefactory import image_bytes, store_listing, write

from anef_tui.attachments import ingest
from anef_tui.attachments.store import (
    PARTIAL_PREFIX,
    PARTIAL_SUFFIX,
    remove_stored,
    stored_path,
    sweep_partials,
)


def test_sweep_removes_partials_only(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    stored = ingest(write(tmp_path / "a.png", image_bytes("png")), store_dir)
    (store_dir / f"{PARTIAL_PREFIX}abc{PARTIAL_SUFFIX}").write_bytes(b"half")
    assert sweep_partials(store_dir) == 1
    assert store_listing(store_dir) == [stored.relpath]


def test_stored_path_refuses_escapes(tmp_path: Path) -> None:
    for bad in ["../etc/passwd", "/etc/passwd", "sub/x.pdf", ".incoming-x.part"]:
        with pytest.raises(ValueError):
            stored_path(tmp_path, bad)
    assert stored_path(tmp_path, "ab.pdf") == (tmp_path / "ab.pdf").resolve()


def test_remove_stored(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    stored = ingest(write(tmp_path / "a.png", image_bytes("png")), store_dir)
    assert remove_stored(store_dir, stored.relpath) is True
    assert remove_stored(store_dir, stored.relpath) is False
    assert store_listing(store_dir) == []
