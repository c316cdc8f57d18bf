"""What the conjoint RF and étranger malade renewal definitions declare (guides 003, 004).

Conditions are evaluated with `holds` directly, until the case engine exists: these tests pin
the definitions to the guides, not the engine's behaviour.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from anef_tui.catalog.conditions import Condition, EvalContext, holds
from anef_tui.catalog.loader import (
    DefinitionError,
    data_root,
    load_procedure,
    with_shared_recap_words,
)
from anef_tui.catalog.models import DocumentSlot, FieldDef, Procedure

RF = "conjoint_rf_renouvellement"
MALADE = "etranger_malade_renouvellement"

SHARED_IDS = {
    "nom_naissance", "nom_usage", "prenoms", "sexe", "date_naissance", "pays_naissance",
    "lieu_naissance", "nationalite", "situation_familiale", "adresse", "complement_adresse",
    "code_postal", "ville", "pays_residence", "code_insee", "email", "telephone", "ephoto",
}  # date_entree_france, also shared, is not asked by these two renewals


def path_of(procedure_id: str) -> Path:
    return data_root() / "procedures" / f"{procedure_id}.yaml"


@pytest.fixture(scope="module", params=[RF, MALADE])
def any_procedure(request: pytest.FixtureRequest) -> Procedure:
    return proc(request.param)


@cache
def proc(procedure_id: str) -> Procedure:
    return load_procedure(path_of(procedure_id))


def applies(
    cond: Condition | None,
    answers: Mapping[str, Any],
    profile: Mapping[str, Any] | None = None,
    facts: Mapping[str, Any] | None = None,
) -> bool:
    return holds(cond, EvalContext(answers, profile or {}, facts or {}))


def top_fields(procedure: Procedure) -> dict[str, FieldDef]:
    return {f.id: f for s in procedure.steps for c in s.sections for f in c.fields}


def slots(procedure: Procedure) -> list[DocumentSlot]:
    return [d for s in procedure.steps for c in s.sections for d in c.documents]


def attestations_for(procedure: Procedure, answers: dict, profile: dict) -> list[str]:
    return [
        a.id
        for s in procedure.steps
        for c in s.sections
        if applies(c.when, answers, profile)
        for a in c.attestations
        if applies(a.when, answers, profile)
    ]


def slots_for(procedure: Procedure, answers: dict, profile: dict) -> list[str]:
    return [d.id for d in slots(procedure) if applies(d.when, answers, profile)]


# --- structure -----------------------------------------------------------------------------

def test_each_definition_loads_with_its_file_name(any_procedure: Procedure) -> None:
    assert path_of(any_procedure.id).is_file()
    assert any_procedure.kind == "renouvellement"
    assert any_procedure.applicant == "known"
    assert any_procedure.confirmation.document == "renouvellement"


STEPS = [
    ("informations_personnelles", "Informations personnelles", "form"),
    ("motif_sejour", "Motif de séjour", "form"),
    ("justificatifs", "Justificatifs", "form"),
    ("depot_demande", "Dépôt de la demande", "recap"),
    ("confirmation", "Confirmation", "confirmation"),
]


def test_five_steps_in_the_guides_order(any_procedure: Procedure) -> None:
    assert [(s.id, s.title, s.kind) for s in any_procedure.steps] == STEPS


def test_shared_field_ids_are_kept(any_procedure: Procedure) -> None:
    assert set(top_fields(any_procedure)) >= SHARED_IDS


def test_no_profile_question_the_guides_do_not_ask() -> None:
    """Guides 003, 004: « Moi-même » → « Votre situation actuelle » → renewal; no régime
    nor « titulaire » is asked on the way."""
    assert proc(RF).profile == []
    assert proc(MALADE).profile == []


# --- attestations --------------------------------------------------------------------------

BOTH = ["non_polygamie", "sanctions_penales"]


@pytest.mark.parametrize(
    ("procedure_id", "profile", "answers", "expected"),
    [
        # Conjoint RF: the guide shows the same two boxes whatever the régime or situation.
        *[
            (RF, {"regime": regime}, {"situation_familiale": situation}, BOTH)
            for regime in ("algerien", "droit_commun")
            for situation in ("marie", "separe", "divorce", "veuf")
        ],
        (RF, {"regime": "algerien"}, {"situation_familiale": "veuf",
                                      "accueillant_decede": True}, BOTH),
        # Étranger malade: the guide shows them for a Célibataire as for a Marié(e).
        *[
            (MALADE, {"titulaire": "titre"}, {"situation_familiale": situation}, BOTH)
            for situation in ("celibataire", "concubin", "divorce", "marie", "pacse")
        ],
    ],
)
def test_attestations_per_case(
    procedure_id: str, profile: dict, answers: dict, expected: list[str]
) -> None:
    assert attestations_for(proc(procedure_id), answers, profile) == expected


def test_attestation_wording(any_procedure: Procedure) -> None:
    texts = {a.id: a.text for s in any_procedure.steps for c in s.sections
             for a in c.attestations}
    assert texts["non_polygamie"] == (
        "Ne pas vivre en France en état de polygamie, même si mon pays d'origine l'autorise."
    )
    assert texts["sanctions_penales"].startswith("Avoir connaissance des sanctions pénales")


# --- family links --------------------------------------------------------------------------

def test_conjoint_rf_situation_familiale_is_limited_to_marriage_and_prefilled() -> None:
    f = top_fields(proc(RF))["situation_familiale"]
    assert [(o.value, o.label) for o in f.options] == [
        ("marie", "Marié(e)"), ("separe", "Séparé(e)"), ("divorce", "Divorcé(e)"),
        ("veuf", "Veuf(ve)"),
    ]
    assert f.default == "marie"


@pytest.mark.parametrize(
    ("field_id", "label", "ftype"),
    [
        ("accueillant_nom", "Nom", "name"),
        ("accueillant_prenoms", "Prénom(s)", "name"),
        ("accueillant_date_naissance", "Date de naissance", "date"),
        ("accueillant_numero_etranger", "N° étranger", "numero_etranger"),
    ],
)
def test_conjoint_accueillant_required_fields(field_id: str, label: str, ftype: str) -> None:
    f = top_fields(proc(RF))[field_id]
    assert (f.label, f.type, f.required, f.when) == (label, ftype, True, None)


def test_accueillant_decede_is_an_optional_box() -> None:
    f = top_fields(proc(RF))["accueillant_decede"]
    assert (f.label, f.type, f.required) == ("Accueillant décédé", "checkbox", False)


@pytest.mark.parametrize(
    ("procedure_id", "answers", "visible"),
    [
        (RF, {"situation_familiale": "marie", "enfants_a_charge": False,
              "enfants_charge_conjoint": False},
         {"date_union", "pays_union", "enfants_charge_conjoint"}),
        (RF, {"situation_familiale": "veuf", "enfants_a_charge": True,
              "enfants_charge_conjoint": False},
         {"date_union", "pays_union", "enfants", "enfants_charge_conjoint"}),
        (RF, {"situation_familiale": "divorce", "enfants_a_charge": False,
              "enfants_charge_conjoint": True},
         {"date_union", "pays_union", "enfants_charge_conjoint", "enfants_conjoint"}),
        (MALADE, {"situation_familiale": "celibataire", "enfants_a_charge": False}, set()),
        (MALADE, {"situation_familiale": "celibataire", "enfants_a_charge": True,
                  "enfants_charge_conjoint": True}, {"enfants"}),
        (MALADE, {"situation_familiale": "marie", "enfants_a_charge": False,
                  "enfants_charge_conjoint": False},
         {"date_union", "pays_union", "enfants_charge_conjoint"}),
        # « Avez-vous des enfants à la charge de votre conjoint ? » only with Marié(e).
        (MALADE, {"situation_familiale": "pacse", "enfants_a_charge": True,
                  "enfants_charge_conjoint": True},
         {"date_union", "pays_union", "enfants"}),
        (MALADE, {"situation_familiale": "marie", "enfants_a_charge": True,
                  "enfants_charge_conjoint": True},
         {"date_union", "pays_union", "enfants", "enfants_charge_conjoint",
          "enfants_conjoint"}),
    ],
)
def test_family_fields_shown_per_case(procedure_id: str, answers: dict, visible: set) -> None:
    conditional = {"date_union", "pays_union", "enfants", "enfants_charge_conjoint",
                   "enfants_conjoint"}
    fields = top_fields(proc(procedure_id))
    shown = {i for i in conditional if applies(fields[i].when, answers)}
    assert shown == visible


CHILD_REQUIRED = {"nom_naissance", "sexe", "date_naissance", "nationalites", "residence"}


@pytest.mark.parametrize(
    ("procedure_id", "group_id"),
    [(RF, "enfants"), (RF, "enfants_conjoint"), (MALADE, "enfants"), (MALADE, "enfants_conjoint")],
)
def test_children_group(procedure_id: str, group_id: str) -> None:
    g = top_fields(proc(procedure_id))[group_id]
    assert g.type == "group"
    assert g.add_label == "Ajouter un enfant"
    assert g.min_items == 1
    subs = {s.id: s for s in g.fields}
    assert [s.id for s in g.fields] == ["nom_naissance", "prenoms", "sexe", "date_naissance",
                                        "nationalites", "residence"]
    assert {i for i, s in subs.items() if s.required} == CHILD_REQUIRED
    assert subs["nationalites"].multiple and subs["nationalites"].type == "nationality"
    assert [o.label for o in subs["residence"].options] == ["En France", "À l'étranger"]
    assert subs["residence"].label == "Où réside votre enfant ?"


# --- documents -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("procedure_id", "profile", "answers", "expected"),
    [
        *[
            (RF, {"regime": regime}, {"accueillant_decede": decede},
             ["justificatif_nationalite", "justificatif_entree_reguliere",
              "justificatif_domicile", "justificatif_mariage", "justificatif_communaute_vie"])
            for regime in ("algerien", "droit_commun")
            for decede in (False, True)
        ],
        # The annex's « n° étranger sans titre » slots do not fit this renewal: not asked.
        (MALADE, {}, {},
         ["justificatif_nationalite", "justificatif_domicile",
          "justificatif_residence_habituelle"]),
    ],
)
def test_document_slots_per_case(
    procedure_id: str, profile: dict, answers: dict, expected: list[str]
) -> None:
    assert slots_for(proc(procedure_id), answers, profile) == expected


@pytest.mark.parametrize(
    ("procedure_id", "required", "optional"),
    [
        (RF, {"justificatif_domicile", "justificatif_mariage", "justificatif_communaute_vie"},
         {"justificatif_nationalite", "justificatif_entree_reguliere"}),
        (MALADE, {"justificatif_domicile", "justificatif_residence_habituelle"},
         {"justificatif_nationalite"}),
    ],
)
def test_required_slots(procedure_id: str, required: set, optional: set) -> None:
    by_id = {d.id: d.required for d in slots(proc(procedure_id))}
    assert {i for i, r in by_id.items() if r} == required
    assert {i for i, r in by_id.items() if not r} == optional


@pytest.mark.parametrize(
    ("procedure_id", "slot_id", "max_files"),
    [
        (MALADE, "justificatif_residence_habituelle", 6),
        (MALADE, "justificatif_domicile", None),
        (RF, "justificatif_mariage", None),
        (RF, "justificatif_communaute_vie", None),
    ],
)
def test_max_files(procedure_id: str, slot_id: str, max_files: int | None) -> None:
    assert {d.id: d for d in slots(proc(procedure_id))}[slot_id].max_files == max_files


def _variant_helps(slot: DocumentSlot, answers: dict) -> list[str]:
    return [v.help for v in slot.variants if applies(v.when, answers)]


@pytest.mark.parametrize("decede", [True, False])
def test_accueillant_decede_keeps_the_whole_communaute_de_vie_help(decede: bool) -> None:
    """Ticking « Accueillant décédé » leaves the help whole: the death and the conjugal
    violence alternatives both stay (guide 003, « Justificatif de communauté de vie »)."""
    slot = {d.id: d for d in slots(proc(RF))}["justificatif_communaute_vie"]
    assert _variant_helps(slot, {"accueillant_decede": decede}) == []
    assert slot.help is not None
    assert "en cas de décès de votre conjoint" in slot.help
    assert "en cas de violences conjugales subies" in slot.help


@pytest.mark.parametrize("procedure_id", [RF, MALADE])
def test_domicile_help_lists_the_three_cases(procedure_id: str) -> None:
    """One slot, its help whole (own home, hôtel, chez un particulier); no « Mode
    d'hébergement » question, which no guide has."""
    p = proc(procedure_id)
    assert "type_hebergement" not in {f.id for st in p.steps for sec in st.sections
                                      for f in sec.fields}
    slot = {d.id: d for d in slots(p)}["justificatif_domicile"]
    assert slot.variants == []
    assert slot.help is not None
    for case in ("Veuillez joindre un des justificatifs de domicile suivants :",
                 "Si hébergement à l'hôtel :", "Si hébergement chez un particulier :"):
        assert case in slot.help


