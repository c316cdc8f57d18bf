"""Value formats of the domain: what the counter assistant types, checked and normalised.

One `parse_*` function per field type of the catalogue. Each takes the raw text typed at
the counter and returns the normalised value, or raises `FormatError` whose message (in
French) says what is wrong and what is expected, so the form can show it as is.

Whether a field may be left empty is the form's business (`FieldDef.required`): every
parser except `parse_text` refuses blank input with a message giving the expected format.

Pure functions, no Textual, no wall clock (`today` is always passed in). email_validator
and phonenumbers are imported inside the functions that need them: phonenumbers loads
a large metadata module and the application must start fast.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

__all__ = [
    "FormatError",
    "PartialDate",
    "check_date_bounds",
    "check_printable",
    "format_date",
    "format_phone_national",
    "parse_date",
    "parse_email",
    "parse_ephoto",
    "parse_insee",
    "parse_name",
    "parse_number",
    "parse_numero_etranger",
    "parse_partial_date",
    "parse_phone",
    "parse_postal_code",
    "parse_text",
    "phone_region_for_postal_code",
]


class FormatError(ValueError):
    """A typed value does not have the expected format; str() is the French message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# Spaces of every kind (non-breaking ones come with copy and paste).
_SPACES = re.compile(r"\s+")


def _compact(text: str) -> str:
    """Remove every space and dash: identifiers are often typed or printed in groups."""
    return re.sub(r"[\s\-‐‑‒–—.]", "", text)


# --------------------------------------------------------------------------- names

_APOSTROPHES = "'’‘ʼ`´"  # typed variants, all stored as the ASCII apostrophe
_HYPHENS = "-‐‑‒–"  # typed variants, all stored as the ASCII hyphen-minus


def _is_latin_letter(ch: str) -> bool:
    if not unicodedata.category(ch).startswith("L"):
        return False
    # « LATIN » covers Latin-1, Extended-A/B/Additional (Ł, ğ, ễ, Ø, ß, ŋ, ə…).
    return "LATIN" in unicodedata.name(ch, "")


def parse_name(text: str, *, max_length: int = 100) -> str:
    """A person's name: letters of any Latin script, spaces, hyphens, apostrophes.

    Spaces are collapsed; apostrophe and hyphen variants are stored as ' and -. Case is
    kept as typed (the titre shows it; nothing to guess).
    """
    value = unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())
    if not value:
        raise FormatError("Indiquez le nom en lettres (exemple : Dupont-Martin).")
    out: list[str] = []
    for ch in value:
        if ch in _APOSTROPHES:
            out.append("'")
        elif ch in _HYPHENS:
            out.append("-")
        elif ch == " " or _is_latin_letter(ch):
            out.append(ch)
        elif unicodedata.category(ch) == "Mn" and out and out[-1] not in " '-":
            # A combining accent with no precomposed form (e.g. some transliterations).
            out.append(ch)
        elif ch.isdigit():
            raise FormatError(
                "Un nom ne peut pas contenir de chiffre : seulement des lettres, des espaces, "
                "des traits d'union et des apostrophes."
            )
        else:
            raise FormatError(
                f"Le caractère « {ch} » n'est pas accepté dans un nom : seulement des lettres, "
                "des espaces, des traits d'union et des apostrophes."
            )
    value = "".join(out)
    value = re.sub(r" ?- ?", "-", value)  # « Jean - Pierre » → « Jean-Pierre »
    if not any(_is_latin_letter(ch) for ch in value):
        raise FormatError("Un nom doit contenir au moins une lettre.")
    if value[0] == "-" or value[-1] == "-" or "--" in value:
        raise FormatError(
            "Un trait d'union doit relier deux parties du nom (exemple : Jean-Pierre)."
        )
    if len(value) > max_length:
        raise FormatError(
            f"Ce nom est trop long : {max_length} caractères au plus (il en comporte {len(value)})."
        )
    return value


# --------------------------------------------------------------------------- dates

_DATE_EXPECTED = "Format attendu : JJ/MM/AAAA (exemple : 05/04/1982)."
_DATE_RE = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})$")
_DATE_COMPACT_RE = re.compile(r"^(\d{2})(\d{2})(\d{4})$")  # JJMMAAAA, as in the 2D-DOC


