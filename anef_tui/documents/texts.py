"""Wording of the printed documents, loaded from data/documents/*.yaml.

The sentences are legal text copied word for word from the DGEF guides, so
they live in data files a reviewer can diff against the guides, not in code.
Every file is validated by a pydantic model when loaded; a broken file raises
``WordingError`` naming the file and the field (« premiere_demande.yaml :
champ title.main : ... ») instead of printing a wrong document.
"""

from __future__ import annotations

import importlib.resources
import string
from collections.abc import Iterable
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from anef_tui.documents.model import DocumentKind, PieceRequirement, ProtectionMention
from anef_tui.yaml_text import parse_yaml

NonEmpty = Annotated[str, Field(min_length=1)]


class WordingError(ValueError):
    """A wording file is missing, not YAML, or does not match its model."""


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _check_placeholders(texts: Iterable[tuple[str, str]], allowed: set[str]) -> None:
    # A typo in a placeholder would otherwise only show up as a KeyError while
    # printing at the counter; catch it when the file is loaded.
    for where, text in texts:
        try:
            unknown = _placeholders(text) - allowed
        except ValueError as exc:  # unbalanced braces
            raise ValueError(f"{where} : accolades invalides ({exc})") from exc
        if unknown:
            raise ValueError(
                f"{where} : variable(s) inconnue(s) {sorted(unknown)}, "
                f"autorisées : {sorted(allowed) or 'aucune'}"
            )


class _Strict(BaseModel):
    # extra="forbid": a misspelt key must fail loudly, not fall back to a default.
    model_config = ConfigDict(extra="forbid", frozen=True)


class HeaderWording(_Strict):
    ministry_lines: list[NonEmpty] = Field(min_length=1)
    motto_lines: list[NonEmpty]
    direction_lines: list[NonEmpty]


class CommonWording(_Strict):
    header: HeaderWording
    code2d_caption: NonEmpty
    page_footer: NonEmpty

    @model_validator(mode="after")
    def _templates(self) -> CommonWording:
        _check_placeholders([("page_footer", self.page_footer)], {"page", "pages"})
        _check_placeholders([("code2d_caption", self.code2d_caption)], set())
        return self


class TitleWording(_Strict):
    main: NonEmpty
    sub: str = ""

    @property
    def full(self) -> str:
        return f"{self.main} {self.sub}".strip()


class ReferencesWording(_Strict):
    heading: NonEmpty
    identifiant: NonEmpty
    numero_demande: NonEmpty
    date_emission: NonEmpty


class IdentityLabels(_Strict):
    nom_naissance: NonEmpty
    # None: the line is not printed at all (the BPI annex has no nom d'usage).
    nom_usage: NonEmpty | None
    prenoms: NonEmpty
    date_naissance: NonEmpty
    lieu: NonEmpty
    nationalite: NonEmpty
    adresse: NonEmpty


class Paragraph(_Strict):
    text: NonEmpty
    bold: bool = False


CONFIRMATION_PLACEHOLDERS = {"date_depot", "debut", "fin"}


class ConfirmationWording(_Strict):
    kind: DocumentKind
    title: TitleWording
    references: ReferencesWording
    identity: IdentityLabels
    mentions: dict[ProtectionMention, NonEmpty] = Field(default_factory=dict)
    paragraphs: list[Paragraph] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> ConfirmationWording:
        _check_placeholders(
            ((f"paragraphs.{i}.text", p.text) for i, p in enumerate(self.paragraphs)),
            CONFIRMATION_PLACEHOLDERS,
        )
        if self.kind is DocumentKind.PROLONGATION_INSTRUCTION:
            missing = set(ProtectionMention) - set(self.mentions)
            if missing:
                raise ValueError(f"mentions : manquantes {sorted(m.value for m in missing)}")
        return self


class PieceListWording(_Strict):
    title: NonEmpty
    intro: list[Paragraph]
    applicant_label: NonEmpty
    requirement_notes: dict[PieceRequirement, NonEmpty]

    @model_validator(mode="after")
    def _consistent(self) -> PieceListWording:
        _check_placeholders(
            ((f"intro.{i}.text", p.text) for i, p in enumerate(self.intro)), {"max_mo"}
        )
        missing = set(PieceRequirement) - set(self.requirement_notes)
        if missing:
            raise ValueError(f"requirement_notes : manquantes {sorted(m.value for m in missing)}")
        return self


