"""The préfecture's side in plain mode (the home screen's « i »), for an agent instructeur
who works with a screen reader too: the dossiers waiting, one dossier read (its pieces,
observations, notifications and answers), and what the agent notifies — demande de
complément, certificat médical, prolongation, décision favorable or défavorable,
closure — each through the same InstructionService method as the screens, refused with
its French message read out « Erreur : … ». The actions are named by the notifications'
titles (data/documents/notifications.yaml).
"""

from __future__ import annotations

from collections.abc import Callable

from anef_tui.plain.console import Back, Console, Leave
from anef_tui.plain.counter import CounterSide
from anef_tui.service import (
    CaseService,
    Event,
    InstructionRefused,
    Notification,
    NotificationKind,
    Reason,
    RequestedPiece,
    StorageError,
    TransitionRefused,
    status_label,
)

REFUSED = (InstructionRefused, TransitionRefused, StorageError)
OTHER = "autre_1"


class InstructionSide:
    def __init__(self, service: CaseService, console: Console) -> None:
        self.service = service
        self.console = console
        self.instruction = service.instruction
        self.wording = self.instruction.wording

    # -- the dossiers waiting ----------------------------------------------------------

    def home(self) -> None:
        c = self.console
        while True:
            c.heading("Côté instruction — dossiers déposés en attente d'instruction")
            today = self.service.today()
            waiting = self.instruction.waiting()
            if not waiting:
                c.say("Aucun dossier déposé en attente d'instruction.")
                return
            labels = []
            for s in waiting:
                parts = [s.numero_demande or "", f"{s.nom} {s.prenoms}",
                         self.service.procedure(s.procedure_id).short_title,
                         status_label(s.status)]
                attention = self.instruction.attention_text(s, today, marked=False)
                labels.append(" — ".join([*parts, attention] if attention else parts))
            labels.append(self.service.wording.buttons.home)
            try:
                picked = c.choose(f"{len(waiting)} dossier(s) en attente. Lequel ouvrir ?",
                                  labels)
            except (Back, Leave):
                return
            if picked == len(waiting):
                return
            self.case(waiting[picked].id)

    # -- one dossier ---------------------------------------------------------------------

    def case(self, case_id: int) -> None:
        """The dossier said, then what the agent may notify on it today (the same
        possible_events as the screen's buttons), its history, the return."""
        c, kinds = self.console, NotificationKind
        notify: list[tuple[Event, str, Callable[[int], None]]] = [
            (Event.REQUEST_COMPLEMENT, self.wording.kind(kinds.COMPLEMENT).title,
             self.request_complement),
            (Event.CERTIFICAT_MEDICAL, self.wording.kind(kinds.CERTIFICAT_MEDICAL).title,
             self.certificat),
            (Event.PROLONGATION, self.wording.kind(kinds.PROLONGATION).title, self.prolong),
            (Event.DECISION_FAVORABLE,
             f"{self.wording.kind(kinds.DECISION_FAVORABLE).title} : décision favorable",
             self.favorable),
            (Event.DECISION_UNFAVORABLE,
             f"{self.wording.kind(kinds.DECISION_UNFAVORABLE).title} : décision défavorable",
             self.unfavorable),
            (Event.CLOSE, self.wording.kind(kinds.CLOSURE).title, self.close),
        ]
        while True:
            self.say_case(case_id)
            possible = self.instruction.possible_events(case_id, self.service.today())
            actions = [(label, act) for event, label, act in notify if event in possible]
            actions.append((self.wording.history.title,
                            lambda case: CounterSide(self.service, c).history(case)))
            try:
                picked = c.choose("Que faire ?", [label for label, _ in actions]
                                  + ["Retour aux dossiers en attente"])
            except (Back, Leave):
                return
            if picked == len(actions):
                return
            try:
                actions[picked][1](case_id)
            except (Back, Leave):
                c.say("Annulé : rien n'a été envoyé.")

    def say_case(self, case_id: int) -> None:
        service, c = self.service, self.console
        record = service.get(case_id)
        state = service.state(record)
        c.heading(f"{state.procedure.title} (côté instruction)")
        identifiant, numero = service.case_reference_labels(record)
        c.say(f"{numero} : {record.numero_demande}")
        c.say(f"{identifiant} : {record.numero_etranger or '—'}")
        if record.deposited_at:
            c.say(f"Déposée le {record.deposited_at.astimezone():%d/%m/%Y à %H:%M}")
        c.say(f"Statut : {status_label(record.status)}")
        c.say(service.applicant_line(record))
        c.say("Pièces déposées (lecture seule) :")
        for piece in self.instruction.requestable_pieces(record):
            c.say(f"- {piece.label} : {', '.join(piece.deposited_files) or 'aucun document'}")
        if record.observations:
            recap = state.procedure.recap_step.recap
            c.say(f"{(recap or service.wording.recap).observations_label} :")
            c.say(record.observations)
        notifications = self.instruction.notifications(case_id)
        c.say("Notifications :" if notifications else "Aucune notification envoyée.")
        today = service.today()
        for n in notifications:
            left = self.instruction.countdown(n, today) if n.answered_at is None else None
            c.say(f"- {n.issued_at.astimezone():%d/%m/%Y} — {self.wording.kind(n.kind).title}"
                  f" — {self.wording.listing.states[n.state]}"
                  + (f" — {left.text()}" if left else ""))
            self.say_answer(n)

    def say_answer(self, notification: Notification) -> None:
        answer = (self.instruction.answer_of(notification.id)
                  if notification.answered_at else None)
        if answer is None:
            return
        heading, lines = self.instruction.answer_lines(notification, answer)
        for line in (heading, *lines):
            self.console.say(f"  {line}")

    def confirmed(self, kind: NotificationKind, call: Callable[[], object]) -> None:
        """As the screen's dialog: what it does, confirmed (o/n), sent, said done."""
        c, words = self.console, self.wording.sending[kind]
        c.say(words.detail)
        if not c.yes_no(words.question.rstrip(" ?")):
            c.say("Annulé : rien n'a été envoyé.")
            return
        self.send(call, words.done)

    def send(self, call: Callable[[], object], done: str) -> None:
        try:
            call()
        except REFUSED as exc:
            self.console.error(str(exc))
            return
        self.console.say(done)

    # -- what the agent notifies -------------------------------------------------------

    def request_complement(self, case_id: int) -> None:
        """Each deposited piece asked or not, why, and an observation; « Autre document »."""
        c, reasons = self.console, self.wording.reasons
        title = self.wording.kind(NotificationKind.COMPLEMENT).title
        c.heading(title)
        record = self.service.get(case_id)
        keys = list(reasons)
        asked: list[RequestedPiece] = []
        pieces = [(p.key, p.label, p.deposited_files)
                  for p in self.instruction.requestable_pieces(record)]
        pieces.append((OTHER, self.wording.answer.other_document, ()))
        for key, label, files in pieces:
            deposited = self.wording.instruction.deposited
            c.say(f"{label}" + (f" — {deposited} : {', '.join(files)}" if files else ""))
            if not c.yes_no(f"Demander « {label} »", current=False):
                continue
            if key == OTHER:
                label = c.read(f"{self.wording.instruction.request.other_label} : ").strip()
            default = Reason.INVALID if files else Reason.MISSING
            reason = keys[c.choose("Motif :", [reasons[k].label for k in keys],
                                   current=keys.index(default))]
            suggested = reasons[Reason.INVALID].label if files else ""
            shown = f" [actuel : {suggested}]" if suggested else ""
            observation = c.read(f"Observations (obligatoire){shown} : ").strip() or suggested
            asked.append(RequestedPiece(key, label, reason, observation))
        self.send(lambda: self.instruction.request_complement(case_id, asked),
                  f"{title} envoyée.")

    def certificat(self, case_id: int) -> None:
        self.confirmed(NotificationKind.CERTIFICAT_MEDICAL,
                       lambda: self.instruction.provide_certificat(case_id))

    def prolong(self, case_id: int) -> None:
        self.confirmed(NotificationKind.PROLONGATION, lambda: self.instruction.prolong(case_id))

    def unfavorable(self, case_id: int) -> None:
        self.confirmed(NotificationKind.DECISION_UNFAVORABLE,
                       lambda: self.instruction.decide_unfavorable(case_id))

    def close(self, case_id: int) -> None:
        self.confirmed(NotificationKind.CLOSURE,
                       lambda: self.instruction.close_unanswered(case_id))

    def favorable(self, case_id: int) -> None:
        """The titre, its mention, « valable du » and the months (the end computed), the tax."""
        c = self.console
        record = self.service.get(case_id)
        defaults = self.service.procedure(record.procedure_id).instruction.decision
        titres = list(self.wording.titres)
        titre, mention = defaults.titre, defaults.mention
        start, months, tax = (f"{self.service.today():%d/%m/%Y}", str(defaults.validity_months),
                              str(defaults.tax_euros))
        words = self.wording.instruction.decision
        c.heading(f"{self.wording.kind(NotificationKind.DECISION_FAVORABLE).title} — "
                  f"{words.heading}")
        while True:
            titre = titres[c.choose(f"{words.titre} :",
                                    [self.wording.titres[k] for k in titres],
                                    current=titres.index(titre) if titre in titres else None)]
            mention = self.typed(words.mention, mention)
            start = self.typed(words.valid_from, start)
            months = self.typed(words.months, months)
            tax = self.typed(words.tax, tax)
            try:
                decision = self.instruction.typed_decision(titre, mention, start, months, tax)
            except InstructionRefused as exc:
                c.error(str(exc))
                continue
            c.say(self.instruction.validity_line(decision.valid_from, decision.valid_to))
            if not c.yes_no(words.send):
                return
            try:
                self.instruction.decide_favorable(case_id, decision)
            except REFUSED as exc:
                c.error(str(exc))
                continue
            c.say(self.wording.decision_favorable_done)
            return

    def typed(self, label: str, current: str) -> str:
        shown = f" [actuel : {current}]" if current else ""
        return self.console.read(f"{label}{shown} : ").strip() or current
