"""Hostile and unlucky files, generated on the spot (no binary blob is committed).

Header-only bombs announce dimensions their data does not hold: the checks must
refuse them from the header, so the data never matters. ``png_zero_bomb`` is a
real one (every pixel present, compressed to almost nothing) for the benchmark.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from filefactory import image_bytes, pdf_bytes, tiff_bytes

__all__ = [
    "CORPUS",
    "Case",
    "jpeg_claiming",
    "pdf_with",
    "png_claiming",
    "png_zero_bomb",
    "tiff_bytes",
    "tiff_claiming",
]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF
    )


def _png(width: int, height: int, color_type: int, idat: bytes) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat)
            + _chunk(b"IEND", b""))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header announcing width × height RGB pixels, with one row of data."""
    return _png(width, height, 2, zlib.compress(b"\x00" * (1 + 3 * min(width, 4096))))


def png_zero_bomb(width: int, height: int, *, color: bool = True) -> bytes:
    """A complete, valid PNG of width × height black pixels: tiny file, huge image."""
    row = b"\x00" * (1 + (3 if color else 1) * width)
    packer = zlib.compressobj(9)
    parts = [packer.compress(row) for _ in range(height)]
    parts.append(packer.flush())
    return _png(width, height, 2 if color else 0, b"".join(parts))


def jpeg_claiming(width: int, height: int, *, progressive: bool = False) -> bytes:
    """A real small JPEG whose frame header (SOF) is rewritten to width × height."""
    data = bytearray(image_bytes("jpeg", (16, 16), progressive=progressive))
    sof = b"\xff\xc2" if progressive else b"\xff\xc0"
    at = data.index(sof)
    # SOF: marker, length (2), precision (1), height (2), width (2).
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)


def bmp_claiming(width: int, height: int) -> bytes:
    """A real small BMP whose info header is rewritten to width × height."""
    data = bytearray(image_bytes("bmp", (8, 8)))
    struct.pack_into("<ii", data, 18, width, height)
    return bytes(data)


def tiff_claiming(width: int, height: int, *, rgb: bool = True) -> bytes:
    """A little-endian TIFF whose one strip is far shorter than width × height says."""
    entries: list[tuple[int, int, int, int]] = []  # tag, type, count, value/offset
    samples = 3 if rgb else 1
    header_size = 8
    count = 9
    ifd_size = 2 + count * 12 + 4
    extra_at = header_size + ifd_size
    bits_at = extra_at
    strip_at = extra_at + 6
    entries = [
        (256, 4, 1, width),
        (257, 4, 1, height),
        (258, 3, samples, bits_at if rgb else 8),
        (259, 3, 1, 8),  # deflate
        (262, 3, 1, 2 if rgb else 1),
        (273, 4, 1, strip_at),
        (277, 3, 1, samples),
        (278, 4, 1, height),
        (279, 4, 1, 16),
    ]
    out = bytearray(b"II*\x00" + struct.pack("<I", header_size))
    out += struct.pack("<H", count)
    for tag, kind, n, value in entries:
        if kind == 3 and n == 1:
            out += struct.pack("<HHIHH", tag, kind, n, value, 0)
        else:
            out += struct.pack("<HHII", tag, kind, n, value)
    out += struct.pack("<I", 0)
    out += struct.pack("<HHH", 8, 8, 8)
    out += zlib.compress(b"\x00" * 64)[:16].ljust(16, b"\x00")
    return bytes(out)


