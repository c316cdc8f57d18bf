from __future__ import annotations

import hashlib
import importlib
import os
import re
import stat
from pathlib import Path

import pytest
from filefactory import (
    ELF_HEADER,
    ZIP_HEADER,
    image_bytes,
    pdf_bytes,
    store_listing,
    tiff_bytes,
    write,
)

from anef_tui.attachments import DEFAULT_MAX_BYTES, IngestError, StoredFile, ingest
from anef_tui.attachments import store as store_module
from anef_tui.attachments.ingest import check_source

# The package re-exports the ingest() function under the module's name: patch the module.
ingest_module = importlib.import_module("anef_tui.attachments.ingest")

SMALL_LIMIT = 256 * 1024


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "dossier" / "pieces"
    directory.mkdir(parents=True)
    return directory


@pytest.fixture
def scans(tmp_path: Path) -> Path:
    directory = tmp_path / "scans"
    directory.mkdir()
    return directory


# --- accepted files -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "filename", "mime", "ext"),
    [
        ("jpeg", "photo.JPG", "image/jpeg", "jpg"),
        ("png", "capture.png", "image/png", "png"),
        ("tiff", "scan.tiff", "image/tiff", "tif"),
        ("bmp", "vieux.bmp", "image/bmp", "bmp"),
    ],
)
def test_images_are_accepted_with_their_dimensions(
    kind: str, filename: str, mime: str, ext: str, scans: Path, store_dir: Path
) -> None:
    data = image_bytes(kind, (64, 48))
    source = write(scans / filename, data)

    stored = ingest(source, store_dir, max_bytes=SMALL_LIMIT)

    sha = hashlib.sha256(data).hexdigest()
    assert stored == StoredFile(
        sha256=sha,
        original_name=filename,
        size=len(data),
        kind=kind,  # type: ignore[arg-type]
        mime=mime,
        relpath=f"{sha}.{ext}",
        pages=1,
        width=64,
        height=48,
    )
    assert (store_dir / stored.relpath).read_bytes() == data


@pytest.mark.parametrize(("big_endian", "magic"), [(False, b"II*\x00"), (True, b"MM\x00*")])
def test_tiff_both_byte_orders(
    big_endian: bool, magic: bytes, scans: Path, store_dir: Path
) -> None:
    data = tiff_bytes(big_endian=big_endian)
    assert data[:4] == magic
    stored = ingest(write(scans / "a.tif", data), store_dir)
    assert (stored.kind, stored.width, stored.height, stored.pages) == ("tiff", 20, 10, 1)


def test_multipage_tiff_counts_pages(scans: Path, store_dir: Path) -> None:
    stored = ingest(write(scans / "a.tif", tiff_bytes(pages=3)), store_dir)
    assert stored.pages == 3


def test_three_page_pdf(scans: Path, store_dir: Path) -> None:
    data = pdf_bytes(3)
    stored = ingest(write(scans / "domicile.pdf", data), store_dir)
    assert (stored.kind, stored.mime, stored.pages, stored.size) == (
        "pdf", "application/pdf", 3, len(data)
    )
    assert stored.width is None and stored.height is None
    assert stored.relpath == f"{stored.sha256}.pdf"


def test_pdf_with_a_slightly_wrong_xref_offset_is_accepted(scans: Path, store_dir: Path) -> None:
    # Some scanners write off-by-a-few startxref offsets; viewers repair them silently.
    data = pdf_bytes(2)
    match = re.search(rb"startxref\s+(\d+)", data)
    assert match is not None
    shifted = str(int(match.group(1)) + 3).encode()
    data = data[: match.start(1)] + shifted + data[match.end(1) :]
    stored = ingest(write(scans / "scanner.pdf", data), store_dir)
    assert stored.pages == 2


