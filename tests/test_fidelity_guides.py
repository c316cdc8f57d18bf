"""Fidelity tables: each guide's screens, written by hand from the guide, against the
loaded definition.

One row per field, attestation and document slot of the steps, in the guide's order:
(step, kind, id, label as the guide writes it, star, options as the guide lists them,
condition, first words of the help). A later edit of data/ that drifts from a guide (a
label reworded, a star added, an option invented, a question asked that the guide does
not ask) fails here. Where a guide contradicts itself the definition's comment says which
screen was followed; these tables follow the same choice.
"""

from __future__ import annotations

from typing import Any

import pytest

from anef_tui.catalog.loader import load_catalog
from anef_tui.catalog.models import Procedure

Row = tuple[Any, ...]

OUTRE_MER = ("Vous résidez outre-mer et vous ne trouvez pas votre adresse dans les "
             "suggestions d'adresse qui vous sont proposées.")
BY_HAND = {"field": "adresse_outre_mer", "equals": True}
MARIE_PACSE = {"field": "situation_familiale", "in": ["marie", "pacse"]}
SITUATIONS = ["Célibataire", "Concubin(ne)", "Divorcé(e)", "Marié(e)", "Pacsé(e)"]
MINEUR = {"fact": "mineur", "equals": True}
NON_EMANCIPE = {"all": [MINEUR, {"field": "mineur_emancipe", "not_equals": True}]}
EMANCIPE = {"all": [MINEUR, {"field": "mineur_emancipe", "equals": True}]}
POLYGAMIE = "Ne pas vivre en France en état de polygamie, même si mon pays d'origine l'autorise."
SANCTIONS = ("Avoir connaissance des sanctions pénales encourues par l'auteur d'une fausse "
             "attestation.")
DOMICILE_HELP = "Veuillez joindre un des justificatifs de domicile suivants :"


def etat_civil(nom_usage: str, sexe: str = "Sexe", nationalite: str = "Nationalité",
               emancipe_after_birth: Any = None) -> list[Row]:
    rows: list[Row] = [
        ("field", "nom_naissance", "Nom de naissance", True, None, None),
        ("field", "nom_usage", nom_usage, False, None, None),
        ("field", "prenoms", "Prénom(s)", True, None, None),
        ("field", "sexe", sexe, True, ["Masculin", "Féminin"], None),
        ("field", "date_naissance", "Date de naissance", True, None, None),
    ]
    if emancipe_after_birth is not None:
        rows.append(("field", "mineur_emancipe", "Je suis un mineur (+16 ans) émancipé", False,
                     None, emancipe_after_birth))
    return rows + [
        ("field", "pays_naissance", "Pays de naissance", True, None, None),
        ("field", "lieu_naissance", "Lieu de naissance", True, None, None),
        ("field", "nationalite", nationalite, True, None, None),
    ]


def adresse_contact(ville_star: bool) -> list[Row]:
    """« ADRESSE » and « INFORMATIONS DE CONTACT » as in all five guides; only « Adresse »
    is starred, and « Ville » in 001 and 004."""
    return [
        ("field", "adresse", "Adresse", True, None,
         {"field": "adresse_outre_mer", "not_equals": True}),
        ("field", "adresse_outre_mer", OUTRE_MER, False, None, None),
        ("field", "numero_voie", "Numéro de voie", False, None, BY_HAND),
        ("field", "voie", "Voie", False, None, BY_HAND),
        ("field", "complement_adresse", "Complément d'adresse", False, None, None),
        ("field", "code_postal", "Code postal", False, None, None),
        ("field", "ville", "Ville", ville_star, None, None),
        ("field", "pays_residence", "Pays", False, None, None),
        ("field", "code_insee", "Code INSEE", False, None, None),
        ("field", "email", "Email", False, None, None),
        ("field", "telephone", "Téléphone", True, None, None),
    ]


def union() -> list[Row]:
    return [("field", "date_union", "Date de début de l'union", True, None, MARIE_PACSE),
            ("field", "pays_union", "Pays de l'union", True, None, MARIE_PACSE)]


def step(step_id: str, rows: list[Row]) -> list[Row]:
    return [(step_id, *r) for r in rows]