def format_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    if not 1 <= month <= 12:
        raise FormatError(
            f"Cette date n'existe pas ({shown}) : le mois doit être compris entre 01 et 12."
        )
    if year < 1:
        raise FormatError(f"Cette date n'existe pas ({shown}) : l'année 0000. {_DATE_EXPECTED}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise FormatError(
            f"Cette date n'existe pas ({shown}) : ce mois compte {last} jours. {_DATE_EXPECTED}"
        )
    return date(year, month, day)


def parse_date(text: str) -> date:
    """« JJ/MM/AAAA »; also J/M/AAAA, JJ-MM-AAAA, JJ.MM.AAAA and JJMMAAAA."""
    value = text.strip().replace(" ", "")
    if not value:
        raise FormatError(f"Indiquez une date. {_DATE_EXPECTED}")
    m = _DATE_RE.match(value)
    if m:
        day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    else:
        m = _DATE_COMPACT_RE.match(value)
        if not m:
            raise FormatError(f"La date « {text.strip()} » n'est pas lisible. {_DATE_EXPECTED}")
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return _make_date(year, month, day, f"{day:02d}/{month:02d}/{year:04d}")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date of which only the year, or the month and year, may be known.

    The usager inconnu's date of birth: « only the YEAR of birth is mandatory ».
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"année invalide : {self.year}")
        if self.month is None and self.day is not None:
            raise ValueError("un jour sans mois n'a pas de sens")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"mois invalide : {self.month}")
        if self.day is not None:
            assert self.month is not None
            date(self.year, self.month, self.day)  # raises ValueError if impossible

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if not m:
            raise ValueError(f"date partielle ISO invalide : {text!r}")
        return cls(
            int(m.group(1)),
            int(m.group(2)) if m.group(2) else None,
            int(m.group(3)) if m.group(3) else None,
        )

    @classmethod
    def from_date(cls, d: date) -> PartialDate:
        return cls(d.year, d.month, d.day)

    @property
    def complete(self) -> bool:
        return self.day is not None

    def earliest(self) -> date:
        """First day of the period the partial date designates."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """Last day of the period the partial date designates."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


_PARTIAL_EXPECTED = (
    "Format attendu : AAAA, MM/AAAA ou JJ/MM/AAAA (exemple : 1982, 04/1982 ou 05/04/1982)."
)


def parse_partial_date(text: str) -> PartialDate:
    """« AAAA », « MM/AAAA » or « JJ/MM/AAAA »; the year is mandatory.

    00 for an unknown day or month (« 00/00/1982 ») is accepted: it is how titres and
    civil-status documents print an unknown part.
    """
    value = text.strip().replace(" ", "")
    if not value:
        raise FormatError(f"Indiquez au moins l'année. {_PARTIAL_EXPECTED}")
    if re.fullmatch(r"\d{4}", value):
        return _partial(int(value), 0, 0, value)
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{4})", value)
    if m:
        return _partial(int(m.group(2)), int(m.group(1)), 0, value)
    m = _DATE_RE.match(value)
    if m:
        return _partial(int(m.group(4)), int(m.group(3)), int(m.group(1)), value)
    if re.fullmatch(r"\d{1,3}", value) or re.fullmatch(r"\d{1,2}[/.\-]\d{1,3}", value):
        raise FormatError(f"L'année doit comporter 4 chiffres. {_PARTIAL_EXPECTED}")
    raise FormatError(f"La date « {text.strip()} » n'est pas lisible. {_PARTIAL_EXPECTED}")


def _partial(year: int, month: int, day: int, shown: str) -> PartialDate:
    if year < 1:
        raise FormatError(f"Cette année n'existe pas ({shown}). {_PARTIAL_EXPECTED}")
    if month == 0:
        if day:
            raise FormatError(
                f"Un jour sans mois ne peut pas être enregistré ({shown}) : indiquez le mois, "
                f"ou seulement l'année. {_PARTIAL_EXPECTED}"
            )
        return PartialDate(year)
    if day == 0:
        if not 1 <= month <= 12:
            raise FormatError(
                f"Cette date n'existe pas ({shown}) : le mois doit être compris entre 01 et 12."
            )
        return PartialDate(year, month)
    d = _make_date(year, month, day, f"{day:02d}/{month:02d}/{year:04d}")
    return PartialDate.from_date(d)