# --- étranger malade: nothing medical ------------------------------------------------------

MEDICAL = re.compile(
    r"sant[ée]|maladi|malade|traitement|m[ée]decin|m[ée]dical|pathologi|\bsoins?\b|"
    r"diagnostic|th[ée]rap|hospital|ordonnance m[ée]dicale",
    re.IGNORECASE,
)
# The guide's motif sentence, and the notice explicative's warning that keeps medical
# papers away from the préfecture.
ALLOWED = {
    "Je demande un titre de séjour en raison de mon état de santé.",
    "ATTENTION : Aucune information médicale et aucun certificat médical ne doivent être "
    "donnés à la préfecture.",
}


def _field_texts(f: FieldDef, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where}.id", f.id
    for name in ("label", "help", "placeholder", "add_label", "item_label"):
        value = getattr(f, name)
        if value:
            yield f"{where}.{name}", value
    for o in f.options:
        yield f"{where}.options.{o.value}", o.label
    for sub in f.fields:
        yield from _field_texts(sub, f"{where}.{sub.id}")


def user_facing_texts(procedure: Procedure) -> Iterator[tuple[str, str]]:
    """Every string a step shows or asks, with where it is (the preamble and title excepted:
    they name the téléprocédure, they ask nothing)."""
    for s in procedure.steps:
        for name in ("title", "summary", "heading", "intro"):
            if getattr(s, name):
                yield f"{s.id}.{name}", getattr(s, name)
        for c in s.sections:
            base = f"{s.id}.{c.id}"
            if c.title:
                yield f"{base}.title", c.title
            for t in c.texts:
                yield f"{base}.text", t.text
            for f in c.fields:
                yield from _field_texts(f, f"{base}.{f.id}")
            for a in c.attestations:
                yield f"{base}.{a.id}", a.text
            for d in c.documents:
                yield f"{base}.{d.id}.id", d.id
                yield f"{base}.{d.id}.label", d.label
                for h in [d.help, *(v.help for v in d.variants)]:
                    if h:
                        yield f"{base}.{d.id}.help", h


