"""Decode a file fully enough to know ANEF will be able to open it, and nothing more.

Images are judged from their header first: their dimensions and page count are
read before a single pixel is decoded, so an image bomb (a small file announcing
billions of pixels) is refused at the cost of reading a few hundred bytes. What is
then decoded is kept within ``DECODE_BUDGET`` bytes whatever the file: JPEG is
decoded at 1/8 scale (every byte of compressed data is still read), PNG is inflated
in small pieces (``pngcheck``), TIFF and BMP frames are decoded one at a time only
when they fit.

Pillow and pypdf are imported inside the functions: they cost hundreds of
milliseconds at start-up and are only needed when a file is attached.
"""

from __future__ import annotations

import os
import struct
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anef_tui.attachments.errors import IngestError
from anef_tui.attachments.filetypes import JPEG, PDF, PNG, FileType
from anef_tui.attachments.pdfcheck import active_content

if TYPE_CHECKING:
    from PIL.Image import Image

# A PNG whose IEND chunk is cut off still decodes; ANEF's checker may not accept it.
_PNG_IEND = b"IEND\xaeB`\x82"
_PNG_TAIL_BYTES = 4096
_PDF_EOF = b"%%EOF"
_PDF_TAIL_BYTES = 1024

DEFAULT_MAX_PIXELS = 50_000_000
DEFAULT_MAX_PAGES = 50
# Most memory one decoded frame may take; with Python, Pillow and pypdf loaded the
# check then stays under 100 Mo whatever file it is given (benchmarks/bombs.py).
DECODE_BUDGET = 48 * 1024 * 1024
# pypdf's per-stream decompression limits (pypdf.Configuration field names).
_PDF_OUTPUT_LIMITS = (
    "array_based_stream_maximum_output_length",
    "brotli_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "zlib_maximum_output_length",
)


@dataclass(frozen=True, slots=True)
class ContentInfo:
    pages: int
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class ImageLimits:
    max_pixels: int = DEFAULT_MAX_PIXELS
    max_pages: int = DEFAULT_MAX_PAGES


