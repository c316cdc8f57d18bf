"""Answering a « Demande de complément » (guides 001, 003, 004): for each requested piece
« Maintenir le Document » with its reason, or « Mettre à jour le Document » with files,
and a message; then « Valider et envoyer ». For a pré-demande (002), « Reprendre ma
demande »: files for each piece, observations, « Déposer les compléments ».

Files are checked by InstructionService.attach as at the deposit, the answer sent whole by
InstructionService.answer (the same calls as screens/complement_answer.py); every refusal
is its French message, read out « Erreur : … ». Files attached and not sent are erased.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from anef_tui.plain.console import Back, Console, Leave
from anef_tui.service import (
    KEEP,
    UPDATE,
    AnswerRefused,
    CaseService,
    IngestError,
    InstructionRefused,
    Notification,
    NotificationKind,
    PieceAnswer,
    RequestedPiece,
    StorageError,
    StoredAttachment,
)


@dataclass
class Draft:
    """What has been answered so far for one piece."""

    piece: RequestedPiece
    can_keep: bool
    choice: str | None = None
    reason: str = ""
    message: str = ""
    files: list[StoredAttachment] = field(default_factory=list)

    def answer(self, reprise: bool) -> PieceAnswer:
        choice = self.choice if self.can_keep else UPDATE
        return PieceAnswer(self.piece.key, choice or "",  # type: ignore[arg-type]
                           reason=self.reason if choice == KEEP else None,
                           message=None if reprise else self.message,
                           files=tuple(self.files) if choice == UPDATE else ())


class ComplementQuestions:
    def __init__(self, service: CaseService, console: Console,
                 notification: Notification) -> None:
        self.service = service
        self.console = console
        self.notification = notification
        self.reprise = notification.kind is NotificationKind.COMPLEMENT_PRE_DEMANDE
        self.wording = service.instruction.wording.answer
        self.drafts = [Draft(p, p.can_keep and not self.reprise) for p in notification.pieces]
        self.observations = ""

    def run(self) -> bool:
        """True once sent; False on « Retour sans envoyer » (the files attached erased)."""
        sent = False
        try:
            sent = self.walk()
        finally:
            if not sent:
                # Left unsent: its files go (the start-up sweep if this fails).
                with contextlib.suppress(StorageError, OSError):
                    self.service.instruction.prune_complements(self.notification.case_id)
        return sent

    def walk(self) -> bool:
        c, wording = self.console, self.wording
        # As the screen: 002 completes its « Justificatifs » step; else the notification's
        # own title.
        c.heading("Justificatifs" if self.reprise else self.service.instruction.wording.kind(
            NotificationKind.COMPLEMENT).title)
        i = 0
        while i < len(self.drafts):
            try:
                self.ask_piece(i)
            except Back:
                if i == 0:
                    break
                i -= 1
                continue
            i += 1
        else:
            if self.reprise:
                self.ask_observations()
        send = wording.resume_send if self.reprise else wording.send
        while True:
            actions = [send, *(f"Modifier : {d.piece.label}" for d in self.drafts)]
            if self.reprise:
                actions.append(f"Modifier : {wording.resume_observations.rstrip(' :')}")
            actions.append("Retour sans envoyer")
            try:
                picked = c.choose("Que faire ?", actions)
            except (Back, Leave):
                return False
            if picked == 0:
                if self.send():
                    return True
            elif picked == len(actions) - 1:
                return False
            elif picked <= len(self.drafts):
                with contextlib.suppress(Back):
                    self.ask_piece(picked - 1)
            else:
                with contextlib.suppress(Back):
                    self.ask_observations()

    def send(self) -> bool:
        try:
            self.service.instruction.answer(self.notification.id,
                                            [d.answer(self.reprise) for d in self.drafts],
                                            self.observations if self.reprise else None)
        except (AnswerRefused, StorageError) as exc:
            self.console.error(str(exc))
            return False
        return True

    # -- one piece --------------------------------------------------------------------

    def ask_piece(self, index: int) -> None:
        c, wording, draft = self.console, self.wording, self.drafts[index]
        piece = draft.piece
        c.say(f"{index + 1}. {piece.label} :")
        if piece.deposited_files:
            deposited = self.service.instruction.wording.instruction.deposited
            c.say(f"{deposited} : " + ", ".join(piece.deposited_files))
        c.say(f"{wording.observations_label} {piece.observation}")
        if draft.can_keep:
            current = {KEEP: 0, UPDATE: 1}.get(draft.choice or "")
            draft.choice = (KEEP, UPDATE)[c.choose(
                wording.response_label, [wording.keep, wording.update], current=current)]
        if draft.choice == KEEP and draft.can_keep:
            draft.reason = self.read_text(wording.keep_reason, draft.reason)
        else:
            self.ask_files(draft)
        if not self.reprise:
            draft.message = self.read_text(wording.message, draft.message)

    def read_text(self, label: str, current: str) -> str:
        shown = f" [actuel : {current}]" if current else ""
        return self.console.read(f"{label.rstrip(' :')}{shown} : ").strip() or current

    def ask_files(self, draft: Draft) -> None:
        c = self.console
        scans = self.service.settings.scan_dir
        c.say(f"{self.wording.attach} : tapez le chemin d'un fichier (un nom seul est "
              f"cherché dans le dossier de numérisation, {scans}) ; « -N » retire le "
              "fichier N ; ligne vide : terminé.")
        while True:
            for k, f in enumerate(draft.files, start=1):
                c.say(f"  Fichier {k} : {f.original_name}")
            answer = c.read(f"Chemin du fichier ({len(draft.files)} joint(s)) : ").strip()
            if not answer:
                return
            if answer.startswith("-") and answer[1:].isdigit():
                k = int(answer[1:])
                if 1 <= k <= len(draft.files):
                    removed = draft.files.pop(k - 1)
                    c.say(f"Fichier retiré : {removed.original_name}")
                else:
                    c.error(f"aucun fichier n° {k} pour ce document.")
                continue
            pending = [f for d in self.drafts for f in d.files]
            try:
                stored = self.service.instruction.attach(
                    self.notification.id, draft.piece.key, scans / Path(answer).expanduser(),
                    pending, today=self.service.today())
            except (IngestError, AnswerRefused, InstructionRefused, StorageError,
                    OSError) as exc:
                c.error(str(exc))
                continue
            draft.files.append(stored)
            c.say(f"Fichier joint : {stored.original_name}")

    def ask_observations(self) -> None:
        self.observations = self.read_text(self.wording.resume_observations, self.observations)


def answer_complement(service: CaseService, console: Console,
                      notification: Notification) -> bool:
    return ComplementQuestions(service, console, notification).run()
