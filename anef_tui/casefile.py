"""A case as the domain sees it: its definition, profile, answers and what follows from them.

Everything a screen needs to decide what to show — which sections, fields, attestations
and document slots apply, which help text of a slot, whether the applicant is eligible,
the age facts — is computed here, from the definition, without Textual.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from anef_tui.catalog.conditions import EvalContext, holds
from anef_tui.catalog.models import (
    Attestation,
    DocumentSlot,
    Eligibility,
    FieldDef,
    Procedure,
    Section,
    Step,
    Text,
)


def age_on(birth_iso: str | None, on: date) -> int | None:
    """Whole years on `on` of someone born on `birth_iso` (possibly only « AAAA »).

    With only the year (usager inconnu), the age is the lowest it can be, so that a
    rule « from 16 » never admits someone who may still be 15.
    """
    if not birth_iso:
        return None
    parts = [int(p) for p in str(birth_iso).split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else 31
    age = on.year - year - ((on.month, on.day) < (month, day))
    return age


@dataclass(frozen=True)
class VisibleSlot:
    slot: DocumentSlot
    help: str | None
    max_files: int


@dataclass
class CaseState:
    procedure: Procedure
    profile: Mapping[str, str]
    identity: Mapping[str, Any] = field(default_factory=dict)
    answers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    default_max_files: int = 3

    # -- what conditions read ------------------------------------------------------

    def flat_answers(self, pending: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Every answer of the case by field id; `pending` (the step being edited) wins."""
        flat: dict[str, Any] = dict(self.identity)
        for values in self.answers.values():
            flat.update(values)
        if pending:
            flat.update(pending)
        return flat

    def facts(self, flat: Mapping[str, Any]) -> dict[str, Any]:
        birth_field = self.procedure.birth_date_field
        birth = flat.get(birth_field) if birth_field else None
        age = age_on(birth, self.today)
        facts: dict[str, Any] = {
            "age": age,
            "mineur": None if age is None else age < 18,
            "majeur": None if age is None else age >= 18,
        }
        for derived in self.procedure.derived_facts:
            on = flat.get(derived.age_at)
            facts[derived.id] = (
                age_on(birth, date.fromisoformat(on) + timedelta(days=derived.offset_days))
                if birth and isinstance(on, str) and len(on) == 10 else None
            )
        return facts

    def fact_date_fields(self) -> set[str]:
        """The date fields the facts are computed from (birth, derived facts' dates)."""
        birth = self.procedure.birth_date_field
        return {*([birth] if birth else []), *(d.age_at for d in self.procedure.derived_facts)}

    def context(self, pending: Mapping[str, Any] | None = None) -> EvalContext:
        flat = self.flat_answers(pending)
        return EvalContext(flat, dict(self.profile), self.facts(flat))

    # -- steps -------------------------------------------------------------------

    @property
    def steps(self) -> list[Step]:
        return self.procedure.steps

    def step(self, step_id: str) -> Step:
        return self.procedure.step(step_id)

    def step_number(self, step_id: str) -> int:
        return self.procedure.step_number(step_id)

    def next_step(self, step_id: str) -> Step:
        return self.procedure.next_step(step_id)

    def previous_step(self, step_id: str) -> Step | None:
        return self.procedure.previous_step(step_id)

    def identity_fields(self) -> list[FieldDef]:
        return [f for s in self.steps for sec in s.sections for f in sec.fields if f.identity]

    def readonly_identity(self) -> bool:
        """Known applicants' état civil is the one of their titre: not editable."""
        return self.procedure.applicant == "known"

    # -- what applies ------------------------------------------------------------

    def sections(self, step: Step, ctx: EvalContext) -> list[Section]:
        return [s for s in step.sections if holds(s.when, ctx)]

    def texts(self, section: Section, ctx: EvalContext) -> list[Text]:
        return [t for t in section.texts if holds(t.when, ctx)]

    def fields(self, section: Section, ctx: EvalContext) -> list[FieldDef]:
        return [f for f in section.fields if holds(f.when, ctx)]

    def attestations(self, section: Section, ctx: EvalContext) -> list[Attestation]:
        return [a for a in section.attestations if holds(a.when, ctx)]

    def documents(self, section: Section, ctx: EvalContext) -> list[VisibleSlot]:
        out = []
        for slot in section.documents:
            if not holds(slot.when, ctx):
                continue
            help_text = slot.help
            for variant in slot.variants:
                if holds(variant.when, ctx):
                    help_text = variant.help
                    break
            out.append(VisibleSlot(slot, help_text, slot.max_files or self.default_max_files))
        return out

    def step_fields(self, step: Step, ctx: EvalContext) -> Iterator[FieldDef]:
        for section in self.sections(step, ctx):
            yield from self.fields(section, ctx)

    def step_attestations(self, step: Step, ctx: EvalContext) -> list[Attestation]:
        return [a for sec in self.sections(step, ctx) for a in self.attestations(sec, ctx)]

    def step_documents(self, step: Step, ctx: EvalContext) -> list[VisibleSlot]:
        return [d for sec in self.sections(step, ctx) for d in self.documents(sec, ctx)]

    def all_documents(self, ctx: EvalContext | None = None) -> list[VisibleSlot]:
        ctx = ctx or self.context()
        return [d for step in self.steps for d in self.step_documents(step, ctx)]

    def all_attestations(self, ctx: EvalContext | None = None) -> list[Attestation]:
        ctx = ctx or self.context()
        return [a for step in self.steps for a in self.step_attestations(step, ctx)]

    def ineligibility(self, step: Step, ctx: EvalContext) -> Eligibility | None:
        for rule in step.eligibility:
            if holds(rule.when, ctx):
                return rule
        return None

    def identity_problems(self, ctx: EvalContext) -> list[tuple[str, str]]:
        """(field id, message) of each identity rule the answers break."""
        return [(r.field, r.message) for r in self.procedure.identity_rules
                if holds(r.when, ctx)]

    def mention(self) -> str | None:
        ctx = self.context()
        for m in self.procedure.confirmation.mentions:
            if holds(m.when, ctx):
                return m.mention
        return None