def validate_content(
    path: Path, filetype: FileType, display_name: str, limits: ImageLimits | None = None
) -> ContentInfo:
    """Open ``path`` as ``filetype``; raise IngestError (reason "broken"…) if it does not."""
    if filetype is PDF:
        return _validate_pdf(path, display_name)
    return _validate_image(path, filetype, display_name, limits or ImageLimits())


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
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    # Truncation is checked explicitly (the spec puts %%EOF in the last 1024 bytes)
    # so that pypdf can then run non-strict: strict mode also refuses harmless
    # defects, like the slightly wrong xref offsets some scanners write, that
    # every viewer opens and that the agent could do nothing about.
    if not _pdf_has_end(path):
        raise _broken(display_name, PDF)
    try:
        # The check decodes object streams only (never page contents nor images):
        # what a scanner writes there is small, so a stream inflating past the budget
        # is a bomb, refused as a broken PDF instead of costing pypdf's 75 Mo default.
        with apply_configuration(**{name: DECODE_BUDGET // 3 for name in _PDF_OUTPUT_LIMITS}):
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise FileNotDecryptedError("password required")
            pages = len(reader.pages)
            # Resolving every page object catches xref tables that point to nothing.
            for page in reader.pages:
                _ = page.mediabox
            found = active_content(reader)
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
    if found:
        raise IngestError(
            f"Le fichier « {display_name} » est un PDF qui contient {found.what} : "
            f"{found.why}. Ouvrez-le et imprimez-le de nouveau en PDF (« Imprimer », puis "
            "« Enregistrer au format PDF »), ou imprimez-le sur papier et numérisez-le, "
            "puis joignez la nouvelle version.",
            reason="active_pdf",
        )
    return ContentInfo(pages=pages)


def _validate_image(
    path: Path, filetype: FileType, display_name: str, limits: ImageLimits
) -> ContentInfo:
    from PIL import Image, UnidentifiedImageError

    assert filetype.pil_format is not None
    formats = (filetype.pil_format,)
    try:
        with warnings.catch_warnings():
            # Pillow warns on stderr past its own (higher) limit; we refuse earlier.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with _header_only(Image), Image.open(path, formats=formats) as image:
                # Opening reads the header only: nothing decoded yet.
                width, height = image.size
                frames = _count_frames(image, limits.max_pages, display_name)
                _check_frames(image, frames, filetype, limits, display_name)
            if filetype is PNG:
                # verify() checks every chunk's CRC without decoding the pixels.
                with Image.open(path, formats=formats) as image:
                    image.verify()
                from anef_tui.attachments.pngcheck import png_pixels_intact

                if not png_pixels_intact(path):
                    raise _broken(display_name, filetype)
            else:
                with Image.open(path, formats=formats) as image:
                    _decode_frames(image, frames, filetype)
    except Image.DecompressionBombError:
        raise _too_many_pixels(display_name, None, limits) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
            struct.error, IndexError, KeyError, TypeError, ZeroDivisionError,
            MemoryError) as exc:
        # Pillow's plugins report corrupt data with a wide range of builtin errors.
        raise _broken(display_name, filetype) from exc
    if width < 1 or height < 1:
        raise _broken(display_name, filetype)
    if filetype is PNG and not _png_has_end(path):
        raise _broken(display_name, filetype)
    return ContentInfo(pages=frames, width=width, height=height)


_PILLOW_LIMIT_LOCK = threading.Lock()


@contextmanager
def _header_only(image_module: Any) -> Iterator[None]:
    """Pillow's own bomb check off while headers are read, so that our check, stricter,
    names the dimensions (« 20000 × 20000 pixels ») instead of a generic refusal.

    Pillow's limit is a module global: the lock keeps two checks from racing on it;
    nothing is decoded while it is off.
    """
    with _PILLOW_LIMIT_LOCK:
        saved = image_module.MAX_IMAGE_PIXELS
        image_module.MAX_IMAGE_PIXELS = None
        try:
            yield
        finally:
            image_module.MAX_IMAGE_PIXELS = saved


def _count_frames(image: Image, max_pages: int, display_name: str) -> int:
    """Frames of the image, counted by walking headers only, and never past the limit.

    Pillow's ``n_frames`` walks every frame header: a crafted TIFF may chain
    hundreds of thousands of them.
    """
    if image.format != "TIFF":
        # JPEG and BMP hold one image; an animated PNG is judged on its default image.
        return 1
    count = 1
    try:
        while True:
            image.seek(count)
            count += 1
            if count > max_pages:
                raise IngestError(
                    f"Le fichier « {display_name} » est un TIFF de plus de {max_pages} pages : "
                    f"au-delà de {max_pages} pages, enregistrez le document en PDF, ou "
                    "répartissez les pages sur plusieurs fichiers.",
                    reason="too_many_pages",
                )
    except EOFError:
        pass
    image.seek(0)
    return count


def _check_frames(
    image: Image, frames: int, filetype: FileType, limits: ImageLimits, display_name: str
) -> None:
    """Refuse, from the headers alone, a frame too large to be decoded safely."""
    for index in range(frames):
        image.seek(index)
        width, height = image.size
        if width * height > limits.max_pixels:
            raise _too_many_pixels(display_name, (width, height), limits)
        if _decode_bytes(image, filetype) > DECODE_BUDGET:
            raise IngestError(
                f"Le fichier « {display_name} » est une image de {_dimensions(width, height)} "
                f"trop lourde à vérifier dans ce format ({_format_label(image, filetype)}). "
                "Numérisez le document en 300 ppp ou en niveaux de gris, ou enregistrez-le "
                "en PDF, puis joignez la nouvelle version.",
                reason="too_many_pixels",
            )
    image.seek(0)


def _decode_bytes(image: Image, filetype: FileType) -> int:
    """Memory the decoding of the current frame takes, as Pillow and libjpeg allocate it."""
    width, height = image.size
    if filetype is PNG:
        return 0  # never decoded whole: inflated piece by piece (pngcheck)
    if filetype is JPEG:
        if not image.info.get("progressive"):
            # Decoded at 1/8 scale (draft), 4 bytes a pixel, plus a few rows of blocks.
            return (width // 8 + 1) * (height // 8 + 1) * 4
        # A progressive JPEG keeps every DCT coefficient (2 bytes) of every component.
        layers = getattr(image, "layer", None) or [(0, 1, 1, 0)] * len(image.getbands())
        h_max = max(h for _, h, _, _ in layers) or 1
        v_max = max(v for _, _, v, _ in layers) or 1
        return sum(2 * width * height * h * v // (h_max * v_max) for _, h, v, _ in layers)
    mode = image.mode
    per_pixel = 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    return width * height * per_pixel


def _format_label(image: Image, filetype: FileType) -> str:
    if filetype is JPEG and image.info.get("progressive"):
        return "JPG progressif"
    return f"{filetype.label} en couleur" if image.mode not in ("1", "L", "P") else filetype.label


def _decode_frames(image: Image, frames: int, filetype: FileType) -> None:
    """Decode every frame (what catches truncated pixel data), within the budget."""
    for index in range(frames):
        image.seek(index)
        if filetype is JPEG:
            width, height = image.size
            image.draft(image.mode, ((width + 7) // 8, (height + 7) // 8))
        image.load()


def _dimensions(width: int, height: int) -> str:
    # No thousands separator: a space, even a narrow no-break one, lets the screen
    # wrap « 13 » and « 000 » onto two lines.
    return f"{width} × {height} pixels"


def _too_many_pixels(
    display_name: str, size: tuple[int, int] | None, limits: ImageLimits
) -> IngestError:
    limit_mpx = f"{limits.max_pixels / 1_000_000:g}".replace(".", ",")
    if size is None:
        what = "une image aux dimensions démesurées"
    else:
        width, height = size
        mpx = f"{width * height / 1_000_000:.0f}"
        what = f"une image de {_dimensions(width, height)} ({mpx} mégapixels)"
    return IngestError(
        f"Le fichier « {display_name} » est {what} : au-delà de {limit_mpx} mégapixels, "
        "une image n'est pas acceptée. Numérisez le document en 300 ppp au plus, puis "
        "joignez la nouvelle version.",
        reason="too_many_pixels",
    )


def _pdf_has_end(path: Path) -> bool:
    return _PDF_EOF in _tail(path, _PDF_TAIL_BYTES)


def _png_has_end(path: Path) -> bool:
    return _PNG_IEND in _tail(path, _PNG_TAIL_BYTES)


def _tail(path: Path, count: int) -> bytes:
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - count), os.SEEK_SET)
        return handle.read()
