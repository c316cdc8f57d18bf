"""The hostile corpus through the attachment checks: each verdict, and nothing written.

The corpus (tests/hostile_files.py) is generated here, never committed: image
bombs, PDFs that act, pixel data that lies, names that would break a line, and
the refusals that already held.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from filefactory import store_listing, write
from hostile_files import CORPUS, Case

from anef_tui.attachments import IngestError, check_file, ingest
from anef_tui.check_files import check_files


def _ids(case: Case) -> str:
    return case.name.encode("unicode_escape").decode()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for case in CORPUS:
        write(folder / case.name, case.make())
    return folder


@pytest.mark.parametrize("case", CORPUS, ids=_ids)
def test_each_file_gets_its_verdict_and_a_refusal_writes_nothing(
    case: Case, corpus: Path, tmp_path: Path
) -> None:
    store_dir = tmp_path / "pieces"
    store_dir.mkdir()
    if case.reason is None:
        stored = ingest(corpus / case.name, store_dir)
        assert store_listing(store_dir) == [stored.relpath]
        assert "\n" not in stored.original_name and "\u202e" not in stored.original_name
        return
    with pytest.raises(IngestError) as caught:
        ingest(corpus / case.name, store_dir)
    assert caught.value.reason == case.reason
    assert case.excerpt in str(caught.value)
    assert store_listing(store_dir) == []


def test_names_that_would_act_are_shown_as_visible_marks(corpus: Path, tmp_path: Path) -> None:
    shown = {ingest(corpus / name, tmp_path).original_name
             for name in ("scan\nretour.pdf", "facture\u202egpj.pdf")}
    assert shown == {"scan␊retour.pdf", "facture⟨U+202E⟩gpj.pdf"}


def test_check_files_over_the_corpus(corpus: Path) -> None:
    out = io.StringIO()
    assert check_files([corpus], out) == 1
    lines = out.getvalue().splitlines()
    # One line per file, plus the summary; no file name may break a line.
    assert len(lines) == len(CORPUS) + 1
    for case in CORPUS:
        shown = str(corpus / case.name).replace("\n", "␊").replace("\u202e", "⟨U+202E⟩")
        line = next(line for line in lines if line.split(" — ")[0].endswith(shown))
        verdict = "accepté " if case.reason is None else "refusé  "
        assert line.startswith(verdict + " " + shown), line
        assert case.excerpt in line
    refused = sum(1 for case in CORPUS if case.reason)
    assert lines[-1].startswith(f"{len(CORPUS) - refused} fichier(s) accepté(s), "
                                f"{refused} refusé(s)")


def test_check_files_exit_zero_when_all_accepted(corpus: Path) -> None:
    out = io.StringIO()
    assert check_files([corpus / "scan.pdf", corpus / "photo.jpg"], out) == 0
    assert out.getvalue().splitlines()[0] == (
        f"accepté  {corpus / 'scan.pdf'} — PDF, 2 Ko, 3 pages")


def test_check_file_keeps_nothing(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                  ) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    check_file(corpus / "scan.pdf")
    with pytest.raises(IngestError):
        check_file(corpus / "bombe.png")
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_runs_the_same_checks(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from anef_tui.cli import main

    assert main(["check-files", str(corpus / "scan.pdf")]) == 0
    assert main(["check-files", str(corpus / "scan.pdf"), str(corpus / "bombe.png")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3].startswith(f"accepté  {corpus / 'scan.pdf'} — PDF")
    assert lines[-2].startswith(f"refusé   {corpus / 'bombe.png'} — Le fichier « bombe.png »")
    assert lines[-1] == ("1 fichier(s) accepté(s), 1 refusé(s) "
                         "(limite : 10 Mo par fichier).")
