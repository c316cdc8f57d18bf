"""Provides the field kinds of a definition (`type:` of a field), each declared once.

A kind says everything the domain needs about a field: how a typed value is checked and
stored (`parse`), how a stored value is shown (récapitulatif, PDF) and typed again to be
edited, its placeholder, what conditions can compare it with, which definition keys
apply to it, and which control the screens give it (`widget`: a name the screens' one
map, screens/fields.py WIDGETS, turns into a Textual widget). Adding a kind is adding one
entry here and, if it needs a new control, one entry in that map.

No import of the models (they import this module): a field is whatever has the few
attributes below (`FieldLike`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol


class OptionLike(Protocol):
    value: str
    label: str


class DatesLike(Protocol):
    not_future: bool
    not_past: bool
    min_year: int | None
    after_field: str | None


class FieldLike(Protocol):
    type: str
    max_length: int | None
    min_value: float | None
    max_value: float | None
    item_label: str | None

    @property
    def options(self) -> Sequence[OptionLike]: ...

    @property
    def dates(self) -> DatesLike | None: ...


@dataclass(frozen=True)
class ParseContext:
    """What a value is checked against besides itself: the other answers, the day."""

    answers: Mapping[str, Any]
    today: date
    # The field id playing each role (Procedure.role_ids): the phone's region is read
    # from the field playing « code_postal ».
    roles: Mapping[str, str]


Parse = Callable[[FieldLike, Any, ParseContext], Any]
Show = Callable[[FieldLike, Any], str]
# What conditions compare a kind with: any value, one of its options, or a yes/no.
Values = Literal["free", "options", "bool"]
Widget = Literal["line", "lines", "yesno", "choice", "checkbox", "ephoto", "group"]
# What a one-line control suggests while it is typed in (data/reference/countries.yaml):
# the countries, or the nationalities in the applicant's gender (the field playing
# « sexe »).
Suggests = Literal["", "countries", "nationalities"]


def _show_str(_f: FieldLike, value: Any) -> str:
    return str(value)


@dataclass(frozen=True)
class FieldKind:
    name: str
    description: str  # for whoever writes a definition (check-data's messages)
    parse: Parse | None  # None: checked field by field by its parent (a group)
    widget: Widget = "line"
    show: Show = _show_str
    # Typed again as shown (« 05/04/1982 », « 06 12 34 56 78 », « Afghanistan »), not as
    # stored (ISO date, E.164, country code).
    typed_as_shown: bool = False
    placeholder: str = ""
    values: Values = "free"
    dates: bool = False  # takes `dates:` bounds; can be a fact's age_at
    numeric: bool = False  # conditions may compare it with gte / lte
    max_length: bool = False  # `max_length` limits what can be typed
    suggests: Suggests = ""


# -- parse and show, by kind --------------------------------------------------------------


def _text(f: FieldLike, raw: Any, _c: ParseContext) -> Any:
    from anef_tui import formats

    return formats.parse_text(str(raw), max_length=f.max_length, multiline=f.type == "textarea")


def _name(f: FieldLike, raw: Any, _c: ParseContext) -> Any:
    from anef_tui import formats

    return formats.parse_name(str(raw), max_length=f.max_length or 100)


def _date_of(value: Any) -> Any:
    from anef_tui.formats import PartialDate

    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else PartialDate.from_iso(value)
    except ValueError:
        return None


def _date(f: FieldLike, raw: Any, c: ParseContext) -> Any:
    from anef_tui import formats

    d = formats.parse_date(str(raw)) if f.type == "date" else formats.parse_partial_date(
        str(raw))
    rule = f.dates
    if rule:
        formats.check_date_bounds(
            d, today=c.today, not_future=rule.not_future, not_past=rule.not_past,
            min_year=rule.min_year,
            after=_date_of(c.answers.get(rule.after_field)) if rule.after_field else None,
            after_label=None,
        )
    return d.isoformat() if isinstance(d, date) else d.iso()


def _show_date(_f: FieldLike, value: Any) -> str:
    from anef_tui import formats

    return formats.format_date(date.fromisoformat(value))


def _show_partial_date(_f: FieldLike, value: Any) -> str:
    from anef_tui.formats import PartialDate

    return PartialDate.from_iso(value).display()


def _choice(f: FieldLike, raw: Any, _c: ParseContext) -> Any:
    from anef_tui.formats import FormatError

    if raw not in {o.value for o in f.options}:
        raise FormatError("Choisissez une des réponses proposées.")
    return raw


def _show_choice(f: FieldLike, value: Any) -> str:
    return next((o.label for o in f.options if o.value == value), str(value))


def _yes_no(_f: FieldLike, raw: Any, _c: ParseContext) -> Any:
    from anef_tui.formats import FormatError

    if not isinstance(raw, bool):
        raise FormatError("Répondez par Oui ou par Non.")
    return raw


def _show_yes_no(_f: FieldLike, value: Any) -> str:
    return "Oui" if value else "Non"


def _phone(_f: FieldLike, raw: Any, c: ParseContext) -> Any:
    from anef_tui import formats

    postal_field = c.roles.get("code_postal")
    postal = c.answers.get(postal_field) if postal_field else None
    return formats.parse_phone(str(raw), formats.phone_region_for_postal_code(postal))


def _show_phone(_f: FieldLike, value: Any) -> str:
    from anef_tui import formats

    return formats.format_phone_national(value)


def _number(f: FieldLike, raw: Any, _c: ParseContext) -> Any:
    from anef_tui import formats

    return formats.parse_number(str(raw), min_value=f.min_value, max_value=f.max_value)


def _format(parser: str) -> Parse:
    """A kind checked by one function of anef_tui.formats, on the text alone."""

    def parse(_f: FieldLike, raw: Any, _c: ParseContext) -> Any:
        from anef_tui import formats

        return getattr(formats, parser)(str(raw))

    return parse


def _place(nationality: bool) -> Parse:
    def parse(_f: FieldLike, raw: Any, _c: ParseContext) -> Any:
        from anef_tui import reference
        from anef_tui.formats import FormatError

        found = (reference.find_nationality(str(raw)) if nationality
                 else reference.find_country(str(raw)))
        if found is None:
            what = "une nationalité" if nationality else "un pays"
            example = "algérienne" if nationality else "Algérie"
            raise FormatError(
                f"« {str(raw).strip()} » n'est pas {what} connu. Tapez le début du nom et "
                f"choisissez dans la liste (exemple : {example}).")
        return found.code

    return parse


def _show_place(nationality: bool) -> Show:
    def show(_f: FieldLike, value: Any) -> str:
        from anef_tui import reference

        return reference.display(value, nationality=nationality)

    return show


def _show_group(f: FieldLike, value: Any) -> str:
    return f"{len(value)} {(f.item_label or 'élément').lower()}(s)"


# -- the registry ---------------------------------------------------------------------------

FIELD_KINDS: dict[str, FieldKind] = {k.name: k for k in (
    FieldKind("text", "texte libre sur une ligne", _text, max_length=True),
    FieldKind("textarea", "texte libre sur plusieurs lignes (observations)", _text,
              widget="lines"),
    FieldKind("name", "nom d'une personne : lettres de tout alphabet latin, espaces, "
                      "traits d'union, apostrophes", _name, max_length=True),
    FieldKind("date", "date JJ/MM/AAAA", _date, show=_show_date, typed_as_shown=True,
              placeholder="JJ/MM/AAAA", dates=True),
    FieldKind("partial_date", "AAAA, MM/AAAA ou JJ/MM/AAAA (usager inconnu)", _date,
              show=_show_partial_date, typed_as_shown=True,
              placeholder="AAAA, MM/AAAA ou JJ/MM/AAAA", dates=True),
    FieldKind("choice", "une des options", _choice, widget="choice", show=_show_choice,
              values="options"),
    FieldKind("yesno", "Oui / Non", _yes_no, widget="yesno", show=_show_yes_no,
              values="bool"),
    FieldKind("checkbox", "une case à cocher", _yes_no, widget="checkbox",
              show=_show_yes_no, values="bool"),
    FieldKind("email", "adresse e-mail", _format("parse_email"),
              placeholder="ex. nom@exemple.fr"),
    FieldKind("phone", "téléphone (région du code postal)", _phone, show=_show_phone,
              typed_as_shown=True, placeholder="ex. 06 12 34 56 78"),
    FieldKind("postal_code", "code postal", _format("parse_postal_code"),
              placeholder="ex. 75001 (5 chiffres)"),
    FieldKind("insee", "code INSEE de la commune", _format("parse_insee"),
              placeholder="ex. 75101 (5 caractères)"),
    FieldKind("numero_etranger", "N° étranger", _format("parse_numero_etranger"),
              placeholder="10 chiffres"),
    # Its control has the guides' « Confirmer le numéro ephoto » and « Supprimer ».
    FieldKind("ephoto", "numéro ephoto", _format("parse_ephoto"), widget="ephoto",
              placeholder="22 caractères"),
    FieldKind("number", "nombre", _number, numeric=True),
    FieldKind("country", "pays de data/reference/countries.yaml", _place(False),
              show=_show_place(False), typed_as_shown=True, suggests="countries"),
    FieldKind("nationality", "nationalité de data/reference/countries.yaml", _place(True),
              show=_show_place(True), typed_as_shown=True, suggests="nationalities"),
    FieldKind("group", "groupe répétable de sous-champs (enfants…)", None, widget="group",
              show=_show_group),
)}


def kind_of(f: FieldLike) -> FieldKind:
    return FIELD_KINDS[f.type]
