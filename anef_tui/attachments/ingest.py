"""Attach a scanned file to a case: check it, copy it into the store, validate the copy.

Blocking I/O and decoding: call ``ingest`` from a thread worker, not the UI loop.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from anef_tui.attachments import store
from anef_tui.attachments.errors import IngestError
from anef_tui.attachments.filetypes import Kind, describe_foreign, sniff
from anef_tui.attachments.humanize import format_size, safe_file_name
from anef_tui.attachments.validate import ImageLimits, validate_content
from anef_tui.oserrors import is_disk_full, os_reason

# The guides' « 10 Mo », counted as ANEF counts it: a file ANEF would refuse is refused here.
DEFAULT_MAX_BYTES = 10_000_000

# O_NONBLOCK: if a fifo slips in between stat and open, open() must not hang the app.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(
    os, "O_NOCTTY", 0
)


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A validated file inside the case store.

    ``pages`` is the PDF page count, the TIFF frame count, or 1 for other images;
    ``width``/``height`` are pixels of the (first) image, None for a PDF.
    """

    sha256: str
    original_name: str
    size: int
    kind: Kind
    mime: str
    relpath: str
    pages: int
    width: int | None = None
    height: int | None = None


def _name(source: Path) -> str:
    # Shown in every message: a newline or a bidi override in a name must not act.
    return safe_file_name(source.name or str(source))


def _missing(name: str) -> IngestError:
    return IngestError(
        f"Le fichier « {name} » est introuvable : il a peut-être été déplacé, renommé ou "
        "supprimé. Vérifiez le dossier de numérisation et choisissez-le de nouveau.",
        reason="missing",
    )


def _unreadable(name: str, exc: OSError) -> IngestError:
    if exc.errno in (errno.EACCES, errno.EPERM):
        why = "accès refusé"
        todo = (
            "Copiez-le dans le dossier de numérisation ou demandez à l'assistance "
            "informatique de vérifier les droits."
        )
    else:
        why = os_reason(exc)
        todo = "Vérifiez le support (clé USB, dossier réseau) puis réessayez."
    return IngestError(
        f"Le fichier « {name} » ne peut pas être lu ({why}). {todo}", reason="unreadable"
    )


def _empty(name: str) -> IngestError:
    return IngestError(
        f"Le fichier « {name} » est vide (0 octet) : la numérisation a probablement échoué. "
        "Numérisez de nouveau le document.",
        reason="empty",
    )


def _too_large(name: str, size: int | None, max_bytes: int) -> IngestError:
    actual = f" ({format_size(size)})" if size is not None else ""
    return IngestError(
        f"Le fichier « {name} » est trop volumineux{actual} : la limite est de "
        f"{format_size(max_bytes)} par fichier. Numérisez-le en 200 ou 300 ppp, en niveaux "
        "de gris, ou répartissez les pages sur plusieurs fichiers.",
        reason="too_large",
    )


