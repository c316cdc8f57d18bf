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
from anef_tui.catalog.models import Procedure, ProfileParameter
from anef_tui.catalog.routes import RouteTree

PROCEDURE_IDS = (
    "bpi_renouvellement",
    "ase_premiere_demande",
    "ordonnance_protection",
    "conjoint_rf_renouvellement",
    "etranger_malade_renouvellement",
)
# Only the parameters agreed with the authors of the definitions still being written.
AGREED_PROFILES: dict[str, list[ProfileParameter]] = {}


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
# « Votre situation actuelle »: the guides' sentences, word for word.
BPS = ("Vous êtes titulaire d'un titre de séjour en tant que « BPS ». Ce titre porte la "
       "mention « BÉNÉFICIAIRE DE LA PROTECTION SUBSIDIAIRE ».")  # 000
CONJOINT = ("Vous êtes titulaire d'un titre de séjour en tant que « Conjoint d'étranger RF ». "
            "Ce titre porte la mention « VIE PRIVÉE ET FAMILIALE ».")  # 003
MALADE = ("Vous êtes titulaire d'un titre de séjour en tant que « Etranger malade ». Ce titre "
          "porte la mention « VIE PRIVÉE ET FAMILIALE ».")  # 004
TITRE = "Vous êtes titulaire d'un titre de séjour"  # 001
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
INDISPONIBLE = "indisponible"  # the guide's « n'est pas accessible en ligne »
HORS_OUTIL = "hors_outil"  # on ANEF, but not prepared by this tool

PATHS: list[tuple[list[str], str, dict[str, str]]] = [
    # BPI renewal (guide 000): « Moi-même » → « Votre situation actuelle ».
    ([CONNU, MOI, BPS, RENOUVELLEMENT], "bpi_renouvellement",
     {"pour": "moi_meme", "protection": "subsidiaire"}),
    ([CONNU, MINEUR, "Réfugié"], "bpi_renouvellement", {"pour": "mineur", "protection": "refugie"}),
    ([CONNU, MINEUR, "Bénéficiaire de la protection subsidiaire"], "bpi_renouvellement",
     {"pour": "mineur", "protection": "subsidiaire"}),
    ([CONNU, MOI, TITRE, AUTRE_TITRE, PI, "Réfugié"], "bpi_renouvellement",
     {"pour": "moi_meme", "protection": "refugie"}),
    ([CONNU, MOI, MALADE, AUTRE_TITRE, PI, "Bénéficiaire de la protection subsidiaire"],
     "bpi_renouvellement", {"pour": "moi_meme", "protection": "subsidiaire"}),
    # Conjoint RF and étranger malade renewals (guides 003, 004).
    ([CONNU, MOI, CONJOINT, RENOUVELLEMENT], "conjoint_rf_renouvellement", {}),
    ([CONNU, MOI, MALADE, RENOUVELLEMENT], "etranger_malade_renouvellement", {}),
    # ASE (guide 001): « Vous êtes titulaire d'un titre de séjour » → vulnérabilité → ASE.
    ([CONNU, MOI, TITRE, AUTRE_TITRE, VULNERABLE, ASE], "ase_premiere_demande",
     {"pour": "moi_meme"}),
    ([CONNU, MOI, BPS, AUTRE_TITRE, VULNERABLE, ASE], "ase_premiere_demande", {}),
    # The guide's « n'est pas accessible en ligne »: only under this renewal (001).
    ([CONNU, MOI, TITRE, RENOUVELLEMENT], INDISPONIBLE, {}),
    # On ANEF, not prepared by this tool.
    ([CONNU, MOI, TITRE, AUTRE_TITRE, VULNERABLE, ORDONNANCE], HORS_OUTIL, {}),
    ([CONNU, MOI, TITRE, AUTRE_TITRE, VULNERABLE, TRAITE], HORS_OUTIL, {}),
    ([CONNU, MOI, CONJOINT, AUTRE_TITRE, "En tant qu'étudiant"], HORS_OUTIL, {}),
    ([CONNU, MOI, TITRE, AUTRE_TITRE, "Pour motif humanitaire"], HORS_OUTIL, {}),
    ([CONNU, MOI, TITRE, AUTRE_TITRE, "En tant que ressortissant étranger né en France"],
     HORS_OUTIL, {}),
    # Ordonnance de protection (guide 002): « Votre situation » is the téléprocédure's step 1.
    ([INCONNU, ATTACHES], "ordonnance_protection", {}),
    ([INCONNU, UE], HORS_OUTIL, {}),
]


@pytest.mark.parametrize(
    ("labels", "expected", "profile"), PATHS, ids=[" > ".join(p[0][1:]) for p in PATHS]
)
def test_path_leads_to(
    tree: RouteTree, labels: list[str], expected: str, profile: dict[str, str]
) -> None:
    walk = tree.follow(labels)
    assert walk.node is None, f"le parcours s'arrête au nœud « {walk.node and walk.node.id} »"
    if expected in (INDISPONIBLE, HORS_OUTIL):
        assert walk.procedure is None
        assert walk.unavailable == tree.outcomes[expected]
    else:
        assert walk.procedure == expected
        assert walk.unavailable is None
    assert {k: walk.profile.get(k) for k in profile} == profile