def check_date_bounds(
    d: date | PartialDate,
    *,
    today: date,
    not_future: bool = False,
    not_past: bool = False,
    min_year: int | None = None,
    after: date | PartialDate | None = None,
    after_label: str | None = None,
) -> None:
    """Raise FormatError if `d` breaks a bound of the field (catalog `DateRule`).

    `today` is always given by the caller: the rules are tested without a wall clock.
    Today itself is neither « in the future » nor « in the past ». `after` is the other
    date this one must not precede (`after_field`); `after_label` names it in the message.
    A partial date is refused only if its whole period breaks the bound (a birth « 2024 »
    is not in the future on 15/03/2024).
    """
    first, last = (d.earliest(), d.latest()) if isinstance(d, PartialDate) else (d, d)
    if not_future and first > today:
        raise FormatError(
            f"Cette date ne peut pas être dans le futur : au plus tard le {format_date(today)}."
        )
    if not_past and last < today:
        raise FormatError(
            f"Cette date ne peut pas être déjà passée : au plus tôt le {format_date(today)}."
        )
    if min_year is not None and first.year < min_year:
        raise FormatError(f"L'année doit être {min_year} ou postérieure.")
    if after is not None:
        bound = after.earliest() if isinstance(after, PartialDate) else after
        if last < bound:
            shown = after.display() if isinstance(after, PartialDate) else format_date(after)
            article = "au" if isinstance(after, date) or after.complete else "à"
            what = f"à {after_label} ({shown})" if after_label else f"{article} {shown}"
            raise FormatError(f"Cette date ne peut pas être antérieure {what}.")


# --------------------------------------------------------------------------- e-mail


def parse_email(text: str) -> str:
    """An e-mail address, syntax only: the counter is offline, no DNS look-up."""
    from email_validator import EmailNotValidError, validate_email

    value = text.strip()
    example = "(exemple : prenom.nom@exemple.fr)"
    if not value:
        raise FormatError(f"Indiquez une adresse email {example}.")
    if " " in value:
        raise FormatError(f"Une adresse email ne contient pas d'espace {example}.")
    if value.count("@") != 1:
        raise FormatError(
            f"Une adresse email contient un seul signe @ entre le nom et le domaine {example}."
        )
    local, _, domain = value.partition("@")
    if not local:
        raise FormatError(f"Il manque la partie avant le signe @ {example}.")
    if "." not in domain:
        raise FormatError(
            f"Le domaine après le signe @ doit contenir un point (gmail.com, orange.fr…) {example}."
        )
    try:
        # No SMTPUTF8: accented mailbox names are refused by many services, ANEF included
        # as far as anyone knows; the applicant would never receive the confirmation.
        info = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        if not local.isascii():
            raise FormatError(
                f"La partie avant le signe @ ne peut pas contenir d'accent {example}."
            ) from exc
        raise FormatError(f"Cette adresse email n'est pas valide {example}.") from exc
    return str(info.normalized)


# --------------------------------------------------------------------------- phone

# Overseas numbers share the French national format (0692…, 0690…) but belong to their
# own region in libphonenumber: the address says which one is meant.
_OVERSEAS_BY_POSTAL_PREFIX = {
    "971": "GP",
    "972": "MQ",
    "973": "GF",
    "974": "RE",
    "975": "PM",
    "976": "YT",
}
# (name, « in » form): « à La Réunion », « à Mayotte » but « en Guadeloupe »…
_TERRITORY_NAMES = {
    "FR": ("France métropolitaine", "en France métropolitaine"),
    "GP": ("Guadeloupe", "en Guadeloupe"),
    "BL": ("Guadeloupe", "en Guadeloupe"),  # Saint-Barthélemy: 0590 numbers, CP 97133
    "MF": ("Guadeloupe", "en Guadeloupe"),  # Saint-Martin: 0590 numbers, CP 97150
    "MQ": ("Martinique", "en Martinique"),
    "GF": ("Guyane", "en Guyane"),
    "RE": ("La Réunion", "à La Réunion"),
    "PM": ("Saint-Pierre-et-Miquelon", "à Saint-Pierre-et-Miquelon"),
    "YT": ("Mayotte", "à Mayotte"),
}
_POSTAL_PREFIX_BY_REGION = {r: p for p, r in _OVERSEAS_BY_POSTAL_PREFIX.items()}
# libphonenumber splits the 0590 numbers between Guadeloupe, Saint-Barthélemy and
# Saint-Martin, all three under the 971 postal codes.
_SAME_TERRITORY = {"GP": {"GP", "BL", "MF"}}
_PHONE_EXAMPLE = "(exemple : 06 12 34 56 78)"