def test_nothing_medical_is_asked_of_the_etranger_malade() -> None:
    found = [
        (where, " ".join(text.split()))
        for where, text in user_facing_texts(proc(MALADE))
        if MEDICAL.search(text) and " ".join(text.split()) not in ALLOWED
    ]
    assert found == []


def test_the_motif_sentence_is_shown() -> None:
    motif = next(s for s in proc(MALADE).steps if s.id == "motif_sejour")
    texts = [t.text for c in motif.sections for t in c.texts]
    assert "Je demande un titre de séjour en raison de mon état de santé." in texts


def test_no_free_text_field_in_the_malade_motif_step() -> None:
    # A free text in this step would be where a diagnosis ends up at the counter.
    motif = next(s for s in proc(MALADE).steps if s.id == "motif_sejour")
    free = [f.id for c in motif.sections for f in c.fields
            for x in [f, *f.fields] if x.type in ("text", "textarea")]
    assert free == []


def test_the_medical_word_check_catches_a_medical_field() -> None:
    raw = yaml.safe_load(path_of(MALADE).read_text(encoding="utf-8"))
    fields = _section(raw, "motif_sejour", "liens_familiaux")["fields"]
    fields.append({"id": "medecin_traitant", "label": "Nom du médecin traitant", "type": "name"})
    broken = Procedure.model_validate(with_shared_recap_words(raw))
    hits = [w for w, t in user_facing_texts(broken) if MEDICAL.search(t)]
    assert "motif_sejour.liens_familiaux.medecin_traitant.label" in hits