def test_no_invented_screen_between_moi_meme_and_votre_situation_actuelle(
    tree: RouteTree,
) -> None:
    """Guides 003, 004 (and 000 once logged in): « Moi-même » leads straight to « Votre
    situation actuelle »; nothing asks how the titre was issued."""
    node = tree.follow([CONNU, MOI]).node
    assert node is not None and node.title == "Votre situation actuelle"
    assert [o.label for o in node.options] == [BPS, CONJOINT, MALADE, TITRE]
    for n in tree.nodes:
        assert "délivré en tant que" not in (n.question or "")
        assert not any("– mention" in o.label or "RÉFUGIÉ »" in o.label for o in n.options)


def test_votre_situation_is_asked_once_in_step_1_of_002(tree: RouteTree) -> None:
    walk = tree.follow([INCONNU, ATTACHES])
    assert walk.procedure == "ordonnance_protection"
    labels = {o.label for n in tree.nodes for o in n.options}
    assert "Je bénéficie d'une ordonnance de protection" not in labels
    assert "Je suis dans une autre situation" not in labels


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


def test_outcomes_say_truthfully_why_the_route_stops(tree: RouteTree) -> None:
    """« n'est pas accessible en ligne » only where a guide shows it (the renewal of an
    other titre, 001); elsewhere ANEF has the démarche and this tool does not prepare it."""
    assert "n'est pas accessible en ligne pour le moment" in tree.outcomes[INDISPONIBLE].text
    assert "préfecture" in tree.outcomes[INDISPONIBLE].text
    hors = tree.outcomes[HORS_OUTIL].text
    assert "existe en ligne" in hors and "cet outil ne la prépare pas" in hors
    assert "n'est pas accessible" not in hors
    for labels in _all_paths(tree):
        end = tree.follow(labels).unavailable
        if end == tree.outcomes[INDISPONIBLE]:
            assert labels[-2:] == [TITRE, RENOUVELLEMENT], labels


# ── Broken trees: each fails with the file and the field path ───────────────────────────

BASE: dict[str, Any] = {
    "start": "a",
    "outcomes": {"ailleurs": {"title": "Ailleurs", "text": "n'est pas accessible en ligne"}},
    "nodes": [
        {"id": "a", "title": "A", "options": [
            {"label": "Réfugié", "sets": {"protection": "refugie"}, "next": "b"},
            {"label": "Ailleurs", "unavailable": "ailleurs"},
        ]},
        {"id": "b", "title": "B", "options": [
            {"label": "BPI", "sets": {"pour": "moi_meme"},
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
        del b_opts[0]["sets"]["pour"]
    elif change == "impossible_value":
        a_opts[0]["sets"]["protection"] = "apatride"
    elif change == "loop":
        b_opts[1] = {"label": "Modifier", "next": "a"}
    elif change == "back_not_passed":
        a_opts[1] = {"label": "Plus loin", "back": "b"}
    elif change == "unknown_back":
        b_opts[1]["back"] = "nulle_part"
    elif change == "two_outcomes":
        b_opts[0]["unavailable"] = "ailleurs"
    elif change == "unknown_outcome":
        a_opts[1]["unavailable"] = "nulle_part"
    elif change == "only_back":
        raw["nodes"][1]["options"] = [b_opts[1]]
    elif change == "unreachable":
        raw["nodes"].append({"id": "c", "title": "C", "options": [{"label": "x", "next": "a"}]})
    return raw


BROKEN = [
    ("unknown_next", "nodes[0].options[0].next", "nœud inconnu « nulle_part »"),
    ("unknown_procedure", "nodes[1].options[0].procedure", "téléprocédure inconnue"),
    ("missing_param", "nodes[1].options[0].sets", "« pour »"),
    ("unknown_outcome", "nodes[0].options[1].unavailable", "issue inconnue « nulle_part »"),
    ("impossible_value", "nodes[1].options[0].sets.protection", "« apatride »"),
    ("loop", "nodes[1].options[1].next", "boucle a → b → a"),
    ("back_not_passed", "nodes[0].options[1].back", "n'est pas un nœud déjà passé"),
    ("unknown_back", "nodes[1].options[1].back", "nœud inconnu « nulle_part »"),
    ("two_outcomes", "nodes[1].options[0]", "exactement un de"),
    ("only_back", "nodes[1].options", "aucune option"),
    ("unreachable", "nodes[2]", "inaccessible"),
]


def only_bpi(catalog: dict[str, Procedure]) -> dict[str, Procedure]:
    """The small trees offer one téléprocédure: checked against a catalog of that one."""
    return {"bpi_renouvellement": catalog["bpi_renouvellement"]}


def test_base_of_the_broken_trees_is_valid(tmp_path: Path, catalog: dict[str, Procedure]) -> None:
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(BASE, allow_unicode=True), encoding="utf-8")
    load_routes(path, only_bpi(catalog))


def test_a_procedure_no_route_reaches_is_refused(tmp_path: Path,
                                                 catalog: dict[str, Procedure]) -> None:
    """A definition in data/procedures that no choice leads to would never be offered."""
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(BASE, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as err:
        load_routes(path, catalog)
    unreached = [p for p in err.value.problems if "ne mène à la téléprocédure" in p]
    assert len(unreached) == len(catalog) - 1, err.value.problems
    assert all(p.startswith(f"{path}: nodes: aucun chemin depuis « a »") for p in unreached)
    assert any("« ordonnance_protection »" in p for p in unreached)


@pytest.mark.parametrize(("change", "where", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_tree_is_refused(
    tmp_path: Path, catalog: dict[str, Procedure], change: str, where: str, message: str
) -> None:
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(_broken(change), allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as err:
        load_routes(path, only_bpi(catalog))
    assert any(
        p.startswith(f"{path}: {where}") and message in p for p in err.value.problems
    ), err.value.problems