def phone_region_for_postal_code(postal_code: str | None) -> str:
    """The phone region (libphonenumber code) of an address, from its postal code."""
    cp = _compact(postal_code or "")
    return _OVERSEAS_BY_POSTAL_PREFIX.get(cp[:3], "FR")


def parse_phone(text: str, region: str = "FR") -> str:
    """A French phone number, stored in E.164 (+33612345678).

    `region` comes from the address (`phone_region_for_postal_code`). Accepted:
    06 12 34 56 78, +33 6 12 34 56 78, 0033 6 12 34 56 78, and the overseas numbers
    (0692…, 0690…) only when the address is in their territory: in libphonenumber
    0692 12 34 56 is a valid La Réunion number with region RE and an invalid number with
    region FR. A metropolitan number (06…, 01…) stays valid for an overseas address:
    the national numbering plan is shared and people keep their mainland mobile.
    """
    import phonenumbers

    value = text.strip()
    if not value:
        raise FormatError(f"Indiquez un numéro de téléphone {_PHONE_EXAMPLE}.")
    if re.search(r"[^\d\s+().\-/]", value):
        raise FormatError(f"Un numéro de téléphone ne contient que des chiffres {_PHONE_EXAMPLE}.")
    allowed = _SAME_TERRITORY.get(region, {region}) | {"FR"}
    for parse_region in dict.fromkeys([region, "FR"]):
        try:
            number = phonenumbers.parse(value, parse_region)
        except phonenumbers.NumberParseException:
            continue
        if (
            phonenumbers.is_valid_number(number)
            and phonenumbers.region_code_for_number(number) in allowed
        ):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    elsewhere = _overseas_region_of(value)
    if elsewhere is not None and elsewhere not in allowed:
        name, in_where = _TERRITORY_NAMES[elsewhere]
        prefix = _POSTAL_PREFIX_BY_REGION.get(_territory_key(elsewhere))
        hint = f" (code postal en {prefix})" if prefix else ""
        raise FormatError(
            f"Ce numéro est un numéro de {name} : il n'est accepté qu'avec une adresse "
            f"{in_where}{hint}. Vérifiez le numéro ou le code postal de l'adresse."
        )
    if _is_foreign(value):
        raise FormatError(
            f"Seuls les numéros de téléphone français sont acceptés {_PHONE_EXAMPLE}."
        )
    digits = re.sub(r"\D", "", value)
    if value.startswith("0") and not value.startswith("00") and len(digits) != 10:
        raise FormatError(
            f"Un numéro de téléphone français comporte 10 chiffres (il en comporte "
            f"{len(digits)}) {_PHONE_EXAMPLE}."
        )
    raise FormatError(f"Ce numéro de téléphone français n'est pas valide {_PHONE_EXAMPLE}.")


def _is_foreign(value: str) -> bool:
    import phonenumbers as pn

    if not value.startswith(("+", "00")):
        return False
    try:
        number = pn.parse(value, "FR")
    except pn.NumberParseException:
        return False
    return pn.region_code_for_number(number) not in _TERRITORY_NAMES


def _territory_key(region: str) -> str:
    for key, members in _SAME_TERRITORY.items():
        if region in members:
            return key
    return region


def _overseas_region_of(value: str) -> str | None:
    """The French territory where the number is valid, to explain a refusal."""
    import phonenumbers as pn

    for candidate in ("FR", "RE", "YT", "GP", "MQ", "GF", "PM"):
        try:
            number = pn.parse(value, candidate)
        except pn.NumberParseException:
            continue
        if pn.is_valid_number(number):
            region = pn.region_code_for_number(number)
            if region in _TERRITORY_NAMES:
                return region
    return None


