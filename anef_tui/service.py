"""The counter's operations on cases, for the screens and the tests alike.

It ties the definitions, the database, the attachment store and the documents together,
so that a screen only asks (« save this step », « attach this file », « deposit ») and
shows the answer. Runs without Textual.

This module is the screens' one door into the domain (with anef_tui.catalog.models): the
records, errors and form helpers a screen needs are re-exported here (see __all__), and
the import contracts in pyproject.toml refuse any other. Importing it loads no database,
PDF or image library: those wait for the first call that needs them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anef_tui.answers import (
    FieldError,
    StepOutcome,
    display_value,
    format_hint,
    group_item_inputs,
    group_item_summary,
    input_text,
    parse_value,
    step_summary,
    typed_for_conditions,
    validate_group_item,
    validate_step,
)
from anef_tui.attachments.errors import IngestError
from anef_tui.attachments.humanize import format_mtime, format_size, safe_file_name
from anef_tui.attachments.scan import DEFAULT_LIMIT, Entry, Listing, list_folder
from anef_tui.attachments.sweep import PIECES_DIR, InstanceLock
from anef_tui.casefile import CaseState, VisibleSlot
from anef_tui.catalog.field_kinds import kind_of as field_kind
from anef_tui.catalog.loader import load_catalog, load_routes, load_wording
from anef_tui.catalog.models import (
    Eligibility,
    FieldDef,
    Procedure,
    RecapPart,
    ScreenWording,
    Step,
)
from anef_tui.catalog.routes import RouteTree, RouteWalk
from anef_tui.clock import Clock, system_clock
from anef_tui.config import ConfigError, Settings, ensure_private_dir
from anef_tui.errors import CaseConflict as CaseConflict  # for the screens
from anef_tui.errors import CaseLocked, DepositRefused, StorageError
from anef_tui.failures import Failure, describe_failure
from anef_tui.formats import FormatError, parse_ephoto
from anef_tui.instruction.records import (
    KEEP,
    SIDE_COUNTER,
    SIDE_INSTRUCTION,
    SIDE_LABELS,
    UPDATE,
    ComplementAnswer,
    HistoryEntry,
    HistoryLine,
    Notification,
    PieceAnswer,
    RequestedPiece,
    TitreDecision,
)
from anef_tui.instruction.rules import (
    ATTENTION_ORDER,
    AnswerRefused,
    InstructionRefused,
    attention_text,
)
from anef_tui.instruction.wording import (
    ListFilter,
    NotificationKind,
    Reason,
    load_notifications_wording,
)
from anef_tui.lifecycle import OPEN_STATUSES, Event, TransitionRefused, is_deposited
from anef_tui.lifecycle import label as status_label
from anef_tui.records import (
    STATUS_ABANDONED,
    STATUS_DEPOSITED,
    STATUS_DRAFT,
    STATUS_LABELS,
    CaseChanges,
    CaseRecord,
    CaseSummary,
    HomePage,
    StoredAttachment,
    StoredFile,
)
from anef_tui.search_terms import (
    ATTENTION_ANY,
    STATUS_DEPOSITED_ANY,
    CaseFilter,
    HomeCursor,
    PageCursor,
    QueueCursor,
    parse_query,
)

if TYPE_CHECKING:
    from anef_tui.documents.printing import PrintOutcome
    from anef_tui.instruction_service import InstructionService

__all__ = [
    "attention_filters",
    "ATTENTION_ANY",
    "ATTENTION_ORDER",
    "DEFAULT_LIMIT",
    "KEEP",
    "OPEN_STATUSES",
    "SIDE_COUNTER",
    "SIDE_INSTRUCTION",
    "SIDE_LABELS",
    "STATUS_ABANDONED",
    "STATUS_DEPOSITED",
    "STATUS_DEPOSITED_ANY",
    "STATUS_DRAFT",
    "STATUS_LABELS",
    "UPDATE",
    "AnswerRefused",
    "CaseChanges",
    "CaseFilter",
    "CaseLocked",
    "CaseRecord",
    "CaseService",
    "CaseState",
    "CaseSummary",
    "ComplementAnswer",
    "DepositRefused",
    "DepositResult",
    "Entry",
    "Event",
    "Failure",
    "FieldError",
    "FormatError",
    "HistoryEntry",
    "HistoryLine",
    "HomeCursor",
    "HomePage",
    "IngestError",
    "InstructionRefused",
    "ListFilter",
    "Listing",
    "Notification",
    "NotificationKind",
    "PieceAnswer",
    "QueueCursor",
    "Reason",
    "RequestedPiece",
    "RouteWalk",
    "StepOutcome",
    "StorageError",
    "StoredAttachment",
    "TitreDecision",
    "TransitionRefused",
    "VisibleSlot",
    "describe_failure",
    "attention_text",
    "display_value",
    "field_kind",
    "format_hint",
    "format_mtime",
    "format_size",
    "group_item_inputs",
    "group_item_summary",
    "input_text",
    "is_deposited",
    "list_folder",
    "parse_ephoto",
    "safe_file_name",
    "screen_wording",
    "status_label",
    "step_summary",
    "suggestions",
    "typed_for_conditions",
    "validate_group_item",
]

PIECE_LISTS_DIR = "listes"


def screen_wording() -> ScreenWording:
    """data/wording.yaml, read once: also for what shows before the database is open
    (F1 on the home screen)."""
    return load_wording()


def attention_filters() -> list[tuple[str, str]]:
    """The home's filter of what needs action, also before the database is open: each
    code, most urgent first, with its words (notifications.yaml attention.*.filter)."""
    lines = load_notifications_wording().attention
    return [(code, getattr(lines, code).filter or code) for code in ATTENTION_ORDER]


def suggestions(*, nationality: bool, sexe: str | None = None) -> list[str]:
    """What a country or nationality field proposes as the agent types; nationalities
    in the applicant's gender once the sexe is known."""
    from anef_tui import reference

    return reference.suggestion_list(nationality=nationality, sexe=sexe)


