"""Real document files for the attachments tests (Pillow images, fpdf2 PDFs)."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime
from pathlib import Path

IMAGE_FORMATS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "bmp": "BMP"}


def image_bytes(kind: str, size: tuple[int, int] = (64, 48), **save_args: object) -> bytes:
    from PIL import Image

    # Noise, so compressed formats are not trivially small and truncation bites.
    rng = random.Random(42)
    pixels = bytes(rng.getrandbits(8) for _ in range(size[0] * size[1] * 3))
    image = Image.frombytes("RGB", size, pixels)
    buffer = io.BytesIO()
    image.save(buffer, IMAGE_FORMATS[kind], **save_args)
    return buffer.getvalue()


def pdf_bytes(pages: int = 3) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    # A fixed date: the same pages give the same bytes (and sha256) whatever the second.
    pdf.set_creation_date(datetime(2024, 3, 1, 9, 30, tzinfo=UTC))
    pdf.set_font("helvetica", size=14)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(text=f"Justificatif de domicile - page {number}")
    return bytes(pdf.output())


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


ELF_HEADER = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
ZIP_HEADER = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100


def store_listing(store_dir: Path) -> list[str]:
    """Everything in the store (hidden partial files included), for nothing-written checks."""
    if not store_dir.exists():
        return []
    return sorted(p.name for p in store_dir.iterdir())


def tiff_bytes(
    *, big_endian: bool = False, pages: int = 1, size: tuple[int, int] = (20, 10)
) -> bytes:
    from PIL import Image

    # Pillow writes little-endian TIFF except for 16-bit big-endian greyscale.
    mode = "I;16B" if big_endian else "L"
    frames = [Image.new(mode, size, 1000 * (n + 1)) for n in range(pages)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()
