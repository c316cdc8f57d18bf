"""Load and check the téléprocédure definitions of data/.

Every error names the file and the path of the field inside it, so that whoever edits a
definition can fix it without reading Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from anef_tui.catalog.conditions import OPERATORS, SUBJECTS, Condition, leaves
from anef_tui.catalog.field_kinds import FIELD_KINDS
from anef_tui.catalog.models import FieldDef, Procedure, ScreenWording
from anef_tui.catalog.roles import ROLES, required_roles
from anef_tui.catalog.routes import RouteTree
from anef_tui.yaml_text import parse_yaml

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
BUILTIN_FACTS = frozenset({"age", "mineur", "majeur"})
M = TypeVar("M", bound=BaseModel)


class DefinitionError(Exception):
    """A definition file is invalid; `problems` are « file: path: message » lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def data_root() -> Path:
    return Path(str(files("anef_tui.data")))


def _loc(parts: tuple[Any, ...] | list[Any]) -> str:
    out = ""
    for p in parts:
        if isinstance(p, str) and (p.startswith("<") or p.startswith("function-")):
            continue  # a condition's kind tag, or a validator's name: not a YAML key
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            name = str(p).rstrip("_")
            out += f".{name}" if out else name
    return out or "(racine)"


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DefinitionError([f"{path}: illisible ({exc.strerror})"]) from exc
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else "?"
        raise DefinitionError([f"{path}: YAML invalide ({where}) : {exc}"]) from exc


def parse_model(model: type[M], raw: Any, path: Path) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = _loc(err["loc"])
            problems.append(f"{path}: {loc}: {french_message(err)}")
        raise DefinitionError(_dedupe(problems)) from exc


_TYPES = {
    "string_type": "du texte",
    "int_type": "un nombre entier", "int_parsing": "un nombre entier",
    "float_type": "un nombre", "float_parsing": "un nombre",
    "bool_type": "oui ou non (true / false)", "bool_parsing": "oui ou non (true / false)",
    "list_type": "une liste",
    "dict_type": "un bloc de clés", "model_type": "un bloc de clés",
    "model_attributes_type": "un bloc de clés",
}


