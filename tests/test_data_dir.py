"""The data folder: created private whatever the umask, refused where others can write."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from anef_tui.cli import main
from anef_tui.config import ConfigError, ensure_private_dir

NOBODY = 65534
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="changing a folder's owner needs root")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def test_every_missing_parent_is_created_private_under_umask_000(
    tmp_path: Path, open_umask: None
) -> None:
    target = tmp_path / "a" / "b" / "donnees"
    ensure_private_dir(target)
    assert [mode_of(p) for p in (tmp_path / "a", tmp_path / "a" / "b", target)] == [0o700] * 3


def test_world_writable_parent_without_sticky_bit_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(ConfigError) as caught:
        ensure_private_dir(shared / "anef")
    assert f"« {shared} » peut être modifié par tous les comptes (droits 0777)" in str(
        caught.value)
    assert "--data-dir" in str(caught.value)
    assert list(shared.iterdir()) == []


def test_sticky_world_writable_parent_like_tmp_is_accepted(tmp_path: Path) -> None:
    shared = tmp_path / "comme-tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    assert mode_of(ensure_private_dir(shared / "anef")) == 0o700


def test_our_own_group_writable_home_is_accepted(tmp_path: Path) -> None:
    home = tmp_path / "maison"
    home.mkdir()
    home.chmod(0o775)
    assert mode_of(ensure_private_dir(home / "anef")) == 0o700


@as_root
def test_a_folder_of_another_account_is_refused(tmp_path: Path) -> None:
    theirs = tmp_path / "autre"
    theirs.mkdir(mode=0o755)
    os.chown(theirs, NOBODY, NOBODY)
    with pytest.raises(ConfigError) as caught:
        ensure_private_dir(theirs / "anef")
    assert "appartient à un autre compte" in str(caught.value)


def test_group_writable_parent_of_someone_else_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import anef_tui.config

    # Seen from an ordinary account (uid 1000): the folders made here belong to
    # someone else (or root), and this one lets its whole group write.
    monkeypatch.setattr(anef_tui.config.os, "geteuid", lambda: os.stat(tmp_path).st_uid + 1000)
    team = tmp_path / "equipe"
    team.mkdir()
    team.chmod(0o775)
    if os.stat(tmp_path).st_uid != 0:
        pytest.skip("needs the folders to belong to root, as in CI")
    with pytest.raises(ConfigError) as caught:
        ensure_private_dir(team / "anef")
    assert "membres de son groupe (droits 0775)" in str(caught.value)


def test_the_command_line_refuses_before_writing_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    shared.chmod(0o777)
    assert main(["--data-dir", str(shared / "anef"), "run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("anef-tui : Le dossier « ") and "tous les comptes" in err
    assert list(shared.iterdir()) == []


def test_our_own_data_folder_too_open_is_tightened_not_refused(tmp_path: Path) -> None:
    data = tmp_path / "anef"
    data.mkdir()
    data.chmod(0o777)
    assert mode_of(ensure_private_dir(data)) == 0o700