# Guide 000 (BPI), « ÉTAPE 1 » to « ÉTAPE 3 ».
GUIDE_000 = [
    *step("informations_personnelles", [
        *etat_civil("Nom d'usage"),
        # Not on 000's screens: offered to a minor of 16 or 17, never required (the annex's
        # « Si vous êtes un mineur émancipé »).
        ("field", "mineur_emancipe", "Je suis un mineur (+16 ans) émancipé", False, None,
         {"all": [MINEUR, {"profile": "pour", "equals": "moi_meme"}]}),
        ("field", "en_couple", "Etes-vous marié, pacsé ou en concubinage ?", True, None, None),
        ("field", "nationalite_conjoint", "Quelle est la nationalité de votre conjoint(e) ?",
         True, ["Française", "Pays de l'Union européenne, de l'EEE ou Suisse", "Autre pays"],
         {"field": "en_couple", "equals": True}),
        ("field", "enfants_en_france", "Avez-vous des enfants en France ?", True, None, None),
        ("field", "enfant_francais", "L'un des enfants est-il de nationalité française ?", True,
         None, {"field": "enfants_en_france", "equals": True}),
        ("field", "situation_familiale", "Quelle est votre situation familiale actuelle ?", True,
         SITUATIONS, None),
        *union(),
        *adresse_contact(ville_star=False),
    ]),
    *step("motif_sejour", [
        ("attestation", "protection_non_marie",
         "Bénéficier de la protection subsidiaire et ne pas être marié.", True, None,
         {"all": [{"profile": "protection", "equals": "subsidiaire"},
                  {"field": "situation_familiale", "not_equals": "marie"}]}),
        ("attestation", "protection_marie_non_polygame",
         "Bénéficier de la protection subsidiaire et ne pas vivre en état de polygamie.", True,
         None, {"all": [{"profile": "protection", "equals": "subsidiaire"},
                        {"field": "situation_familiale", "equals": "marie"}]}),
        ("attestation", "refugie_non_marie",
         "Bénéficier du statut de réfugié et ne pas être marié.", True, None,
         {"all": [{"profile": "protection", "equals": "refugie"},
                  {"field": "situation_familiale", "not_equals": "marie"}]}),
        ("attestation", "refugie_marie_non_polygame",
         "Bénéficier du statut de réfugié et ne pas vivre en état de polygamie.", True, None,
         {"all": [{"profile": "protection", "equals": "refugie"},
                  {"field": "situation_familiale", "equals": "marie"}]}),
        ("attestation", "sanctions_penales", SANCTIONS, True, None, None),
    ]),
    *step("justificatifs", [
        ("field", "ephoto", "Numéro ephoto", True, None, None,
         "Si vous disposez d'une photo et d'une signature numériques"),
        ("slot", "emancipation", "Si vous êtes un mineur émancipé", True, None, EMANCIPE,
         "Veuillez joindre un des justificatifs suivant :"),
        ("slot", "justificatif_domicile", "Justificatifs de domicile de moins de 6 mois", True,
         None, None, "Veuillez joindre un justificatif de domicile"),
    ]),
]

# Guide 001 (ASE), étapes 1 to 3; the three cases read on « mineur » and the box.
GUIDE_001 = [
    *step("informations_personnelles", [
        *etat_civil("Nom d'usage (facultatif)", emancipe_after_birth=MINEUR),
        *adresse_contact(ville_star=True),
    ]),
    *step("motif_sejour", [
        ("field", "date_prise_en_charge", "Date de prise en charge par l'ASE", True, None, None),
        ("field", "date_entree_france", "Date d'entrée en France", True, None, None),
        ("field", "situation_familiale", "Quelle est votre situation familiale actuelle ?", True,
         SITUATIONS, None),
        *union(),
        ("field", "enfants_a_charge", "Avez-vous des enfants à votre charge ?", True, None, None),
        ("attestation", "besoin_titre_travail_stage",
         "Avoir besoin de disposer d'un titre afin de pouvoir travailler ou faire un stage.",
         True, None, MINEUR),
        ("attestation", "non_polygamie", POLYGAMIE, True, None,
         {"any": [{"fact": "majeur", "equals": True}, EMANCIPE]}),
        ("attestation", "sanctions_penales", SANCTIONS, True, None, None),
    ]),
    *step("justificatifs", [
        ("field", "ephoto", "Numéro ephoto (22 chiffres)", True, None, None,
         "Photographie d'identité récente."),
        ("slot", "justificatif_nationalite", "Justificatif de nationalité", True, None, None,
         "Veuillez joindre un des justificatifs suivants : Passeport"),
        ("slot", "justificatif_identite", "Justificatif d'identité", True, None, None,
         "Extrait d'acte de naissance avec filiation"),
        ("slot", "accord_representant_legal",
         "Accord du parent/représentant légal ou du mandataire", True, None, NON_EMANCIPE,
         "Veuillez joindre le justificatif suivant : Accord des parents"),
        ("slot", "justificatif_emancipation", "Justificatif d'émancipation", True, None,
         EMANCIPE, "Veuillez joindre le justificatif suivant : Décision du juge des tutelles"),
        ("slot", "justificatif_domicile", "Justificatif de domicile datant de moins de 6 mois",
         True, None, None, DOMICILE_HELP),
        ("slot", "decision_placement_ase", "Décision de placement par l'autorité judiciaire au "
         "service de l'Aide Sociale à l'Enfance (ASE)", True, None, None,
         "Justifiant que l'enfant est confié"),
        ("slot", "activite_professionnelle", "Justificatifs d'activité professionnelle", True,
         None, None, "Veuillez joindre tout document justifiant de l'activité"),
        ("slot", "liens_famille_pays_origine",
         "Nature des liens avec la famille restée dans le pays d'origine", True, None, None,
         "Tout document probant"),
        # Annex only, no star on the step screens: offered, not required.
        ("slot", "insertion_societe_francaise", "Insertion dans la société française", False,
         None, None, "Veuillez joindre une attestation de la structure d'accueil"),
    ]),
]