class SummaryIdentityLabels(_Strict):
    nom_naissance: NonEmpty
    nom_usage: NonEmpty
    prenoms: NonEmpty
    sexe: NonEmpty
    date_naissance: NonEmpty
    lieu: NonEmpty
    nationalite: NonEmpty
    adresse: NonEmpty


class FilesHeadings(_Strict):
    document: NonEmpty
    file_name: NonEmpty
    file_type: NonEmpty
    extent: NonEmpty
    size: NonEmpty


class CaseSummaryWording(_Strict):
    title: NonEmpty
    references: ReferencesWording
    no_references: NonEmpty
    identity_title: NonEmpty
    identity: SummaryIdentityLabels
    files_title: NonEmpty
    files_headings: FilesHeadings
    pages_format: NonEmpty
    pixels_format: NonEmpty
    no_files: NonEmpty
    observations_title: NonEmpty
    no_observations: NonEmpty
    generated_on: NonEmpty

    @model_validator(mode="after")
    def _templates(self) -> CaseSummaryWording:
        _check_placeholders([("pages_format", self.pages_format)], {"pages"})
        _check_placeholders([("pixels_format", self.pixels_format)], {"width", "height"})
        _check_placeholders([("generated_on", self.generated_on)], {"date"})
        return self


M = TypeVar("M", bound=BaseModel)


def wording_dir() -> Traversable:
    """data/documents, installed as the package resource anef_tui.data/documents."""
    return importlib.resources.files("anef_tui.data") / "documents"


def _describe(err: dict[str, Any]) -> str:
    # Model-level validators carry the field path in their own message.
    msg = str(err["msg"]).removeprefix("Value error, ")
    if not err["loc"]:
        return f"champ {msg}"
    return f"champ {'.'.join(str(part) for part in err['loc'])} : {msg}"


def load_wording_file(path: Traversable | Path, model: type[M]) -> M:
    """Load and validate one wording file; errors name the file and the field."""
    name = path.name
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise WordingError(f"{name} : fichier de libellés introuvable") from exc
    except yaml.YAMLError as exc:
        raise WordingError(f"{name} : YAML invalide : {exc}") from exc
    if not isinstance(raw, dict):
        raise WordingError(f"{name} : le fichier doit contenir un dictionnaire YAML")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        details = "; ".join(_describe(dict(err)) for err in exc.errors())
        raise WordingError(f"{name} : {details}") from exc


def _load(file_name: str, model: type[M], directory: Traversable | Path | None) -> M:
    base = wording_dir() if directory is None else directory
    return load_wording_file(base / file_name, model)


@cache
def _cached(file_name: str, model: type[BaseModel]) -> BaseModel:
    return _load(file_name, model, None)


def common_wording(directory: Path | None = None) -> CommonWording:
    if directory is not None:
        return _load("common.yaml", CommonWording, directory)
    return _cached("common.yaml", CommonWording)  # type: ignore[return-value]


def confirmation_wording(
    kind: DocumentKind | str, directory: Path | None = None
) -> ConfirmationWording:
    kind = DocumentKind(kind)
    file_name = f"{kind.value}.yaml"
    if directory is not None:
        wording = _load(file_name, ConfirmationWording, directory)
    else:
        wording = _cached(file_name, ConfirmationWording)  # type: ignore[assignment]
    assert isinstance(wording, ConfirmationWording)
    if wording.kind is not kind:
        # A copy-paste of a file without updating « kind » would print the
        # wrong title on a legal document.
        raise WordingError(
            f"{file_name} : champ kind : {wording.kind.value} au lieu de {kind.value}"
        )
    return wording


def piece_list_wording(directory: Path | None = None) -> PieceListWording:
    if directory is not None:
        return _load("piece_list.yaml", PieceListWording, directory)
    return _cached("piece_list.yaml", PieceListWording)  # type: ignore[return-value]


def case_summary_wording(directory: Path | None = None) -> CaseSummaryWording:
    if directory is not None:
        return _load("case_summary.yaml", CaseSummaryWording, directory)
    return _cached("case_summary.yaml", CaseSummaryWording)  # type: ignore[return-value]


def validate_all(directory: Path | None = None) -> None:
    """Load every wording file (for a startup self-check or CI); raises WordingError."""
    common_wording(directory)
    for kind in DocumentKind:
        confirmation_wording(kind, directory)
    piece_list_wording(directory)
    case_summary_wording(directory)
