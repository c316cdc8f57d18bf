"""Where data lives and the counter's settings.

Resolution order for each setting: command-line option, then environment variable, then
default. Kept free of heavy imports: it runs before the first screen.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from anef_tui.attachments.ingest import DEFAULT_MAX_BYTES
from anef_tui.attachments.validate import DEFAULT_MAX_PAGES, DEFAULT_MAX_PIXELS, ImageLimits

ENV_HOME = "ANEF_TUI_HOME"
ENV_DATABASE_URL = "ANEF_TUI_DATABASE_URL"
ENV_SCAN_DIR = "ANEF_TUI_SCAN_DIR"
ENV_SITE_PREFIX = "ANEF_TUI_SITE_PREFIX"
ENV_PRINT_COMMAND = "ANEF_TUI_PRINT_COMMAND"


class ConfigError(Exception):
    """A setting is unusable; the message says which one and how to fix it."""


@dataclass(frozen=True)
class Limits:
    """The guides' figures, kept as settings: no public text fixes them for good."""

    # « 10 Mo » as ANEF counts it (decimal): a file ANEF would refuse is refused here.
    max_file_bytes: int = DEFAULT_MAX_BYTES
    max_files_per_slot: int = 3
    # An A4 page scanned at 600 ppp is about 35 Mpx; beyond this an image is refused
    # from its header, before anything is decoded (image bombs).
    max_image_pixels: int = DEFAULT_MAX_PIXELS
    # Frames of one multi-page TIFF; longer documents belong in a PDF.
    max_tiff_pages: int = DEFAULT_MAX_PAGES

    @property
    def image_limits(self) -> ImageLimits:
        return ImageLimits(max_pixels=self.max_image_pixels, max_pages=self.max_tiff_pages)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    scan_dir: Path
    site_prefix: str = "7501"
    print_command: str | None = None
    limits: Limits = field(default_factory=Limits)

    @property
    def files_dir(self) -> Path:
        """The attachment store and the generated documents, one folder per case."""
        return self.data_dir / "dossiers"

    def case_dir(self, case_id: int) -> Path:
        return self.files_dir / f"{case_id:06d}"

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def default_data_dir() -> Path:
    # platformdirs is tiny; imported here so that `--help` stays instant.
    from platformdirs import user_data_dir

    return Path(user_data_dir("anef-tui", appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by this user account only (0700)."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Impossible de créer le dossier de données « {path} » : {exc.strerror}. "
            f"Choisissez un autre dossier avec --data-dir ou {ENV_HOME}."
        ) from exc
    if not path.is_dir():
        raise ConfigError(f"« {path} » existe mais n'est pas un dossier.")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        # The folder holds health and asylum data: tighten it rather than run open.
        path.chmod(0o700)
    return path


def load_settings(
    *,
    data_dir: str | Path | None = None,
    database_url: str | None = None,
    scan_dir: str | Path | None = None,
    site_prefix: str | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    env = os.environ if environ is None else environ
    home = Path(data_dir or env.get(ENV_HOME) or default_data_dir()).expanduser()
    url = database_url or env.get(ENV_DATABASE_URL) or f"sqlite:///{home / 'anef.sqlite3'}"
    scans = Path(scan_dir or env.get(ENV_SCAN_DIR) or Path.home()).expanduser()
    prefix = site_prefix or env.get(ENV_SITE_PREFIX) or "7501"
    if not (len(prefix) == 4 and prefix.isdigit()):
        raise ConfigError(
            f"Le préfixe de site « {prefix} » doit comporter 4 chiffres "
            f"(option --site-prefix ou {ENV_SITE_PREFIX})."
        )
    return Settings(
        data_dir=home,
        database_url=url,
        scan_dir=scans,
        site_prefix=prefix,
        print_command=env.get(ENV_PRINT_COMMAND) or None,
    )