def _check_mode(name: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise IngestError(
            f"« {name} » est un dossier, pas un fichier. Ouvrez-le et choisissez un "
            "document à l'intérieur.",
            reason="directory",
        )
    if not stat.S_ISREG(mode):
        raise IngestError(
            f"« {name} » n'est pas un fichier ordinaire (périphérique, tube ou socket). "
            "Choisissez un document numérisé enregistré sur le disque.",
            reason="not_regular",
        )


def check_source(source: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> os.stat_result:
    """Cheap checks on the chosen path (exists, regular, not empty, not too big).

    Never opens the file, so it is safe on fifos and devices. ``ingest`` calls it;
    the UI may call it too for an immediate message before starting a worker.
    """
    name = _name(source)
    try:
        info = os.stat(source)
    except (FileNotFoundError, NotADirectoryError):
        raise _missing(name) from None
    except OSError as exc:
        raise _unreadable(name, exc) from None
    _check_mode(name, info.st_mode)
    if info.st_size == 0:
        raise _empty(name)
    if info.st_size > max_bytes:
        raise _too_large(name, info.st_size, max_bytes)
    return info


def ingest(
    source: Path, store_dir: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
    image_limits: ImageLimits | None = None,
) -> StoredFile:
    """Copy ``source`` into ``store_dir`` as ``<sha256>.<ext>`` after validating the copy.

    Raises IngestError (message in French) and then leaves nothing new in
    ``store_dir``. Attaching identical content twice returns the same relpath.
    """
    if max_bytes < 1:
        raise ValueError("max_bytes must be positive")
    source = Path(source).expanduser()
    store_dir = Path(store_dir)
    name = _name(source)
    check_source(source, max_bytes=max_bytes)
    try:
        src_fd = os.open(source, _OPEN_FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        raise _missing(name) from None
    except OSError as exc:
        raise _unreadable(name, exc) from None
    try:
        # The path may have been swapped since stat(); judge what was actually opened.
        _check_mode(name, os.fstat(src_fd).st_mode)
        try:
            store.ensure_store_dir(store_dir)
            partial = store.copy_to_partial(src_fd, store_dir, max_bytes=max_bytes)
        except store.SourceReadError as exc:
            raise _unreadable(name, exc.cause) from None
        except OSError as exc:
            raise _store_failed(name, exc) from None
    finally:
        os.close(src_fd)

    try:
        # Everything below judges the private copy, never the source again: a file
        # rewritten between the checks and the copy cannot slip through.
        if partial.overflow:
            raise _too_large(name, None, max_bytes)
        if partial.size == 0:
            raise _empty(name)
        filetype = sniff(partial.head)
        if filetype is None:
            raise _not_accepted(name, partial.head)
        info = validate_content(partial.path, filetype, name, image_limits)
        final_name = f"{partial.sha256}.{filetype.extension}"
        try:
            store.commit(partial.path, store_dir, final_name)
        except OSError as exc:
            raise _store_failed(name, exc) from None
    except BaseException:
        store.discard(partial.path)
        raise
    return StoredFile(
        sha256=partial.sha256,
        original_name=name,
        size=partial.size,
        kind=filetype.kind,
        mime=filetype.mime,
        relpath=final_name,
        pages=info.pages,
        width=info.width,
        height=info.height,
    )


def _not_accepted(name: str, head: bytes) -> IngestError:
    detail = describe_foreign(head)
    detail_text = f" {detail}" if detail else ""
    return IngestError(
        f"Le fichier « {name} » n'est pas un document accepté : son contenu n'est ni JPG, "
        f"PNG, PDF, TIFF ni BMP.{detail_text} Enregistrez ou numérisez le document dans "
        "l'un de ces formats, puis joignez-le.",
        reason="not_accepted",
    )


def _store_failed(name: str, exc: OSError) -> IngestError:
    if is_disk_full(exc):
        todo = (
            "Rien n'a été joint. Vérifiez l'espace disque : libérez de la place sur le "
            "disque des données d'anef-tui (ou demandez-le à l'assistance informatique), "
            "puis joignez-le de nouveau."
        )
    else:
        todo = (
            "Rien n'a été joint. Vérifiez le dossier de données d'anef-tui (droits, disque "
            "branché), puis réessayez."
        )
    return IngestError(
        f"Le fichier « {name} » n'a pas pu être enregistré dans le dossier de la demande "
        f"({os_reason(exc)}). {todo}",
        reason="store_failed",
    )


def check_file(
    source: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, image_limits: ImageLimits | None = None
) -> StoredFile:
    """Run exactly the checks of an attachment on ``source``, keeping nothing.

    The file goes through ``ingest`` into a private scratch folder that is erased
    afterwards: what ``anef-tui check-files`` accepts, « Joindre un document » accepts.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="anef-tui-check-") as scratch:
        return ingest(Path(source), Path(scratch) / "pieces", max_bytes=max_bytes,
                      image_limits=image_limits)