# Guide 002 (ordonnance de protection, usager inconnu), étapes 1 to 4.
GUIDE_002 = [
    *step("votre_situation", [
        ("field", "situation", "Dites-nous quelle est votre situation ?", True, [
            "Je suis membre de famille d'un citoyen français",
            "Je suis un ressortissant étranger né en France",
            "Je suis un ressortissant étranger résidant habituellement en France et mon état de "
            "santé nécessite une prise en charge médicale exceptionnelle",
            "Je suis dans une autre situation"], None),
        ("field", "autre_situation", "Je suis dans une autre situation", True, [
            "J'ai été confié(e) à l'Aide Sociale à l'Enfance (ASE)",
            "Je bénéficie d'une ordonnance de protection",
            "Je suis victime de la traite des êtres humains"],
         {"field": "situation", "equals": "autre_situation"}),
    ]),
    *step("informations_personnelles", [
        *etat_civil("Nom d'usage (facultatif)", sexe="Quel est votre sexe ?",
                    nationalite="Nationalité(s)", emancipe_after_birth=MINEUR),
        *adresse_contact(ville_star=False),
    ]),
    *step("motif_sejour", [
        ("field", "date_entree_france", "Date d'entrée en France", True, None, None),
        ("field", "situation_familiale", "Quelle est votre situation familiale actuelle ?", True,
         SITUATIONS, None),
        *union(),
        ("field", "enfants_a_charge", "Avez-vous des enfants à votre charge ?", True, None, None),
        ("attestation", "non_polygamie", POLYGAMIE, True, None, None),
        ("attestation", "sanctions_penales", SANCTIONS, True, None, None),
    ]),
    *step("justificatifs", [
        ("field", "ephoto", "Numéro ephoto (22 chiffres)", True, None, None,
         "Photographie d'identité récente."),
        ("slot", "justificatif_nationalite", "Justificatif de nationalité", True, None, None,
         "Veuillez joindre un des justificatifs suivants : Passeport"),
        ("slot", "justificatif_identite", "Justificatif d'identité", True, None, None,
         "Extrait d'acte de naissance avec filiation"),
        # One of the two (never both): the step's accord; the annex's « Justificatif de
        # représentation légale » is printed on the list only.
        ("slot", "accord_representant_legal",
         "Accord du parent/représentant légal ou du mandataire", True, None, NON_EMANCIPE,
         "Veuillez joindre le justificatif suivant : Accord des parents"),
        ("slot", "justificatif_emancipation", "Justificatif d'émancipation", True, None,
         EMANCIPE, "Veuillez joindre un des justificatifs suivants : Décision du juge"),
        ("slot", "justificatif_domicile", "Justificatif de domicile datant de moins de 6 mois",
         True, None, None, DOMICILE_HELP),
        ("slot", "ordonnance_protection", "Ordonnance de protection", True, None, None,
         "Veuillez joindre un des documents suivants : Ordonnance de protection rendue"),
        ("slot", "jugement_condamnation", "Jugement portant condamnation", False, None, None,
         "Jugement portant condamnation définitive"),
    ]),
]

ENFANTS_CONJOINT = "Avez-vous des enfants à la charge de votre conjoint ?"

