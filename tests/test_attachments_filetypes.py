from __future__ import annotations

import os
from pathlib import Path

import pytest
from filefactory import ELF_HEADER, image_bytes, pdf_bytes

from anef_tui.attachments.filetypes import has_candidate_extension, sniff
from anef_tui.attachments.humanize import format_mtime, format_size
from anef_tui.attachments.scan import list_folder


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (image_bytes("jpeg")[:32], "jpeg"),
        (image_bytes("png")[:32], "png"),
        (pdf_bytes(1)[:32], "pdf"),
        (b"II*\x00" + b"\x00" * 28, "tiff"),
        (b"MM\x00*" + b"\x00" * 28, "tiff"),
        (image_bytes("bmp")[:32], "bmp"),
        (ELF_HEADER[:32], None),
        (b"BMW garage, facture 2024.....", None),
        (b"", None),
    ],
)
def test_sniff(head: bytes, kind: str | None) -> None:
    found = sniff(head)
    assert (found.kind if found else None) == kind


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.PDF", True), ("b.Jpeg", True), ("c.tif", True), ("d.docx", False), (".pdf", False),
     ("pdf", False), ("e.heic", False)],
)
def test_candidate_extension(name: str, expected: bool) -> None:
    assert has_candidate_extension(name) is expected


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 octet"), (900, "900 octets"), (2048, "3 Ko"), (1258291, "1,3 Mo"),
     (10_000_000, "10 Mo"), (999_999, "1 Mo"), (999_000, "999 Ko"), (1_000, "1 Ko")],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text


def test_format_size_never_rounds_a_file_down_to_the_limit() -> None:
    # 10 Mo and one octet is over the guides' limit: it must not read « 10 Mo ».
    assert format_size(10_000_001) == "10,1 Mo"
    assert format_size(10_485_760) == "10,5 Mo"


def test_format_mtime() -> None:
    import time

    stamp = time.mktime((2024, 5, 7, 9, 5, 0, 0, 0, -1))
    assert format_mtime(stamp) == "07/05/2024 09:05"


def test_list_folder_newest_first_and_capped(tmp_path: Path) -> None:
    for index in range(8):
        path = tmp_path / f"scan_{index}.pdf"
        path.write_bytes(b"%PDF-")
        os.utime(path, (1_700_000_000 + index, 1_700_000_000 + index))
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".cache.pdf").write_text("x")
    (tmp_path / "Archives").mkdir()
    listing = list_folder(tmp_path, limit=5)
    assert [e.name for e in listing.files] == [f"scan_{i}.pdf" for i in (7, 6, 5, 4, 3)]
    assert listing.hidden_files == 3
    assert [e.name for e in listing.folders] == ["Archives"]
    assert listing.error is None


def test_list_folder_missing(tmp_path: Path) -> None:
    listing = list_folder(tmp_path / "absent")
    assert listing.error and "n'existe pas" in listing.error
