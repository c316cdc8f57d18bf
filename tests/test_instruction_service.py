"""The instruction of deposited cases through CaseService.instruction, on real SQLite and
real PostgreSQL: both sides, one transaction each, refusals in French that write nothing."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import casebuilder
import pytest
from filefactory import pdf_bytes, write
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from anef_tui.config import Settings, load_settings
from anef_tui.errors import CaseLocked
from anef_tui.service import (
    KEEP,
    UPDATE,
    AnswerRefused,
    CaseService,
    InstructionRefused,
    ListFilter,
    NotificationKind,
    PieceAnswer,
    Reason,
    RequestedPiece,
    TransitionRefused,
)
from anef_tui.storage import migrate

DEPOSIT = datetime(2023, 8, 16, 14, 37).astimezone()
EXCHANGE_TABLES = ("notifications", "notification_reads", "complement_answers",
                   "complement_items", "complement_files", "case_history")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour).astimezone()


@pytest.fixture
def settings(tmp_path: Path, engine_url: str) -> Settings:
    return load_settings(data_dir=tmp_path / "data", database_url=engine_url, environ={})


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", environ={})


def db(settings: Settings) -> sqlite3.Connection:
    return sqlite3.connect(settings.data_dir / "anef.sqlite3")


def query(settings: Settings, sql: str, **params: object) -> list[tuple[object, ...]]:
    """Rows read straight from the database of `settings`, whichever the engine."""
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def counts(settings: Settings) -> dict[str, int]:
    return {t: int(query(settings, f"SELECT COUNT(*) FROM {t}")[0][0])  # type: ignore[call-overload]
            for t in EXCHANGE_TABLES}


def case_row(settings: Settings, case_id: int) -> tuple[str, str | None, str | None]:
    status, attention, until = query(
        settings, "SELECT status, attention, attention_until FROM cases WHERE id = :id",
        id=case_id)[0]
    return (str(status), None if attention is None else str(attention),
            None if until is None else str(until))


def deposited(service: CaseService, tmp_path: Path, spec: casebuilder.CaseSpec) -> int:
    return casebuilder.build(service, spec, tmp_path / "scans", when=DEPOSIT).id


def ask(service: CaseService, case_id: int, when: datetime) -> int:
    pieces = [
        RequestedPiece("justificatif_nationalite", "", Reason.UNREADABLE,
                       "Veuillez fournir une copie lisible de votre passeport."),
        RequestedPiece("autre_1", "Attestation de scolarité", Reason.MISSING,
                       "Le document est manquant."),
    ]
    return service.instruction.request_complement(case_id, pieces, now=when).id


def test_complement_read_answered_then_decision(service: CaseService, settings: Settings,
                                                tmp_path: Path) -> None:
    case_id = deposited(service, tmp_path, casebuilder.ase(age=17))
    before = service.get(case_id)
    instruction = service.instruction
    assert case_id in [c.id for c in instruction.waiting()]

    nid = ask(service, case_id, at(date(2023, 8, 20)))
    n = instruction.notification(nid)
    assert n.kind is NotificationKind.COMPLEMENT and n.state == "non_lue"
    assert [p.label for p in n.pieces] == ["Justificatif de nationalité",
                                           "Attestation de scolarité"]
    assert n.pieces[0].deposited_files == ("passeport.pdf",)
    assert n.pieces[0].can_keep and not n.pieces[1].can_keep
    # Not opened: the clock has not started; the home screen says « non lue ».
    assert case_row(settings, case_id) == ("complement_demande", "non_lue", None)
    assert instruction.deadline(n) is None

    read = instruction.open(nid, now=at(date(2023, 8, 25)))
    assert read.state == "lue" and read.read_at is not None
    again = instruction.open(nid, now=at(date(2023, 8, 28)))
    assert again.read_at == read.read_at  # the first opening is the accusé de réception
    assert case_row(settings, case_id) == ("complement_demande", "a_repondre", "2023-09-24")
    assert instruction.notifications(case_id, ListFilter.UNREAD) == []
    assert [x.id for x in instruction.notifications(case_id, ListFilter.TO_ANSWER)] == [nid]

    scan = write(tmp_path / "scans" / "attestation_scolarite.pdf", pdf_bytes(pages=1))
    stored = instruction.attach(nid, "autre_1", scan, [], today=date(2023, 9, 1))
    assert (instruction.complements_dir(case_id) / stored.stored_name).is_file()
    answer = instruction.answer(nid, [
        PieceAnswer("justificatif_nationalite", KEEP, reason="La copie comporte 2 pages"),
        PieceAnswer("autre_1", UPDATE, message="Voici l'attestation.", files=(stored,)),
    ], now=at(date(2023, 9, 1)))
    assert answer.files[0].original_name == "attestation_scolarite.pdf"
    assert instruction.notification(nid).state == "repondu"
    assert case_row(settings, case_id)[0] == "complement_repondu"
    # Read back in one set of words by the dossier screen and plain mode.
    assert instruction.answer_lines(instruction.notification(nid), answer) == (
        "Réponse du 01/09/2023 :",
        ["Justificatif de nationalité : Maintenir le Document — raison : La copie comporte "
         "2 pages",
         "Attestation de scolarité : Mettre à jour le Document — attestation_scolarite.pdf "
         "— message : Voici l'attestation."])

    # Never changes what was deposited.
    after = service.get(case_id)
    assert after.answers == before.answers and after.attachments == before.attachments

    # A second answer: refused in French, nothing written.
    written = counts(settings)
    with pytest.raises(AnswerRefused, match="a déjà reçu une réponse"):
        instruction.answer(nid, [PieceAnswer("autre_1", UPDATE, files=(stored,)),
                                 PieceAnswer("justificatif_nationalite", KEEP, reason="x")],
                           now=at(date(2023, 9, 2)))
    assert counts(settings) == written

    decision = instruction.decision("carte_sejour_temporaire", "Vie privée et familiale",
                                    date(2023, 9, 18), 12, 0)
    assert decision.valid_to == date(2024, 9, 17)
    assert (instruction.validity_line(decision.valid_from, decision.valid_to)
            == "Valable du 18/09/2023 au 17/09/2024 (calculé)")
    instruction.decide_favorable(case_id, decision, now=at(date(2023, 9, 17)))
    assert case_row(settings, case_id)[:2] == ("decision_favorable", "non_lue")
    assert case_id not in [c.id for c in instruction.waiting()]
    with pytest.raises(TransitionRefused, match="définitif"):
        ask(service, case_id, at(date(2023, 9, 20)))

    kinds = [h.kind for h in instruction.history(case_id)]
    assert kinds == ["decision_favorable", "reponse_complement", "lecture",
                     "demande_complement", "depot"]


def test_answer_must_cover_every_piece_the_right_way(service: CaseService, settings: Settings,
                                                     tmp_path: Path) -> None:
    case_id = deposited(service, tmp_path, casebuilder.ase(age=17))
    nid = ask(service, case_id, at(date(2023, 8, 20)))
    instruction = service.instruction
    instruction.open(nid, now=at(date(2023, 8, 20)))
    written = counts(settings)
    cases = [
        ([PieceAnswer("justificatif_nationalite", KEEP, reason="ok")],
         "Répondez pour chaque document demandé : « Attestation de scolarité »"),
        ([PieceAnswer("justificatif_nationalite", KEEP, reason="  "),
          PieceAnswer("autre_1", KEEP, reason="x")], "raisons du maintien"),
        ([PieceAnswer("justificatif_nationalite", KEEP, reason="ok"),
          PieceAnswer("autre_1", KEEP, reason="x")], "doit être joint"),
        ([PieceAnswer("justificatif_nationalite", UPDATE),
          PieceAnswer("autre_1", UPDATE)], "joignez au moins un document"),
    ]
    for items, message in cases:
        with pytest.raises(AnswerRefused, match=message):
            instruction.answer(nid, items, now=at(date(2023, 8, 21)))
    assert counts(settings) == written
    assert case_row(settings, case_id)[0] == "complement_demande"


def test_unanswered_past_the_deadline_is_closed(service: CaseService, settings: Settings,
                                                tmp_path: Path) -> None:
    case_id = deposited(service, tmp_path, casebuilder.conjoint_rf())
    instruction = service.instruction
    nid = ask(service, case_id, at(date(2023, 8, 20)))
    with pytest.raises(InstructionRefused, match="n'a pas encore été lue"):
        instruction.close_unanswered(case_id, now=at(date(2023, 12, 1)))
    instruction.open(nid, now=at(date(2023, 8, 21)))  # deadline 20/09/2023
    with pytest.raises(InstructionRefused, match="jusqu'au 20/09/2023 inclus"):
        instruction.close_unanswered(case_id, now=at(date(2023, 9, 20)))
    written = counts(settings)
    with pytest.raises(AnswerRefused, match="dépassé depuis le 20/09/2023"):
        instruction.answer(nid, [PieceAnswer("justificatif_nationalite", KEEP, reason="x"),
                                 PieceAnswer("autre_1", UPDATE, files=())],
                           now=at(date(2023, 9, 21)))
    assert counts(settings) == written
    closure = instruction.close_unanswered(case_id, now=at(date(2023, 9, 21)))
    assert closure.kind is NotificationKind.CLOSURE
    assert closure.payload["deadline"] == "2023-09-20"
    assert case_row(settings, case_id)[:2] == ("cloture", "non_lue")
    with pytest.raises(AnswerRefused, match="Clôturé"):
        instruction.answer(nid, [], now=at(date(2023, 9, 22)))


def test_pre_demande_counts_15_days_from_reception(service: CaseService, settings: Settings,
                                                   tmp_path: Path) -> None:
    case_id = deposited(service, tmp_path, casebuilder.ordonnance())
    instruction = service.instruction
    nid = instruction.request_complement(case_id, [RequestedPiece(
        "justificatif_nationalite", "", Reason.INVALID, "Veuillez fournir un document valide")],
        now=at(date(2023, 9, 14))).id
    n = instruction.notification(nid)
    assert n.kind is NotificationKind.COMPLEMENT_PRE_DEMANDE
    assert instruction.deadline(n) == date(2023, 9, 29)
    # The clock runs from the e-mail: the case is « à répondre » before it is opened.
    assert case_row(settings, case_id) == ("complement_demande", "a_repondre", "2023-09-29")
    instruction.open(nid, now=at(date(2023, 9, 20)))
    with pytest.raises(AnswerRefused, match="doit être joint"):
        instruction.answer(nid, [PieceAnswer("justificatif_nationalite", KEEP, reason="x")],
                           now=at(date(2023, 9, 20)))
    scan = write(tmp_path / "scans" / "passeport_valide.pdf", pdf_bytes(pages=1))
    stored = instruction.attach(nid, "justificatif_nationalite", scan, [],
                                today=date(2023, 9, 20))
    instruction.answer(nid, [PieceAnswer("justificatif_nationalite", UPDATE, files=(stored,))],
                       observations="Passeport renouvelé.", now=at(date(2023, 9, 29)))
    assert case_row(settings, case_id)[0] == "complement_repondu"


def test_unfavourable_decision_closes_the_dossier_to_answers(service: CaseService,
                                                              settings: Settings,
                                                              tmp_path: Path) -> None:
    case_id = deposited(service, tmp_path, casebuilder.ase(age=17))
    instruction = service.instruction
    nid = ask(service, case_id, at(date(2023, 8, 20)))
    instruction.open(nid, now=at(date(2023, 8, 21)))
    written = counts(settings)
    # Not while the applicant still has a complément to send.
    with pytest.raises(TransitionRefused, match="attend la réponse du demandeur"):
        instruction.decide_unfavorable(case_id, now=at(date(2023, 8, 22)))
    assert counts(settings) == written
    scan = write(tmp_path / "scans" / "scolarite.pdf", pdf_bytes(pages=1))
    stored = instruction.attach(nid, "autre_1", scan, [], today=date(2023, 8, 23))
    instruction.answer(nid, [PieceAnswer("justificatif_nationalite", KEEP, reason="Lisible"),
                             PieceAnswer("autre_1", UPDATE, files=(stored,))],
                       now=at(date(2023, 8, 23)))

    refusal = instruction.decide_unfavorable(case_id, now=at(date(2023, 8, 28)))
    assert refusal.kind is NotificationKind.DECISION_UNFAVORABLE
    assert refusal.issued_at.date() == date(2023, 8, 28)
    assert case_row(settings, case_id)[:2] == ("decision_defavorable", "non_lue")
    assert case_id not in [c.id for c in instruction.waiting()]
    assert instruction.wording.kind(refusal.kind).ours
    assert "n'a pas pu recevoir une suite favorable" in " ".join(
        instruction.letter(refusal).before)
    with pytest.raises(AnswerRefused, match="n'appelle pas de réponse"):
        instruction.check_answerable(refusal, date(2023, 8, 29))
    # Final: no new demande de complément (nothing more to answer), no other décision.
    written = counts(settings)
    with pytest.raises(TransitionRefused, match="définitif"):
        ask(service, case_id, at(date(2023, 8, 29)))
    with pytest.raises(TransitionRefused, match="définitif"):
        instruction.decide_unfavorable(case_id, now=at(date(2023, 8, 29)))
    decision = instruction.decision("carte_sejour_temporaire", "Vie privée et familiale",
                                    date(2023, 9, 18), 12, 0)
    with pytest.raises(TransitionRefused, match="définitif"):
        instruction.decide_favorable(case_id, decision, now=at(date(2023, 8, 29)))
    assert counts(settings) == written
    assert [h.kind for h in instruction.history(case_id)][0] == "decision_defavorable"


def test_complement_files_never_sent_are_erased(service: CaseService, tmp_path: Path) -> None:
    case_id = deposited(service, tmp_path, casebuilder.ase(age=17))
    instruction = service.instruction
    nid = ask(service, case_id, at(date(2023, 8, 20)))
    instruction.open(nid, now=at(date(2023, 8, 21)))
    store = instruction.complements_dir(case_id)
    day = date(2023, 8, 22)

    def scan(name: str, pages: int) -> Path:
        return write(tmp_path / "scans" / name, pdf_bytes(pages=pages))

    # Attached, then the answer screen left unsent: the file goes.
    left = instruction.attach(nid, "autre_1", scan("brouillon.pdf", 1), [], today=day)
    assert (store / left.stored_name).is_file()
    assert instruction.prune_complements(case_id) == 1
    assert not (store / left.stored_name).exists()

    # Two attached, one removed before sending: only the one sent stays.
    sent = instruction.attach(nid, "autre_1", scan("scolarite.pdf", 2), [], today=day)
    dropped = instruction.attach(nid, "autre_1", scan("erreur.pdf", 3), [sent], today=day)
    assert (store / dropped.stored_name).is_file()
    instruction.answer(nid, [
        PieceAnswer("justificatif_nationalite", KEEP, reason="La copie est lisible"),
        PieceAnswer("autre_1", UPDATE, files=(sent,)),
    ], now=at(day))
    assert sorted(p.name for p in store.iterdir()) == [sent.stored_name]
    assert instruction.prune_complements(case_id) == 0
    assert (store / sent.stored_name).is_file()


def test_certificat_and_prolongation_follow_the_procedure(service: CaseService,
                                                          settings: Settings,
                                                          tmp_path: Path) -> None:
    malade = deposited(service, tmp_path, casebuilder.etranger_malade())
    ase = deposited(service, tmp_path, casebuilder.ase(age=17))
    instruction = service.instruction
    n = instruction.provide_certificat(malade, now=at(date(2023, 10, 31)))
    instruction.open(n.id, now=at(date(2023, 10, 31)))
    assert case_row(settings, malade) == ("en_instruction", "a_envoyer", "2023-11-30")
    p = instruction.prolong(malade, now=at(date(2023, 11, 8)))
    assert p.validity == (date(2023, 11, 8), date(2024, 2, 7))
    instruction.open(p.id, now=at(date(2023, 11, 8)))
    assert case_row(settings, malade) == ("en_instruction", "expire", "2024-02-07")
    with pytest.raises(InstructionRefused, match="pas de certificat médical"):
        instruction.provide_certificat(ase)
    with pytest.raises(InstructionRefused, match="renouvellement"):
        instruction.prolong(ase)


def test_bpi_deposit_attestation_is_watched(service: CaseService, settings: Settings,
                                            tmp_path: Path) -> None:
    case_id = deposited(service, tmp_path, casebuilder.bpi())
    assert case_row(settings, case_id) == ("depose", "expire", "2024-02-15")


def test_storage_refuses_rewriting_exchanges_and_deposits(service: CaseService,
                                                          settings: Settings,
                                                          tmp_path: Path) -> None:
    case_id = deposited(service, tmp_path, casebuilder.ase(age=17))
    ask(service, case_id, at(date(2023, 8, 20)))
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            writes = ["UPDATE notifications SET payload_json = '{}'",
                      "DELETE FROM case_history",
                      "UPDATE cases SET observations = 'x'",
                      "UPDATE cases SET status = 'brouillon'",
                      "DELETE FROM attachments"]
            if engine.dialect.name == "postgresql":  # where the files are in the database
                writes += ["UPDATE case_files SET size = 0", "DELETE FROM case_files"]
            for sql in writes:
                with pytest.raises(DBAPIError, match="modification interdite"):
                    conn.execute(text(sql))
                conn.rollback()
            conn.execute(text("UPDATE cases SET status = 'decision_favorable'"))
            conn.commit()
            with pytest.raises(DBAPIError, match="modification interdite"):
                conn.execute(text("UPDATE cases SET status = 'complement_demande'"))
            conn.rollback()
    finally:
        engine.dispose()
    with pytest.raises(CaseLocked):
        service.repo.save_step(case_id, "motif_sejour", {}, "justificatifs")


def test_a_version_1_database_is_upgraded_with_its_deposits(sqlite_settings: Settings,
                                                            tmp_path: Path) -> None:
    settings = sqlite_settings
    service = CaseService(settings)
    case_id = deposited(service, tmp_path, casebuilder.ase(age=17))
    service.close()
    # Back to what version 1 had: no exchange tables, no attention, the old triggers.
    conn = db(settings)
    conn.isolation_level = None
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        conn.execute(f'DROP TRIGGER "{name}"')
    for table in reversed(EXCHANGE_TABLES):
        conn.execute(f"DROP TABLE {table}")
    # And what revision 0005 added: the search terms and the listing's indexes.
    conn.execute("DROP TABLE case_search_terms")
    for index in ("ix_cases_recent", "ix_cases_status_recent", "ix_cases_attention_recent",
                  "ix_cases_attention_due"):
        conn.execute(f"DROP INDEX {index}")
    conn.execute("DROP INDEX ix_cases_deposited")  # 0006: the queue's pages
    conn.execute("DROP INDEX ix_cases_attention")
    conn.execute("DROP INDEX ix_cases_attention_until")
    conn.execute("ALTER TABLE cases DROP COLUMN attention")
    conn.execute("ALTER TABLE cases DROP COLUMN attention_until")
    # 0003-0004: the desks' version columns and the files in the database.
    conn.execute("DROP TABLE case_files")
    conn.execute("ALTER TABLE cases DROP COLUMN version")
    conn.execute("ALTER TABLE cases DROP COLUMN updated_by")
    conn.execute("DROP TABLE alembic_version")
    conn.execute("PRAGMA user_version = 1")
    conn.close()

    service = CaseService(settings)
    try:
        history = service.instruction.history(case_id)
        assert [(h.kind, h.side) for h in history] == [("depot", "guichet")]
        ask(service, case_id, at(date(2023, 8, 20)))
        assert case_row(settings, case_id)[0] == "complement_demande"
    finally:
        service.close()
    conn = db(settings)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == \
            migrate.head_revision()
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("DELETE FROM notifications")
    finally:
        conn.close()


def test_request_is_checked(service: CaseService, tmp_path: Path) -> None:
    case_id = deposited(service, tmp_path, casebuilder.ase(age=17))
    instruction = service.instruction
    for pieces, message in [
        ([], "au moins un document"),
        ([RequestedPiece("inconnu", "", Reason.MISSING, "x")], "Autre document"),
        ([RequestedPiece("autre_1", " ", Reason.MISSING, "x")], "précisez le document"),
        ([RequestedPiece("justificatif_nationalite", "", Reason.INVALID, "")],
         "l'observation est obligatoire"),
    ]:
        with pytest.raises(InstructionRefused, match=message):
            instruction.request_complement(case_id, pieces)
    assert instruction.notifications(case_id) == []
    draft = casebuilder.create(service, casebuilder.ase(age=17))
    with pytest.raises(InstructionRefused, match="n'a pas été déposé"):
        instruction.request_complement(draft, [])


class MovingClock:
    """A service clock the test moves by hand, years away from the real date."""

    def __init__(self, at: datetime) -> None:
        self.at = at.astimezone()

    def __call__(self) -> datetime:
        return self.at


def test_every_operation_takes_its_day_from_the_service_clock(settings: Settings,
                                                               tmp_path: Path) -> None:
    # Built with the wall clock, then instructed by a service whose clock says 2035: no
    # operation below is given a day, so each must read the service's clock.
    builder = CaseService(settings)
    try:
        malade = deposited(builder, tmp_path, casebuilder.etranger_malade())
    finally:
        builder.close()
    moving = MovingClock(datetime(2035, 1, 28, 9))
    service = CaseService(settings, clock=moving)
    try:
        instruction = service.instruction
        n = instruction.request_complement(malade, [RequestedPiece(
            "justificatif_nationalite", "", Reason.INVALID, "Document non valide")])
        assert n.issued_at.date() == date(2035, 1, 28)
        moving.at = at(date(2035, 1, 30))
        read = instruction.open(n.id)
        assert read.read_at is not None and read.read_at.date() == date(2035, 1, 30)
        assert instruction.deadline(read) == date(2035, 3, 1)  # 30 days, February of 28
        assert case_row(settings, malade) == ("complement_demande", "a_repondre",
                                              "2035-03-01")
        p = instruction.prolong(malade)
        assert p.validity == (date(2035, 1, 30), date(2035, 4, 29))
        moving.at = at(date(2035, 3, 2))
        scan = write(tmp_path / "scans" / "tardif.pdf", pdf_bytes(pages=1))
        with pytest.raises(AnswerRefused, match="dépassé depuis le 01/03/2035"):
            instruction.attach(n.id, "justificatif_nationalite", scan, [])
        with pytest.raises(AnswerRefused, match="dépassé"):
            instruction.answer(n.id, [PieceAnswer("justificatif_nationalite", KEEP,
                                                  reason="x")])
        closure = instruction.close_unanswered(malade)
        assert closure.issued_at.date() == date(2035, 3, 2)
        # The home screen's filter is judged on the service's day too.
        flt = service.case_filter()
        assert flt.today == date(2035, 3, 2)
    finally:
        service.close()


@pytest.mark.parametrize(("typed", "field", "words"), [
    ({"titre": "carte_de_reve"}, "titre", "Choisissez le titre"),
    ({"mention": "  "}, "mention", "mention du titre est obligatoire"),
    ({"mention": "Vie privée\u200b"}, "mention", "Mention :"),
    ({"valid_from": "31/02/2026"}, "valid_from", "« Valable du »"),
    ({"valid_from": "2026-06-15"}, "valid_from", "JJ/MM/AAAA"),
    ({"months": "douze"}, "months", "nombre entier de mois"),
    ({"months": "0"}, "months", "entre 1 et 120 mois"),
    ({"months": "121"}, "months", "entre 1 et 120 mois"),
    ({"tax_euros": "beaucoup"}, "tax_euros", "nombre entier d'euros"),
    ({"tax_euros": "-5"}, "tax_euros", "entre 0 et 10 000 €"),
])
def test_a_refused_decision_names_the_value_refused(
        service: CaseService, typed: dict[str, str], field: str, words: str) -> None:
    """The décision form puts the focus on `field` (screens/decision.py), never on what
    the message's words suggest."""
    values = {"titre": "carte_sejour_temporaire", "mention": "Vie privée et familiale",
              "valid_from": "15/06/2026", "months": "12", "tax_euros": "225", **typed}
    with pytest.raises(InstructionRefused) as refused:
        service.instruction.typed_decision(**values)
    assert refused.value.field == field
    assert words in str(refused.value)
