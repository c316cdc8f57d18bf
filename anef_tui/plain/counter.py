"""After the deposit, the counter's side: « Mes notifications » of a dossier (filtered as
the screen filters them), a notification read (its first opening is the accusé de
réception: the same InstructionService.open as the screen), its documents written and
printed, the answer to a complément, and « Historique du dossier ».

Every word is the data's (data/documents/notifications.yaml) or the service's, every
deadline the service's countdown, said in words.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from anef_tui.plain.case import CaseWalk
from anef_tui.plain.complement import answer_complement
from anef_tui.plain.console import Back, CaseClosed, Console, Leave
from anef_tui.service import (
    AnswerRefused,
    CaseService,
    ListFilter,
    Notification,
    NotificationKind,
    StorageError,
    describe_failure,
)

CONFIRMATION = "Confirmation de dépôt et récapitulatif du dossier (PDF)"


def when(value: datetime | None) -> str:
    return f"{value.astimezone():%d/%m/%Y}" if value else ""


class CounterSide:
    def __init__(self, service: CaseService, console: Console) -> None:
        self.service = service
        self.console = console
        self.instruction = service.instruction

    # -- « Mes notifications » -----------------------------------------------------

    def notifications(self, case_id: int) -> None:
        """The list until « Retour à l'accueil » (or « < », « !q »)."""
        c, wording = self.console, self.instruction.wording
        listing = wording.listing
        record = self.service.get(case_id)
        c.heading(listing.title)
        c.say(f"N° de la demande : {record.numero_demande}")
        for line in listing.intro:
            c.say(line)
        which = ListFilter.ALL
        while True:
            found = self.instruction.notifications(case_id, which)
            c.say(f"{listing.filter_label} {listing.filters[which]}")
            c.say(f"{len(found)} notification(s)." if found else "Aucune notification.")
            labels = [self.line(n) for n in found]
            labels += ["Changer le filtre", wording.history.title, CONFIRMATION,
                       self.service.wording.buttons.home]
            try:
                # « ? »: the list's own notice (opening one starts its deadline).
                picked = c.choose("Quelle notification ouvrir ?", labels,
                                  " ".join(listing.intro))
            except (Back, Leave):
                return
            if picked < len(found):
                self.read(found[picked].id)
                c.heading(listing.title)
            elif picked == len(found):
                which = self.choose_filter(which)
            elif picked == len(found) + 1:
                self.history(case_id)
                c.heading(listing.title)
            elif picked == len(found) + 2:
                # As the home screen's Entrée on a deposited dossier.
                with contextlib.suppress(CaseClosed):
                    CaseWalk(self.service, c).confirmation(case_id, back=listing.title)
                c.heading(listing.title)
            else:
                return

    def line(self, n: Notification) -> str:
        """One row of the list, as the screen's columns: date, domaine, titre, état, délai."""
        wording = self.instruction.wording
        listing = wording.listing
        parts = [when(n.issued_at), listing.domain, wording.kind(n.kind).title,
                 listing.states[n.state]]
        if n.answered_at:
            parts.append(listing.answered_on.format(date=when(n.answered_at)))
        elif n.read_at:
            parts.append(listing.read_on.format(date=when(n.read_at)))
        left = self.instruction.countdown(n, self.service.today()) \
            if n.answered_at is None else None
        if left is not None:
            parts.append(f"Délai : {left.text()}")
        return " — ".join(parts)

    def choose_filter(self, current: ListFilter) -> ListFilter:
        listing = self.instruction.wording.listing
        kinds = list(ListFilter)
        try:
            return kinds[self.console.choose(listing.filter_label,
                                             [listing.filters[k] for k in kinds],
                                             current=kinds.index(current))]
        except (Back, Leave):
            return current

    # -- one notification -----------------------------------------------------------

    def read(self, notification_id: int) -> None:
        """Open it (the accusé de réception), say it, list its documents; answer, print."""
        instruction, c = self.instruction, self.console
        notification = instruction.open(notification_id)
        self.say_letter(notification)
        paths = self.documents(notification_id)
        while True:
            answerable = notification.kind.is_complement and notification.answered_at is None
            wording = instruction.wording.answer
            actions = []
            if answerable:
                actions.append(wording.resume if notification.kind
                               is NotificationKind.COMPLEMENT_PRE_DEMANDE else "Répondre")
            actions += ["Imprimer les documents", wording.back]
            try:
                picked = actions[c.choose("Que faire ?", actions)]
            except (Back, Leave):
                return
            if picked == wording.back:
                return
            if picked == "Imprimer les documents":
                self.print(paths)
                continue
            try:
                instruction.check_answerable(notification, self.service.today())
            except AnswerRefused as exc:
                c.error(str(exc))
                continue
            if answer_complement(self.service, c, notification):
                c.say("Votre réponse a été envoyée à l'agent instructeur.")
                notification = instruction.notification(notification_id)
                c.say(instruction.wording.listing.answered_on.format(
                    date=when(notification.answered_at)))

    def say_letter(self, notification: Notification) -> None:
        instruction, c = self.instruction, self.console
        letter = instruction.letter(notification)
        c.heading(letter.title)
        for label, value in letter.references:
            c.say(f"{label} : {value}")
        if notification.answered_at is not None:
            c.say(instruction.wording.listing.answered_on.format(
                date=when(notification.answered_at)))
        else:
            left = instruction.countdown(notification, self.service.today())
            if left is not None:
                c.say(f"Délai : {left.text()}")
        c.say(letter.greeting)
        for text in letter.before:
            c.say(text)
        for section in letter.sections:
            c.say(section.heading)
            for label, observation in section.items:
                c.say(f"- {label} :")
                c.say(f"  {letter.observations_label} {observation}")
        for text in letter.after:
            c.say(text)
        for text in letter.documents:
            c.say(f"Document joint : {text}")
        for text in letter.signature:
            c.say(text)
        if letter.ours_note:
            c.say(letter.ours_note)

    def documents(self, notification_id: int) -> list[Path]:
        """Its printable documents (letter, attestation, certificat médical), written
        now; their paths said, one a line."""
        c = self.console
        try:
            paths = self.instruction.documents(notification_id)
        except (StorageError, OSError) as exc:
            c.error("Les documents de la notification n'ont pas pu être écrits. "
                    + describe_failure(exc, self.service.settings.data_dir).message)
            return []
        c.say("Documents (PDF) :")
        for path in paths:
            c.say(f"  {path}")
        return paths

    def print(self, paths: list[Path]) -> None:
        if not paths:
            self.console.error("aucun document à imprimer.")
            return
        for path in paths:
            outcome = self.service.print_pdf(path)
            if not outcome.ok:
                self.console.error(outcome.message)
                return
            self.console.say(outcome.message)

    # -- « Historique du dossier » ----------------------------------------------------

    def history(self, case_id: int) -> None:
        c = self.console
        c.heading(self.instruction.wording.history.title)
        c.say(f"N° de la demande : {self.service.get(case_id).numero_demande}")
        lines = self.instruction.history_lines(case_id)
        if not lines:
            c.say("Aucun événement.")
        for line in lines:
            c.say(f"{line.at.astimezone():%d/%m/%Y %H:%M} — {line.side} — {line.what}"
                  + (f" — {line.detail}" if line.detail else ""))
