"""The home menu: a new dossier, a draft resumed, a deposited dossier followed (its
notifications), the blank list of pieces, the préfecture's side; the end of the answers."""

from __future__ import annotations

import sys
from typing import TextIO

from anef_tui.clock import Clock, system_clock
from anef_tui.config import Settings
from anef_tui.plain.case import CaseWalk
from anef_tui.plain.console import Abandon, Back, CaseClosed, Console, EndOfInput, Leave
from anef_tui.plain.counter import CounterSide
from anef_tui.plain.instruction import InstructionSide
from anef_tui.plain.new_case import NewCase
from anef_tui.service import (
    STATUS_DEPOSITED_ANY,
    STATUS_DRAFT,
    STATUS_LABELS,
    AnswerRefused,
    CaseService,
    IngestError,
    InstructionRefused,
    StorageError,
    TransitionRefused,
    describe_failure,
)

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
            except (StorageError, IngestError, AnswerRefused, InstructionRefused,
                    TransitionRefused, OSError) as exc:
                # Refused or failed: said, and the home menu again (the dossier as it was).
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
            c.say("Aucun dossier en cours ne correspond. Un dossier déposé se suit par "
                  "« Suivre un dossier déposé ».")
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
            attention = service.instruction.attention_text(s, today, marked=False)
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

    # -- a dossier -------------------------------------------------------------------

    def new_case(self) -> None:
        case_id = NewCase(self.service, self.console).run()
        if case_id is not None:
            self.open_case(case_id)

    def open_case(self, case_id: int) -> None:
        self.case_open = True
        CaseWalk(self.service, self.console).run(case_id)
