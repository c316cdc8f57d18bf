"""A form step as questions: each visible field, attestation and document slot in the
definition's order, each checked by the service as answered, then the whole step checked
and saved in one transaction, exactly as the step screen does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anef_tui.catalog.models import (
    Attestation,
    DocumentSlot,
    Eligibility,
    FieldDef,
    Section,
    Step,
)
from anef_tui.plain.console import Back, CaseClosed, Console
from anef_tui.plain.questions import ask_field, ask_group, stored_raw
from anef_tui.service import (
    CaseConflict,
    CaseLocked,
    CaseRecord,
    CaseService,
    FieldError,
    IngestError,
    StorageError,
    StoredAttachment,
    display_value,
    typed_for_conditions,
    validate_group_item,
)


class GoTo(Exception):  # noqa: N818 - a signal, not an error
    """A section's « Modifier ma situation »: back to the step it names."""

    def __init__(self, step_id: str) -> None:
        super().__init__(step_id)
        self.step_id = step_id


@dataclass(frozen=True)
class Item:
    section: Section
    what: FieldDef | Attestation | DocumentSlot

    @property
    def key(self) -> str:
        if isinstance(self.what, Attestation):
            return f"attestation:{self.what.id}"
        if isinstance(self.what, DocumentSlot):
            return f"document:{self.what.id}"
        return self.what.id