def locked_error(status: str) -> CaseLocked:
    if status == STATUS_ABANDONED:
        return CaseLocked("Ce dossier a été abandonné : il ne peut plus être modifié.")
    return CaseLocked("Ce dossier a été déposé : il ne peut plus être modifié.")


@dataclass(frozen=True)
class DepositResult:
    numero: str
    # None when the deposit is done but its confirmation could not be written (a full
    # disk…): `confirmation_error` says why; confirmation_pdf() writes it again later.
    confirmation_pdf: Path | None
    confirmation_error: str | None = None


class CaseService:
    def __init__(self, settings: Settings, clock: Clock = system_clock, *,
                 sweep_now: bool = True) -> None:
        self.settings = settings
        self.clock = clock
        ensure_private_dir(settings.data_dir)
        ensure_private_dir(settings.files_dir)
        # Here, not at the top: the database library is the slowest import of the app.
        from anef_tui.storage.repository import CaseRepository

        self.repo = CaseRepository(settings.database_url, settings.files_dir,
                                   desk=settings.desk, clock=clock)
        self._instances = InstanceLock(settings.data_dir)
        self._instruction: InstructionService | None = None
        if sweep_now:
            self.sweep_at_start()
        else:
            # Later (sweep_at_start): the app sweeps once its first page is shown, so
            # that a year of dossiers does not delay the first rows.
            self._instances.share()

    def sweep_at_start(self) -> int:
        """The start-up sweep of crash leftovers (see sweep_leftovers), under the
        instances lock: exclusive if no other instance runs, then shared."""
        try:
            return self.sweep_leftovers(alone=self._instances.acquire_alone())
        finally:
            self._instances.share()

    @property
    def instruction(self) -> InstructionService:
        """The exchanges after the deposit (both sides): notifications, compléments…"""
        if self._instruction is None:
            from anef_tui.instruction_service import InstructionService

            self._instruction = InstructionService(self)
        return self._instruction

    def close(self) -> None:
        self.repo.close()
        self._instances.close()

    def sweep_leftovers(self, *, alone: bool) -> int:
        """Erase what a crash left in the cases' stores (see attachments.sweep); how many.

        The folders on disk are read a batch at a time, and only their cases are looked
        up: memory and queries stay the size of a batch, however many dossiers the
        database holds. Never stops the opening: a folder that cannot be swept is swept
        next time.
        """
        from anef_tui.attachments.sweep import CaseFiles, case_folders, sweep_stores
        from anef_tui.instruction_service import COMPLEMENTS_DIR

        total = 0
        for batch in case_folders(self.settings.files_dir):
            try:
                facts = self.repo.store_facts(batch)
            except StorageError:
                return total
            stores = [(self.pieces_dir(cid), CaseFiles(may_attach=f.status == STATUS_DRAFT,
                                                       abandoned=f.status == STATUS_ABANDONED,
                                                       referenced=f.referenced))
                      for cid, f in facts.items()
                      if f.status in (STATUS_DRAFT, STATUS_ABANDONED)]
            # A complément may be on its way at any time after the deposit: treated as open.
            stores += [(self.case_dir(cid) / COMPLEMENTS_DIR,
                        CaseFiles(may_attach=True, abandoned=False, referenced=f.complements))
                       for cid, f in facts.items() if f.complements is not None]
            total += sweep_stores(stores, alone=alone).total
        return total

    # -- catalog -------------------------------------------------------------------

    @property
    def catalog(self) -> dict[str, Procedure]:
        return load_catalog()

    @property
    def routes(self) -> RouteTree:
        return load_routes(catalog=self.catalog)

    @property
    def wording(self) -> ScreenWording:
        """The screens' sentences shared by every téléprocédure (data/wording.yaml)."""
        return load_wording()

    def reference_labels(self, procedure: Procedure) -> tuple[str, str]:
        """« Identifiant (N° étranger) » and « N° de la demande » as the procedure's
        confirmation prints them (guide 000 says « N° de l'étranger »)."""
        from anef_tui.documents.texts import confirmation_wording

        refs = confirmation_wording(procedure.confirmation.document).references
        return refs.identifiant, refs.numero_demande

    def case_reference_labels(self, record: CaseRecord) -> tuple[str, str]:
        """The two reference labels of a dossier, in its own téléprocédure's words."""
        return self.reference_labels(self.procedure(record.procedure_id))

    def procedure(self, procedure_id: str) -> Procedure:
        return self.catalog[procedure_id]

    def today(self) -> date:
        """The counter's day, from the service's clock (fixed in tests)."""
        return self.clock().date()

    # -- reading -------------------------------------------------------------------

    def list_cases(self) -> list[CaseSummary]:
        return self.repo.list_cases()

    def case_filter(self, text: str = "", *, status: str | None = None,
                    attention: str | None = None, today: date | None = None) -> CaseFilter:
        """What the counter typed and chose on the home screen, ready to query (judged on
        the service's day unless `today` is given)."""
        return CaseFilter(tuple(parse_query(text)), status, attention, today or self.today())

    def needing_action(self, flt: CaseFilter, today: date, limit: int) -> list[CaseSummary]:
        """Up to `limit` cases matching `flt` that need action, the most pressing first
        (the home screen's first rows)."""
        return self.repo.needing_action(flt, today, limit)

    def home_page(self, flt: CaseFilter, today: date, limit: int,
                  after: HomeCursor | None = None) -> HomePage:
        """A page of the home list: the cases that need action, the most pressing first,
        then the others, most recent first; `after` is the previous page's `next`."""
        return self.repo.home_page(flt, today, limit, after)

    def list_page(
        self, flt: CaseFilter, *, after: CaseSummary | None = None, limit: int = 50
    ) -> tuple[list[CaseSummary], datetime | None]:
        """A page of matching cases, most recent first, after the row `after`; and the
        latest update of all cases (what changed_since starts from)."""
        cursor = None
        if after is not None:
            # The summary holds the desk's wall-clock time: compared with its offset.
            moment = after.updated_at
            cursor = PageCursor(moment.astimezone() if moment.tzinfo is None else moment,
                                after.id)
        return self.repo.list_page(flt, after=cursor, limit=limit)

    def changed_since(
        self, since: datetime | None, flt: CaseFilter, *, also: Sequence[int] = ()
    ) -> CaseChanges | None:
        """The cases written since `since`, and those this desk wrote meanwhile (and
        `also`); None when too many to patch a list with."""
        return self.repo.changed_since(since, flt, also={*also, *self.repo.take_written()})

    def written_here(self, flt: CaseFilter, *, also: Sequence[int] = ()) -> CaseChanges:
        """The cases this desk wrote since the last call (and `also`), as the list shows
        them under `flt`: what the home screen patches as soon as a dossier is left."""
        return self.repo.changes_of({*also, *self.repo.take_written()}, flt)

    def get(self, case_id: int) -> CaseRecord:
        return self.repo.get(case_id)

    def state(self, record: CaseRecord, today: date | None = None) -> CaseState:
        return CaseState(
            procedure=self.procedure(record.procedure_id),
            profile=record.profile,
            identity=record.identity,
            answers=record.answers,
            today=today or self.today(),
            default_max_files=self.settings.limits.max_files_per_slot,
        )

    def case_dir(self, case_id: int) -> Path:
        return self.settings.case_dir(case_id)

    def pieces_dir(self, case_id: int) -> Path:
        return self.case_dir(case_id) / PIECES_DIR

    # -- creating ------------------------------------------------------------------

    def identity_fields(self, procedure: Procedure, profile: Mapping[str, str]) -> list[FieldDef]:
        """The identity asked when the case is created (as on the current titre)."""
        return CaseState(procedure, profile).identity_fields()

    def validate_identity(
        self, procedure: Procedure, profile: Mapping[str, str], raw: Mapping[str, Any],
        numero_etranger: str | None, today: date | None = None,
    ) -> tuple[dict[str, Any], str | None, list[FieldError]]:
        """Check the identity captured at creation (as on the titre) and the N° étranger."""
        state = CaseState(procedure, profile, today=today or self.today())
        errors: list[FieldError] = []
        identity: dict[str, Any] = {}
        numero = None
        if procedure.applicant == "known":
            try:
                from anef_tui.formats import parse_numero_etranger

                numero = parse_numero_etranger(numero_etranger or "")
            except FormatError as exc:
                errors.append(FieldError("numero_etranger", "N° étranger", str(exc)))
        for f in state.identity_fields():
            value = raw.get(f.id)
            if value is None or (isinstance(value, str) and not value.strip()):
                if f.required:
                    errors.append(FieldError(f.id, f.label,
                                             "Ce champ est obligatoire : renseignez-le pour "
                                             "poursuivre."))
                continue
            try:
                identity[f.id] = parse_value(f, value, identity, state.today)
            except FormatError as exc:
                errors.append(FieldError(f.id, f.label, str(exc)))
        if not errors:
            labels = {f.id: f.label for f in state.identity_fields()}
            checked = CaseState(procedure, profile, identity, today=state.today)
            for field_id, message in checked.identity_problems(checked.context()):
                errors.append(FieldError(field_id, labels.get(field_id, field_id), message))
        return identity, numero, errors

    def create_case(
        self, procedure_id: str, profile: Mapping[str, str], identity: Mapping[str, Any],
        numero_etranger: str | None,
    ) -> int:
        procedure = self.procedure(procedure_id)
        return self.repo.create_case(
            procedure_id, dict(profile), procedure.steps[0].id, dict(identity), numero_etranger,
            roles=procedure.role_ids(),
        )

    # -- steps ---------------------------------------------------------------------

    def check_step(
        self, record: CaseRecord, step: Step, raw: Mapping[str, Any],
        attestations: Mapping[str, bool], attachments: Sequence[StoredAttachment],
        today: date | None = None,
    ) -> tuple[StepOutcome, Eligibility | None]:
        """Validate a step without saving it; also tells if the applicant is not eligible."""
        state = self.state(record, today)
        by_slot: dict[str, list[StoredAttachment]] = {}
        for a in attachments:
            by_slot.setdefault(a.slot_id, []).append(a)
        outcome = validate_step(state, step, raw, attestations=attestations,
                                attachments=by_slot)
        if not outcome.ok:
            return outcome, None
        after = CaseState(state.procedure, state.profile,
                          {**state.identity, **outcome.identity},
                          {**state.answers, step.id: outcome.values}, state.today)
        return outcome, after.ineligibility(step, after.context())

    def save_step(
        self, record: CaseRecord, step: Step, outcome: StepOutcome,
        attachments: Sequence[StoredAttachment] | None, next_step: str,
    ) -> CaseRecord:
        """Commit a validated step (answers, identity, attachments) in one transaction."""
        if not record.editable:
            raise locked_error(record.status)
        identity = {**record.identity, **outcome.identity} if outcome.identity else None
        has_slots = any(sec.documents for sec in step.sections)
        self.repo.save_step(
            record.id, step.id, outcome.values, next_step, identity=identity,
            roles=self.procedure(record.procedure_id).role_ids(),
            attachments=list(attachments or []) if has_slots else None,
            expected_version=record.version or None,
            file_source=lambda a: self._stored_file(record.id, a).read_bytes(),
        )
        saved = self.repo.get(record.id)
        if has_slots:
            self.prune_store(saved)
        return saved

    def prune_store(self, record: CaseRecord) -> int:
        """Erase the case's stored files that no saved attachment references.

        Files are copied in when attached but only referenced once the step is
        validated: what was attached then removed, or left unsaved when the case was
        left, is personal data with no use any more.
        """
        from anef_tui.attachments.store import remove_stored, sweep_partials

        store = self.pieces_dir(record.id)
        if not store.is_dir():
            return 0
        kept = {a.stored_name for a in record.attachments}
        removed = sweep_partials(store)
        for entry in store.iterdir():
            if entry.is_file() and entry.name not in kept and not entry.name.startswith("."):
                removed += remove_stored(store, entry.name)
        return removed

    def _stored_file(self, case_id: int, attachment: StoredFile,
                     store: Path | None = None) -> Path:
        from anef_tui.attachments.store import stored_path

        return stored_path(store or self.pieces_dir(case_id), attachment.stored_name)

    def attachment_file(self, case_id: int, attachment: StoredFile,
                        store: Path | None = None) -> Path:
        """A readable copy of an attached file on this desk, to open or print it.

        On SQLite it is the file of the local store. On PostgreSQL a file attached at
        another desk is copied from the database into this desk's private store (0600),
        its SHA-256 checked, and reused while it matches.
        """
        import hashlib
        import os

        from anef_tui.attachments.store import ensure_store_dir, fsync_dir

        path = self._stored_file(case_id, attachment, store)
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() == attachment.sha256:
                return path
        except OSError:
            pass
        data = self.repo.read_file(case_id, attachment.sha256)
        if data is None or hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise StorageError(
                f"Le fichier de la pièce « {attachment.original_name} » est introuvable ou "
                "endommagé : joignez-le de nouveau depuis le poste qui l'a numérisé."
            )
        ensure_private_dir(self.case_dir(case_id))
        ensure_store_dir(path.parent)
        partial = path.with_name(f".incoming-{os.getpid()}-{path.name}.part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
        fsync_dir(path.parent)
        return path

    def go_to(self, record: CaseRecord, step_id: str) -> None:
        if record.editable:
            self.repo.set_current_step(record.id, step_id)

    def keep_observations(self, record: CaseRecord, observations: str) -> CaseRecord:
        """Save the récapitulatif's observations of a draft; the record as now saved (its
        new version is what the next save or the deposit must hand back)."""
        if record.editable and (observations or None) != record.observations:
            self.repo.set_observations(record.id, observations,
                                       expected_version=record.version or None)
            return self.repo.get(record.id)
        return record

    def leave_case(self, case_id: int) -> None:
        """« Quitter et revenir plus tard »: what was validated is already committed; the
        rest of the current step is dropped, as ANEF does, and so are its files."""
        record = self.repo.get(case_id)
        if record.editable:
            self.prune_store(record)

    def recap_parts(self, procedure: Procedure) -> list[RecapPart]:
        """The parts of the récapitulatif: the definition's (BPI: three to validate in
        turn), else one per form step."""
        recap = procedure.recap_step.recap
        assert recap is not None
        return list(recap.parts) or [RecapPart(title=s.title.upper(), steps=[s.id])
                                     for s in procedure.steps if s.kind == "form"]

    def abandon(self, case_id: int) -> None:
        self.repo.abandon(case_id)

    # -- attachments ---------------------------------------------------------------

    def slot_refusal(self, slot_id: str, slot_label: str, max_files: int,
                     pending: Sequence[StoredAttachment]) -> str | None:
        """Why « Joindre un document » cannot add to this slot now, or None."""
        from anef_tui.attachments import IngestError
        from anef_tui.attachments.slots import check_not_full

        try:
            check_not_full([a.sha256 for a in pending if a.slot_id == slot_id], max_files,
                           slot_label)
        except IngestError as exc:
            return str(exc)
        return None

    def attach(
        self, case_id: int, slot_id: str, slot_label: str, max_files: int, source: Path,
        pending: Sequence[StoredAttachment],
    ) -> StoredAttachment:
        """Check `source` and copy it into the case's private store (IngestError if not)."""
        from anef_tui.attachments.ingest import ingest
        from anef_tui.attachments.slots import check_can_add, check_not_full
        from anef_tui.attachments.store import remove_stored

        record = self.repo.get(case_id)
        if not record.editable:
            # Checked before copying: a deposited case's store must not grow, and an
            # abandoned case's folder, erased, must not come back.
            raise locked_error(record.status)
        in_slot = [a.sha256 for a in pending if a.slot_id == slot_id]
        check_not_full(in_slot, max_files, slot_label)
        store = self.pieces_dir(case_id)
        try:
            ensure_private_dir(store)
        except ConfigError as exc:
            # Said where the agent attaches, like any other reason the file is not joined.
            raise IngestError(str(exc), reason="store_failed") from exc
        stored = ingest(source, store, max_bytes=self.settings.limits.max_file_bytes,
                        image_limits=self.settings.limits.image_limits)
        try:
            check_can_add(in_slot, stored.sha256, max_files, slot_label)
        except Exception:
            if not any(a.stored_name == stored.relpath for a in pending):
                remove_stored(store, stored.relpath)
            raise
        return StoredAttachment.checked(slot_id, stored)

    # -- deposit -------------------------------------------------------------------

    def deposit(self, case_id: int, observations: str | None,
                when: datetime | None = None, version: int | None = None) -> DepositResult:
        """Deposit a case whose every form step is validated; give it its number and PDF.

        `version`: the case's version the récapitulatif showed; if another desk saved the
        case since, the deposit is refused (CaseConflict) rather than deposit unseen answers.
        """
        record = self.repo.get(case_id)
        if not record.editable:
            raise locked_error(record.status)
        missing = [s.title for s in self.procedure(record.procedure_id).steps
                   if s.kind == "form" and s.id not in record.answers]
        if missing:
            raise DepositRefused(
                "La demande ne peut pas être déposée : étape(s) non validée(s) : "
                + ", ".join(f"« {t} »" for t in missing) + ".")
        if observations:
            from anef_tui.formats import parse_text

            try:
                # Printed on the confirmation: the same text rule as every field.
                observations = parse_text(observations, multiline=True) or None
            except FormatError as exc:
                raise DepositRefused(f"Observations : {exc}") from None
        when = (when or self.clock()).astimezone()
        attention: tuple[str | None, date | None] = (None, None)
        procedure = self.procedure(record.procedure_id)
        months = procedure.confirmation.validity_months
        if procedure.confirmation.document == "prolongation_instruction" and months:
            from anef_tui.instruction.clock import validity_end
            from anef_tui.instruction.rules import ATTENTION_EXPIRES

            attention = (ATTENTION_EXPIRES, validity_end(when.date(), months))
        numero = self.repo.deposit(case_id, observations=observations,
                                   site_prefix=self.settings.site_prefix, when=when,
                                   attention=attention,
                                   expected_version=version)
        # Nothing can be attached to it any more: what a crash left in its store goes
        # now, so the start-up sweep never has to read deposited cases again.
        with contextlib.suppress(OSError):
            self.prune_store(self.repo.get(case_id))
        try:
            pdf = self.write_confirmation(self.repo.get(case_id))
        except Exception as exc:  # noqa: BLE001 - the deposit is done whatever the PDF does
            # The case is deposited and numbered: a PDF that could not be written must
            # not look like a failed deposit. It is written again from the case (its
            # confirmation screen, now or at the next opening).
            failure = describe_failure(exc, self.settings.data_dir)
            with contextlib.suppress(StorageError):
                self.repo.record_event(case_id, "confirmation_pdf_failed", type(exc).__name__)
            return DepositResult(numero, None, failure.message)
        self.repo.record_event(case_id, "confirmation_pdf", str(pdf))
        return DepositResult(numero, pdf)

    # -- documents -----------------------------------------------------------------

    def write_confirmation(self, record: CaseRecord) -> Path:
        from anef_tui.official_documents import write_confirmation

        return write_confirmation(self.state(record), record, self.case_dir(record.id))

    def confirmation_pdf(self, case_id: int) -> Path:
        """A deposited case's confirmation: written at the deposit, again if it is missing."""
        from anef_tui.official_documents import confirmation_path

        record = self.repo.get(case_id)
        path = confirmation_path(self.state(record), record, self.case_dir(case_id))
        if not path.exists():
            path = self.write_confirmation(record)
            # The file is written: a database that cannot note it must not hide it.
            with contextlib.suppress(StorageError):
                self.repo.record_event(case_id, "confirmation_pdf", str(path))
        return path

    def applicant_line(self, record: CaseRecord) -> str:
        """« NOM Prénoms — né(e) le jj/mm/aaaa », read by role as the documents print it."""
        from anef_tui.official_documents import identity_of

        who = identity_of(self.state(record))
        return f"{who.nom_naissance} {' '.join(who.prenoms)} — né(e) le {who.date_naissance}"

    def write_case_summary(self, record: CaseRecord) -> Path:
        """The « récapitulatif du dossier » PDF, in the case's folder."""
        from anef_tui.official_documents import write_case_summary

        return write_case_summary(self.state(record), record, self.case_dir(record.id))

    def write_piece_list(self, procedure_id: str, case_id: int | None = None) -> Path:
        """The « Liste des pièces justificatives »: blank (to print before the visit, in
        the data folder) or for one case (only what applies to it, in its folder)."""
        from anef_tui.official_documents import write_piece_list

        if case_id is None:
            return write_piece_list(self.procedure(procedure_id),
                                    self.settings.data_dir / PIECE_LISTS_DIR)
        state = self.state(self.repo.get(case_id))
        return write_piece_list(state.procedure, self.case_dir(case_id), state)

    def print_pdf(self, path: Path) -> PrintOutcome:
        """Send a PDF to the printer (seconds, or a hang on a broken queue: not on the UI
        thread); the outcome carries the French message to show."""
        from anef_tui.documents.printing import print_pdf

        return print_pdf(path, self.settings.print_command)
