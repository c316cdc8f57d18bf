"""Check a PNG's pixel data without holding the image in memory.

Decoding a PNG with Pillow allocates the whole image (4 bytes a pixel in colour):
a 7 000 × 7 000 scan would cost 200 Mo just to be checked. What decoding would
catch — a zlib stream that is corrupt, cut short or too long, a scanline with an
impossible filter — is found here by inflating the stream in small pieces and
counting, so memory stays at a few hundred Ko whatever the image.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4),
          (1, 0, 2, 2), (0, 1, 1, 2))
_READ = 64 * 1024
_INFLATE = 256 * 1024
_MAX_FILTER = 4


def _row_bytes(width: int, bits: int) -> int:
    return (width * bits + 7) // 8


def _expected_size(width: int, height: int, bits_per_pixel: int, interlaced: bool) -> int:
    """Bytes of filtered scanlines (one filter byte a row) the stream must inflate to."""
    if not interlaced:
        return height * (1 + _row_bytes(width, bits_per_pixel))
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        pass_w = (width - x0 + dx - 1) // dx if width > x0 else 0
        pass_h = (height - y0 + dy - 1) // dy if height > y0 else 0
        if pass_w and pass_h:
            total += pass_h * (1 + _row_bytes(pass_w, bits_per_pixel))
    return total


def png_pixels_intact(path: Path) -> bool:
    """True when the IDAT stream inflates to exactly the scanlines the header announces.

    Chunk CRCs are Pillow's ``verify()``'s business; this only judges the pixel data.
    """
    with path.open("rb") as handle:
        if handle.read(8) != _SIGNATURE:
            return False
        header = handle.read(8)
        if len(header) < 8 or header[4:] != b"IHDR":
            return False
        ihdr = handle.read(13)
        handle.read(4)
        if len(ihdr) < 13:
            return False
        width, height, bit_depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", ihdr)
        channels = _CHANNELS.get(color_type)
        if channels is None or width < 1 or height < 1:
            return False
        interlaced = interlace == 1
        expected = _expected_size(width, height, bit_depth * channels, interlaced)
        # Filter bytes are checked only where rows are regular (not interlaced).
        stride = 0 if interlaced else 1 + _row_bytes(width, bit_depth * channels)
        inflater = zlib.decompressobj()
        produced = 0
        while True:
            chunk_header = handle.read(8)
            if len(chunk_header) < 8:
                return False
            (length,) = struct.unpack(">I", chunk_header[:4])
            kind = chunk_header[4:]
            if kind == b"IEND":
                break
            if kind != b"IDAT":
                handle.seek(length + 4, 1)
                continue
            remaining = length
            while remaining:
                data = handle.read(min(_READ, remaining))
                if not data:
                    return False
                remaining -= len(data)
                while data and not inflater.eof:
                    try:
                        piece = inflater.decompress(data, _INFLATE)
                    except zlib.error:
                        return False
                    produced = _count(piece, produced, stride)
                    if produced < 0 or produced > expected:
                        return False
                    data = inflater.unconsumed_tail
            handle.read(4)
        try:
            # What inflate still held back (at most one match, a few hundred bytes).
            produced = _count(inflater.flush(), produced, stride)
        except zlib.error:
            return False
        return inflater.eof and produced == expected


def _count(piece: bytes, produced: int, stride: int) -> int:
    """``produced`` plus the piece, or -1 when a scanline starts with no valid filter."""
    if stride and piece:
        first = (-produced) % stride
        if max(piece[first::stride], default=0) > _MAX_FILTER:
            return -1
    return produced + len(piece)
