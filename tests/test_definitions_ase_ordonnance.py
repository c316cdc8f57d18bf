"""What the ASE and ordonnance de protection definitions declare, case by case.

Visibility is evaluated with the condition language directly (holds + EvalContext), the
way the domain core will, so that each of the guide's cases is checked on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from anef_tui.catalog.conditions import EvalContext, holds
from anef_tui.catalog.loader import DefinitionError, data_root, iter_fields, load_procedure
from anef_tui.catalog.models import Procedure

PROCEDURES = data_root() / "procedures"
ASE_PATH = PROCEDURES / "ase_premiere_demande.yaml"
OP_PATH = PROCEDURES / "ordonnance_protection.yaml"

# Facts as the domain core computes them (built-in age/mineur/majeur + the ASE's derived one).
MINEUR = {"age": 17, "mineur": True, "majeur": False, "age_veille_prise_en_charge": 14}
MAJEUR = {"age": 19, "mineur": False, "majeur": True, "age_veille_prise_en_charge": 15}


@pytest.fixture(scope="module")
def ase() -> Procedure:
    return load_procedure(ASE_PATH)


@pytest.fixture(scope="module")
def op() -> Procedure:
    return load_procedure(OP_PATH)


def _ctx(answers: dict[str, Any], facts: dict[str, Any]) -> EvalContext:
    return EvalContext(answers, {}, facts)


def visible_attestations(proc: Procedure, answers: dict[str, Any],
                         facts: dict[str, Any]) -> list[str]:
    ctx = _ctx(answers, facts)
    return [a.id for step in proc.steps for section in step.sections
            if holds(section.when, ctx) for a in section.attestations if holds(a.when, ctx)]


def visible_documents(proc: Procedure, answers: dict[str, Any],
                      facts: dict[str, Any]) -> dict[str, bool]:
    """Slot id → required, for the slots shown in this case."""
    ctx = _ctx(answers, facts)
    return {d.id: d.required for step in proc.steps for section in step.sections
            if holds(section.when, ctx) for d in section.documents if holds(d.when, ctx)}


def visible_fields(proc: Procedure, answers: dict[str, Any], facts: dict[str, Any]) -> set[str]:
    ctx = _ctx(answers, facts)
    return {f.id for step in proc.steps for section in step.sections
            if holds(section.when, ctx) for f in section.fields if holds(f.when, ctx)}


def slot(proc: Procedure, slot_id: str):
    for step in proc.steps:
        for section in step.sections:
            for d in section.documents:
                if d.id == slot_id:
                    return d
    raise KeyError(slot_id)


def field(proc: Procedure, field_id: str):
    for step in proc.steps:
        for section in step.sections:
            for f in section.fields:
                if f.id == field_id:
                    return f
    raise KeyError(field_id)


# ---------------------------------------------------------------------------- loading


@pytest.mark.parametrize(
    ("path", "proc_id", "kind", "applicant", "document"),
    [
        (ASE_PATH, "ase_premiere_demande", "premiere_demande", "known", "premiere_demande"),
        (OP_PATH, "ordonnance_protection", "pre_demande", "unknown", "pre_demande"),
    ],
)
def test_loads(path: Path, proc_id: str, kind: str, applicant: str, document: str) -> None:
    proc = load_procedure(path)
    assert (proc.id, proc.kind, proc.applicant, proc.confirmation.document) == (
        proc_id, kind, applicant, document)


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        (ASE_PATH, [
            ("informations_personnelles", "Informations personnelles", "form"),
            ("motif_sejour", "Motif de séjour", "form"),
            ("justificatifs", "Justificatifs", "form"),
            ("depot", "Dépôt de la demande", "recap"),
            ("confirmation", "Confirmation", "confirmation"),
        ]),
        (OP_PATH, [
            ("votre_situation", "Votre situation", "form"),
            ("informations_personnelles", "Informations personnelles", "form"),
            ("motif_sejour", "Motif de séjour", "form"),
            ("justificatifs", "Justificatifs", "form"),
            ("depot", "Dépôt de la demande", "recap"),
            ("confirmation", "Confirmation", "confirmation"),
        ]),
    ],
)
def test_steps_in_order(path: Path, steps: list[tuple[str, str, str]]) -> None:
    proc = load_procedure(path)
    assert [(s.id, s.title, s.kind) for s in proc.steps] == steps


# ---------------------------------------------------------------------------- ASE

POLYGAMIE = "Ne pas vivre en France en état de polygamie, même si mon pays d'origine l'autorise."
TRAVAIL = "Avoir besoin de disposer d'un titre afin de pouvoir travailler ou faire un stage."
SANCTIONS = ("Avoir connaissance des sanctions pénales encourues par l'auteur d'une fausse "
             "attestation.")


@pytest.mark.parametrize(
    ("case", "answers", "facts", "expected"),
    [
        ("mineur non émancipé", {"mineur_emancipe": False}, MINEUR,
         ["besoin_titre_travail_stage", "sanctions_penales"]),
        ("mineur non émancipé, case jamais touchée", {}, MINEUR,
         ["besoin_titre_travail_stage", "sanctions_penales"]),
        ("mineur émancipé", {"mineur_emancipe": True}, MINEUR,
         ["besoin_titre_travail_stage", "non_polygamie", "sanctions_penales"]),
        ("majeur", {}, MAJEUR, ["non_polygamie", "sanctions_penales"]),
        # A box ticked while a minor, then hidden, must not make an adult a CAS 2.
        ("majeur, case restée cochée", {"mineur_emancipe": True}, MAJEUR,
         ["non_polygamie", "sanctions_penales"]),
    ],
)
def test_ase_attestations_by_case(ase: Procedure, case: str, answers: dict[str, Any],
                                  facts: dict[str, Any], expected: list[str]) -> None:
    assert visible_attestations(ase, answers, facts) == expected, case


def test_ase_attestation_wording(ase: Procedure) -> None:
    texts = {a.id: a.text for s in ase.steps for sec in s.sections for a in sec.attestations}
    assert texts == {
        "besoin_titre_travail_stage": TRAVAIL,
        "non_polygamie": POLYGAMIE,
        "sanctions_penales": SANCTIONS,
    }


ASE_COMMON = {
    "justificatif_nationalite": True,
    "justificatif_identite": True,
    "justificatif_domicile": True,
    "decision_placement_ase": True,
    "activite_professionnelle": True,
    "liens_famille_pays_origine": True,
    "insertion_societe_francaise": False,
}


@pytest.mark.parametrize(
    ("case", "answers", "facts", "extra"),
    [
        ("mineur non émancipé", {"mineur_emancipe": False}, MINEUR,
         {"accord_representant_legal": True}),
        ("mineur émancipé", {"mineur_emancipe": True}, MINEUR,
         {"justificatif_emancipation": True}),
        ("majeur", {"mineur_emancipe": True}, MAJEUR, {}),
    ],
)
def test_ase_documents_by_case(ase: Procedure, case: str, answers: dict[str, Any],
                               facts: dict[str, Any], extra: dict[str, bool]) -> None:
    assert visible_documents(ase, answers, facts) == ASE_COMMON | extra, case


@pytest.mark.parametrize(
    ("facts", "shown"),
    [(MINEUR, True), (MAJEUR, False)],
)
def test_ase_emancipation_box_only_for_a_minor(ase: Procedure, facts: dict[str, Any],
                                               shown: bool) -> None:
    assert ("mineur_emancipe" in visible_fields(ase, {}, facts)) is shown
    assert field(ase, "mineur_emancipe").label == "Je suis un mineur (+16 ans) émancipé"


@pytest.mark.parametrize(
    ("age_prise_en_charge", "eligible"),
    [(None, True), (10, True), (15, True), (16, False), (17, False)],
)
def test_ase_prise_en_charge_after_16(ase: Procedure, age_prise_en_charge: int | None,
                                      eligible: bool) -> None:
    assert [(d.age_at, d.offset_days) for d in ase.derived_facts
            if d.id == "age_veille_prise_en_charge"] == [("date_prise_en_charge", -1)]
    motif = next(s for s in ase.steps if s.id == "motif_sejour")
    (rule,) = motif.eligibility
    facts = MINEUR | {"age_veille_prise_en_charge": age_prise_en_charge}
    assert holds(rule.when, _ctx({}, facts)) is not eligible
    assert rule.title == "Demandeur non éligible"
    assert rule.message == (
        "Vous ne pouvez pas accéder à cette téléprocédure. La demande de titre de séjour pour "
        "ce motif est accessible uniquement aux demandeurs confiés à l'Aide Sociale à "
        "l'Enfance (ASE) au plus tard à l'âge de 16 ans. Pour en savoir plus, vous pouvez "
        "vous rapprocher de la préfecture dont vous dépendez.")


def test_ase_known_applicant_identity_read_only(ase: Procedure) -> None:
    identity = {"nom_naissance", "nom_usage", "prenoms", "sexe", "date_naissance",
                "pays_naissance", "lieu_naissance", "nationalite"}
    assert {i for i in identity if field(ase, i).identity} == identity
    assert not field(ase, "mineur_emancipe").identity
    assert field(ase, "date_prise_en_charge").required


# ---------------------------------------------------------------------------- ordonnance

OP_COMMON = {
    "justificatif_nationalite": True,
    "justificatif_identite": True,
    "justificatif_domicile": True,
    "ordonnance_protection": True,
    "jugement_condamnation": False,
}


@pytest.mark.parametrize(
    ("case", "answers", "facts", "extra"),
    [
        ("majeur", {}, MAJEUR, {}),
        ("mineur non émancipé", {"mineur_emancipe": False}, MINEUR,
         {"accord_representant_legal": True}),
        ("mineur émancipé", {"mineur_emancipe": True}, MINEUR,
         {"justificatif_emancipation": True}),
        ("âge inconnu", {}, {"age": None, "mineur": None, "majeur": None}, {}),
    ],
)
def test_op_documents_by_case(op: Procedure, case: str, answers: dict[str, Any],
                              facts: dict[str, Any], extra: dict[str, bool]) -> None:
    assert visible_documents(op, answers, facts) == OP_COMMON | extra, case


def test_op_minor_accord_or_representation_not_both(op: Procedure) -> None:
    """Guide 002: the step asks the « Accord du parent/représentant légal ou du mandataire »
    (its annex the « Justificatif de représentation légale »): one of them, never both, and
    no question on the parents' situation."""
    ids = {f.id for _, f in iter_fields(op)}
    assert "situation_parents" not in ids
    slots = {s.id for st in op.steps for sec in st.sections for s in sec.documents}
    assert "accord_representant_legal" in slots
    assert "representation_legale" not in slots