# Guide 003 (conjoint RF), étapes 1 to 3.
GUIDE_003 = [
    *step("informations_personnelles", [
        *etat_civil("Nom d'usage (facultatif)"),
        *adresse_contact(ville_star=False),
    ]),
    *step("motif_sejour", [
        ("field", "accueillant_nom", "Nom", True, None, None),
        ("field", "accueillant_prenoms", "Prénom(s)", True, None, None),
        ("field", "accueillant_date_naissance", "Date de naissance", True, None, None),
        ("field", "accueillant_numero_etranger", "N° étranger", True, None, None),
        ("field", "accueillant_decede", "Accueillant décédé", False, None, None),
        ("field", "situation_familiale", "Quelle est votre situation familiale actuelle ?", True,
         ["Marié(e)", "Séparé(e)", "Divorcé(e)", "Veuf(ve)"], None),
        ("field", "date_union", "Date de début de l'union", True, None, None),
        ("field", "pays_union", "Pays de l'union", True, None, None),
        ("field", "enfants_a_charge", "Avez-vous des enfants à votre charge ?", True, None, None),
        ("field", "enfants", "Enfants à votre charge", False, None,
         {"field": "enfants_a_charge", "equals": True}),
        ("field", "enfants_charge_conjoint", ENFANTS_CONJOINT, True, None, None),
        ("field", "enfants_conjoint", "Enfants à la charge de votre conjoint", False, None,
         {"field": "enfants_charge_conjoint", "equals": True}),
        ("attestation", "non_polygamie", POLYGAMIE, True, None, None),
        ("attestation", "sanctions_penales", SANCTIONS, True, None, None),
    ]),
    *step("justificatifs", [
        ("field", "ephoto", "Numéro ephoto", True, None, None,
         "Si vous disposez d'une photo et d'une signature numériques"),
        ("slot", "justificatif_nationalite", "Justificatif de nationalité", False, None, None,
         "Veuillez joindre un des justificatifs suivants : Passeport"),
        # Annex only on this renewal: offered, not required.
        ("slot", "justificatif_entree_reguliere", "Justificatif d'entrée régulière", False, None,
         None, "Veuillez joindre un des justificatifs suivants : Copie des pages"),
        ("slot", "justificatif_domicile", "Justificatif de domicile datant de moins de 6 mois",
         True, None, None, DOMICILE_HELP),
        ("slot", "justificatif_mariage", "Justificatif de mariage", True, None, None,
         "Copie intégrale de l'acte de mariage."),
        ("slot", "justificatif_communaute_vie", "Justificatif de communauté de vie", True, None,
         None, "Déclaration commune sur l'honneur du couple"),
    ]),
]

# Guide 004 (étranger malade), étapes 1 to 3. « Ville * » as on its address screen.
GUIDE_004 = [
    *step("informations_personnelles", [
        *etat_civil("Nom d'usage (facultatif)"),
        *adresse_contact(ville_star=True),
    ]),
    *step("motif_sejour", [
        ("field", "situation_familiale", "Quelle est votre situation familiale actuelle ?", True,
         SITUATIONS, None),
        *union(),
        ("field", "enfants_a_charge", "Avez-vous des enfants à votre charge ?", True, None, None),
        ("field", "enfants", "Enfants à votre charge", False, None,
         {"field": "enfants_a_charge", "equals": True}),
        # Shown with « Marié(e) » only.
        ("field", "enfants_charge_conjoint", ENFANTS_CONJOINT, True, None,
         {"field": "situation_familiale", "equals": "marie"}),
        ("field", "enfants_conjoint", "Enfants à la charge de votre conjoint", False, None,
         {"all": [{"field": "situation_familiale", "equals": "marie"},
                  {"field": "enfants_charge_conjoint", "equals": True}]}),
        ("attestation", "non_polygamie", POLYGAMIE, True, None, None),
        ("attestation", "sanctions_penales", SANCTIONS, True, None, None),
    ]),
    *step("justificatifs", [
        ("field", "ephoto", "Numéro ephoto (22 chiffres)", True, None, None,
         "Si vous disposez d'une photo et d'une signature numériques"),
        ("slot", "justificatif_nationalite", "Justificatif de nationalité", False, None, None,
         "Veuillez joindre un des justificatifs suivants : Passeport"),
        ("slot", "justificatif_domicile", "Justificatif de domicile datant de moins de 6 mois",
         True, None, None, DOMICILE_HELP),
        ("slot", "justificatif_residence_habituelle", "Justificatif de résidence habituelle",
         True, None, None, "Veuillez fournir tout document permettant d'apprécier"),
    ]),
]