class StepQuestions:
    def __init__(self, service: CaseService, console: Console, record: CaseRecord,
                 step: Step, return_to_recap: bool) -> None:
        self.service = service
        self.console = console
        self.record = record
        self.step = step
        self.return_to_recap = return_to_recap
        self.state = self.service.state(record)
        self.readonly = self.state.readonly_identity()
        saved = {**record.identity, **record.answers.get(step.id, {})}
        self.saved = saved
        self.raw: dict[str, Any] = {}
        self.ticked: dict[str, bool] = dict(saved.get("attestations", {}))
        self.attachments: list[StoredAttachment] = list(record.attachments)
        self.items: list[Item] = []
        for section in step.sections:
            for f in section.fields:
                if f.identity and self.readonly:
                    continue
                self.raw[f.id] = stored_raw(f, saved.get(f.id))
                self.items.append(Item(section, f))
            self.items += [Item(section, a) for a in section.attestations]
            self.items += [Item(section, d) for d in section.documents]
        self.announced: set[str] = set()
        self.shown_rule: str | None = None

    # -- visibility (the definition's conditions, read by CaseState) --------------

    def visible(self, item: Item) -> bool:
        ctx = self.state.context(typed_for_conditions(self.state, self.step, self.raw))
        if item.section not in self.state.sections(self.step, ctx):
            return False
        what = item.what
        if isinstance(what, Attestation):
            return what in self.state.attestations(item.section, ctx)
        if isinstance(what, DocumentSlot):
            return any(v.slot.id == what.id for v in self.state.documents(item.section, ctx))
        return what in self.state.fields(item.section, ctx)

    def check(self) -> list[FieldError]:
        outcome, _ = self.service.check_step(self.record, self.step, self.raw, self.ticked,
                                             self.attachments)
        return outcome.errors

    def problems(self, key: str) -> list[FieldError]:
        return [e for e in self.check() if e.key == key or e.key.startswith(key + "[")]

    # -- the walk -------------------------------------------------------------------

    def run(self) -> str | None:
        c, state, step = self.console, self.state, self.step
        c.heading(self.service.wording.step_place.format(
            number=state.step_number(step.id), count=len(state.steps), title=step.title))
        if step.progress_percent is not None:
            c.say(self.service.wording.progress.format(percent=step.progress_percent))
        if step.heading:
            c.say(step.heading)
        if step.intro:
            c.say(step.intro)
        i = 0
        while True:
            while i < len(self.items):
                item = self.items[i]
                if not self.visible(item):
                    i += 1
                    continue
                number = 1 + sum(self.visible(it) for it in self.items[:i])
                try:
                    self.ask(item, number)
                except GoTo as go:
                    # As the screen's button: nothing of this step is saved.
                    self.service.go_to(self.record, go.step_id)
                    return go.step_id
                except Back:
                    previous = [j for j in range(i) if self.visible(self.items[j])]
                    if not previous:
                        return None
                    i = previous[-1]
                    continue
                found = self.problems(item.key)
                for e in found:
                    c.error(e.message)
                if not found and not self.said_ineligible():
                    i += 1
            outcome, ineligible = self.service.check_step(
                self.record, step, self.raw, self.ticked, self.attachments)
            if outcome.errors:
                for e in outcome.errors:
                    c.error(e.line())
                first = next((j for j, it in enumerate(self.items)
                              if any(e.key == it.key or e.key.startswith(it.key + "[")
                                     for e in outcome.errors)), 0)
                i = first
                continue
            if ineligible is not None:
                self.ineligible(ineligible)
                i = 0
                continue
            target = (state.next_step(step.id).id if not self.return_to_recap
                      else state.procedure.recap_step.id)
            try:
                self.service.save_step(self.record, step, outcome, self.attachments, target)
            except CaseConflict as exc:
                c.error(f"Enregistrement refusé : {exc}")
                self.record = self.service.get(self.record.id)
                self.state = self.service.state(self.record)
                i = 0
                continue
            except StorageError as exc:
                c.error(f"Enregistrement impossible : {exc}")
                i = len(self.items)
                continue
            c.say(f"Étape « {step.title} » enregistrée.")
            return target

    def said_ineligible(self) -> bool:
        """As on ANEF (001 « Demandeur non éligible ») and the step screen: said as soon
        as the answers that decide it are given, not only when the step is saved."""
        ctx = self.state.context(typed_for_conditions(self.state, self.step, self.raw))
        rule = self.state.ineligibility(self.step, ctx)
        if rule is None:
            self.shown_rule = None
            return False
        if rule.id == self.shown_rule:
            return False
        self.shown_rule = rule.id
        self.ineligible(rule)
        return True  # « Modifier ma saisie »: the same question again

    def ineligible(self, rule: Eligibility) -> None:
        c = self.console
        c.heading(rule.title)
        c.say(rule.message)
        try:
            buttons = self.service.wording.buttons
            abandon = c.choose("Que faire ?", [buttons.edit, buttons.abandon]) == 1
        except Back:
            abandon = False
        if abandon:
            # As the step screen's dialog: the answer is the confirmation.
            self.service.abandon(self.record.id)
            c.say("La demande a été abandonnée ; ses données ont été effacées.")
            raise CaseClosed

    def announce(self, upto: Section) -> None:
        """The titles and texts of the sections up to this one not said yet (and the
        identity taken from the titre, read-only)."""
        ctx = self.state.context(typed_for_conditions(self.state, self.step, self.raw))
        for section in self.state.sections(self.step, ctx):
            if section.id not in self.announced:
                self.announced.add(section.id)
                self._announce(section, ctx)
            if section.id == upto.id:
                return

    def _announce(self, section: Section, ctx: Any) -> None:
        c = self.console
        if section.title:
            c.heading(section.title)
        for t in self.state.texts(section, ctx):
            c.say(t.text)
        if self.readonly:
            for f in self.state.fields(section, ctx):
                if f.identity:
                    c.say(f"{f.label} : {display_value(f, self.saved.get(f.id))}")
        if section.attestations and section.attestations_intro:
            c.say(section.attestations_intro)
        if section.actions:
            self.actions(section)

    def actions(self, section: Section) -> None:
        """The section's buttons (002): « Modifier ma situation », the case's list of
        pieces; « Continuer » goes on with the questions."""
        c = self.console
        labels = [a.label for a in section.actions]
        while True:
            picked = c.choose("Que faire ?", [*labels, "Continuer"])
            if picked == len(labels):
                return
            action = section.actions[picked]
            if action.kind == "go_to_step" and action.step is not None:
                raise GoTo(action.step)
            path = self.service.write_piece_list(self.record.procedure_id, self.record.id)
            c.say(f"{self.service.wording.piece_list} (PDF) : {path}")

    def ask(self, item: Item, number: int) -> None:
        self.announce(item.section)
        what, c = item.what, self.console
        if isinstance(what, Attestation):
            self.ticked[what.id] = c.yes_no(f"{number}. {what.text} (obligatoire)",
                                            current=self.ticked.get(what.id, False))
        elif isinstance(what, DocumentSlot):
            self.ask_slot(what, number)
        elif what.type == "group":
            flat, today = self.state.flat_answers(), self.state.today
            self.raw[what.id] = ask_group(
                c, number, what, list(self.raw.get(what.id) or []),
                lambda item: validate_group_item(what, item, flat, today))
        else:
            self.raw[what.id] = ask_field(c, number, what, self.raw.get(what.id))

    def ask_slot(self, slot: DocumentSlot, number: int) -> None:
        c = self.console
        ctx = self.state.context(typed_for_conditions(self.state, self.step, self.raw))
        visible = next(v for sec in self.step.sections for v in self.state.documents(sec, ctx)
                       if v.slot.id == slot.id)
        c.say(f"{number}. Document : {slot.label}" + (" (obligatoire)" if slot.required
                                                       else ""))
        if visible.help:
            c.say(visible.help)
        scans = self.service.settings.scan_dir
        c.say(f"Au plus {visible.max_files} fichier(s). Tapez le chemin d'un fichier à "
              f"joindre (un nom seul est cherché dans le dossier de numérisation, {scans}) ; "
              "« -N » retire le fichier N ; ligne vide : terminé.")
        while True:
            mine = [a for a in self.attachments if a.slot_id == slot.id]
            for k, a in enumerate(mine, start=1):
                c.say(f"  Fichier {k} : {a.original_name}")
            answer = c.read(f"Chemin du fichier ({len(mine)} joint(s)) : ",
                            visible.help).strip()
            if not answer:
                return
            if answer.startswith("-") and answer[1:].isdigit():
                k = int(answer[1:])
                if 1 <= k <= len(mine):
                    self.attachments.remove(mine[k - 1])
                    c.say(f"Fichier retiré : {mine[k - 1].original_name}")
                else:
                    c.error(f"aucun fichier n° {k} pour ce document.")
                continue
            try:
                added = self.service.attach(self.record.id, slot.id, slot.label,
                                            visible.max_files, scans / Path(answer).expanduser(),
                                            self.attachments)
            except (IngestError, CaseLocked, StorageError) as exc:
                c.error(str(exc))
                continue
            self.attachments.append(added)
            c.say(f"Fichier joint : {added.original_name}")
