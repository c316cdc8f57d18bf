"""System errors said in French: the reason and what the agent can do about it.

``OSError.strerror`` is English (« No space left on device ») and a message on
screen must be French; the error number says everything we need.
"""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le quota d'espace disque est atteint",
    errno.EROFS: "le disque est en lecture seule",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.EIO: "erreur de lecture ou d'écriture sur le disque",
    errno.ENOENT: "introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.EEXIST: "existe déjà",
    errno.ENAMETOOLONG: "nom trop long",
    errno.ELOOP: "boucle de liens symboliques",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.ENFILE: "trop de fichiers ouverts",
    errno.ENODEV: "périphérique absent",
    errno.ENXIO: "périphérique absent",
    errno.EBUSY: "ressource occupée",
    errno.ETIMEDOUT: "le partage réseau ne répond pas",
    errno.EHOSTDOWN: "le partage réseau ne répond pas",
    errno.EHOSTUNREACH: "le partage réseau ne répond pas",
    errno.ESTALE: "le partage réseau a été déconnecté",
    errno.ENOTCONN: "le partage réseau a été déconnecté",
}

# Conditions where the advice is about the disk itself, not the file.
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def os_reason(exc: OSError) -> str:
    """« le disque est plein », « accès refusé »… never the system's English text."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return f"erreur système n° {exc.errno}" if exc.errno else "erreur système"


def is_disk_full(exc: OSError) -> bool:
    return exc.errno in DISK_FULL
