"""The profile-selection tree (data/routes.yaml): from the home tiles to a téléprocédure.

Each node asks one question; each option leads to another node, to a téléprocédure with
the profile parameters gathered on the way, or to the guide's message that the route is
not available online. The loader checks that no option is a dead end.
"""

from __future__ import annotations

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
    unavailable: str | None = None  # the message shown instead of a téléprocédure

    @model_validator(mode="after")
    def _one_outcome(self) -> RouteOption:
        outcomes = [x for x in (self.next, self.procedure, self.unavailable) if x is not None]
        if len(outcomes) != 1:
            raise ValueError("une option mène à exactement un de : next, procedure, unavailable")
        return self


class RouteNode(_Strict):
    id: str
    title: str
    question: str | None = None
    text: str | None = None
    progress_percent: int | None = None
    options: list[RouteOption] = Field(min_length=1)


class RouteTree(_Strict):
    start: str
    nodes: list[RouteNode] = Field(min_length=1)

    def node(self, node_id: str) -> RouteNode:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

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
        if problems:
            return problems
        # Walk every path from the start, carrying the profile gathered so far, so that a
        # téléprocédure is always reached with each of its parameters set to a known value.
        reached: set[str] = set()

        def walk(node_id: str, gathered: dict[str, str], trail: tuple[str, ...]) -> None:
            if node_id in trail:
                problems.append(f"{path}: nodes: boucle {' → '.join(trail + (node_id,))}")
                return
            reached.add(node_id)
            ni = ids.index(node_id)
            for oi, opt in enumerate(by_id[node_id].options):
                loc = f"{path}: nodes[{ni}].options[{oi}]"
                profile = gathered | opt.sets
                if opt.next is not None:
                    walk(opt.next, profile, trail + (node_id,))
                elif opt.procedure is not None:
                    proc = catalog[opt.procedure]
                    for param in proc.profile:
                        allowed = {o.value for o in param.options}
                        value = profile.get(param.id)
                        if value is None:
                            problems.append(f"{loc}: le paramètre « {param.id} » de "
                                            f"« {proc.id} » n'est pas choisi sur ce chemin")
                        elif value not in allowed:
                            problems.append(f"{loc}.sets.{param.id}: valeur « {value} » "
                                            f"inconnue de « {proc.id} »")

        walk(self.start, {}, ())
        for ni, node in enumerate(self.nodes):
            if node.id not in reached:
                problems.append(f"{path}: nodes[{ni}]: nœud « {node.id} » inaccessible")
        return sorted(set(problems), key=problems.index)