def format_phone_national(e164: str) -> str:
    """How a stored number is shown at the counter: 06 12 34 56 78, 0692 12 34 56."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


# --------------------------------------------------------------------------- codes


def parse_postal_code(text: str) -> str:
    """5 digits; spaces removed."""
    value = re.sub(r"\s", "", text)
    expected = "Le code postal comporte 5 chiffres (exemple : 75001)."
    if not value:
        raise FormatError(f"Indiquez le code postal. {expected}")
    if not value.isascii() or not value.isdigit():
        raise FormatError(f"Le code postal ne contient que des chiffres. {expected}")
    if len(value) != 5:
        raise FormatError(f"{expected[:-1]} ; il en comporte {len(value)} ici.")
    if value.startswith(("00", "96", "99")):
        raise FormatError(
            f"Le code postal {value} n'existe pas : il commence par le numéro du "
            "département (01 à 95, 97 ou 98)."
        )
    return value


def parse_insee(text: str) -> str:
    """Code INSEE of a commune: 5 digits, or 2A / 2B + 3 digits (Corse); upper-cased."""
    value = re.sub(r"\s", "", text).upper()
    expected = (
        "Le code INSEE de la commune comporte 5 caractères : 5 chiffres, ou 2A / 2B suivi "
        "de 3 chiffres en Corse (exemple : 75056, 2A004)."
    )
    if not value:
        raise FormatError(f"Indiquez le code INSEE. {expected}")
    if not re.fullmatch(r"(?:\d{2}|2A|2B)\d{3}", value, flags=re.ASCII):
        if len(value) != 5:
            raise FormatError(f"{expected} Ce code en comporte {len(value)}.")
        raise FormatError(expected)
    return value


def parse_numero_etranger(text: str) -> str:
    """N° étranger: 10 digits, sometimes 9 (the ANTS dictionary allows up to 10)."""
    value = _compact(text)
    expected = "Le numéro étranger doit comporter 10 chiffres (exemple : 7503136189)."
    if not value:
        raise FormatError(f"Indiquez le numéro étranger. {expected}")
    if not (value.isascii() and value.isdigit()):
        raise FormatError(f"{expected[:-1]} : uniquement des chiffres.")
    if len(value) not in (9, 10):
        raise FormatError(
            f"{expected[:-1]} ; celui-ci en comporte {len(value)}. Les plus anciens en "
            "comportent 9."
        )
    return value


def parse_ephoto(text: str) -> str:
    """E-photo code: 22 letters or digits; spaces and dashes ignored; upper-cased.

    The guides label it « Numéro ephoto (22 chiffres) »; the code printed on the
    photographer's board may contain letters.
    """
    value = _compact(text).upper()
    label = "Numéro ephoto (22 chiffres)"
    if not value:
        raise FormatError(f"{label} : indiquez le code figurant sur la planche de photos.")
    if not re.fullmatch(r"[A-Z0-9]+", value):
        raise FormatError(
            f"{label} : le code ne contient que des lettres et des chiffres, tel qu'il "
            "figure sur la planche de photos."
        )
    if len(value) != 22:
        raise FormatError(
            f"{label} : le code comporte 22 caractères ; celui-ci en comporte {len(value)}."
        )
    return value


# --------------------------------------------------------------------------- numbers


def _fr_number(x: float) -> str:
    return (f"{x:g}" if x != int(x) else str(int(x))).replace(".", ",")


def parse_number(
    text: str,
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    integer: bool = False,
) -> int | float:
    """An integer or a decimal with a comma or a dot; spaces between thousands allowed.

    Returns an int when there is no fractional part, else a float (values are stored as
    JSON).
    """
    value = re.sub(r"\s", "", text).replace(",", ".")
    expected = "Indiquez un nombre, avec une virgule pour les décimales (exemple : 12,5)."
    if integer:
        expected = "Indiquez un nombre entier (exemple : 3)."
    if not value:
        raise FormatError(expected)
    if not re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", value, flags=re.ASCII):
        raise FormatError(f"« {text.strip()} » n'est pas un nombre. {expected}")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - the regex guards it
        raise FormatError(expected) from exc
    if integer and number != number.to_integral_value():
        raise FormatError(expected)
    result: int | float = int(number) if number == number.to_integral_value() else float(number)
    if min_value is not None and result < min_value:
        raise FormatError(f"La valeur doit être au moins {_fr_number(min_value)}.")
    if max_value is not None and result > max_value:
        raise FormatError(f"La valeur doit être au plus {_fr_number(max_value)}.")
    return result


# --------------------------------------------------------------------------- free text


def parse_text(text: str, *, max_length: int | None = None, multiline: bool = False) -> str:
    """Free text (`text`, or `textarea` with multiline=True): stripped, no control chars.

    Line breaks are kept (as \\n) only in multi-line text; tabs become spaces in a one-line
    text. Empty text is returned as "" (required-ness is the form's business).
    """
    value = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if multiline:
        value = "\n".join(line.rstrip() for line in value.strip().split("\n"))
        value = value.replace("\t", "    ")
    else:
        if "\n" in value.strip():
            raise FormatError("Ce champ tient sur une seule ligne : retirez le retour à la ligne.")
        value = value.replace("\t", " ").strip()
    check_printable(value)
    if max_length is not None and len(value) > max_length:
        raise FormatError(
            f"Ce texte est trop long : {max_length} caractères au plus "
            f"(il en comporte {len(value)})."
        )
    return value


# --------------------------------------------------------------------------- printable text

# Marks that change the direction of what follows: U+202E in an address prints it
# reversed. Invisible on screen, so never typed on purpose.
_BIDI_CONTROLS = frozenset(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
# Invisible characters outside the « format » category (Cf, refused as a whole).
_INVISIBLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x2800,
     0x3164, 0xFFA0, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
)
_INVISIBLE_NAMES = {
    0x00AD: "trait d'union conditionnel",
    0x200B: "espace sans largeur",
    0x200C: "antiliant sans largeur",
    0x200D: "liant sans largeur",
    0x2060: "gluon de mots",
    0xFEFF: "indicateur d'ordre des octets",
}
# Tab and line breaks are the parsers' business (kept, turned into spaces, or refused).
_LAYOUT_CONTROLS = frozenset("\t\n\r")


def check_printable(text: str) -> None:
    """Refuse what would print differently from what the agent sees, or not print at all.

    The one rule every text value goes through (``answers.parse_value`` calls it for
    every kind of field; ``parse_text`` for any free text): control characters,
    direction marks (U+202E reverses the printed line), invisible characters
    (U+200B, U+FEFF, soft hyphen…), and any character the documents' fonts cannot
    print (it would vanish from the PDF). The first such character is named.
    """
    printable: frozenset[int] | None = None
    for ch in unicodedata.normalize("NFC", text):
        if ch == " " or ch in _LAYOUT_CONTROLS or (ch.isascii() and ch.isprintable()):
            continue
        code = ord(ch)
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn"):
            raise FormatError(
                f"Le texte contient un caractère invisible non accepté (U+{code:04X}) : "
                "retapez-le sans copier-coller."
            )
        if code in _BIDI_CONTROLS:
            raise FormatError(
                f"Le texte contient une marque invisible de sens d'écriture (U+{code:04X}) : "
                "elle inverserait l'ordre des caractères imprimés. Retapez le texte sans "
                "copier-coller."
            )
        if category in ("Cf", "Zl", "Zp") or code in _INVISIBLE:
            name = _INVISIBLE_NAMES.get(code)
            what = f"U+{code:04X}, {name}" if name else f"U+{code:04X}"
            raise FormatError(
                f"Le texte contient un caractère invisible ({what}) : retapez le texte sans "
                "copier-coller."
            )
        if printable is None:
            from anef_tui.documents.glyphs import printable_codepoints

            printable = printable_codepoints()
        if code not in printable:
            if category.startswith("Z"):
                raise FormatError(
                    f"Le texte contient un espace spécial qui ne peut pas être imprimé "
                    f"(U+{code:04X}) : remplacez-le par une espace ordinaire."
                )
            raise FormatError(
                f"Le caractère « {ch} » (U+{code:04X}) ne peut pas être imprimé sur les "
                "documents : retirez-le ou remplacez-le (par exemple par des lettres sans "
                "symbole)."
            )
