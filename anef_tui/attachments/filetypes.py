"""Recognise the accepted document types from their first bytes, never from the name.

Scanners and applicants' phones name files anything; ANEF checks the content, so
we do too, and we name what we recognise to give the agent a useful message.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Literal

Kind = Literal["jpeg", "png", "pdf", "tiff", "bmp"]

# Enough for every signature below, including the BMP header sanity check.
SNIFF_BYTES = 32

# What the chooser offers; the content check remains the authority.
CANDIDATE_EXTENSIONS: frozenset[str] = frozenset(
    {".jpg", ".jpeg", ".png", ".pdf", ".tif", ".tiff", ".bmp"}
)


@dataclass(frozen=True, slots=True)
class FileType:
    kind: Kind
    mime: str
    extension: str
    label: str
    # Pillow format name, so Pillow decodes exactly the type we sniffed (None for PDF).
    pil_format: str | None


JPEG = FileType("jpeg", "image/jpeg", "jpg", "JPG", "JPEG")
PNG = FileType("png", "image/png", "png", "PNG", "PNG")
PDF = FileType("pdf", "application/pdf", "pdf", "PDF", None)
TIFF = FileType("tiff", "image/tiff", "tif", "TIFF", "TIFF")
BMP = FileType("bmp", "image/bmp", "bmp", "BMP", "BMP")

FILE_TYPES: dict[Kind, FileType] = {t.kind: t for t in (JPEG, PNG, PDF, TIFF, BMP)}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Sizes of the BMP info headers Pillow knows (core, v1, v2, v3, OS/2 v2, v4, v5).
_BMP_INFO_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})


def sniff(head: bytes) -> FileType | None:
    """The accepted type whose signature starts ``head``, else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(_PNG_SIGNATURE):
        return PNG
    # PDF allows junk before the header, but a scanner never writes any and a
    # strict offset-0 check keeps polyglot files out.
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    # "BM" alone is two letters of text; also require a plausible info header.
    if head.startswith(b"BM") and len(head) >= 18:
        (info_size,) = struct.unpack_from("<I", head, 14)
        if info_size in _BMP_INFO_SIZES:
            return BMP
    return None


def describe_foreign(head: bytes) -> str | None:
    """A French sentence naming a common refused type, so the agent knows what to ask for."""
    if head.startswith(b"\x7fELF") or head.startswith(b"MZ"):
        return "Il s'agit d'un programme, pas d'un document numérisé."
    if head.startswith(b"PK\x03\x04"):
        return "Il s'agit d'une archive ZIP ou d'un document bureautique (Word, LibreOffice…)."
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "Il s'agit d'une photo HEIC (iPhone) : convertissez-la en JPG."
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "Il s'agit d'une image GIF : convertissez-la en PNG ou en JPG."
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "Il s'agit d'une image WebP : convertissez-la en PNG ou en JPG."
    if head.startswith((b"II+\x00", b"MM\x00+")):
        return "Il s'agit d'un TIFF au format BigTIFF : enregistrez-le en TIFF classique ou en PDF."
    return None


def has_candidate_extension(name: str) -> bool:
    """True when the name ends with an extension the chooser should offer."""
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in CANDIDATE_EXTENSIONS