GUIDES = {
    "bpi_renouvellement": GUIDE_000,
    "ase_premiere_demande": GUIDE_001,
    "ordonnance_protection": GUIDE_002,
    "conjoint_rf_renouvellement": GUIDE_003,
    "etranger_malade_renouvellement": GUIDE_004,
}


def _cond(when: Any) -> Any:
    return None if when is None else when.model_dump(exclude_none=True, by_alias=True)


def loaded(procedure: Procedure) -> list[Row]:
    """The same rows, read from the loaded definition (help compared by its first words)."""
    rows: list[Row] = []
    for st in procedure.steps:
        for sec in st.sections:
            for f in sec.fields:
                rows.append((st.id, "field", f.id, f.label, f.required,
                             [o.label for o in f.options] or None, _cond(f.when), f.help))
            for a in sec.attestations:
                rows.append((st.id, "attestation", a.id, a.text, True, None, _cond(a.when),
                             None))
            for d in sec.documents:
                rows.append((st.id, "slot", d.id, d.label, d.required, None, _cond(d.when),
                             d.help))
    return rows


@pytest.mark.parametrize("procedure_id", list(GUIDES))
def test_definition_is_the_guide(procedure_id: str) -> None:
    expected = GUIDES[procedure_id]
    actual = loaded(load_catalog()[procedure_id])
    assert [r[:3] for r in actual] == [r[:3] for r in expected], "items or order"
    for want, got in zip(expected, actual, strict=True):
        assert got[3:7] == want[3:7], (want[:3], got[3:7])
        if len(want) > 7:  # the help, by its first words (new lines folded)
            assert " ".join((got[7] or "").split()).startswith(want[7]), (want[:3], got[7])


def test_no_question_the_guides_do_not_ask() -> None:
    for procedure in load_catalog().values():
        ids = {r[2] for r in loaded(procedure)}
        assert not ids & {"type_hebergement", "situation_parents", "regime", "titulaire"}
        for st in procedure.steps:
            if st.recap is not None:
                assert st.recap.heading is None or "confirme" in st.recap.heading


# -- the address by hand (« Vous résidez outre-mer … ») -----------------------------------

BY_HAND_RAW = {"adresse_outre_mer": True, "numero_voie": "12", "voie": "Rue des Flamboyants",
               "code_postal": "97400", "ville": "Saint-Denis", "telephone": "0262 12 34 56"}


def test_outre_mer_address_by_hand_needs_no_adresse_and_is_printed() -> None:
    from datetime import date

    from anef_tui.answers import validate_step
    from anef_tui.casefile import CaseState
    from anef_tui.official_documents import identity_of

    procedure = load_catalog()["conjoint_rf_renouvellement"]
    state = CaseState(procedure, {}, {"date_naissance": "1990-02-12"}, {},
                      today=date(2026, 1, 15))
    step = procedure.step("informations_personnelles")
    # Not ticked: « Adresse » is the one starred field of the address (003).
    refused = validate_step(state, step, {"telephone": "0612345678"})
    assert [e.key for e in refused.errors] == ["adresse"]
    # Ticked: « Numéro de voie » and « Voie » take its place, unstarred as on the guide.
    outcome = validate_step(state, step, BY_HAND_RAW)
    assert outcome.errors == []
    assert "adresse" not in outcome.values
    done = CaseState(procedure, {}, state.identity, {step.id: outcome.values},
                     today=state.today)
    assert identity_of(done).adresse_text == "12 Rue des Flamboyants 97400 Saint-Denis"


@pytest.mark.parametrize(("born", "refused"), [
    ("2011-03-02", True), ("2010", True),  # a year alone counts at its youngest: 15
    ("2009", False), ("1996", False),
])
def test_002_has_the_same_lower_age_bound(born: str, refused: bool) -> None:
    """002's annex speaks of minors « ENTRE 16 ET 18 ANS », like the others' « à partir de
    16 ans »."""
    from datetime import date

    from anef_tui.casefile import CaseState

    procedure = load_catalog()["ordonnance_protection"]
    state = CaseState(procedure, {}, {"date_naissance": born}, {}, today=date(2026, 6, 1))
    problems = [f for f, _ in state.identity_problems(state.context())]
    assert (problems == ["date_naissance"]) is refused