def test_op_attestations(op: Procedure) -> None:
    for facts in (MINEUR, MAJEUR):
        assert visible_attestations(op, {}, facts) == ["non_polygamie", "sanctions_penales"]


def test_op_usager_inconnu_identity_editable(op: Procedure) -> None:
    from anef_tui.casefile import CaseState

    # The état civil is the applicant's identity, typed here: editable for an usager
    # inconnu (known applicants see theirs read-only).
    state = CaseState(op, {})
    assert op.applicant == "unknown" and not state.readonly_identity()
    assert {f.id for f in state.identity_fields()} >= {"nom_naissance", "prenoms",
                                                         "date_naissance", "nationalite"}
    birth = field(op, "date_naissance")
    assert (birth.type, birth.required) == ("partial_date", True)
    assert op.birth_date_field == "date_naissance"


def test_op_progress_and_confirmation(op: Procedure) -> None:
    assert {s.id: s.progress_percent for s in op.steps if s.progress_percent} == {
        "informations_personnelles": 20, "depot": 90}
    assert op.confirmation.message == "Votre demande a bien été transmise."
    assert slot(op, "jugement_condamnation").label == "Jugement portant condamnation"


@pytest.mark.parametrize(
    ("answers", "eligible"),
    [
        ({"situation": "autre_situation", "autre_situation": "ordonnance_protection"}, True),
        ({}, True),  # nothing chosen yet: the required fields stop the step, not this rule
        ({"situation": "autre_situation", "autre_situation": "ase"}, False),
        ({"situation": "autre_situation", "autre_situation": "traite"}, False),
        ({"situation": "ne_en_france"}, False),
        ({"situation": "membre_famille_francais"}, False),
        ({"situation": "etat_sante"}, False),
    ],
)
def test_op_step1_situation(op: Procedure, answers: dict[str, Any], eligible: bool) -> None:
    step = op.steps[0]
    blocked = [r.id for r in step.eligibility if holds(r.when, _ctx(answers, MAJEUR))]
    assert (blocked == []) is eligible
    # Asked once, here, with nothing chosen beforehand (no profile screen asks it).
    defaults = {f.id: f.default for f in step.sections[0].fields}
    assert defaults == {"situation": None, "autre_situation": None}


