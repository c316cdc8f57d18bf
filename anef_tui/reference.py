"""Reference data: countries and nationalities (data/reference/countries.yaml).

Loaded once and validated; look-ups ignore case, accents, apostrophe and hyphen variants,
because the counter assistant types « cote d ivoire » or « algerienne » on any keyboard.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from anef_tui.yaml_text import parse_yaml

__all__ = [
    "Country",
    "ReferenceDataError",
    "countries",
    "country_by_code",
    "display",
    "find_country",
    "find_nationality",
    "load_countries",
    "normalize_key",
    "suggest",
    "suggestion_list",
]

CODE_PATTERN = r"^[A-Z]{2}$"


class ReferenceDataError(Exception):
    """A reference file is invalid; the message names the file and the field."""


class Country(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    code: str = Field(pattern=CODE_PATTERN)  # ISO 3166-1 alpha-2 (XK: Kosovo)
    name: str = Field(min_length=2)  # usual French short name
    masculine: str = Field(min_length=2)  # nationality adjective: « algérien »
    feminine: str = Field(min_length=2)  # « algérienne »
    aliases: tuple[str, ...] = ()
    other_adjectives: tuple[str, ...] = ()
    # « Apatride » is a nationality one can hold (or lack), never a country of birth.
    nationality_only: bool = False

    def nationality(self, sexe: str | None = None) -> str:
        """The adjective agreeing with the applicant's sexe (« F » → feminine)."""
        return self.feminine if sexe == "F" else self.masculine

    @property
    def nationality_label(self) -> str:
        """Both genders, for a list: « algérien / algérienne » (once if invariable)."""
        if self.masculine == self.feminine:
            return self.masculine
        return f"{self.masculine} / {self.feminine}"

    def name_keys(self) -> tuple[str, ...]:
        return tuple(normalize_key(n) for n in (self.name, *self.aliases))

    def adjective_keys(self) -> tuple[str, ...]:
        forms = (self.masculine, self.feminine, *self.other_adjectives)
        return tuple(dict.fromkeys(normalize_key(f) for f in forms))


class _CountriesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    countries: list[Country] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> _CountriesFile:
        seen_codes: dict[str, int] = {}
        seen_names: dict[str, int] = {}
        for i, c in enumerate(self.countries):
            if c.code in seen_codes:
                raise ValueError(
                    f"countries[{i}].code: code {c.code} déjà utilisé par "
                    f"countries[{seen_codes[c.code]}]"
                )
            seen_codes[c.code] = i
            for key in c.name_keys():
                if key in seen_names and seen_names[key] != i:
                    raise ValueError(
                        f"countries[{i}].name: nom « {key} » déjà utilisé par "
                        f"countries[{seen_names[key]}]"
                    )
                seen_names[key] = i
        return self


def _loc(parts: Iterable[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(racine)"


def load_countries(path: Path) -> tuple[Country, ...]:
    """Read and validate a countries file; errors name the file and the field."""
    try:
        # The C loader when PyYAML has it: the file is read at startup.
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReferenceDataError(f"{path}: illisible ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"{path}: YAML invalide : {exc}") from exc
    try:
        parsed = _CountriesFile.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = _loc(err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(f"{path}: {msg}" if not err["loc"] else f"{path}: {loc}: {msg}")
        raise ReferenceDataError("\n".join(problems)) from exc
    return tuple(parsed.countries)


def countries_path() -> Path:
    return Path(str(files("anef_tui.data") / "reference" / "countries.yaml"))


@cache
def countries() -> tuple[Country, ...]:
    """All countries, in the file's order (French alphabetical)."""
    return load_countries(countries_path())


@cache
def _by_code() -> dict[str, Country]:
    return {c.code: c for c in countries()}


def country_by_code(code: str) -> Country:
    """The country of a stored code; KeyError if the code is unknown."""
    return _by_code()[code.strip().upper()]


def display(code: str, *, nationality: bool = False, sexe: str | None = None) -> str:
    """How a stored code is shown: the country name, or the nationality adjective.

    ANEF shows « Nationalité : Afghane » whatever the applicant's sex (the adjective
    agrees with « nationalité »): that is the default; `sexe` asks for the agreement with
    the person instead. An unknown code is shown as stored.
    """
    try:
        c = country_by_code(code)
    except KeyError:
        return code
    if not nationality:
        return c.name
    adjective = c.nationality(sexe) if sexe else c.feminine
    return adjective[:1].upper() + adjective[1:]


def suggestion_list(*, nationality: bool = False, sexe: str | None = None) -> list[str]:
    """The words a prefix completer offers: country names, or nationality adjectives.

    Once the applicant's sexe is known (« M » / « F »), only the adjectives of that
    gender (« algérienne » for a woman); before, both forms.
    """
    return list(_suggestion_words(nationality, sexe if sexe in ("M", "F") else None))


@cache
def _suggestion_words(nationality: bool, sexe: str | None = None) -> tuple[str, ...]:
    words: list[str] = []
    for c in countries():
        if nationality:
            if sexe == "F":
                words.append(c.feminine)
            elif sexe == "M":
                words.append(c.masculine)
            else:
                words.extend((c.masculine, c.feminine))
        elif not c.nationality_only:
            words.append(c.name)
    return tuple(dict.fromkeys(words))


_SEPARATORS = re.compile(r"[\s'’‘ʼ`´\-‐‑‒–—.,()]+")


def normalize_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form: « Côte d’Ivoire » → « cote d ivoire »."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", bare.casefold()).strip()


def _unique(matches: list[Country]) -> Country | None:
    distinct = list(dict.fromkeys(matches))
    return distinct[0] if len(distinct) == 1 else None


def find_country(text: str) -> Country | None:
    """The country whose code, name or alias is `text` (exact, but case/accent-blind)."""
    key = normalize_key(text)
    if not key:
        return None
    if len(key) == 2 and key.isalpha():
        found = _by_code().get(key.upper())
        if found is not None and not found.nationality_only:
            return found
    return _unique([c for c in countries() if key in c.name_keys() and not c.nationality_only])


def find_nationality(text: str) -> Country | None:
    """The country of a nationality typed as an adjective (either gender) or a country.

    None when nothing matches or when the adjective is shared: « congolaise » is both
    Congo and République démocratique du Congo, the operator must choose (see suggest).
    """
    key = normalize_key(text)
    if not key:
        return None
    by_adjective = [c for c in countries() if key in c.adjective_keys()]
    if by_adjective:
        return _unique(by_adjective)
    return find_country(text)


def suggest(text: str, limit: int = 10, *, nationality: bool = False) -> list[Country]:
    """Type-ahead: countries whose name, alias or code start with `text`, then those whose
    name has a word starting with it, then those containing it; file order within each.

    With nationality=True the adjectives are searched too (« alg » → Algérie by
    « algérien »). Blank text suggests nothing.
    """
    key = normalize_key(text)
    if not key or limit <= 0:
        return []
    ranked: list[tuple[int, int, Country]] = []
    for index, c in enumerate(countries()):
        if c.nationality_only and not nationality:
            continue
        keys = list(c.name_keys())
        if nationality:
            keys.extend(c.adjective_keys())
        rank = _rank(key, keys)
        if len(key) == 2 and key.upper() == c.code:
            rank = 0
        if rank is not None:
            ranked.append((rank, index, c))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [c for _, _, c in ranked[:limit]]


def _rank(key: str, keys: list[str]) -> int | None:
    best: int | None = None
    for k in keys:
        if k.startswith(key):
            rank = 1
        elif f" {key}" in f" {k}":
            rank = 2
        elif key in k:
            rank = 3
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best
