"""Checking a step's answers and showing them back.

`validate_step` turns what was typed at the counter into the values stored for the step,
or into French messages field by field. Values are JSON: dates as ISO text, phones in
E.164, choices as their option value, yes/no as booleans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from anef_tui import formats
from anef_tui.casefile import CaseState
from anef_tui.catalog.conditions import EvalContext, holds
from anef_tui.catalog.field_kinds import ParseContext, kind_of
from anef_tui.catalog.models import FieldDef, Step
from anef_tui.formats import FormatError

REQUIRED_MESSAGE = "Ce champ est obligatoire : renseignez-le pour poursuivre."
ATTESTATION_MESSAGE = "Cochez cette attestation sur l'honneur pour poursuivre."
MISSING_LABEL = "N/A"


@dataclass(frozen=True)
class FieldError:
    key: str  # field id, « group[2].sub », « attestation:id » or « document:id »
    label: str
    message: str

    def line(self) -> str:
        """« label : message », as the error summaries list it. An attestation's label is
        a sentence: its final period goes (« … ne pas être marié : Cochez … », not
        « marié. : Cochez »)."""
        label = self.label.rstrip()
        if label.endswith(".") and not label.endswith(".."):
            label = label[:-1]
        return f"{label} : {self.message}"


@dataclass
class StepOutcome:
    values: dict[str, Any] = field(default_factory=dict)
    identity: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple | dict):
        return len(raw) == 0
    return False


def parse_value(f: FieldDef, raw: Any, flat: Mapping[str, Any], today: date,
                roles: Mapping[str, str] | None = None) -> Any:
    """The stored value of one filled field, or FormatError (its kind's parse)."""
    if isinstance(raw, str):
        # Every kind of text field, whatever its format: nothing that acts or vanishes.
        formats.check_printable(raw)
    parse = kind_of(f).parse
    if parse is None:  # pragma: no cover - groups are parsed item by item
        raise FormatError(f"type de champ non pris en charge : {f.type}")
    return parse(f, raw, ParseContext(flat, today, roles or {}))


def _parse_field(
    f: FieldDef, raw: Any, flat: Mapping[str, Any], today: date, key: str,
    errors: list[FieldError], roles: Mapping[str, str] | None = None,
) -> Any:
    if f.type == "group":
        return _parse_group(f, raw, flat, today, key, errors, roles)
    if f.multiple:
        items = [r for r in (raw or []) if not _blank(r)]
        if not items:
            if f.required:
                errors.append(FieldError(key, f.label, REQUIRED_MESSAGE))
            return None
        out = []
        for i, item in enumerate(items):
            try:
                out.append(parse_value(f, item, flat, today, roles))
            except FormatError as exc:
                errors.append(FieldError(f"{key}[{i}]", f.label, str(exc)))
        return out
    if _blank(raw) or (f.type == "checkbox" and raw is False and f.required):
        if f.required:
            errors.append(FieldError(key, f.label, REQUIRED_MESSAGE))
        return None if f.type != "checkbox" else False
    try:
        return parse_value(f, raw, flat, today, roles)
    except FormatError as exc:
        errors.append(FieldError(key, f.label, str(exc)))
        return None


def _parse_group(
    f: FieldDef, raw: Any, flat: Mapping[str, Any], today: date, key: str,
    errors: list[FieldError], roles: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    items: list[Mapping[str, Any]] = list(raw or [])
    # min_items holds whenever the group is shown, required or not: « Avez-vous des
    # enfants ? Oui » then no child listed is refused (guide 003: « il devra indiquer les
    # informations de l'enfant »).
    minimum = max(1, f.min_items) if f.required else f.min_items
    if len(items) < minimum:
        errors.append(FieldError(key, f.label,
                                 f"Ajoutez au moins {minimum} "
                                 f"{(f.item_label or 'élément').lower()}."))
    if len(items) > f.max_items:
        errors.append(FieldError(key, f.label, f"Au plus {f.max_items} éléments."))
    out = []
    for i, item in enumerate(items):
        scoped = {**flat, **item}
        ctx = EvalContext(scoped, {}, {})
        values: dict[str, Any] = {}
        for sub in f.fields:
            if not holds(sub.when, ctx):
                continue
            value = _parse_field(sub, item.get(sub.id), scoped, today, f"{key}[{i}].{sub.id}",
                                 errors, roles)
            if value is not None:
                values[sub.id] = value
        out.append(values)
    return out


def validate_step(
    state: CaseState,
    step: Step,
    raw: Mapping[str, Any],
    *,
    attestations: Mapping[str, bool] | None = None,
    attachments: Mapping[str, Sequence[object]] | None = None,
) -> StepOutcome:
    """Check a whole step; nothing is saved here. Hidden fields are dropped."""
    outcome = StepOutcome()
    readonly_identity = state.readonly_identity()
    # Conditions read the answers as typed so far: a choice made in this step shows or
    # hides the fields that depend on it before it is saved.
    ctx = state.context(typed_for_conditions(state, step, raw))
    flat = dict(ctx.answers)
    roles = state.procedure.role_ids()
    for f in state.step_fields(step, ctx):
        if f.identity and readonly_identity:
            continue
        value = _parse_field(f, raw.get(f.id), flat, state.today, f.id, outcome.errors, roles)
        if value is not None:
            target = outcome.identity if f.identity else outcome.values
            target[f.id] = value
            flat[f.id] = value
    if not outcome.errors and outcome.identity:
        # Identity typed in this step (usager inconnu): its rules are checked with it.
        after = CaseState(state.procedure, state.profile, {**state.identity, **outcome.identity},
                          state.answers, state.today)
        labels = {f.id: f.label for f in state.identity_fields()}
        for field_id, message in after.identity_problems(after.context(outcome.values)):
            outcome.errors.append(FieldError(field_id, labels.get(field_id, field_id), message))
    ticked = attestations or {}
    for a in state.step_attestations(step, ctx):
        if ticked.get(a.id):
            outcome.values.setdefault("attestations", {})[a.id] = True
        else:
            outcome.errors.append(FieldError(f"attestation:{a.id}", a.text, ATTESTATION_MESSAGE))
    files = attachments or {}
    for visible in state.step_documents(step, ctx):
        slot = visible.slot
        count = len(files.get(slot.id, ()))
        if slot.required and count == 0:
            outcome.errors.append(FieldError(
                f"document:{slot.id}", slot.label,
                "Joignez au moins un fichier pour ce document (Joindre un document)."))
        elif count > visible.max_files:
            outcome.errors.append(FieldError(
                f"document:{slot.id}", slot.label,
                f"Au plus {visible.max_files} fichiers pour ce document : retirez-en "
                f"{count - visible.max_files}."))
    return outcome


def typed_for_conditions(
    state: CaseState, step: Step, raw: Mapping[str, Any]
) -> dict[str, Any]:
    """What the step being edited already tells its own conditions, before it is saved.

    Its choices, yes/no and boxes; and the dates the facts are computed from, once
    typed in full: an usager inconnu types the date of birth in the step that asks
    « Je suis un mineur (+16 ans) émancipé » only of a minor.
    """
    fields = {f.id: f for sec in step.sections for f in sec.fields}
    out = {k: v for k, v in raw.items()
           if k in fields and kind_of(fields[k]).values != "free"
           and isinstance(v, bool | str)}
    for key in state.fact_date_fields():
        f = fields.get(key)
        typed = raw.get(key)
        if f is None or not kind_of(f).dates or not isinstance(typed, str) \
                or not typed.strip():
            continue
        try:
            out[key] = parse_value(f, typed, {}, state.today)
        except FormatError:
            continue  # not a date yet (still being typed): the fact stays unknown
    return out


# -- showing values back -----------------------------------------------------------


def display_value(f: FieldDef, value: Any) -> str:
    if value is None or value == "" or value == []:
        return MISSING_LABEL
    if f.multiple and isinstance(value, list):
        return ", ".join(display_value(f.model_copy(update={"multiple": False}), v)
                         for v in value)
    return kind_of(f).show(f, value)


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    indent: int = 0


@dataclass(frozen=True)
class SummarySection:
    title: str
    rows: list[SummaryRow]


def step_summary(state: CaseState, step: Step) -> list[SummarySection]:
    """The answers of a step as the récapitulatif shows them, section by section."""
    ctx = state.context()
    flat = ctx.answers
    out: list[SummarySection] = []
    for section in state.sections(step, ctx):
        rows: list[SummaryRow] = []
        title = section.title or ""
        for t in state.texts(section, ctx):
            if t.style == "paragraph":
                rows.append(SummaryRow("", t.text))
        for f in state.fields(section, ctx):
            value = flat.get(f.id)
            if f.recap_heading:
                if rows:
                    out.append(SummarySection(title, rows))
                title, rows = f.recap_heading, []
            if f.type == "checkbox" and not value:
                continue  # an unticked box (« Vous résidez outre-mer … ») says nothing
            if f.type == "group":
                rows.append(SummaryRow(f.label, display_value(f, value or [])))
                for i, item in enumerate(value or [], start=1):
                    rows.append(SummaryRow(f"{f.item_label or 'Élément'} {i}", "", 1))
                    for sub in f.fields:
                        if sub.id in item:
                            rows.append(SummaryRow(sub.label, display_value(sub, item[sub.id]),
                                                   2))
                continue
            rows.append(SummaryRow(f.recap_label or f.label, display_value(f, value)))
        ticked = (state.answers.get(step.id) or {}).get("attestations", {})
        attestations = state.attestations(section, ctx)
        if attestations and section.attestations_intro:
            rows.append(SummaryRow("", section.attestations_intro))
        for a in attestations:
            rows.append(SummaryRow("", f"[{'x' if ticked.get(a.id) else ' '}] {a.text}"))
        if rows:
            out.append(SummarySection(title, rows))
    return out


def input_text(f: FieldDef, value: Any) -> str:
    """A stored value as the counter assistant would type it (to edit it again)."""
    if value is None or value == "":
        return ""
    if f.multiple and isinstance(value, list):
        single = f.model_copy(update={"multiple": False})
        return ", ".join(input_text(single, v) for v in value)
    if kind_of(f).typed_as_shown:
        return display_value(f, value)
    return str(value)


def validate_group_item(
    group: FieldDef, item: Mapping[str, Any], flat: Mapping[str, Any], today: date
) -> list[FieldError]:
    """Check one element of a repeatable group (a child…) before it joins the list."""
    errors: list[FieldError] = []
    single = group.model_copy(update={"required": False, "min_items": 0})
    _parse_group(single, [item], flat, today, group.id, errors)
    return errors


def group_item_summary(group: FieldDef, item: Mapping[str, Any]) -> str:
    """One line for an element of a group as typed (« Haddad — Sami — Masculin »): its
    first four answers, a choice by its label."""
    parts = []
    for sub in group.fields[:4]:
        value = item.get(sub.id)
        if value in (None, "", []):
            continue
        if kind_of(sub).values != "free":
            parts.append(display_value(sub, value))
        else:
            parts.append(", ".join(value) if isinstance(value, list) else str(value))
    return " — ".join(parts) or "(vide)"


def group_item_inputs(group: FieldDef, item: Mapping[str, Any]) -> dict[str, Any]:
    """A stored group element as raw input values, to edit it again."""
    out: dict[str, Any] = {}
    for sub in group.fields:
        value = item.get(sub.id)
        if kind_of(sub).values != "free":
            out[sub.id] = value
        elif sub.multiple and isinstance(value, list):
            single = sub.model_copy(update={"multiple": False})
            out[sub.id] = [input_text(single, v) for v in value]
        else:
            out[sub.id] = input_text(sub, value)
    return out


# -- hints -------------------------------------------------------------------------


def format_hint(f: FieldDef) -> str:
    """How to type a field: the screens show it in the empty field, the plain mode says it
    on « ? ». A definition's example is prefixed « ex. ».

    Hints, never values: a format, or an example that says it is one (the kind's, see
    anef_tui.catalog.field_kinds). Where the guide pre-fills a field (« Pays : France »),
    the definition has a `default` instead.
    """
    hint = f"ex. {f.placeholder}" if f.placeholder else kind_of(f).placeholder
    if f.multiple:
        hint = (hint + " — " if hint else "") + "plusieurs valeurs : séparez-les par des virgules"
    return hint