# --- a broken copy fails at load, naming the file and the field path ----------------------

def _step(raw: dict, step_id: str) -> tuple[int, dict]:
    return next((i, s) for i, s in enumerate(raw["steps"]) if s["id"] == step_id)


def _section(raw: dict, step_id: str, section_id: str) -> dict:
    _, step = _step(raw, step_id)
    return next(c for c in step["sections"] if c["id"] == section_id)


def _loc(raw: dict, step_id: str, section_id: str, kind: str, item_id: str) -> str:
    si, step = _step(raw, step_id)
    ci, section = next((i, c) for i, c in enumerate(step["sections"]) if c["id"] == section_id)
    ii = next(i for i, x in enumerate(section[kind]) if x["id"] == item_id)
    return f"steps[{si}].sections[{ci}].{kind}[{ii}]"


def _item(raw: dict, step_id: str, section_id: str, kind: str, item_id: str) -> dict:
    return next(x for x in _section(raw, step_id, section_id)[kind] if x["id"] == item_id)


def _unknown_field(raw: dict) -> str:
    item = _item(raw, "motif_sejour", "liens_familiaux", "fields", "enfants")
    item["when"] = {"field": "enfants_en_charge", "equals": True}
    return _loc(raw, "motif_sejour", "liens_familiaux", "fields", "enfants") + ".when.field"


