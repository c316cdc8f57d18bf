"""Which characters the documents' fonts can print.

A character the fonts lack vanishes from the PDF (fpdf2 only warns on stderr): a
« Lieu de naissance » typed with an emoji would print without it. The form refuses
such characters instead (``formats.check_printable``), so this answers quickly and
without fpdf2 or fontTools: the fonts' ``cmap`` tables are read directly, once.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
# Style ("" regular, "B" bold, "I" oblique) → file; every style must print every value.
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


@cache
def printable_codepoints() -> frozenset[int]:
    """Code points every style of the documents' font maps to a real glyph."""
    sets = [_cmap_codepoints(FONTS_DIR / name) for name in FONT_FILES.values()]
    return frozenset(set.intersection(*sets))


def _cmap_codepoints(path: Path) -> set[int]:
    data = path.read_bytes()
    (num_tables,) = struct.unpack_from(">H", data, 4)
    cmap = None
    for index in range(num_tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if tag == b"cmap":
            cmap = offset
    if cmap is None:
        raise ValueError(f"{path.name} : table cmap absente")
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    subtables = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
        subtables[(platform, encoding)] = cmap + offset
    # Full Unicode (format 12) when present, else the BMP table (format 4).
    for key in ((3, 10), (0, 4), (0, 6)):
        if key in subtables and struct.unpack_from(">H", data, subtables[key])[0] == 12:
            return _format12(data, subtables[key])
    for key in ((3, 1), (0, 3), (0, 1), (0, 0)):
        if key in subtables and struct.unpack_from(">H", data, subtables[key])[0] == 4:
            return _format4(data, subtables[key])
    raise ValueError(f"{path.name} : aucune table cmap Unicode lisible")


def _format12(data: bytes, at: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", data, at + 12)
    out: set[int] = set()
    for index in range(groups):
        start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * index)
        out.update(range(start + (1 if glyph == 0 else 0), end + 1))
    return out


def _format4(data: bytes, at: int) -> set[int]:
    (seg_x2,) = struct.unpack_from(">H", data, at + 6)
    ends_at = at + 14
    starts_at = ends_at + seg_x2 + 2
    deltas_at = starts_at + seg_x2
    ranges_at = deltas_at + seg_x2
    out: set[int] = set()
    for seg in range(seg_x2 // 2):
        (end,) = struct.unpack_from(">H", data, ends_at + 2 * seg)
        (start,) = struct.unpack_from(">H", data, starts_at + 2 * seg)
        (delta,) = struct.unpack_from(">h", data, deltas_at + 2 * seg)
        (range_offset,) = struct.unpack_from(">H", data, ranges_at + 2 * seg)
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                where = ranges_at + 2 * seg + range_offset + 2 * (code - start)
                (glyph,) = struct.unpack_from(">H", data, where)
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                out.add(code)
    return out
