"""Input model of the printed documents.

Plain frozen dataclasses: the screens (or the storage layer) build them from a
case; this package never reads the database nor imports Textual, so the
documents can be rendered from a script, a test or a worker thread.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

_NUMERO_DEMANDE = re.compile(r"^\d{19}$")
# ANTS 2D-DOC dictionary: up to 10 letters/digits (seen as 9 or 10 digits).
_NUMERO_ETRANGER = re.compile(r"^[0-9A-Z]{1,10}$")


class DocumentKind(StrEnum):
    """Kinds of confirmation PDF, one wording file each in data/documents/."""

    PREMIERE_DEMANDE = "premiere_demande"
    RENOUVELLEMENT = "renouvellement"
    PRE_DEMANDE = "pre_demande"
    PROLONGATION_INSTRUCTION = "prolongation_instruction"


class ProtectionMention(StrEnum):
    """Mention printed on the BPI attestation (wording in its YAML file)."""

    PROTECTION_SUBSIDIAIRE = "protection_subsidiaire"
    REFUGIE = "refugie"


def _clean_numero(value: str) -> str:
    # Operators type numbers with spaces as they read them from a card.
    return re.sub(r"[\s.-]", "", value).upper()


@dataclass(frozen=True)
class Identity:
    """État civil and address as they are printed (no parsing of dates here).

    ``date_naissance`` is a display string because an usager inconnu may only
    know the year (« 1982 »).
    """

    nom_naissance: str
    prenoms: tuple[str, ...]
    sexe: str
    date_naissance: str
    lieu_naissance: str
    pays_naissance: str
    nationalites: tuple[str, ...]
    adresse: tuple[str, ...]
    nom_usage: str = ""

    def __post_init__(self) -> None:
        # Accept lists from callers but keep the dataclass hashable/immutable.
        for name in ("prenoms", "nationalites", "adresse"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(v for v in value if v and v.strip()))
        if not self.nom_naissance.strip():
            raise ValueError("nom_naissance est obligatoire")

    @property
    def prenoms_text(self) -> str:
        return " ".join(p.strip() for p in self.prenoms)

    @property
    def nationalites_text(self) -> str:
        return ", ".join(n.strip() for n in self.nationalites)

    @property
    def lieu_text(self) -> str:
        parts = [p.strip() for p in (self.lieu_naissance, self.pays_naissance) if p.strip()]
        return ", ".join(parts)

    @property
    def adresse_text(self) -> str:
        # One flowing string: the annexes print the address as one wrapped value.
        return " ".join(line.strip() for line in self.adresse if line.strip())


@dataclass(frozen=True)
class References:
    """« VOS RÉFÉRENCES » block.

    ``numero_etranger`` is None for a pré-demande (usager inconnu).
    ``date_emission`` defaults to the deposit date, as in every annex.
    """

    numero_demande: str
    date_depot: date
    numero_etranger: str | None = None
    date_emission: date | None = None

    def __post_init__(self) -> None:
        numero = _clean_numero(self.numero_demande)
        if not _NUMERO_DEMANDE.match(numero):
            raise ValueError(f"N° de la demande invalide (19 chiffres attendus) : {numero!r}")
        object.__setattr__(self, "numero_demande", numero)
        if self.numero_etranger is not None:
            etranger = _clean_numero(self.numero_etranger)
            if not etranger:
                etranger = None
            elif not _NUMERO_ETRANGER.match(etranger):
                raise ValueError(f"N° étranger invalide : {self.numero_etranger!r}")
            object.__setattr__(self, "numero_etranger", etranger)
        if self.date_emission is None:
            object.__setattr__(self, "date_emission", self.date_depot)

    @property
    def emission(self) -> date:
        assert self.date_emission is not None  # set in __post_init__
        return self.date_emission


def add_months_minus_one_day(start: date, months: int) -> date:
    """End of a validity of ``months`` months starting on ``start`` (inclusive).

    26/04/2022 + 6 months → 25/10/2022. When the same day does not exist in the
    target month (31/08 + 6 months), the period ends on the last day of that
    month, i.e. the day before the 1st of the following month.
    """
    if months < 1:
        raise ValueError("la durée de validité doit être d'au moins un mois")
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)


@dataclass(frozen=True)
class ConfirmationData:
    """Everything a confirmation of deposit / BPI attestation prints.

    For ``PROLONGATION_INSTRUCTION`` the mention and the validity in months are
    required (the number of months is a per-téléprocédure setting, not ours).
    """

    kind: DocumentKind
    identity: Identity
    references: References
    # A ProtectionMention (wording from prolongation_instruction.yaml) or, for a
    # téléprocédure whose definition carries its own text, that text verbatim.
    mention: ProtectionMention | str | None = None
    validite_mois: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DocumentKind(self.kind))
        if self.kind is DocumentKind.PROLONGATION_INSTRUCTION:
            if self.mention is None:
                raise ValueError("attestation de prolongation : mention de protection requise")
            if self.mention in set(ProtectionMention):
                object.__setattr__(self, "mention", ProtectionMention(self.mention))
            elif not str(self.mention).strip():
                raise ValueError("attestation de prolongation : mention vide")
            if self.validite_mois is None:
                raise ValueError("attestation de prolongation : durée de validité requise")
            if self.references.numero_etranger is None:
                raise ValueError("attestation de prolongation : N° étranger requis")
        elif self.kind is DocumentKind.PRE_DEMANDE and self.references.numero_etranger:
            # An usager inconnu has no identifiant yet: printing one would be wrong.
            raise ValueError("une pré-demande n'a pas de N° étranger")

    @property
    def validite(self) -> tuple[date, date] | None:
        """(début, fin) of the BPI attestation, None for confirmations."""
        if self.kind is not DocumentKind.PROLONGATION_INSTRUCTION or not self.validite_mois:
            return None
        start = self.references.date_depot
        return start, add_months_minus_one_day(start, self.validite_mois)


class PieceRequirement(StrEnum):
    """How a document of the list is required; the note text is in the YAML."""

    REQUIRED = "obligatoire"
    CONDITIONAL = "conditionnel"
    OPTIONAL = "facultatif"


@dataclass(frozen=True)
class PieceItem:
    """One document of the « Liste des pièces justificatives ».

    ``condition`` is the free text the guides print above conditional slots
    (« Si hébergement à l'hôtel : », « SI VOUS ÊTES MINEUR … »).
    """

    label: str
    help_lines: tuple[str, ...] = ()
    # None: no note is printed (the guides' annexes print none).
    requirement: PieceRequirement | None = PieceRequirement.REQUIRED
    condition: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.help_lines, str):
            # Catalog help texts are one multi-line string: one printed line each.
            lines = tuple(line for line in self.help_lines.splitlines() if line.strip())
            object.__setattr__(self, "help_lines", lines)
        else:
            object.__setattr__(self, "help_lines", tuple(self.help_lines))
        if self.requirement is not None:
            object.__setattr__(self, "requirement", PieceRequirement(self.requirement))


@dataclass(frozen=True)
class PieceSection:
    title: str
    items: tuple[PieceItem, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))


@dataclass(frozen=True)
class PieceListData:
    """Input of ``render_piece_list``.

    ``applicant`` is None when the list is printed in advance (blank of case
    data); otherwise the name is printed under the title.
    """

    procedure_title: str
    sections: tuple[PieceSection, ...]
    applicant: str | None = None
    max_file_size_mo: int = 10

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str


@dataclass(frozen=True)
class SummarySection:
    title: str
    rows: tuple[SummaryRow, ...]

    def __post_init__(self) -> None:
        rows = tuple(r if isinstance(r, SummaryRow) else SummaryRow(*r) for r in self.rows)
        object.__setattr__(self, "rows", rows)


@dataclass(frozen=True)
class AttachedFile:
    """A file attached to a document slot.

    ``pages`` for PDFs/TIFFs, ``pixels`` (width, height) for images; either may
    be None when unknown.
    """

    document_label: str
    file_name: str
    file_type: str
    size_bytes: int
    pages: int | None = None
    pixels: tuple[int, int] | None = None


@dataclass(frozen=True)
class CaseSummaryData:
    """Input of ``render_case_summary`` (« Récapitulatif du dossier »)."""

    procedure_title: str
    identity: Identity
    references: References | None
    sections: tuple[SummarySection, ...]
    files: tuple[AttachedFile, ...] = ()
    observations: str = ""
    generated_on: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))
        object.__setattr__(self, "files", tuple(self.files))