def _impossible_value(raw: dict) -> str:
    item = _item(raw, "justificatifs", "pj_motif", "documents", "justificatif_communaute_vie")
    item["variants"] = [{"when": {"field": "accueillant_decede", "equals": "oui"}, "help": "x"}]
    return (_loc(raw, "justificatifs", "pj_motif", "documents", "justificatif_communaute_vie")
            + ".variants[0].when.field")


def _impossible_situation(raw: dict) -> str:
    item = _item(raw, "motif_sejour", "liens_familiaux", "fields", "date_union")
    item["when"] = {"field": "situation_familiale", "in": ["marie", "pacsee"]}
    return _loc(raw, "motif_sejour", "liens_familiaux", "fields", "date_union") + ".when.field"


def _impossible_profile(raw: dict) -> str:
    item = _item(raw, "justificatifs", "pj_informations_personnelles", "documents",
                 "justificatif_nationalite")
    item["when"] = {"profile": "titulaire", "equals": "sans_titre"}
    return (_loc(raw, "justificatifs", "pj_informations_personnelles", "documents",
                 "justificatif_nationalite") + ".when.profile")


def _impossible_default(raw: dict) -> str:
    item = _item(raw, "motif_sejour", "liens_familiaux", "fields", "situation_familiale")
    item["default"] = "celibataire"
    return (_loc(raw, "motif_sejour", "liens_familiaux", "fields", "situation_familiale")
            + ".default")


@pytest.mark.parametrize(
    ("procedure_id", "break_it", "message"),
    [
        (RF, _unknown_field, "champ inconnu « enfants_en_charge »"),
        (MALADE, _unknown_field, "champ inconnu « enfants_en_charge »"),
        (RF, _impossible_value, "condition impossible"),
        (MALADE, _impossible_situation, "ne prend jamais la valeur 'pacsee'"),
        (MALADE, _impossible_profile, "paramètre de profil inconnu « titulaire »"),
        (RF, _impossible_default, "valeur par défaut impossible 'celibataire'"),
    ],
)
def test_a_broken_copy_fails_with_file_and_path(
    tmp_path: Path, procedure_id: str, break_it: Callable[[dict], str], message: str
) -> None:
    raw = yaml.safe_load(path_of(procedure_id).read_text(encoding="utf-8"))
    broken = copy.deepcopy(raw)
    where = break_it(broken)
    target = tmp_path / f"{procedure_id}.yaml"
    target.write_text(yaml.safe_dump(broken, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_procedure(target)
    assert any(p.startswith(f"{target}: {where}: ") and message in p
               for p in exc.value.problems), exc.value.problems