def test_pdf_truncated_then_eof_appended_is_refused(scans: Path, store_dir: Path) -> None:
    data = pdf_bytes(3)
    source = write(scans / "repare.pdf", data[: len(data) // 2] + b"\n%%EOF\n")
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir)
    assert caught.value.reason == "broken"
    assert store_listing(store_dir) == []


def test_type_comes_from_content_not_extension(scans: Path, store_dir: Path) -> None:
    # A PNG named .pdf is still a valid PNG: stored as .png.
    stored = ingest(write(scans / "mal-nomme.pdf", image_bytes("png")), store_dir)
    assert stored.kind == "png"
    assert stored.relpath.endswith(".png")
    assert stored.original_name == "mal-nomme.pdf"


def test_store_permissions_and_no_leftovers(tmp_path: Path, scans: Path) -> None:
    store_dir = tmp_path / "new" / "case"
    stored = ingest(write(scans / "a.png", image_bytes("png")), store_dir)
    assert stat.S_IMODE(store_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((store_dir / stored.relpath).stat().st_mode) == 0o600
    assert store_listing(store_dir) == [stored.relpath]


def test_removing_the_original_changes_nothing(scans: Path, store_dir: Path) -> None:
    data = pdf_bytes(1)
    source = write(scans / "a.pdf", data)
    stored = ingest(source, store_dir)
    source.unlink()
    assert (store_dir / stored.relpath).read_bytes() == data


def test_same_content_twice_is_stored_once(scans: Path, store_dir: Path) -> None:
    data = image_bytes("jpeg")
    first = ingest(write(scans / "a.jpg", data), store_dir)
    second = ingest(write(scans / "copie de a.jpg", data), store_dir)
    assert first.relpath == second.relpath
    assert second.original_name == "copie de a.jpg"
    assert store_listing(store_dir) == [first.relpath]


def test_exactly_the_limit_is_accepted(scans: Path, store_dir: Path) -> None:
    # A BMP's size is fully determined by its dimensions: pad the limit to match it.
    data = image_bytes("bmp", (40, 40))
    stored = ingest(write(scans / "a.bmp", data), store_dir, max_bytes=len(data))
    assert stored.size == len(data)


def test_limit_plus_one_byte_is_refused(scans: Path, store_dir: Path) -> None:
    data = image_bytes("bmp", (40, 40))
    source = write(scans / "a.bmp", data)
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir, max_bytes=len(data) - 1)
    assert caught.value.reason == "too_large"
    assert store_listing(store_dir) == []


def test_real_ten_megabytes_plus_one_refused(scans: Path, store_dir: Path) -> None:
    source = scans / "enorme.pdf"
    with source.open("wb") as handle:
        # Sparse: the size check comes before any read, so content is irrelevant.
        handle.truncate(DEFAULT_MAX_BYTES + 1)
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir)
    message = str(caught.value)
    assert caught.value.reason == "too_large"
    assert "« enorme.pdf » est trop volumineux (10,1 Mo)" in message
    assert "la limite est de 10 Mo par fichier" in message
    assert store_listing(store_dir) == []


def test_real_ten_megabytes_exactly_passes_the_size_check(scans: Path) -> None:
    source = scans / "juste.pdf"
    with source.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES)
    assert check_source(source).st_size == DEFAULT_MAX_BYTES


# --- refused files --------------------------------------------------------------------


def _truncated(data: bytes, keep: float = 0.6) -> bytes:
    return data[: int(len(data) * keep)]


REFUSED_CONTENT = [
    pytest.param("programme.pdf", ELF_HEADER, "not_accepted",
                 "n'est pas un document accepté : son contenu n'est ni JPG, PNG, PDF, TIFF ni BMP.",
                 id="elf-renamed-pdf"),
    pytest.param("setup.jpg", b"MZ\x90\x00" + b"\x00" * 100, "not_accepted", "un programme",
                 id="exe-renamed-jpg"),
    pytest.param("archive.pdf", ZIP_HEADER, "not_accepted", "archive ZIP", id="zip-renamed-pdf"),
    pytest.param("notes.png", b"Rendez-vous mardi", "not_accepted",
                 "ni JPG, PNG, PDF, TIFF ni BMP", id="text"),
    pytest.param("iphone.jpg", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "not_accepted",
                 "HEIC", id="heic"),
    pytest.param("vide.pdf", b"", "empty", "est vide", id="empty"),
    pytest.param("coupe.pdf", _truncated(pdf_bytes(3)), "broken", "PDF endommagé ou incomplet",
                 id="truncated-pdf"),
    pytest.param("coupe-fin.pdf", pdf_bytes(3)[:-8], "broken", "PDF endommagé",
                 id="pdf-missing-eof"),
    pytest.param("coupe.png", _truncated(image_bytes("png")), "broken",
                 "image PNG endommagée ou incomplète", id="truncated-png"),
    pytest.param("sans-fin.png", image_bytes("png")[:-6], "broken", "image PNG endommagée",
                 id="png-missing-iend"),
    pytest.param("coupe.jpg", _truncated(image_bytes("jpeg")), "broken",
                 "image JPG endommagée ou incomplète", id="truncated-jpeg"),
    pytest.param("sans-eoi.jpg", image_bytes("jpeg")[:-2], "broken", "image JPG",
                 id="jpeg-missing-eoi"),
    pytest.param("coupe.tif", _truncated(image_bytes("tiff")), "broken", "image TIFF",
                 id="truncated-tiff"),
    pytest.param("coupe.bmp", _truncated(image_bytes("bmp")), "broken", "image BMP",
                 id="truncated-bmp"),
]


@pytest.mark.parametrize(("filename", "data", "reason", "excerpt"), REFUSED_CONTENT)
def test_refused_content_leaves_nothing(
    filename: str, data: bytes, reason: str, excerpt: str, scans: Path, store_dir: Path
) -> None:
    source = write(scans / filename, data)
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir, max_bytes=SMALL_LIMIT)
    assert caught.value.reason == reason
    assert excerpt in str(caught.value)
    assert f"« {filename} »" in str(caught.value)
    assert store_listing(store_dir) == []