def french_message(err: Any) -> str:
    """A pydantic error as whoever edits the YAML reads it: in French, with what to do."""
    kind, loc, ctx = err["type"], err["loc"], err.get("ctx") or {}
    key = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        if "<leaf>" in loc:
            return (f"clé « {key} » inconnue dans une condition : une condition nomme un sujet "
                    f"({', '.join(SUBJECTS)}) et un opérateur ({', '.join(OPERATORS)})")
        return f"clé « {key} » inconnue (faute de frappe ?)"
    if kind == "missing":
        return "champ obligatoire manquant"
    if kind == "value_error":
        return str(ctx.get("error") or err["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        return f"valeur {err.get('input')!r} impossible (valeurs possibles : {ctx.get('expected')})"
    if kind == "too_short":
        return f"au moins {ctx.get('min_length')} élément(s) attendu(s)"
    if kind in _TYPES:
        return f"{_TYPES[kind]} attendu, pas {err.get('input')!r}"
    return f"valeur invalide ({kind})"


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return list(seen)


def iter_fields(procedure: Procedure) -> Iterator[tuple[str, FieldDef]]:
    """Every top-level field of every step, with its location for messages."""
    for si, step in enumerate(procedure.steps):
        for ci, section in enumerate(step.sections):
            for fi, f in enumerate(section.fields):
                yield f"steps[{si}].sections[{ci}].fields[{fi}]", f


def iter_conditions(procedure: Procedure) -> Iterator[tuple[str, Condition, dict[str, FieldDef]]]:
    """Every condition of the definition, its location and the fields it may name.

    Inside a group, the group's own sub-fields may be named too.
    """
    top = {f.id: f for _, f in iter_fields(procedure)}
    for si, step in enumerate(procedure.steps):
        for ei, rule in enumerate(step.eligibility):
            yield f"steps[{si}].eligibility[{ei}].when", rule.when, top
        for ci, section in enumerate(step.sections):
            base = f"steps[{si}].sections[{ci}]"
            if section.when:
                yield f"{base}.when", section.when, top
            for ti, t in enumerate(section.texts):
                if t.when:
                    yield f"{base}.texts[{ti}].when", t.when, top
            for ai, a in enumerate(section.attestations):
                if a.when:
                    yield f"{base}.attestations[{ai}].when", a.when, top
            for di, d in enumerate(section.documents):
                if d.when:
                    yield f"{base}.documents[{di}].when", d.when, top
                for vi, v in enumerate(d.variants):
                    if v.when:
                        yield f"{base}.documents[{di}].variants[{vi}].when", v.when, top
            for fi, f in enumerate(section.fields):
                floc = f"{base}.fields[{fi}]"
                if f.when:
                    yield f"{floc}.when", f.when, top
                for oi, o in enumerate(f.options):
                    if o.when:
                        yield f"{floc}.options[{oi}].when", o.when, top
                scoped = top | {sub.id: sub for sub in f.fields}
                for gi, sub in enumerate(f.fields):
                    if sub.when:
                        yield f"{floc}.fields[{gi}].when", sub.when, scoped
    for ri, rule in enumerate(procedure.identity_rules):
        yield f"identity_rules[{ri}].when", rule.when, top
    for si, section in enumerate(procedure.piece_list):
        for ii, item in enumerate(section.items):
            if item.when:
                yield f"piece_list[{si}].items[{ii}].when", item.when, top
    for mi, m in enumerate(procedure.confirmation.mentions):
        if m.when:
            yield f"confirmation.mentions[{mi}].when", m.when, top


def _allowed_values(f: FieldDef) -> set[Any] | None:
    values = FIELD_KINDS[f.type].values
    if values == "options":
        return {o.value for o in f.options}
    if values == "bool":
        return {True, False}
    return None


def check_procedure(procedure: Procedure, path: Path) -> list[str]:
    """Cross-reference checks pydantic cannot do alone: ids, references, impossible values."""
    problems: list[str] = []

    def problem(loc: str, msg: str) -> None:
        problems.append(f"{path}: {loc}: {msg}")

    def check_id(loc: str, value: str) -> None:
        if not ID_PATTERN.match(value):
            problem(loc, f"identifiant « {value} » invalide (minuscules, chiffres, _)")

    check_id("id", procedure.id)
    seen: dict[str, str] = {}

    def unique(kind: str, loc: str, value: str) -> None:
        check_id(loc, value)
        key = f"{kind}:{value}"
        if key in seen:
            problem(loc, f"{kind} « {value} » déjà déclaré en {seen[key]}")
        else:
            seen[key] = loc

    for si, step in enumerate(procedure.steps):
        unique("étape", f"steps[{si}].id", step.id)
        for ci, section in enumerate(step.sections):
            base = f"steps[{si}].sections[{ci}]"
            for ai, a in enumerate(section.attestations):
                unique("attestation", f"{base}.attestations[{ai}].id", a.id)
            for di, d in enumerate(section.documents):
                unique("document", f"{base}.documents[{di}].id", d.id)
    fields = {}
    for loc, f in iter_fields(procedure):
        unique("champ", f"{loc}.id", f.id)
        fields[f.id] = f
        sub_ids: set[str] = set()
        for gi, sub in enumerate(f.fields):
            check_id(f"{loc}.fields[{gi}].id", sub.id)
            if sub.id in sub_ids:
                problem(f"{loc}.fields[{gi}].id", f"sous-champ « {sub.id} » en double")
            sub_ids.add(sub.id)
            if sub.type == "group":
                problem(f"{loc}.fields[{gi}].type", "un groupe ne peut pas contenir un groupe")

    profile = {p.id: {o.value for o in p.options} for p in procedure.profile}
    facts = set(BUILTIN_FACTS) | {d.id for d in procedure.derived_facts}

    for loc, condition, scope in iter_conditions(procedure):
        for leaf in leaves(condition):
            ns, name = leaf.namespace, leaf.name
            values = leaf.compared_values()
            if ns == "field":
                target = scope.get(name)
                if target is None:
                    problem(f"{loc}.field", f"champ inconnu « {name} »")
                    continue
                allowed = _allowed_values(target)
                if allowed is not None:
                    for v in values:
                        if v not in allowed:
                            problem(
                                f"{loc}.field",
                                f"condition impossible : « {name} » ne prend jamais la "
                                f"valeur {v!r} (valeurs possibles : "
                                f"{', '.join(sorted(map(repr, allowed)))})",
                            )
                if leaf.operator in ("gte", "lte") and not FIELD_KINDS[target.type].numeric:
                    problem(f"{loc}.field", f"comparaison numérique sur « {name} » "
                                            f"qui n'est pas un nombre")
            elif ns == "profile":
                if name not in profile:
                    problem(f"{loc}.profile", f"paramètre de profil inconnu « {name} »")
                    continue
                for v in values:
                    if v not in profile[name]:
                        problem(f"{loc}.profile",
                                f"condition impossible : le profil « {name} » ne prend jamais "
                                f"la valeur {v!r}")
            elif name not in facts:
                problem(f"{loc}.fact", f"fait inconnu « {name} » (connus : "
                                       f"{', '.join(sorted(facts))})")

    for ri, rule in enumerate(procedure.identity_rules):
        if rule.field not in fields:
            problem(f"identity_rules[{ri}].field", f"champ inconnu « {rule.field} »")
    for di, d in enumerate(procedure.derived_facts):
        target = fields.get(d.age_at)
        if target is None or not FIELD_KINDS[target.type].dates:
            problem(f"derived_facts[{di}].age_at", f"« {d.age_at} » n'est pas un champ date")
    for loc, f in iter_fields(procedure):
        subs = [(f"{loc}.fields[{gi}]", sub) for gi, sub in enumerate(f.fields)]
        for dloc, d in [(loc, f), *subs]:
            allowed = _allowed_values(d)
            if d.default is not None and allowed is not None and d.default not in allowed:
                problem(f"{dloc}.default", f"valeur par défaut impossible {d.default!r} "
                                          f"(valeurs possibles : "
                                          f"{', '.join(sorted(map(repr, allowed)))})")
            if d.type in ("country", "nationality") and d.default is not None:
                # A pre-filled country is a real value (« France »), never a made-up one.
                from anef_tui import reference

                try:
                    reference.country_by_code(str(d.default))
                except KeyError:
                    problem(f"{dloc}.default", f"code pays inconnu {d.default!r} (code ISO à "
                                              "deux lettres de data/reference/countries.yaml)")
        if f.dates and f.dates.after_field and f.dates.after_field not in fields:
            problem(f"{loc}.dates.after_field", f"champ inconnu « {f.dates.after_field} »")
    step_ids = [s.id for s in procedure.steps]
    for si, step in enumerate(procedure.steps):
        if step.recap:
            for pi, part in enumerate(step.recap.parts):
                for k, sid in enumerate(part.steps):
                    if sid not in step_ids:
                        problem(f"steps[{si}].recap.parts[{pi}].steps[{k}]",
                                f"étape inconnue « {sid} »")
    problems.extend(f"{path}: {p}" for p in _role_problems(procedure))
    problems.extend(f"{path}: {p}" for p in _agreement_problems(procedure))
    kinds = [s.kind for s in procedure.steps]
    if kinds.count("recap") != 1:
        problem("steps", "une définition a exactement une étape « recap »")
    if kinds[-1] != "confirmation":
        problem("steps", "la dernière étape est l'étape « confirmation »")
    return problems


def _role_problems(procedure: Procedure) -> list[str]:
    """Roles: on top-level fields, once each, on a field of a fitting type, and every
    role the confirmation document prints (and the storage keeps) declared."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for loc, f in iter_fields(procedure):
        for gi, sub in enumerate(f.fields):
            if sub.role is not None:
                problems.append(f"{loc}.fields[{gi}].role: un sous-champ de groupe ne porte "
                                f"pas de rôle (« {sub.role} »)")
        if f.role is None:
            continue
        spec = ROLES[f.role]
        if f.role in seen:
            problems.append(f"{loc}.role: rôle « {f.role} » déjà porté par {seen[f.role]}")
            continue
        seen[f.role] = loc
        if f.type not in spec.types:
            problems.append(f"{loc}.role: le rôle « {f.role} » ({spec.label}) veut un champ "
                            f"{' ou '.join(sorted(spec.types))}, pas « {f.type} »")
    document = procedure.confirmation.document
    printed = required_roles(document)
    certificat = procedure.instruction.certificat_medical is not None
    for role in sorted(required_roles(document, certificat_medical=certificat) - set(seen)):
        what = (f"que la confirmation « {document} » imprime" if role in printed
                else "que le certificat médical (instruction.certificat_medical) imprime")
        problems.append(f"steps: aucun champ ne porte le rôle « {role} » ({ROLES[role].label}) "
                        f"{what}")
    return problems


# The confirmation document each kind of demande gives (guides 000 to 004).
DOCUMENTS_OF_KIND = {
    "premiere_demande": {"premiere_demande"},
    "renouvellement": {"renouvellement", "prolongation_instruction"},
    "pre_demande": {"pre_demande"},
}


def _agreement_problems(procedure: Procedure) -> list[str]:
    """`kind`, `applicant` and the confirmation document tell one story."""
    problems: list[str] = []
    document = procedure.confirmation.document
    if document not in DOCUMENTS_OF_KIND[procedure.kind]:
        problems.append(f"confirmation.document: « {document} » ne confirme pas une demande "
                        f"de type « {procedure.kind} » (attendu : "
                        f"{', '.join(sorted(DOCUMENTS_OF_KIND[procedure.kind]))})")
    unknown = procedure.applicant == "unknown"
    if unknown != (procedure.kind == "pre_demande"):
        problems.append(f"applicant: un usager {'inconnu' if unknown else 'connu'} ne fait pas "
                        f"une demande de type « {procedure.kind} » (usager inconnu : "
                        f"pré-demande, et seulement lui)")
    return problems


def check_catalog(procedures: list[tuple[Path, Procedure]]) -> list[str]:
    """What no single file shows: two definitions with the same id or the same title."""
    problems: list[str] = []
    ids: dict[str, Path] = {}
    titles: dict[str, Path] = {}
    for path, proc in procedures:
        if proc.id in ids:
            problems.append(f"{path}: id: « {proc.id} » déjà défini par {ids[proc.id].name}")
        ids.setdefault(proc.id, path)
        title = " ".join(proc.title.split()).casefold()
        if title in titles:
            problems.append(f"{path}: title: même titre que {titles[title].name} : au "
                            f"guichet, les deux téléprocédures ne se distingueraient pas")
        titles.setdefault(title, path)
    return problems


def with_shared_recap_words(raw: Any) -> Any:
    """A récapitulatif that does not say its own labels takes the words every guide
    shares (data/wording.yaml, « recap »): the sentence lives once, in data."""
    if not isinstance(raw, dict) or not isinstance(raw.get("steps"), list):
        return raw  # parse_model says what is wrong, with the file and the field
    shared = load_wording().recap
    defaults = {"observations_label": shared.observations_label,
                "warning": shared.warning, "submit_label": shared.submit_label}
    steps = [{**step, "recap": {**defaults, **step["recap"]}}
             if isinstance(step, dict) and isinstance(step.get("recap"), dict) else step
             for step in raw["steps"]]
    return {**raw, "steps": steps}


def load_procedure(path: Path) -> Procedure:
    raw = with_shared_recap_words(read_yaml(path))
    procedure = parse_model(Procedure, raw, path)
    problems = check_procedure(procedure, path)
    if problems:
        raise DefinitionError(problems)
    return procedure


def procedure_files(root: Path | None = None) -> list[Path]:
    base = (root or data_root()) / "procedures"
    return sorted(base.glob("*.yaml"))


@cache
def load_catalog() -> dict[str, Procedure]:
    """All definitions shipped with the package, by id (loaded once per process)."""
    loaded: list[tuple[Path, Procedure]] = []
    problems: list[str] = []
    for path in procedure_files():
        try:
            loaded.append((path, load_procedure(path)))
        except DefinitionError as exc:
            problems.extend(exc.problems)
    problems.extend(check_catalog(loaded))
    catalog = {proc.id: proc for _, proc in loaded}
    if problems:
        raise DefinitionError(problems)
    return catalog


@cache
def load_wording(path: Path | None = None) -> ScreenWording:
    """data/wording.yaml: the screens' sentences shared by every téléprocédure."""
    path = path or data_root() / "wording.yaml"
    return parse_model(ScreenWording, read_yaml(path), path)


def load_routes(path: Path | None = None, catalog: dict[str, Procedure] | None = None) -> RouteTree:
    path = path or data_root() / "routes.yaml"
    tree = parse_model(RouteTree, read_yaml(path), path)
    problems = tree.check(path, catalog if catalog is not None else load_catalog())
    if problems:
        raise DefinitionError(problems)
    return tree
