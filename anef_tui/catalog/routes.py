"""The profile-selection tree (data/routes.yaml): from the home tiles to a téléprocédure.

Each node asks one question; each option leads to another node, to a téléprocédure with
the profile parameters gathered on the way, or to an outcome that is not a téléprocédure
(`outcomes`: the guide's message that the route is not available online, or that this
tool does not prepare it). The loader checks that no option is a dead end.

An option may also go `back` to a node already passed on the way (ANEF's « Modifier ma
situation »): the choices made from that node on are forgotten and asked again. It is not
walked as a child, so it is the only way a tree may point upwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    from anef_tui.catalog.models import Procedure


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RouteOption(_Strict):
    label: str
    help: str | None = None
    sets: dict[str, str] = Field(default_factory=dict)  # profile parameters chosen here
    next: str | None = None
    procedure: str | None = None
    unavailable: str | None = None  # the id of the outcome shown instead of a téléprocédure
    back: str | None = None  # a node passed on the way, whose question is asked again
    # The line of ANEF's « Merci, nous avons bien pris en compte votre situation » summary
    # that this choice stands for; a choice without one is not listed there.
    summary: str | None = None

    @model_validator(mode="after")
    def _one_outcome(self) -> RouteOption:
        outcomes = [
            x for x in (self.next, self.procedure, self.unavailable, self.back) if x is not None
        ]
        if len(outcomes) != 1:
            raise ValueError(
                "une option mène à exactement un de : next, procedure, unavailable, back"
            )
        return self


class Outcome(_Strict):
    """Where a route stops without a téléprocédure: a title and the text that says why."""

    title: str
    text: str


class RouteNode(_Strict):
    id: str
    title: str
    question: str | None = None
    text: str | None = None
    progress_percent: int | None = None
    options: list[RouteOption] = Field(min_length=1)


@dataclass
class RouteWalk:
    """Where a sequence of choices leads: a node still to answer, or an outcome."""

    node: RouteNode | None  # the node to answer next; None once an outcome is reached
    profile: dict[str, str] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)  # the chosen options' `summary` lines
    procedure: str | None = None
    unavailable: Outcome | None = None


class RouteTree(_Strict):
    start: str
    outcomes: dict[str, Outcome] = Field(default_factory=dict)
    nodes: list[RouteNode] = Field(min_length=1)

    def node(self, node_id: str) -> RouteNode:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def follow(self, labels: Sequence[str]) -> RouteWalk:
        """Answer the questions from the start with these option labels, in order.

        A `back` option returns to its node and forgets what was chosen from there on.
        Raises KeyError for a label the current node does not offer, ValueError for a
        label given after an outcome was reached.
        """
        # One frame per node entered: the node, and the profile and summary before it.
        frames: list[tuple[RouteNode, dict[str, str], list[str]]] = [
            (self.node(self.start), {}, [])
        ]
        profile: dict[str, str] = {}
        summary: list[str] = []
        for i, label in enumerate(labels):
            node = frames[-1][0]
            opt = next((o for o in node.options if o.label == label), None)
            if opt is None:
                raise KeyError(f"« {label} » n'est pas un choix de « {node.id} »")
            if opt.back is not None:
                passed = [f[0].id for f in frames]
                if opt.back not in passed:
                    raise KeyError(f"« {opt.back} » n'est pas un nœud déjà passé")
                del frames[passed.index(opt.back) + 1:]
                _, profile, summary = frames[-1]
                continue
            profile = profile | opt.sets
            if opt.summary is not None:
                summary = [*summary, opt.summary]
            if opt.next is not None:
                frames.append((self.node(opt.next), profile, summary))
                continue
            if i != len(labels) - 1:
                extra = list(labels[i + 1:])
                raise ValueError(f"« {label} » termine le parcours : choix en trop {extra}")
            outcome = None if opt.unavailable is None else self.outcomes[opt.unavailable]
            return RouteWalk(None, profile, summary, opt.procedure, outcome)
        return RouteWalk(frames[-1][0], profile, summary)

    def check(self, path: Path, catalog: dict[str, Procedure]) -> list[str]:
        problems: list[str] = []
        ids = [n.id for n in self.nodes]
        by_id = {n.id: n for n in self.nodes}
        if len(set(ids)) != len(ids):
            problems.append(f"{path}: nodes: identifiants de nœud en double")
        if self.start not in by_id:
            problems.append(f"{path}: start: nœud inconnu « {self.start} »")
            return problems
        for ni, node in enumerate(self.nodes):
            for oi, opt in enumerate(node.options):
                loc = f"{path}: nodes[{ni}].options[{oi}]"
                if opt.next is not None and opt.next not in by_id:
                    problems.append(f"{loc}.next: nœud inconnu « {opt.next} »")
                if opt.procedure is not None and opt.procedure not in catalog:
                    problems.append(f"{loc}.procedure: téléprocédure inconnue « {opt.procedure} »")
                if opt.unavailable is not None and opt.unavailable not in self.outcomes:
                    problems.append(f"{loc}.unavailable: issue inconnue « {opt.unavailable} »")
                if opt.back is not None and opt.back not in by_id:
                    problems.append(f"{loc}.back: nœud inconnu « {opt.back} »")
            if all(opt.back is not None for opt in node.options):
                # Only ways back: the applicant could never leave this node.
                problems.append(f"{path}: nodes[{ni}].options: aucune option ne mène plus loin "
                                f"que « back »")
        if problems:
            return problems
        # Walk every path from the start, carrying the profile gathered so far, so that a
        # téléprocédure is always reached with each of its parameters set to a known value.
        reached: set[str] = set()
        offered: set[str] = set()

        def walk(node_id: str, gathered: dict[str, str], trail: tuple[str, ...]) -> None:
            reached.add(node_id)
            ni = ids.index(node_id)
            here = trail + (node_id,)
            for oi, opt in enumerate(by_id[node_id].options):
                loc = f"{path}: nodes[{ni}].options[{oi}]"
                profile = gathered | opt.sets
                if opt.back is not None:
                    if opt.back not in here:
                        problems.append(f"{loc}.back: « {opt.back} » n'est pas un nœud déjà "
                                        f"passé sur le chemin {' → '.join(here)}")
                elif opt.next is not None:
                    if opt.next in here:
                        problems.append(f"{loc}.next: boucle {' → '.join(here + (opt.next,))} "
                                        f"(pour revenir en arrière, utiliser « back »)")
                    else:
                        walk(opt.next, profile, here)
                elif opt.procedure is not None:
                    proc = catalog[opt.procedure]
                    offered.add(proc.id)
                    for param in proc.profile:
                        allowed = {o.value for o in param.options}
                        value = profile.get(param.id)
                        if value is None:
                            problems.append(f"{loc}.sets: le paramètre « {param.id} » de "
                                            f"« {proc.id} » n'est pas choisi sur ce chemin")
                        elif value not in allowed:
                            problems.append(f"{loc}.sets.{param.id}: valeur « {value} » "
                                            f"inconnue de « {proc.id} »")

        walk(self.start, {}, ())
        for ni, node in enumerate(self.nodes):
            if node.id not in reached:
                problems.append(f"{path}: nodes[{ni}]: nœud « {node.id} » inaccessible")
        for procedure_id in sorted(set(catalog) - offered):
            problems.append(f"{path}: nodes: aucun chemin depuis « {self.start} » ne mène à la "
                            f"téléprocédure « {procedure_id} » : elle ne serait jamais proposée "
                            f"au guichet (ajouter une option « procedure: {procedure_id} »)")
        return sorted(set(problems), key=problems.index)
