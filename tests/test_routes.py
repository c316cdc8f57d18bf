"""The profile-selection tree (data/routes.yaml) and its checks (anef_tui/catalog/routes.py)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from anef_tui.catalog.loader import (
    DefinitionError,
    load_procedure,
    load_routes,
    procedure_files,
)
from anef_tui.catalog.models import Procedure, ProfileOption, ProfileParameter
from anef_tui.catalog.routes import RouteTree

PROCEDURE_IDS = (
    "bpi_renouvellement",
    "ase_premiere_demande",
    "ordonnance_protection",
    "conjoint_rf_renouvellement",
    "etranger_malade_renouvellement",
)
# Only the parameters agreed with the authors of the definitions still being written.
AGREED_PROFILES: dict[str, list[ProfileParameter]] = {
    "conjoint_rf_renouvellement": [
        ProfileParameter(
            id="regime",
            label="Régime",
            options=[
                ProfileOption(value="algerien", label="Algérien"),
                ProfileOption(value="droit_commun", label="Droit commun"),
            ],
        )
    ],
}


def _written_definitions() -> dict[str, Procedure]:
    """The definitions of data/procedures that load today (colleagues edit the others)."""
    out: dict[str, Procedure] = {}
    for path in procedure_files():
        try:
            proc = load_procedure(path)
        except DefinitionError:
            continue
        out[proc.id] = proc
    return out


WRITTEN = _written_definitions()
MISSING = [pid for pid in PROCEDURE_IDS if pid not in WRITTEN]


@pytest.fixture(scope="module")
def catalog() -> dict[str, Procedure]:
    """The written definitions, and a stub for each one not written yet."""
    base = WRITTEN["bpi_renouvellement"]
    stubs = {
        pid: base.model_copy(update={"id": pid, "profile": AGREED_PROFILES.get(pid, [])})
        for pid in MISSING
    }
    return WRITTEN | stubs


@pytest.fixture(scope="module")
def tree(catalog: dict[str, Procedure]) -> RouteTree:
    return load_routes(catalog=catalog)


def test_shipped_tree_loads_against_the_real_catalog() -> None:
    if MISSING:
        pytest.skip(f"définitions pas encore écrites ou invalides : {', '.join(MISSING)}")
    load_routes()


def test_shipped_tree_loads(tree: RouteTree) -> None:
    assert tree.start == "accueil"


# ── Table: a sequence of option labels → where it leads ──────────────────────────────────

CONNU = "Je demande ou renouvelle un titre de séjour"
INCONNU = "Je demande un premier titre – sans numéro étranger, sans visa –"
MOI = "Moi-même (à partir de 16 ans)"
MINEUR = "Un mineur bénéficiaire de la protection internationale de plus de 16 ans"
TITRE = "Et je suis titulaire d'un titre de séjour / VLS-TS"
VISA = "Et je suis titulaire uniquement d'un visa long séjour"
NUMERO = "Et je suis titulaire d'un numéro étranger sans titre de séjour"
BPS = "« BPS » – mention « BÉNÉFICIAIRE DE LA PROTECTION SUBSIDIAIRE »"
REFUGIE = "« Réfugié » – mention « RÉFUGIÉ »"
CONJOINT = "« Conjoint d'étranger RF » – carte de séjour, mention « VIE PRIVÉE ET FAMILIALE »"
CONJOINT_DZ = "« Conjoint d'étranger RF » – certificat de résidence algérien"
MALADE = "« Etranger malade » – mention « VIE PRIVÉE ET FAMILIALE »"
AUTRE_MENTION = "Une autre mention"
RENOUVELLEMENT = "Je sollicite le renouvellement de ce titre"
AUTRE_TITRE = "Je sollicite un autre titre de séjour"
VULNERABLE = "Je suis en situation de vulnérabilité"
ASE = "En tant qu'étranger confié à l'ASE (Aide Sociale à l'Enfance)"
ORDONNANCE = "En tant que bénéficiaire d'une ordonnance de protection"
TRAITE = "En tant que victime de la traite des êtres humains"
PI = "En tant que bénéficiaire de la protection internationale"
ATTACHES = "Car j'ai des attaches familiales en France"
UE = (
    "Car je suis citoyen de l'union européenne, de l'espace économique européen ou suisse "
    "ou membre de famille d'un citoyen de l'union européenne, de l'espace économique "
    "européen ou suisse"
)
AUTRE_SITUATION = "Je suis dans une autre situation"
I_ORDONNANCE = "Je bénéficie d'une ordonnance de protection"
I_ASE = "J'ai été confié(e) à l'Aide Sociale à l'Enfance (ASE)"
I_TRAITE = "Je suis victime de la traite des êtres humains"
I_SANTE = (
    "Je suis un ressortissant étranger résidant habituellement en France et mon état de "
    "santé nécessite une prise en charge médicale exceptionnelle"
)
CONTINUE = "Je continue"
MODIFIER = "Modifier ma situation"
UNAVAILABLE = "unavailable"

PATHS: list[tuple[list[str], str, dict[str, str]]] = [
    # BPI renewal (guide 000): the mention picks the protection.
    ([CONNU, MOI, TITRE, BPS, RENOUVELLEMENT], "bpi_renouvellement",
     {"pour": "moi_meme", "titulaire": "titre", "protection": "subsidiaire"}),
    ([CONNU, MOI, VISA, REFUGIE, RENOUVELLEMENT], "bpi_renouvellement",
     {"pour": "moi_meme", "titulaire": "visa", "protection": "refugie"}),
    ([CONNU, MINEUR, "d'un titre de séjour / VLS-TS", "Réfugié"], "bpi_renouvellement",
     {"pour": "mineur", "titulaire": "titre", "protection": "refugie"}),
    ([CONNU, MINEUR, "d'un numéro étranger sans titre de séjour",
      "Bénéficiaire de la protection subsidiaire"], "bpi_renouvellement",
     {"pour": "mineur", "titulaire": "numero", "protection": "subsidiaire"}),
    ([CONNU, MOI, NUMERO, AUTRE_TITRE, PI, "Réfugié"], "bpi_renouvellement",
     {"pour": "moi_meme", "titulaire": "numero", "protection": "refugie"}),
    ([CONNU, MOI, TITRE, MALADE, AUTRE_TITRE, PI, "Bénéficiaire de la protection subsidiaire"],
     "bpi_renouvellement",
     {"pour": "moi_meme", "titulaire": "titre", "protection": "subsidiaire"}),
    # Conjoint RF renewal (guide 003): the card picks the regime.
    ([CONNU, MOI, TITRE, CONJOINT, RENOUVELLEMENT], "conjoint_rf_renouvellement",
     {"regime": "droit_commun"}),
    ([CONNU, MOI, TITRE, CONJOINT_DZ, RENOUVELLEMENT], "conjoint_rf_renouvellement",
     {"regime": "algerien"}),
    # Étranger malade renewal (guide 004).
    ([CONNU, MOI, TITRE, MALADE, RENOUVELLEMENT], "etranger_malade_renouvellement",
     {"titulaire": "titre"}),
    ([CONNU, MOI, VISA, MALADE, RENOUVELLEMENT], "etranger_malade_renouvellement",
     {"titulaire": "visa"}),
    # ASE (guide 001): n° étranger without a titre, through « vulnérabilité ».
    ([CONNU, MOI, NUMERO, AUTRE_TITRE, VULNERABLE, ASE], "ase_premiere_demande",
     {"pour": "moi_meme", "titulaire": "numero"}),
    ([CONNU, MOI, NUMERO, RENOUVELLEMENT], UNAVAILABLE, {}),
    ([CONNU, MOI, NUMERO, AUTRE_TITRE, VULNERABLE, ORDONNANCE], UNAVAILABLE, {}),
    ([CONNU, MOI, NUMERO, AUTRE_TITRE, VULNERABLE, TRAITE], UNAVAILABLE, {}),
    ([CONNU, MOI, TITRE, BPS, AUTRE_TITRE, VULNERABLE, ASE], UNAVAILABLE, {}),
    ([CONNU, MOI, TITRE, CONJOINT, AUTRE_TITRE, "En tant qu'étudiant"], UNAVAILABLE, {}),
    ([CONNU, MOI, VISA, AUTRE_MENTION, RENOUVELLEMENT], UNAVAILABLE, {}),
    ([CONNU, MOI, VISA, AUTRE_MENTION, AUTRE_TITRE, "Pour motif humanitaire"], UNAVAILABLE, {}),
    ([CONNU, MOI, NUMERO, AUTRE_TITRE, "En tant que ressortissant étranger né en France"],
     UNAVAILABLE, {}),
    # Ordonnance de protection (guide 002): usager inconnu, then the summary screen.
    ([INCONNU, ATTACHES, AUTRE_SITUATION, I_ORDONNANCE, CONTINUE], "ordonnance_protection", {}),
    ([INCONNU, ATTACHES, AUTRE_SITUATION, I_ORDONNANCE, MODIFIER, AUTRE_SITUATION,
      I_ORDONNANCE, CONTINUE], "ordonnance_protection", {}),
    ([INCONNU, ATTACHES, AUTRE_SITUATION, I_ORDONNANCE, MODIFIER, I_SANTE], UNAVAILABLE, {}),
    ([INCONNU, ATTACHES, AUTRE_SITUATION, I_ASE], UNAVAILABLE, {}),
    ([INCONNU, ATTACHES, AUTRE_SITUATION, I_TRAITE], UNAVAILABLE, {}),
    ([INCONNU, ATTACHES, "Je suis membre de famille d'un citoyen français"], UNAVAILABLE, {}),
    ([INCONNU, ATTACHES, "Je suis un ressortissant étranger né en France"], UNAVAILABLE, {}),
    ([INCONNU, UE], UNAVAILABLE, {}),
]


@pytest.mark.parametrize(
    ("labels", "expected", "profile"), PATHS, ids=[" > ".join(p[0][1:]) for p in PATHS]
)
def test_path_leads_to(
    tree: RouteTree, labels: list[str], expected: str, profile: dict[str, str]
) -> None:
    walk = tree.follow(labels)
    assert walk.node is None, f"le parcours s'arrête au nœud « {walk.node and walk.node.id} »"
    if expected == UNAVAILABLE:
        assert walk.procedure is None
        assert walk.unavailable is not None
    else:
        assert walk.procedure == expected
        assert walk.unavailable is None
    assert {k: walk.profile.get(k) for k in profile} == profile


def test_modifier_ma_situation_forgets_later_choices(tree: RouteTree) -> None:
    before = tree.follow([INCONNU, ATTACHES, AUTRE_SITUATION, I_ORDONNANCE])
    assert before.node is not None
    assert before.node.text == "Merci, nous avons bien pris en compte votre situation."
    assert before.node.progress_percent == 20
    assert before.summary == [
        "Vous sollicitez pour la première fois un titre de séjour",
        "Vous êtes dans une autre situation",
        "Vous bénéficiez d'une ordonnance de protection",
    ]
    after = tree.follow([INCONNU, ATTACHES, AUTRE_SITUATION, I_ORDONNANCE, MODIFIER])
    assert after.node is not None and after.node.id == "inconnu_situation"
    assert after.summary == ["Vous sollicitez pour la première fois un titre de séjour"]


def test_follow_refuses_an_unknown_label_and_extra_choices(tree: RouteTree) -> None:
    with pytest.raises(KeyError):
        tree.follow([CONNU, "Pour quelqu'un d'autre"])
    with pytest.raises(ValueError):
        tree.follow([INCONNU, UE, ATTACHES])


def _all_paths(tree: RouteTree) -> list[list[str]]:
    """Every sequence of labels from the start to an outcome, `back` options left out."""
    out: list[list[str]] = []

    def walk(node_id: str, labels: list[str]) -> None:
        for opt in tree.node(node_id).options:
            if opt.back is not None:
                continue
            if opt.next is not None:
                walk(opt.next, [*labels, opt.label])
            else:
                out.append([*labels, opt.label])

    walk(tree.start, [])
    return out


def test_every_node_is_reached_and_every_path_ends_in_an_outcome(tree: RouteTree) -> None:
    paths = _all_paths(tree)
    seen: set[str] = {tree.start}
    for labels in paths:
        for i in range(1, len(labels)):
            node = tree.follow(labels[:i]).node
            assert node is not None
            seen.add(node.id)
        end = tree.follow(labels)
        assert end.node is None and (end.procedure or end.unavailable), labels
    assert seen == {n.id for n in tree.nodes}
    reached = {tree.follow(p).procedure for p in paths} - {None}
    assert reached == set(PROCEDURE_IDS)


def test_unavailable_routes_say_so_as_anef_does(tree: RouteTree) -> None:
    for labels in _all_paths(tree):
        message = tree.follow(labels).unavailable
        if message is not None:
            assert "n'est pas accessible en ligne pour le moment" in message
            assert "préfecture" in message


# ── Broken trees: each fails with the file and the field path ───────────────────────────

BASE: dict[str, Any] = {
    "start": "a",
    "nodes": [
        {"id": "a", "title": "A", "options": [
            {"label": "Réfugié", "sets": {"protection": "refugie"}, "next": "b"},
            {"label": "Ailleurs", "unavailable": "n'est pas accessible en ligne"},
        ]},
        {"id": "b", "title": "B", "options": [
            {"label": "BPI", "sets": {"titulaire": "titre", "pour": "moi_meme"},
             "procedure": "bpi_renouvellement"},
            {"label": "Modifier", "back": "a"},
        ]},
    ],
}


def _broken(change: str) -> dict[str, Any]:
    raw = copy.deepcopy(BASE)
    a_opts, b_opts = raw["nodes"][0]["options"], raw["nodes"][1]["options"]
    if change == "unknown_next":
        a_opts[0]["next"] = "nulle_part"
    elif change == "unknown_procedure":
        b_opts[0]["procedure"] = "inconnue"
    elif change == "missing_param":
        del b_opts[0]["sets"]["titulaire"]
    elif change == "impossible_value":
        a_opts[0]["sets"]["protection"] = "apatride"
    elif change == "loop":
        b_opts[1] = {"label": "Modifier", "next": "a"}
    elif change == "back_not_passed":
        a_opts[1] = {"label": "Plus loin", "back": "b"}
    elif change == "unknown_back":
        b_opts[1]["back"] = "nulle_part"
    elif change == "two_outcomes":
        b_opts[0]["unavailable"] = "non"
    elif change == "only_back":
        raw["nodes"][1]["options"] = [b_opts[1]]
    elif change == "unreachable":
        raw["nodes"].append({"id": "c", "title": "C", "options": [{"label": "x", "next": "a"}]})
    return raw


BROKEN = [
    ("unknown_next", "nodes[0].options[0].next", "nœud inconnu « nulle_part »"),
    ("unknown_procedure", "nodes[1].options[0].procedure", "téléprocédure inconnue"),
    ("missing_param", "nodes[1].options[0].sets", "« titulaire »"),
    ("impossible_value", "nodes[1].options[0].sets.protection", "« apatride »"),
    ("loop", "nodes[1].options[1].next", "boucle a → b → a"),
    ("back_not_passed", "nodes[0].options[1].back", "n'est pas un nœud déjà passé"),
    ("unknown_back", "nodes[1].options[1].back", "nœud inconnu « nulle_part »"),
    ("two_outcomes", "nodes[1].options[0]", "exactement un de"),
    ("only_back", "nodes[1].options", "aucune option"),
    ("unreachable", "nodes[2]", "inaccessible"),
]


def test_base_of_the_broken_trees_is_valid(tmp_path: Path, catalog: dict[str, Procedure]) -> None:
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(BASE, allow_unicode=True), encoding="utf-8")
    load_routes(path, catalog)


@pytest.mark.parametrize(("change", "where", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_tree_is_refused(
    tmp_path: Path, catalog: dict[str, Procedure], change: str, where: str, message: str
) -> None:
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(_broken(change), allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as err:
        load_routes(path, catalog)
    assert any(
        p.startswith(f"{path}: {where}") and message in p for p in err.value.problems
    ), err.value.problems
