"""Decode a file fully enough to know ANEF will be able to open it.

Pillow and pypdf are imported inside the functions: they cost hundreds of
milliseconds at start-up and are only needed when a file is attached.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from anef_tui.attachments.errors import IngestError
from anef_tui.attachments.filetypes import PDF, PNG, FileType

# A PNG whose IEND chunk is cut off still decodes; ANEF's checker may not accept it.
_PNG_IEND = b"IEND\xaeB`\x82"
_PNG_TAIL_BYTES = 4096
_PDF_EOF = b"%%EOF"
_PDF_TAIL_BYTES = 1024


@dataclass(frozen=True, slots=True)
class ContentInfo:
    pages: int
    width: int | None = None
    height: int | None = None


def validate_content(path: Path, filetype: FileType, display_name: str) -> ContentInfo:
    """Open ``path`` as ``filetype``; raise IngestError (reason "broken"…) if it does not."""
    if filetype is PDF:
        return _validate_pdf(path, display_name)
    return _validate_image(path, filetype, display_name)


def _broken(display_name: str, filetype: FileType) -> IngestError:
    if filetype is PDF:
        what = "est un PDF endommagé ou incomplet"
    else:
        what = f"est une image {filetype.label} endommagée ou incomplète"
    return IngestError(
        f"Le fichier « {display_name} » {what} : il ne peut pas être ouvert. "
        "Enregistrez-le ou numérisez-le de nouveau, puis joignez la nouvelle version.",
        reason="broken",
    )


def _validate_pdf(path: Path, display_name: str) -> ContentInfo:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    # Truncation is checked explicitly (the spec puts %%EOF in the last 1024 bytes)
    # so that pypdf can then run non-strict: strict mode also refuses harmless
    # defects, like the slightly wrong xref offsets some scanners write, that
    # every viewer opens and that the agent could do nothing about.
    if not _pdf_has_end(path):
        raise _broken(display_name, PDF)
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password required")
        pages = len(reader.pages)
        # Resolving every page object catches xref tables that point to nothing.
        for page in reader.pages:
            _ = page.mediabox
    except FileNotDecryptedError:
        raise IngestError(
            f"Le fichier « {display_name} » est un PDF protégé par un mot de passe. "
            "Demandez une version sans mot de passe ou imprimez-le puis numérisez-le.",
            reason="encrypted",
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OSError) as exc:
        # pypdf surfaces malformed structures as assorted builtin errors, not only PyPdfError.
        raise _broken(display_name, PDF) from exc
    if pages < 1:
        raise _broken(display_name, PDF)
    return ContentInfo(pages=pages)


def _validate_image(path: Path, filetype: FileType, display_name: str) -> ContentInfo:
    from PIL import Image, UnidentifiedImageError

    assert filetype.pil_format is not None
    formats = (filetype.pil_format,)
    try:
        # verify() checks structure (PNG CRCs…) but leaves the image unusable,
        # and load() is what actually catches truncated pixel data: do both.
        with Image.open(path, formats=formats) as image:
            image.verify()
        with Image.open(path, formats=formats) as image:
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
            for index in range(frames):
                image.seek(index)
                image.load()
    except Image.DecompressionBombError:
        raise IngestError(
            f"Le fichier « {display_name} » est une image aux dimensions démesurées. "
            "Numérisez le document en 300 ppp au plus, puis joignez la nouvelle version.",
            reason="too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
            struct.error, IndexError, KeyError, TypeError, ZeroDivisionError) as exc:
        # Pillow's plugins report corrupt data with a wide range of builtin errors.
        raise _broken(display_name, filetype) from exc
    if width < 1 or height < 1:
        raise _broken(display_name, filetype)
    if filetype is PNG and not _png_has_end(path):
        raise _broken(display_name, filetype)
    return ContentInfo(pages=frames, width=width, height=height)


def _pdf_has_end(path: Path) -> bool:
    return _PDF_EOF in _tail(path, _PDF_TAIL_BYTES)


def _png_has_end(path: Path) -> bool:
    return _PNG_IEND in _tail(path, _PNG_TAIL_BYTES)


def _tail(path: Path, count: int) -> bytes:
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - count), os.SEEK_SET)
        return handle.read()