# ---------------------------------------------------------------------------- broken copies


def _locate(raw: dict[str, Any], kind: str, item_id: str) -> tuple[str, dict[str, Any]]:
    """The YAML path (as the loader prints it) and node of an attestation / document."""
    for si, step in enumerate(raw["steps"]):
        for ci, section in enumerate(step.get("sections", [])):
            for k, node in enumerate(section.get(kind, [])):
                if node["id"] == item_id:
                    return f"steps[{si}].sections[{ci}].{kind}[{k}]", node
    raise KeyError(item_id)


def _break_unknown_field(raw: dict[str, Any]) -> str:
    loc, node = _locate(raw, "attestations", "non_polygamie")
    node["when"] = {"field": "mineur_emancipee", "equals": True}
    return f"{loc}.when.field: champ inconnu « mineur_emancipee »"


def _break_impossible_value(raw: dict[str, Any]) -> str:
    loc, node = _locate(raw, "documents", "justificatif_emancipation")
    node["when"] = {"all": [{"fact": "mineur", "equals": True},
                            {"field": "mineur_emancipe", "equals": "oui"}]}
    return f"{loc}.when.field: condition impossible : « mineur_emancipe »"


def _break_unknown_fact(raw: dict[str, Any]) -> str:
    step = next(i for i, s in enumerate(raw["steps"]) if s["id"] == "motif_sejour")
    raw["steps"][step]["eligibility"][0]["when"] = {"fact": "age_placement", "gte": 16}
    return f"steps[{step}].eligibility[0].when.fact: fait inconnu « age_placement »"


