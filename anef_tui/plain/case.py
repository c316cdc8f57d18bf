"""One dossier walked: the préambule, each step, the récapitulatif, the deposit and its
confirmation, « !q » (kept at its last validated step) and « !abandon » (asked first)."""

from __future__ import annotations

from pathlib import Path

from anef_tui.catalog.models import Procedure, Step
from anef_tui.plain.console import Abandon, Back, CaseClosed, Console, EndOfInput, Leave
from anef_tui.plain.step import StepQuestions
from anef_tui.service import (
    CaseConflict,
    CaseRecord,
    CaseService,
    DepositRefused,
    StorageError,
    describe_failure,
    step_summary,
)

SAVED = ("Dossier enregistré à la dernière étape validée. Vous pourrez le reprendre depuis "
         "l'accueil.")


class CaseWalk:
    def __init__(self, service: CaseService, console: Console) -> None:
        self.service = service
        self.console = console

    def run(self, case_id: int) -> None:
        """Walk a draft from its current step to the deposit; CaseClosed at the end."""
        service = self.service
        record = service.get(case_id)
        procedure = service.procedure(record.procedure_id)
        step_id = record.current_step
        return_to_recap = False
        try:
            if step_id == procedure.steps[0].id and record.last_validated_step is None \
                    and procedure.preamble is not None:
                self.preamble(case_id, procedure)
            while True:
                record = service.get(case_id)
                step = procedure.step(step_id)
                if step.kind == "recap":
                    target = self.recap(record, step)
                    if target is None:
                        self.confirmation(case_id)
                        return
                    step_id, return_to_recap = target, True
                    service.go_to(record, step_id)
                    continue
                if step.kind == "confirmation":
                    self.confirmation(case_id)
                    return
                moved = self.form_step(record, step, return_to_recap)
                if moved is None:
                    previous = service.state(record).previous_step(step.id)
                    if previous is None:
                        if procedure.preamble is not None and self.preamble(case_id, procedure):
                            continue
                        raise Leave
                    step_id = previous.id
                    service.go_to(record, step_id)
                else:
                    step_id = moved
                return_to_recap = False
        except Leave:
            service.leave_case(case_id)
            self.console.say(SAVED)
        except Abandon:
            self.abandon(case_id)
        except EndOfInput:
            # Nothing half-typed is kept: the case is as at its last validated step.
            service.leave_case(case_id)
            raise
        raise CaseClosed

    def abandon(self, case_id: int) -> None:
        c = self.console
        c.say("Abandonner la demande ? Toutes les informations saisies et les documents "
              "joints de ce dossier seront effacés. Cette action est définitive.")
        try:
            yes = c.yes_no(self.service.wording.buttons.abandon)
        except (Back, Leave, Abandon):
            yes = False
        if yes:
            self.service.abandon(case_id)
            c.say("La demande a été abandonnée ; ses données ont été effacées.")
        else:
            self.service.leave_case(case_id)
            c.say(SAVED)

    def preamble(self, case_id: int, procedure: Procedure) -> bool:
        """The préambule; True on « Je continue »."""
        c = self.console
        pre = procedure.preamble
        assert pre is not None
        # Every sentence is the téléprocédure's own guide's (data/procedures: preamble).
        c.heading(pre.title)
        if pre.subtitle:
            c.say(pre.subtitle)
        c.say(pre.intro)
        for p in pre.purposes:
            c.say(f"- {p}")
        for paragraph in pre.before_you_start:
            c.say(paragraph)
        c.say(pre.steps_heading.format(count=len(procedure.steps)))
        for i, step in enumerate(procedure.steps, start=1):
            c.say(f"{i}. {step.title} — {step.summary}")
        c.say(pre.saved_notice)
        if pre.bring:
            if pre.bring_title:
                c.say(pre.bring_title)
            for b in pre.bring:
                c.say(f"- {b}")
        wording = self.service.wording
        buttons = wording.buttons
        while True:
            try:
                choice = c.choose("Que faire ?", [
                    buttons.start, f"{wording.piece_list} (PDF)", buttons.leave])
            except Back:
                choice = 2
            if choice == 0:
                return True
            if choice == 1:
                path = self.service.write_piece_list(procedure.id, case_id)
                c.say(f"{wording.piece_list} (PDF) : {path}")
                continue
            raise Leave

    # -- a form step ---------------------------------------------------------------

    def form_step(self, record: CaseRecord, step: Step, return_to_recap: bool) -> str | None:
        """Ask a step, validate and save it; the next step's id, or None for « < »."""
        return StepQuestions(self.service, self.console, record, step, return_to_recap).run()

    # -- récapitulatif and deposit -------------------------------------------------

    def recap(self, record: CaseRecord, step: Step) -> str | None:
        """The récapitulatif then the deposit; a step id for « Modifier ma saisie », None
        once deposited."""
        service, c = self.service, self.console
        state = service.state(record)
        recap = step.recap
        assert recap is not None
        c.heading(f"{state.step_number(step.id)}. {step.title}")
        if recap.heading:
            c.say(recap.heading)
        if recap.intro:
            c.say(recap.intro)
        parts = service.recap_parts(state.procedure)
        ctx = state.context()
        for i, part in enumerate(parts, start=1):
            c.heading(part.title + (f" ({i}/{len(parts)})" if recap.parts else ""))
            for step_id in part.steps:
                shown = state.step(step_id)
                for section in step_summary(state, shown):
                    if section.title:
                        c.say(section.title)
                    for row in section.rows:
                        pad = "  " * row.indent
                        c.say(f"{pad}{row.label} : {row.value}" if row.label.strip()
                              else f"{pad}{row.value}")
                for visible in state.step_documents(shown, ctx):
                    files = [a for a in record.attachments if a.slot_id == visible.slot.id]
                    c.say(visible.slot.label)
                    for a in files:
                        c.say(f"  - {a.original_name}")
                    if not files:
                        c.say("  Aucun fichier")
            last = i == len(parts)
            words = service.wording.recap
            validate = (words.validate_last if last else words.validate_next) \
                if recap.parts else "Continuer"
            if c.choose("Que faire ?", [validate, service.wording.buttons.edit]) == 1:
                return part.steps[0]
        observations = c.read(f"{recap.observations_label} {service.wording.optional_mark}"
                              + (f" [actuel : {record.observations}]"
                                 if record.observations else "") + " : ").strip() \
            or (record.observations or "")
        record = service.keep_observations(record, observations)
        while True:
            c.say(recap.warning)
            if c.choose(f"{recap.submit_label} ?", [recap.submit_label,
                                                  "Revenir au récapitulatif"]) == 1:
                return step.id
            try:
                result = service.deposit(record.id, observations or None,
                                         version=record.version or None)
            except CaseConflict as exc:
                c.error(str(exc))
                return step.id
            except (StorageError, DepositRefused) as exc:
                c.error(f"Dépôt impossible : {exc}")
                continue
            if result.confirmation_error:
                c.error("La demande est bien déposée, mais sa confirmation (PDF) n'a pas pu "
                        f"être écrite. {result.confirmation_error}")
            return None

    def confirmation(self, case_id: int, back: str | None = None) -> None:
        """The confirmation screen's words and PDF, print, the case summary; CaseClosed
        on `back` (« Retour à l'accueil » unless said)."""
        service, c = self.service, self.console
        back = back or service.wording.buttons.home
        record = service.get(case_id)
        proc = service.procedure(record.procedure_id)
        c.heading(proc.confirmation_step.title)
        c.say(proc.confirmation.message)
        identifiant, numero_demande = service.reference_labels(proc)
        if record.numero_etranger and proc.confirmation.document != "pre_demande":
            c.say(f"{identifiant} : {record.numero_etranger}")
        c.say(f"{numero_demande} : {record.numero_demande}")
        if record.deposited_at:
            at = record.deposited_at.astimezone()
            c.say(service.wording.deposit_sent.format(date=f"{at:%d/%m/%Y}",
                                                      time=f"{at:%H:%M}"))
        for note in proc.confirmation.notes:
            c.say(note)
        try:
            path: Path = service.confirmation_pdf(case_id)
        except Exception as exc:  # noqa: BLE001 - the case is deposited: say why, go on
            c.error("La demande est bien déposée, mais sa confirmation (PDF) n'a pas pu être "
                    f"écrite. {describe_failure(exc, service.settings.data_dir).message}")
        else:
            c.say(f"{service.wording.confirmation_pdf} : {path}")
        while True:
            try:
                choice = c.choose("Que faire ?", [back,
                                                  "Imprimer la confirmation",
                                                  "Récapitulatif du dossier (PDF)"])
            except (Back, Leave, Abandon):
                choice = 0
            if choice == 0:
                raise CaseClosed
            if choice == 1:
                # The same PDF as written at the deposit (again if it went missing).
                outcome = service.print_pdf(service.confirmation_pdf(case_id))
                (c.say if outcome.ok else c.error)(outcome.message)
            else:
                summary = service.write_case_summary(service.get(case_id))
                c.say(f"Récapitulatif du dossier (PDF) : {summary}")