def pdf_with(kind: str) -> bytes:
    """A real PDF carrying « javascript », « openaction-js », « launch » or « embedded »."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1))))
    if kind == "javascript":
        # A document-level script in the /Names /JavaScript name tree.
        script = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('bonjour');"),
        })
        tree = DictionaryObject({NameObject("/Names"): ArrayObject(
            [TextStringObject("bonjour"), writer._add_object(script)])})
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): writer._add_object(tree)})
    elif kind == "openaction-js":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('bonjour');"),
        })
    elif kind == "launch":
        action = DictionaryObject({
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe"),
        })
        link = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 200, 40)]),
            NameObject("/A"): action,
        })
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    elif kind == "embedded":
        writer.add_attachment("facture.exe", b"MZ\x90\x00")
    else:
        raise ValueError(kind)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def many_page_tiff(pages: int) -> bytes:
    return tiff_bytes(pages=pages, size=(4, 4))


def _png_interlaced(width: int, height: int) -> bytes:
    """A valid Adam7-interlaced grey PNG (Pillow cannot write one)."""
    rows = []
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                           (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
        pass_w = (width - x0 + dx - 1) // dx if width > x0 else 0
        pass_h = (height - y0 + dy - 1) // dy if height > y0 else 0
        if pass_w and pass_h:
            rows.append((b"\x00" + b"\x80" * pass_w) * pass_h)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 1)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows))) + _chunk(b"IEND", b""))


def _png_bad_filter() -> bytes:
    """Every CRC right, every byte inflated, but a scanline with filter type 9."""
    width, height = 8, 4
    raw = b"".join((b"\x09" if y == 2 else b"\x00") + b"\x10" * width for y in range(height))
    return _png(width, height, 0, zlib.compress(raw))


def _png_long_stream() -> bytes:
    """The zlib stream holds one row more than the header announces."""
    width, height = 8, 4
    raw = (b"\x00" + b"\x10" * width) * (height + 1)
    return _png(width, height, 0, zlib.compress(raw))


@dataclass(frozen=True)
class Case:
    """One file of the corpus: its name, its bytes, and the verdict expected for it.

    ``reason`` None means accepted; ``excerpt`` is a piece of the French message
    (refused) or of the ``check-files`` description (accepted).
    """

    name: str
    make: Callable[[], bytes]
    reason: str | None
    excerpt: str


def _truncated(data: bytes, keep: float = 0.6) -> bytes:
    return data[: int(len(data) * keep)]


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200

CORPUS: tuple[Case, ...] = (
    # Accepted: what a scanner or a phone writes.
    Case("scan.pdf", lambda: pdf_bytes(3), None, "PDF, 2 Ko, 3 pages"),
    Case("photo.jpg", lambda: image_bytes("jpeg", (120, 90)), None, "120 × 90 pixels"),
    Case("capture.png", lambda: image_bytes("png"), None, "PNG"),
    Case("entrelace.png", lambda: _png_interlaced(37, 23), None, "37 × 23 pixels"),
    Case("pages.tif", lambda: tiff_bytes(pages=10, size=(4, 4)), None, "10 pages"),
    Case("vieux.bmp", lambda: image_bytes("bmp"), None, "BMP"),
    # A name that would break a list or reverse a line: accepted, shown harmless.
    Case("scan\nretour.pdf", lambda: pdf_bytes(1), None, "PDF"),
    Case("facture\u202egpj.pdf", lambda: pdf_bytes(1), None, "PDF"),
    # Image bombs, refused from the header.
    Case("bombe.png", lambda: png_claiming(13000, 13000), "too_many_pixels",
         "13000 × 13000 pixels (169 mégapixels) : au-delà de 50 mégapixels"),
    Case("bombe.jpg", lambda: jpeg_claiming(13000, 13000), "too_many_pixels",
         "au-delà de 50 mégapixels, une image n'est pas acceptée"),
    Case("progressif.jpg", lambda: jpeg_claiming(7000, 7000, progressive=True),
         "too_many_pixels", "trop lourde à vérifier dans ce format (JPG progressif)"),
    Case("bombe.bmp", lambda: bmp_claiming(20000, 20000), "too_many_pixels",
         "20000 × 20000 pixels (400 mégapixels)"),
    Case("bombe.tif", lambda: tiff_claiming(60000, 1000, rgb=False), "too_many_pixels",
         "60000 × 1000 pixels"),
    Case("couleur.tif", lambda: tiff_claiming(6000, 4000), "too_many_pixels",
         "trop lourde à vérifier dans ce format (TIFF en couleur)"),
    Case("cent-pages.tif", lambda: many_page_tiff(60), "too_many_pages",
         "TIFF de plus de 50 pages"),
    # Pixel data that lies about itself.
    Case("filtre.png", _png_bad_filter, "broken", "image PNG endommagée"),
    Case("trop-long.png", _png_long_stream, "broken", "image PNG endommagée"),
    # A PDF whose object stream inflates far past what a scanner writes.
    Case("bombe.pdf", lambda: pdf_object_stream_bomb(40), "broken", "PDF endommagé"),
    # PDFs that act.
    Case("script.pdf", lambda: pdf_with("javascript"), "active_pdf",
         "contient du JavaScript"),
    Case("ouverture.pdf", lambda: pdf_with("openaction-js"), "active_pdf",
         "imprimez-le de nouveau en PDF"),
    Case("lanceur.pdf", lambda: pdf_with("launch"), "active_pdf",
         "une commande qui lance un programme"),
    Case("piece-jointe.pdf", lambda: pdf_with("embedded"), "active_pdf",
         "contient d'autres fichiers"),
    # Already refused before this corpus: kept so they stay refused.
    Case("programme.pdf", lambda: ELF, "not_accepted", "Il s'agit d'un programme"),
    Case("vide.pdf", lambda: b"", "empty", "est vide (0 octet)"),
    Case("coupe.pdf", lambda: _truncated(pdf_bytes(3)), "broken", "PDF endommagé"),
    Case("coupe.jpg", lambda: _truncated(image_bytes("jpeg")), "broken", "image JPG"),
    Case("sans-fin.png", lambda: image_bytes("png")[:-6], "broken", "image PNG"),
    Case("coupe.tif", lambda: _truncated(image_bytes("tiff")), "broken", "image TIFF"),
    Case("enorme.pdf", lambda: b"%PDF-1.4\n" + b"0" * 10_000_000, "too_large",
         "trop volumineux (10,1 Mo) : la limite est de 10 Mo par fichier"),
)


def pdf_object_stream_bomb(inflated_mb: int = 200) -> bytes:
    """A valid PDF 1.5 whose page annotation lives in an object stream that inflates to
    ``inflated_mb`` Mo (a string of « A »), compressed to a few hundred Ko."""
    packer = zlib.compressobj(9)
    body = [packer.compress(b"5 0 (")]
    block = b"A" * (1024 * 1024)
    body += [packer.compress(block) for _ in range(inflated_mb)]
    body.append(packer.compress(b")"))
    body.append(packer.flush())
    stream = b"".join(body)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}

    def obj(number: int, text: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + text + b"\nendobj\n")

    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    obj(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R] >>")
    obj(4, b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(stream) + stream + b"\nendstream")
    offsets[6] = len(out)
    rows = [b"\x00" + struct.pack(">I", 0) + b"\xff\xff"]
    rows += [b"\x01" + struct.pack(">I", offsets[n]) + b"\x00\x00" for n in (1, 2, 3, 4)]
    rows.append(b"\x02" + struct.pack(">I", 4) + b"\x00\x00")
    rows.append(b"\x01" + struct.pack(">I", offsets[6]) + b"\x00\x00")
    xref = b"".join(rows)
    out.extend(b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\n"
               b"stream\n" % len(xref) + xref + b"\nendstream\nendobj\n")
    out.extend(b"startxref\n%d\n%%%%EOF\n" % offsets[6])
    return bytes(out)