def _break_variant_value(raw: dict[str, Any]) -> str:
    loc, node = _locate(raw, "documents", "accord_representant_legal")
    node["variants"] = [{"when": {"field": "mineur_emancipe", "equals": "oui"}, "help": "x"}]
    return f"{loc}.variants[0].when.field: condition impossible : « mineur_emancipe »"


def _break_unknown_key(raw: dict[str, Any]) -> str:
    loc, node = _locate(raw, "documents", "jugement_condamnation")
    node["optional"] = True
    return f"{loc}.optional: clé « optional » inconnue (faute de frappe ?)"


@pytest.mark.parametrize(
    ("source", "breaker"),
    [
        (ASE_PATH, _break_unknown_field),
        (ASE_PATH, _break_impossible_value),
        (ASE_PATH, _break_unknown_fact),
        (OP_PATH, _break_unknown_field),
        (OP_PATH, _break_variant_value),
        (OP_PATH, _break_unknown_key),
    ],
)
def test_broken_copy_names_file_and_path(tmp_path: Path, source: Path, breaker: Any) -> None:
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    expected = breaker(raw)
    broken = tmp_path / source.name
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_procedure(broken)
    assert any(p.startswith(f"{broken}: {expected}") for p in caught.value.problems), (
        caught.value.problems)
