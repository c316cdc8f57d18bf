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
ENV_THEME = "ANEF_TUI_THEME"
# « sombre » (default), « clair », « contraste » (high contrast), « terminal » and
# « terminal-clair » (the terminal's own sixteen colours): screens/themes.py.
THEME_NAMES = ("sombre", "clair", "contraste", "terminal", "terminal-clair")
ENV_DESK = "ANEF_TUI_DESK"
DESK_MAX = 40


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
    # The desk's name, said to another desk whose save is refused (« guichet 3 »).
    desk: str = ""
    theme: str = "sombre"

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
    """Create `path` and every missing parent readable by this user account only (0700).

    Refuses (ConfigError) a folder another account could write into, or whose parents
    would let another account swap it (see ``check_not_shared``).
    """
    from anef_tui.oserrors import os_reason

    path = Path(os.path.abspath(path))
    try:
        missing: list[Path] = []
        current = path
        while not os.path.lexists(current):
            missing.append(current)
            current = current.parent
        check_not_shared(current, tighten_self=current == path)
        for directory in reversed(missing):
            # mkdir(parents=True) gives parents the umask's mode (0777 under umask 000);
            # each level is made here, and chmod states the intent whatever the umask.
            directory.mkdir(mode=0o700)
            directory.chmod(0o700)
    except OSError as exc:
        raise ConfigError(
            f"Impossible de créer le dossier de données « {path} » ({os_reason(exc)}). "
            f"Choisissez un autre dossier avec --data-dir ou {ENV_HOME}."
        ) from exc
    if not path.is_dir():
        raise ConfigError(f"« {path} » existe mais n'est pas un dossier.")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        # The folder holds health and asylum data: tighten it rather than run open.
        path.chmod(0o700)
    return path


def check_not_shared(path: Path, *, tighten_self: bool = True) -> None:
    """Refuse a data folder another account could replace, or fill, or read through.

    Walks from ``path`` up to the root. A folder that someone else may write into
    lets them rename ours away and put theirs in its place (or read through a link),
    so it is refused, except when the sticky bit is set: in /tmp (root, 1777) only
    the owner of an entry may rename or delete it, which is why the tests' folders
    under /tmp are fine. Refused:
    - a folder owned by another account (root aside): its owner can do anything in it;
    - a folder everyone may write into, without the sticky bit;
    - a folder its group may write into, without the sticky bit, unless it is ours:
      on Debian and most Linux systems each account has a group of its own, and a
      home folder in 0775 is common and harmless.
    ``tighten_self``: ``path`` is the data folder itself; if it is ours but too open,
    the caller tightens it to 0700 instead (as it always has).
    """
    me = os.geteuid()
    for folder in (path, *path.parents):
        try:
            info = os.stat(folder)
        except OSError:
            continue
        mode = stat.S_IMODE(info.st_mode)
        sticky = bool(mode & stat.S_ISVTX)
        if tighten_self and folder == path and info.st_uid == me:
            continue  # our own data folder, too open: ensure_private_dir tightens it
        if info.st_uid not in (me, 0):
            why = "appartient à un autre compte"
        elif mode & stat.S_IWOTH and not sticky:
            why = f"peut être modifié par tous les comptes (droits {mode:04o})"
        elif mode & stat.S_IWGRP and not sticky and info.st_uid != me:
            why = f"peut être modifié par les membres de son groupe (droits {mode:04o})"
        else:
            continue
        raise ConfigError(
            f"Le dossier « {folder} » {why} : un autre utilisateur pourrait remplacer ou "
            "lire les données des demandeurs. Choisissez un dossier de données dans votre "
            f"dossier personnel (--data-dir ou {ENV_HOME}), ou demandez à l'assistance "
            "informatique de retirer ce droit."
        )


def load_settings(
    *,
    data_dir: str | Path | None = None,
    database_url: str | None = None,
    scan_dir: str | Path | None = None,
    site_prefix: str | None = None,
    desk: str | None = None,
    theme: str | None = None,
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
        desk=desk_name(desk or env.get(ENV_DESK)),
        theme=theme_name(theme or env.get(ENV_THEME)),
    )


def theme_name(given: str | None) -> str:
    name = (given or "sombre").strip().lower()
    if name not in THEME_NAMES:
        raise ConfigError(
            f"Le thème « {given} » n'existe pas : choisissez parmi {', '.join(THEME_NAMES)} "
            f"(option --theme ou {ENV_THEME})."
        )
    return name


def desk_name(given: str | None) -> str:
    """The desk's name: the setting, else this machine's name; one short printable line."""
    if not given:
        import socket

        given = socket.gethostname()
    cleaned = " ".join("".join(c for c in given if c.isprintable()).split())
    return cleaned[:DESK_MAX]
