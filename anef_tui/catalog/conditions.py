"""Conditions of a definition: when a section, field, attestation or document applies.

A condition is a small tree, declared in YAML, so that check-data can verify every
reference statically instead of discovering a typo at the counter:

    when: {field: situation_familiale, in: [marie, pacse]}
    when: {all: [{field: mineur_emancipe, equals: true}, {fact: mineur, equals: true}]}
    when: {not: {profile: hebergement, equals: hotel}}

`field` names an answer of the case, `profile` a choice made at profile selection,
`fact` a value computed by the domain core (age, mineur…). Each leaf takes exactly one
operator among equals, not_equals, in, not_in, is_set, gte, lte.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

Scalar = str | int | float | bool | None
Namespace = Literal["field", "profile", "fact"]

_OPERATORS = ("equals", "not_equals", "in", "not_in", "is_set", "gte", "lte")


class Leaf(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    field: str | None = None
    profile: str | None = None
    fact: str | None = None
    equals: Scalar = None
    not_equals: Scalar = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    not_in: list[Scalar] | None = None
    is_set: bool | None = None
    gte: float | None = None
    lte: float | None = None

    @model_validator(mode="after")
    def _one_subject_one_operator(self) -> Leaf:
        subjects = [n for n in ("field", "profile", "fact") if getattr(self, n) is not None]
        if len(subjects) != 1:
            raise ValueError("une condition nomme exactement un de : field, profile, fact")
        given = self.model_fields_set & {"equals", "not_equals", "in_", "not_in", "is_set",
                                         "gte", "lte"}
        if len(given) != 1:
            raise ValueError(
                "une condition prend exactement un opérateur parmi : " + ", ".join(_OPERATORS)
            )
        return self

    @property
    def namespace(self) -> Namespace:
        if self.field is not None:
            return "field"
        if self.profile is not None:
            return "profile"
        return "fact"

    @property
    def name(self) -> str:
        return self.field or self.profile or self.fact or ""

    @property
    def operator(self) -> str:
        (op,) = self.model_fields_set & {"equals", "not_equals", "in_", "not_in", "is_set",
                                         "gte", "lte"}
        return "in" if op == "in_" else op

    def compared_values(self) -> list[Scalar]:
        """The literal values this leaf compares against (for static checks)."""
        op = self.operator
        if op in ("equals", "not_equals"):
            return [getattr(self, op)]
        if op == "in":
            return list(self.in_ or [])
        if op == "not_in":
            return list(self.not_in or [])
        return []

    def evaluate(self, context: EvalContext) -> bool:
        value = context.lookup(self.namespace, self.name)
        op = self.operator
        if op == "is_set":
            present = value not in (None, "", [], {})
            return present is bool(self.is_set)
        if op == "equals":
            return value == self.equals
        if op == "not_equals":
            return value != self.not_equals
        if op == "in":
            return value in (self.in_ or [])
        if op == "not_in":
            return value not in (self.not_in or [])
        if value is None or isinstance(value, bool):
            return False
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        if op == "gte":
            return number >= float(self.gte)  # type: ignore[arg-type]
        return number <= float(self.lte)  # type: ignore[arg-type]


class AllOf(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    all_: list[Condition] = Field(alias="all", min_length=1)

    def evaluate(self, context: EvalContext) -> bool:
        return all(c.evaluate(context) for c in self.all_)


class AnyOf(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    any_: list[Condition] = Field(alias="any", min_length=1)

    def evaluate(self, context: EvalContext) -> bool:
        return any(c.evaluate(context) for c in self.any_)


class Not(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    not_: Condition = Field(alias="not")

    def evaluate(self, context: EvalContext) -> bool:
        return not self.not_.evaluate(context)


def _condition_kind(value: Any) -> str:
    """Which kind of condition a YAML mapping is, from its keys.

    Told before validating, so that a misspelt key is reported once, for the kind meant
    (« equal » in a leaf), instead of once for every kind pydantic would try.
    """
    if isinstance(value, dict):
        return next((f"<{key}>" for key in ("all", "any", "not") if key in value), "<leaf>")
    return {AllOf: "<all>", AnyOf: "<any>", Not: "<not>"}.get(type(value), "<leaf>")


# The tags are in angle brackets so that the loader can drop them from error paths.
Condition = Annotated[
    Annotated[AllOf, Tag("<all>")] | Annotated[AnyOf, Tag("<any>")]
    | Annotated[Not, Tag("<not>")] | Annotated[Leaf, Tag("<leaf>")],
    Discriminator(_condition_kind),
]
SUBJECTS = ("field", "profile", "fact")
OPERATORS = _OPERATORS
AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


def leaves(condition: Condition | None) -> Iterator[Leaf]:
    """Every leaf of a condition tree, for the static checks of the loader."""
    if condition is None:
        return
    if isinstance(condition, Leaf):
        yield condition
    elif isinstance(condition, AllOf):
        for c in condition.all_:
            yield from leaves(c)
    elif isinstance(condition, AnyOf):
        for c in condition.any_:
            yield from leaves(c)
    else:
        yield from leaves(condition.not_)


class EvalContext:
    """What conditions read: the answers, the profile and the computed facts of a case."""

    def __init__(
        self,
        answers: Mapping[str, Any],
        profile: Mapping[str, Any],
        facts: Mapping[str, Any],
    ) -> None:
        self.answers = answers
        self.profile = profile
        self.facts = facts

    def lookup(self, namespace: Namespace, name: str) -> Any:
        source = {"field": self.answers, "profile": self.profile, "fact": self.facts}[namespace]
        return source.get(name)


def holds(condition: Condition | None, context: EvalContext) -> bool:
    return True if condition is None else condition.evaluate(context)
