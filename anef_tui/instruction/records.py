"""Plain records of the exchanges after the deposit, as the screens and documents see them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from anef_tui.instruction.wording import NotificationKind, Reason

SIDE_COUNTER = "guichet"
SIDE_INSTRUCTION = "instruction"
SIDE_LABELS = {SIDE_COUNTER: "Guichet", SIDE_INSTRUCTION: "Instruction"}

KEEP = "maintenir"
UPDATE = "mettre_a_jour"
Choice = Literal["maintenir", "mettre_a_jour"]

OTHER_PREFIX = "autre_"


@dataclass(frozen=True)
class RequestedPiece:
    """A piece asked by a demande de complément: a slot of the dossier or « autre »."""

    key: str  # the slot id, or « autre_1 », « autre_2 »… for « autre document »
    label: str
    reason: Reason
    observation: str
    deposited_files: tuple[str, ...] = ()  # original names, as the notification shows them

    @property
    def is_other(self) -> bool:
        return self.key.startswith(OTHER_PREFIX)

    @property
    def can_keep(self) -> bool:
        """« Maintenir le Document » only makes sense for a piece that was deposited."""
        return bool(self.deposited_files) and self.reason is not Reason.MISSING

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "reason": self.reason.value,
                "observation": self.observation, "deposited_files": list(self.deposited_files)}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> RequestedPiece:
        return cls(raw["key"], raw["label"], Reason(raw["reason"]), raw.get("observation", ""),
                   tuple(raw.get("deposited_files", ())))


@dataclass(frozen=True)
class TitreDecision:
    """The titre a favourable décision grants, and the tax to pay when collecting it."""

    titre: str  # a key of notifications.yaml « titres »
    mention: str
    valid_from: date
    valid_to: date
    tax_euros: int

    def to_json(self) -> dict[str, Any]:
        return {"titre": self.titre, "mention": self.mention,
                "valid_from": self.valid_from.isoformat(), "valid_to": self.valid_to.isoformat(),
                "tax_euros": self.tax_euros}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> TitreDecision:
        return cls(raw["titre"], raw["mention"], date.fromisoformat(raw["valid_from"]),
                   date.fromisoformat(raw["valid_to"]), int(raw["tax_euros"]))


@dataclass(frozen=True)
class Notification:
    id: int
    case_id: int
    kind: NotificationKind
    issued_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    read_at: datetime | None = None
    answered_at: datetime | None = None

    @property
    def state(self) -> str:
        """« repondu », « lue » or « non_lue », as « Mes notifications » shows it."""
        if self.answered_at is not None:
            return "repondu"
        return "lue" if self.read_at is not None else "non_lue"

    @property
    def pieces(self) -> list[RequestedPiece]:
        return [RequestedPiece.from_json(p) for p in self.payload.get("pieces", [])]

    @property
    def decision(self) -> TitreDecision | None:
        raw = self.payload.get("decision")
        return TitreDecision.from_json(raw) if raw else None

    @property
    def validity(self) -> tuple[date, date] | None:
        """The validity of the attestation it carries (prolongation, décision), if any."""
        raw = self.payload.get("validity")
        return (date.fromisoformat(raw[0]), date.fromisoformat(raw[1])) if raw else None

    @property
    def deadline(self) -> date | None:
        """Stored when known at sending (from reception); else computed from the reading."""
        raw = self.payload.get("deadline")
        return date.fromisoformat(raw) if raw else None


@dataclass(frozen=True)
class AnsweredFile:
    piece: str
    original_name: str
    stored_name: str
    kind: str
    size: int
    sha256: str = ""  # where the desks find its content (anef_tui.service.attachment_file)


@dataclass(frozen=True)
class PieceAnswer:
    """What the counter sends for one requested piece."""

    piece: str
    choice: Choice
    reason: str | None = None  # « Veuillez préciser les raisons du maintien du document »
    message: str | None = None  # « Message à l'agent »
    files: tuple[Any, ...] = ()  # StoredAttachment (slot_id = the piece key)


@dataclass(frozen=True)
class ComplementAnswer:
    notification_id: int
    answered_at: datetime
    observations: str | None
    items: tuple[PieceAnswer, ...]
    files: tuple[AnsweredFile, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    side: str
    kind: str
    detail: str = ""
    notification_id: int | None = None


@dataclass(frozen=True)
class HistoryLine:
    """One line of « Historique du dossier », in words (screens and plain mode alike)."""

    at: datetime
    side: str  # « Guichet » or « Instruction »
    what: str
    detail: str = ""
