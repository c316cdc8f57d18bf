"""The home menu and the dossiers: profile route, identity, préambule, each step, the
récapitulatif, the deposit and its confirmation, as numbered questions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from anef_tui.catalog.models import FieldDef, Procedure, Step
from anef_tui.clock import Clock, system_clock
from anef_tui.config import Settings
from anef_tui.plain.console import Abandon, Back, CaseClosed, Console, EndOfInput, Leave
from anef_tui.plain.counter import CounterSide
from anef_tui.plain.instruction import InstructionSide
from anef_tui.plain.questions import ask_field, stored_raw
from anef_tui.plain.step import StepQuestions
from anef_tui.service import (
    STATUS_DEPOSITED_ANY,
    STATUS_DRAFT,
    STATUS_LABELS,
    CaseConflict,
    CaseRecord,
    CaseService,
    DepositRefused,
    FieldError,
    IngestError,
    StorageError,
    describe_failure,
    step_summary,
)

SAVED = ("Dossier enregistré à la dernière étape validée. Vous pourrez le reprendre depuis "
         "l'accueil.")
RESUME_PAGE = 20
# The home menu: what is said, and the Session method it runs.
HOME_MENU = {
    "Nouveau dossier": "new_case",
    "Reprendre un dossier en cours": "resume",
    "Suivre un dossier déposé (notifications, historique)": "follow",
    "Liste des pièces justificatives (vierge, PDF)": "blank_piece_list",
    "Côté instruction (préfecture) : dossiers déposés en attente": "instruction_side",
    "Quitter anef-tui": "quit",
}
EOF_MESSAGE = ("Fin des réponses : le dossier est conservé à sa dernière étape validée ; "
               "il se reprend depuis l'accueil.")


def run_plain(settings: Settings, inp: TextIO | None = None, out: TextIO | None = None,
              clock: Clock = system_clock) -> int:
    """The plain mode until « Quitter » or the end of standard input; the exit code."""
    console = Console(inp or sys.stdin, out or sys.stdout)
    try:
        service = CaseService(settings, clock)
    except (StorageError, OSError) as exc:
        console.error(describe_failure(exc, settings.data_dir).message)
        return 1
    try:
        return Session(service, console).home()
    except KeyboardInterrupt:
        console.say()
        console.say("Interrompu : le dossier est conservé à sa dernière étape validée.")
        return 130
    except Exception as exc:  # noqa: BLE001 - said in French, never a traceback
        console.error(describe_failure(exc, settings.data_dir).message)
        return 1
    finally:
        service.close()


class Session:
    def __init__(self, service: CaseService, console: Console) -> None:
        self.service = service
        self.console = console
        self.case_open = False  # what the end of the answers says

    # -- home ----------------------------------------------------------------------

    def home(self) -> int:
        c = self.console
        c.say("anef-tui — mode texte. À chaque question : « ? » pour l'aide, « < » pour "
              "revenir, « !q » pour quitter le dossier et le reprendre plus tard.")
        while True:
            c.heading("Accueil")
            try:
                choice = c.choose("Que voulez-vous faire ?", list(HOME_MENU))
            except EndOfInput:
                return 0
            except (Back, Leave, Abandon):
                continue
            action = list(HOME_MENU.values())[choice]
            if action == "quit":
                c.say("Au revoir.")
                return 0
            try:
                getattr(self, action)()
            except EndOfInput:
                c.say(EOF_MESSAGE if self.case_open else "Fin des réponses.")
                return 1
            except CaseClosed:
                continue
            except (StorageError, IngestError, OSError) as exc:
                c.error(str(exc) if not isinstance(exc, OSError)
                        else describe_failure(exc, self.service.settings.data_dir).message)

    def blank_piece_list(self) -> None:
        procs = list(self.service.catalog.values())
        try:
            i = self.console.choose("Pour quelle téléprocédure ?", [p.title for p in procs])
        except (Back, Leave, Abandon):
            return
        path = self.service.write_piece_list(procs[i].id)
        self.console.say(f"{self.service.wording.piece_list} (PDF) : {path}")

    def resume(self) -> None:
        """A draft found as on the home screen (same search), the most recent first."""
        service, c = self.service, self.console
        try:
            typed = c.read("Nom, prénom, N° étranger ou N° de demande (ligne vide : les "
                           f"{RESUME_PAGE} derniers dossiers en cours) : ")
        except (Back, Leave, Abandon):
            return
        drafts, _ = service.list_page(service.case_filter(typed, status=STATUS_DRAFT),
                                      limit=RESUME_PAGE)
        if not drafts:
            c.say("Aucun dossier en cours ne correspond.")
            return
        labels = []
        for s in drafts:
            step = service.procedure(s.procedure_id).step(s.current_step).title
            labels.append(f"{s.nom} {s.prenoms} — {service.procedure(s.procedure_id).title} "
                          f"— étape « {step} »")
        try:
            i = c.choose("Quel dossier reprendre ?", labels)
        except (Back, Leave, Abandon):
            return
        self.open_case(drafts[i].id)

    def instruction_side(self) -> None:
        """The préfecture's side (the home screen's « i »)."""
        self.console.abandon_allowed = False
        try:
            InstructionSide(self.service, self.console).home()
        finally:
            self.console.abandon_allowed = True

    def follow(self) -> None:
        """A deposited dossier found as on the home screen: « Mes notifications »."""
        service, c = self.service, self.console
        try:
            typed = c.read("Nom, prénom, N° étranger ou N° de demande (ligne vide : les "
                           f"{RESUME_PAGE} derniers dossiers déposés) : ")
        except (Back, Leave, Abandon):
            return
        today = service.today()
        flt = service.case_filter(typed, status=STATUS_DEPOSITED_ANY, today=today)
        # As the home screen: what needs action first (a notification to read, a complément
        # to send…, the most pressing first), then the most recent.
        first = service.needing_action(flt, today, RESUME_PAGE)
        page, _ = service.list_page(flt, limit=RESUME_PAGE)
        shown = {s.id for s in first}
        found = first + [s for s in page if s.id not in shown]
        if not found:
            c.say("Aucun dossier déposé ne correspond.")
            return
        labels = []
        for s in found:
            parts = [f"{s.nom} {s.prenoms}", service.procedure(s.procedure_id).title,
                     f"N° {s.numero_demande}", STATUS_LABELS.get(s.status, s.status)]
            attention = service.instruction.attention_text(s, today)
            labels.append(" — ".join([*parts, attention] if attention else parts))
        try:
            i = c.choose("Quel dossier suivre ?", labels)
        except (Back, Leave, Abandon):
            return
        c.abandon_allowed = False
        try:
            CounterSide(service, c).notifications(found[i].id)
        finally:
            c.abandon_allowed = True

    # -- profile and identity ------------------------------------------------------

    def new_case(self) -> None:
        c = self.console
        routes = self.service.routes
        labels: list[str] = []
        while True:
            walk = routes.follow(labels)
            if walk.unavailable is not None:
                c.heading(walk.unavailable.title)
                c.say(walk.unavailable.text)
                try:
                    if c.choose("Que faire ?", ["Revenir au choix précédent",
                                                "Retour à l'accueil"]) == 0:
                        labels.pop()
                        continue
                except Back:
                    labels.pop()
                    continue
                except (Leave, Abandon):
                    pass
                return
            if walk.procedure is not None:
                procedure = self.service.procedure(walk.procedure)
                profile = {p.id: walk.profile[p.id] for p in procedure.profile}
                case_id = self.identity(procedure, profile)
                if case_id is None:
                    labels.pop()
                    continue
                self.open_case(case_id)
                return
            node = walk.node
            assert node is not None
            c.heading(node.title)
            if node.progress_percent is not None:
                c.say(self.service.wording.progress.format(percent=node.progress_percent))
            if node.text:
                c.say(node.text)
            if walk.summary and any(o.back for o in node.options):
                for line in walk.summary:
                    c.say(f"- {line}")
            helps = " ".join(f"{o.label} : {o.help}" for o in node.options if o.help)
            try:
                i = c.choose(node.question or "Choisissez une réponse :",
                             [o.label for o in node.options], helps or None)
            except Back:
                if not labels:
                    return
                labels.pop()
                continue
            except (Leave, Abandon):
                return
            labels.append(node.options[i].label)

    def identity(self, procedure: Procedure, profile: dict[str, str]) -> int | None:
        """Ask the identity as on the titre and create the case; None on « < » at the
        first question."""
        service, c = self.service, self.console
        if procedure.applicant == "unknown":
            return service.create_case(procedure.id, profile, {}, None)
        c.heading(procedure.title)
        wording = service.wording
        c.say(wording.identity_notice.format(step=procedure.identity_step.title))
        fields = [wording.numero_etranger, *service.identity_fields(procedure, profile)]
        raw: dict[str, Any] = {f.id: stored_raw(f, None) for f in fields}

        def problems(key: str) -> list[FieldError]:
            _, _, errors = service.validate_identity(procedure, profile, raw,
                                                     raw.get("numero_etranger"))
            return [e for e in errors if e.key == key]

        def check_all() -> list[FieldError]:
            return service.validate_identity(procedure, profile, raw,
                                             raw.get("numero_etranger"))[2]

        try:
            if not self.ask_fields(fields, raw, problems, check_all):
                return None
        except (Leave, Abandon):
            c.say("Création du dossier annulée.")
            raise CaseClosed from None
        identity, numero, _ = service.validate_identity(procedure, profile, raw,
                                                        raw.get("numero_etranger"))
        case_id = service.create_case(procedure.id, profile, identity, numero)
        c.say("Dossier créé.")
        return case_id

    def ask_fields(self, fields: list[FieldDef], raw: dict[str, Any],
                   problems: Any, check_all: Any) -> bool:
        """Ask each field in turn, each checked as answered, then all together; False
        on « < » at the first one."""
        i = 0
        while i < len(fields):
            f = fields[i]
            try:
                raw[f.id] = ask_field(self.console, i + 1, f, raw.get(f.id))
            except Back:
                if i == 0:
                    return False
                i -= 1
                continue
            found = problems(f.id)
            for e in found:
                self.console.error(e.message)
            if not found:
                i += 1
        while errors := check_all():
            for e in errors:
                self.console.error(f"{e.label} : {e.message}")
            keys = {e.key for e in errors}
            for n, f in enumerate(fields, start=1):
                if f.id in keys:
                    raw[f.id] = ask_field(self.console, n, f, raw.get(f.id))
        return True

    # -- a case --------------------------------------------------------------------

    def open_case(self, case_id: int) -> None:
        """Walk a draft from its current step to the deposit."""
        service = self.service
        self.case_open = True
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
        observations = c.read(f"{recap.observations_label} (facultatif)"
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

    def confirmation(self, case_id: int) -> None:
        service, c = self.service, self.console
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
            c.say(f"Confirmation de dépôt de demande (PDF) : {path}")
        while True:
            try:
                choice = c.choose("Que faire ?", ["Retour à l'accueil",
                                                  "Imprimer la confirmation",
                                                  "Récapitulatif du dossier (PDF)"])
            except (Back, Leave, Abandon):
                choice = 0
            if choice == 0:
                raise CaseClosed
            if choice == 1:
                # The same PDF as written at the deposit (again if it went missing).
                c.say(service.print_pdf(service.confirmation_pdf(case_id)).message)
            else:
                summary = service.write_case_summary(service.get(case_id))
                c.say(f"Récapitulatif du dossier (PDF) : {summary}")

