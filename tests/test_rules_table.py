"""What applies to each case of each téléprocédure, as the domain core computes it.

One row per case of the guides: the profile and the answers go into a CaseState (today
fixed), and the row states the steps, the attestations and the document slots that must
follow. The expected values are written out from data/procedures/*.yaml and the guides
(/work/shared/seeds/000–004), not computed from the definitions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from anef_tui.answers import validate_step
from anef_tui.casefile import CaseState
from anef_tui.catalog.loader import load_catalog

TODAY = date(2025, 6, 16)
ADULT = "1982-04-05"  # 43 on TODAY
MINOR = "2008-03-10"  # 17 on TODAY

STEPS_BPI = [
    ("informations_personnelles", "Informations personnelles"),
    ("motif_sejour", "Motif de séjour"),
    ("justificatifs", "Justificatifs"),
    ("recapitulatif", "Récapitulatif"),
    ("confirmation", "Confirmation"),
]
STEPS_ASE = [
    ("informations_personnelles", "Informations personnelles"),
    ("motif_sejour", "Motif de séjour"),
    ("justificatifs", "Justificatifs"),
    ("depot", "Dépôt de la demande"),
    ("confirmation", "Confirmation"),
]
STEPS_ORDONNANCE = [
    ("votre_situation", "Votre situation"),
    ("informations_personnelles", "Informations personnelles"),
    ("motif_sejour", "Motif de séjour"),
    ("justificatifs", "Justificatifs"),
    ("depot", "Dépôt de la demande"),
    ("confirmation", "Confirmation"),
]
STEPS_LOT2_3 = [  # conjoint RF (003) and étranger malade (004)
    ("informations_personnelles", "Informations personnelles"),
    ("motif_sejour", "Motif de séjour"),
    ("justificatifs", "Justificatifs"),
    ("depot_demande", "Dépôt de la demande"),
    ("confirmation", "Confirmation"),
]

ASE_MOTIF_DOCS = ["decision_placement_ase", "activite_professionnelle",
                  "liens_famille_pays_origine"]


def _bpi(protection: str, situation: str, birth: str,
         emancipe: bool | None = None) -> dict[str, Any]:
    union = {"date_union": "2015-07-12", "pays_union": "AFG"} if situation in (
        "marie", "pacse") else {}
    box = {} if emancipe is None else {"mineur_emancipe": emancipe}
    return dict(
        profile={"protection": protection, "titulaire": "titre", "pour": "moi_meme"},
        identity={"date_naissance": birth},
        answers={"informations_personnelles": {"situation_familiale": situation, **union,
                                               **box},
                 "justificatifs": {}},
    )


def _ase(birth: str, emancipe: bool | None) -> dict[str, Any]:
    step1 = {} if emancipe is None else {"mineur_emancipe": emancipe}
    return dict(profile={}, identity={"date_naissance": birth},
                answers={"informations_personnelles": step1,
                         "motif_sejour": {"date_prise_en_charge": "2022-01-10"}})


def _ordonnance(birth: str, emancipe: bool | None) -> dict[str, Any]:
    step2: dict[str, Any] = {"date_naissance": birth}
    if emancipe is not None:
        step2["mineur_emancipe"] = emancipe
    return dict(profile={}, identity={},
                answers={"votre_situation": {"situation": "autre_situation",
                                             "autre_situation": "ordonnance_protection"},
                         "informations_personnelles": step2})


def _rf(regime: str, decede: bool) -> dict[str, Any]:
    return dict(profile={"regime": regime}, identity={"date_naissance": ADULT},
                answers={"motif_sejour": {"accueillant_decede": decede,
                                          "situation_familiale": "veuf" if decede else "marie"}})


def _malade(titulaire: str) -> dict[str, Any]:
    return dict(profile={"titulaire": titulaire}, identity={"date_naissance": ADULT},
                answers={"motif_sejour": {"situation_familiale": "celibataire"}})


# (procedure, case, inputs, steps, attestations, required slots, optional slots)
CASES = [
    # -- 000 BPI: the attestation « s'adapte en fonction de la situation familiale » and the
    # protection; a minor applying for himself who ticks « émancipé » (marriage emancipates)
    # is asked the emancipation proof.
    ("bpi_renouvellement", "refugie-celibataire-majeur",
     _bpi("refugie", "celibataire", ADULT), STEPS_BPI,
     ["refugie_non_marie", "sanctions_penales"], ["justificatif_domicile"], []),
    ("bpi_renouvellement", "refugie-marie-majeur",
     _bpi("refugie", "marie", ADULT), STEPS_BPI,
     ["refugie_marie_non_polygame", "sanctions_penales"], ["justificatif_domicile"], []),
    ("bpi_renouvellement", "refugie-celibataire-mineur",
     _bpi("refugie", "celibataire", MINOR, emancipe=False), STEPS_BPI,
     ["refugie_non_marie", "sanctions_penales"],
     ["justificatif_domicile"], []),
    ("bpi_renouvellement", "refugie-marie-mineur",
     _bpi("refugie", "marie", MINOR, emancipe=True), STEPS_BPI,
     ["refugie_marie_non_polygame", "sanctions_penales"],
     ["emancipation", "justificatif_domicile"], []),
    ("bpi_renouvellement", "subsidiaire-celibataire-majeur",
     _bpi("subsidiaire", "celibataire", ADULT), STEPS_BPI,
     ["protection_non_marie", "sanctions_penales"], ["justificatif_domicile"], []),
    ("bpi_renouvellement", "subsidiaire-marie-majeur",
     _bpi("subsidiaire", "marie", ADULT), STEPS_BPI,
     ["protection_marie_non_polygame", "sanctions_penales"], ["justificatif_domicile"], []),
    ("bpi_renouvellement", "subsidiaire-celibataire-mineur",
     _bpi("subsidiaire", "celibataire", MINOR, emancipe=False), STEPS_BPI,
     ["protection_non_marie", "sanctions_penales"],
     ["justificatif_domicile"], []),
    ("bpi_renouvellement", "subsidiaire-marie-mineur",
     _bpi("subsidiaire", "marie", MINOR, emancipe=True), STEPS_BPI,
     ["protection_marie_non_polygame", "sanctions_penales"],
     ["emancipation", "justificatif_domicile"], []),
    # Pacsé is not married: the « ne pas être marié » wording.
    ("bpi_renouvellement", "subsidiaire-pacse-majeur",
     _bpi("subsidiaire", "pacse", ADULT), STEPS_BPI,
     ["protection_non_marie", "sanctions_penales"], ["justificatif_domicile"], []),
    # -- 001 ASE: CAS 1 mineur non émancipé, CAS 2 mineur émancipé, CAS 3 majeur.
    ("ase_premiere_demande", "cas1-mineur-non-emancipe", _ase(MINOR, False), STEPS_ASE,
     ["besoin_titre_travail_stage", "sanctions_penales"],
     ["justificatif_nationalite", "justificatif_identite", "accord_representant_legal",
      "justificatif_domicile", *ASE_MOTIF_DOCS], ["insertion_societe_francaise"]),
    ("ase_premiere_demande", "cas1-case-jamais-cochee", _ase(MINOR, None), STEPS_ASE,
     ["besoin_titre_travail_stage", "sanctions_penales"],
     ["justificatif_nationalite", "justificatif_identite", "accord_representant_legal",
      "justificatif_domicile", *ASE_MOTIF_DOCS], ["insertion_societe_francaise"]),
    ("ase_premiere_demande", "cas2-mineur-emancipe", _ase(MINOR, True), STEPS_ASE,
     ["besoin_titre_travail_stage", "non_polygamie", "sanctions_penales"],
     ["justificatif_nationalite", "justificatif_identite", "justificatif_emancipation",
      "justificatif_domicile", *ASE_MOTIF_DOCS], ["insertion_societe_francaise"]),
    ("ase_premiere_demande", "cas3-majeur", _ase("2005-01-20", None), STEPS_ASE,
     ["non_polygamie", "sanctions_penales"],
     ["justificatif_nationalite", "justificatif_identite", "justificatif_domicile",
      *ASE_MOTIF_DOCS], ["insertion_societe_francaise"]),
    # A box ticked while a minor, then hidden: an adult never falls into CAS 2.
    ("ase_premiere_demande", "cas3-majeur-case-restee-cochee", _ase("2005-01-20", True),
     STEPS_ASE, ["non_polygamie", "sanctions_penales"],
     ["justificatif_nationalite", "justificatif_identite", "justificatif_domicile",
      *ASE_MOTIF_DOCS], ["insertion_societe_francaise"]),
    # -- 002 ordonnance de protection (usager inconnu: birth year alone is enough).
    ("ordonnance_protection", "majeur-annee-seule", _ordonnance("1996", None),
     STEPS_ORDONNANCE, ["non_polygamie", "sanctions_penales"],
     ["justificatif_nationalite", "justificatif_identite", "justificatif_domicile",
      "ordonnance_protection"], ["jugement_condamnation"]),
    ("ordonnance_protection", "majeur-date-complete", _ordonnance("1996-09-14", None),
     STEPS_ORDONNANCE, ["non_polygamie", "sanctions_penales"],
     ["justificatif_nationalite", "justificatif_identite", "justificatif_domicile",
      "ordonnance_protection"], ["jugement_condamnation"]),
    # Born « 2008 »: the lowest possible age (16) is taken, so still a minor.
    ("ordonnance_protection", "mineur-non-emancipe", _ordonnance("2008", False),
     STEPS_ORDONNANCE, ["non_polygamie", "sanctions_penales"],
     ["justificatif_nationalite", "justificatif_identite", "accord_representant_legal",
      "justificatif_domicile", "ordonnance_protection"],
     ["jugement_condamnation"]),
    ("ordonnance_protection", "mineur-emancipe", _ordonnance("2008-03", True),
     STEPS_ORDONNANCE, ["non_polygamie", "sanctions_penales"],
     ["justificatif_nationalite", "justificatif_identite", "justificatif_emancipation",
      "justificatif_domicile", "ordonnance_protection"], ["jugement_condamnation"]),
    # -- 003 conjoint RF: same screens, attestations and pieces for both régimes.
    *[
        ("conjoint_rf_renouvellement", f"{regime}-{'decede' if decede else 'vivant'}",
         _rf(regime, decede), STEPS_LOT2_3, ["non_polygamie", "sanctions_penales"],
         ["justificatif_domicile", "justificatif_mariage", "justificatif_communaute_vie"],
         ["justificatif_nationalite", "justificatif_entree_reguliere"])
        for regime in ("algerien", "droit_commun") for decede in (False, True)
    ],
    # -- 004 étranger malade: two more pieces « SI VOUS ÊTES TITULAIRE D'UN NUMÉRO ÉTRANGER
    # SANS TITRE DE SÉJOUR ».
    ("etranger_malade_renouvellement", "titre", _malade("titre"), STEPS_LOT2_3,
     ["non_polygamie", "sanctions_penales"],
     ["justificatif_domicile", "justificatif_residence_habituelle"],
     ["justificatif_nationalite"]),
]


def make_state(procedure_id: str, inputs: dict[str, Any], today: date = TODAY) -> CaseState:
    return CaseState(load_catalog()[procedure_id], inputs["profile"], inputs["identity"],
                     inputs["answers"], today)


def test_every_procedure_has_rows() -> None:
    assert {row[0] for row in CASES} == set(load_catalog())


@pytest.mark.parametrize(
    ("procedure_id", "case", "inputs", "steps", "attestations", "required", "optional"),
    CASES, ids=[f"{row[0]}:{row[1]}" for row in CASES],
)
def test_what_applies(procedure_id: str, case: str, inputs: dict[str, Any],
                      steps: list[tuple[str, str]], attestations: list[str],
                      required: list[str], optional: list[str]) -> None:
    state = make_state(procedure_id, inputs)
    assert [(s.id, s.title) for s in state.steps] == steps
    assert [a.id for a in state.all_attestations()] == attestations
    documents = state.all_documents()
    assert [d.slot.id for d in documents if d.slot.required] == required
    assert [d.slot.id for d in documents if not d.slot.required] == optional


@pytest.mark.parametrize(
    ("birth", "mineur", "majeur", "age"),
    [(MINOR, True, False, 17), (ADULT, False, True, 43), ("2007-06-16", False, True, 18),
     ("2007-06-17", True, False, 17), ("2008", True, False, 16), ("2007", True, False, 17),
     ("2006", False, True, 18)],
)
def test_age_facts(birth: str, mineur: bool, majeur: bool, age: int) -> None:
    state = make_state("ordonnance_protection", _ordonnance(birth, None))
    facts = state.facts(state.flat_answers())
    assert facts == {"age": age, "mineur": mineur, "majeur": majeur}


@pytest.mark.parametrize(
    ("mention_case", "expected"),
    [("refugie", "refugie"), ("subsidiaire", "protection_subsidiaire")],
)
def test_bpi_mention(mention_case: str, expected: str) -> None:
    assert make_state("bpi_renouvellement", _bpi(mention_case, "marie", ADULT)).mention() \
        == expected


@pytest.mark.parametrize("decede", [False, True])
def test_rf_communaute_de_vie_help_is_whole_whatever_the_accueillant(decede: bool) -> None:
    state = make_state("conjoint_rf_renouvellement", _rf("droit_commun", decede))
    slot = next(d for d in state.all_documents() if d.slot.id == "justificatif_communaute_vie")
    assert slot.help is not None
    assert slot.help.startswith("Déclaration commune sur l'honneur du couple")
    assert "Ou en cas de décès de votre conjoint veuillez joindre l'acte de décès." in slot.help
    assert "Ou en cas de violences conjugales subies" in slot.help


@pytest.mark.parametrize(
    ("slot_id", "max_files"),
    [("justificatif_residence_habituelle", 6), ("justificatif_domicile", 3)],
)
def test_malade_max_files(slot_id: str, max_files: int) -> None:
    state = make_state("etranger_malade_renouvellement", _malade("titre"))
    assert {d.slot.id: d.max_files for d in state.all_documents()}[slot_id] == max_files


# -- ASE eligibility: « confiés à l'ASE au plus tard à l'âge de 16 ans » ---------------

ASE_BIRTH = "2006-08-10"  # the guide's example: born 10/08/2006


@pytest.mark.parametrize(
    ("prise_en_charge", "eligible"),
    [
        ("01/09/2020", True),  # at 14
        ("09/08/2022", True),  # the day before the 16th birthday
        ("10/08/2022", True),  # on the 16th birthday: « au plus tard à l'âge de 16 ans »
        ("11/08/2022", False),  # the day after: « après ses 16 ans »
        ("12/03/2023", False),  # the guide's example: « après ses 16 ans »
        ("15/01/2024", False),  # at 17
    ],
)
def test_ase_prise_en_charge_before_or_after_16(prise_en_charge: str, eligible: bool) -> None:
    procedure = load_catalog()["ase_premiere_demande"]
    state = CaseState(procedure, {}, {"date_naissance": ASE_BIRTH}, {}, TODAY)
    step = state.step("motif_sejour")
    raw = {"date_prise_en_charge": prise_en_charge, "date_entree_france": "01/06/2020",
           "situation_familiale": "celibataire", "enfants_a_charge": False}
    ticks = {a.id: True for a in state.step_attestations(step, state.context())}
    outcome = validate_step(state, step, raw, attestations=ticks)
    assert outcome.ok, outcome.errors
    after = CaseState(procedure, {}, state.identity, {step.id: outcome.values}, TODAY)
    rule = after.ineligibility(step, after.context())
    if eligible:
        assert rule is None
    else:
        assert rule is not None and rule.id == "prise_en_charge_apres_16_ans"
        assert rule.title == "Demandeur non éligible"
        assert "au plus tard à l'âge de 16 ans" in " ".join(rule.message.split())


def test_ase_without_prise_en_charge_date_no_verdict_yet() -> None:
    procedure = load_catalog()["ase_premiere_demande"]
    state = CaseState(procedure, {}, {"date_naissance": ASE_BIRTH}, {}, TODAY)
    assert state.ineligibility(state.step("motif_sejour"), state.context()) is None
