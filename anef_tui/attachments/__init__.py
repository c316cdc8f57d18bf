"""Scanned documents: check, store and attach files to a case.

Importing this package is cheap: Pillow and pypdf load only when a file is validated.
"""

from anef_tui.attachments.errors import IngestError
from anef_tui.attachments.ingest import (
    DEFAULT_MAX_BYTES,
    StoredFile,
    check_file,
    check_source,
    ingest,
)
from anef_tui.attachments.slots import DEFAULT_MAX_FILES, check_can_add
from anef_tui.attachments.validate import ImageLimits

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_FILES",
    "ImageLimits",
    "IngestError",
    "StoredFile",
    "check_can_add",
    "check_file",
    "check_source",
    "ingest",
]