def test_elf_message_is_the_documented_one(scans: Path, store_dir: Path) -> None:
    source = write(scans / "x.pdf", ELF_HEADER)
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir)
    assert str(caught.value).startswith(
        "Le fichier « x.pdf » n'est pas un document accepté : son contenu n'est ni JPG, PNG, "
        "PDF, TIFF ni BMP."
    )


def test_directory_refused(scans: Path, store_dir: Path) -> None:
    folder = scans / "2024-05.pdf"
    folder.mkdir()
    with pytest.raises(IngestError) as caught:
        ingest(folder, store_dir)
    assert caught.value.reason == "directory"
    assert "est un dossier" in str(caught.value)
    assert store_listing(store_dir) == []


def test_fifo_refused_without_blocking(scans: Path, store_dir: Path) -> None:
    fifo = scans / "tube.pdf"
    os.mkfifo(fifo)
    with pytest.raises(IngestError) as caught:
        ingest(fifo, store_dir)
    assert caught.value.reason == "not_regular"
    assert "n'est pas un fichier ordinaire" in str(caught.value)
    assert store_listing(store_dir) == []


def test_fifo_swapped_in_after_stat_does_not_block(
    scans: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulate the race: stat() sees a regular file, open() gets a fifo.
    fifo = scans / "tube.pdf"
    os.mkfifo(fifo)
    regular = write(scans / "vrai.pdf", pdf_bytes(1))
    real_stat = os.stat

    def fake_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if Path(str(path)) == fifo:
            return real_stat(regular)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_module.os, "stat", fake_stat)
    with pytest.raises(IngestError) as caught:
        ingest(fifo, store_dir)
    assert caught.value.reason == "not_regular"
    assert store_listing(store_dir) == []


def test_device_refused(store_dir: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest(Path("/dev/null"), store_dir)
    assert caught.value.reason == "not_regular"


def test_file_deleted_between_choosing_and_attaching(scans: Path, store_dir: Path) -> None:
    chosen = write(scans / "scan_0001.pdf", pdf_bytes(1))
    chosen.unlink()
    with pytest.raises(IngestError) as caught:
        ingest(chosen, store_dir)
    assert caught.value.reason == "missing"
    assert "« scan_0001.pdf » est introuvable" in str(caught.value)
    assert store_listing(store_dir) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_real_permissions(scans: Path, store_dir: Path) -> None:
    source = write(scans / "secret.pdf", pdf_bytes(1))
    source.chmod(0)
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir)
    assert caught.value.reason == "unreadable"
    assert store_listing(store_dir) == []


def test_unreadable_file(scans: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(scans / "secret.pdf", pdf_bytes(1))

    def deny(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied", str(source))

    monkeypatch.setattr(ingest_module.os, "open", deny)
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir)
    assert caught.value.reason == "unreadable"
    assert "« secret.pdf » ne peut pas être lu (accès refusé)" in str(caught.value)
    assert store_listing(store_dir) == []


def test_file_that_grows_after_the_check_is_refused(
    scans: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(scans / "grossit.pdf", pdf_bytes(1))
    limit = source.stat().st_size
    real_check = check_source

    def check_then_grow(path: Path, *, max_bytes: int) -> os.stat_result:
        info = real_check(path, max_bytes=max_bytes)
        with path.open("ab") as handle:
            handle.write(b"\n" * 100)
        return info

    monkeypatch.setattr(ingest_module, "check_source", check_then_grow)
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir, max_bytes=limit)
    assert caught.value.reason == "too_large"
    assert store_listing(store_dir) == []


def test_content_swapped_after_the_check_is_judged_on_the_copy(
    scans: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(scans / "piege.pdf", pdf_bytes(1))
    real_check = check_source

    def check_then_swap(path: Path, *, max_bytes: int) -> os.stat_result:
        info = real_check(path, max_bytes=max_bytes)
        path.write_bytes(ELF_HEADER)
        return info

    monkeypatch.setattr(ingest_module, "check_source", check_then_swap)
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir)
    assert caught.value.reason == "not_accepted"
    assert store_listing(store_dir) == []


def test_crash_during_copy_leaves_no_file(
    scans: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(scans / "a.pdf", pdf_bytes(1))

    def crash(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_module.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest(source, store_dir)
    assert store_listing(store_dir) == []


def test_disk_error_while_writing_is_a_store_message(
    scans: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(scans / "a.pdf", pdf_bytes(1))

    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "replace", no_space)
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir)
    assert caught.value.reason == "store_failed"
    assert "Vérifiez l'espace disque" in str(caught.value)
    assert store_listing(store_dir) == []


def test_encrypted_pdf_refused(scans: Path, store_dir: Path) -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    source = write(scans / "protege.pdf", buffer.getvalue())
    with pytest.raises(IngestError) as caught:
        ingest(source, store_dir)
    assert caught.value.reason == "encrypted"
    assert store_listing(store_dir) == []


def test_lazy_imports() -> None:
    import subprocess
    import sys

    code = (
        "import sys, anef_tui.attachments; "
        "print(any(m == 'PIL' or m.startswith(('PIL.', 'pypdf')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
