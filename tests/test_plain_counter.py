"""The plain mode after the deposit, on the counter's side, piped on standard input:
« Mes notifications » and its filters, a notification read (its clock starts), a
complément answered (maintained, updated with a file), a late answer refused « Erreur :
… », the pré-demande's « Reprendre ma demande », the certificat médical and the décision
with their PDFs, the history. Notifications are sent through the service; the day is
injected (tests/counter_day.py)."""

from __future__ import annotations

import io
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import casebuilder
from counter_day import NOW
from filefactory import pdf_bytes, write
from pilot import make_settings, pdf_words

from anef_tui.clock import fixed_clock
from anef_tui.config import Settings
from anef_tui.plain import run_plain
from anef_tui.service import CaseService, Reason, RequestedPiece

DEPOSIT = NOW - timedelta(days=10)
REQUESTED = NOW - timedelta(days=5)
LATER = NOW + timedelta(days=31)  # the day after the 30 days from the reading
FOLLOW = ["3", "", "1"]  # « Suivre un dossier déposé », every dossier, the first
QUIT = "6"
HOME = "Retour à l'accueil"  # the last choice of « Mes Notifications » (its words)


def plain(settings: Settings, lines: list[str], now: datetime = NOW) -> tuple[int, str]:
    out = io.StringIO()
    code = run_plain(settings, io.StringIO("".join(f"{line}\n" for line in lines)), out,
                     fixed_clock(now))
    return code, out.getvalue()


def deposited(settings: Settings, spec: casebuilder.CaseSpec, *,
              request: list[RequestedPiece] | None = None) -> tuple[int, int | None]:
    """A dossier deposited 10 days ago; a complément asked 5 days ago, if `request`."""
    service = CaseService(settings, fixed_clock(DEPOSIT))
    try:
        record = casebuilder.build(service, spec, settings.scan_dir / "deposit", when=DEPOSIT)
        if request is None:
            return record.id, None
        sent = service.instruction.request_complement(record.id, request, now=REQUESTED)
        return record.id, sent.id
    finally:
        service.close()


def query(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(settings.data_dir / "anef.sqlite3")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def bpi_request() -> list[RequestedPiece]:
    return [
        RequestedPiece("justificatif_domicile", "", Reason.INVALID,
                       "La facture date de plus de trois mois."),
        RequestedPiece("autre_1", "Attestation de la CAF", Reason.MISSING,
                       "Joignez l'attestation de paiement."),
    ]


def test_complement_read_then_answered_kept_and_updated(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_id, nid = deposited(settings, casebuilder.bpi(), request=bpi_request())
    write(settings.scan_dir / "attestation_caf.pdf", pdf_bytes(pages=1))
    code, output = plain(settings, [
        *FOLLOW,
        "2",  # Changer le filtre
        "3",  # Notifications à répondre
        "1",  # the demande de complément: opened (the accusé de réception)
        "1",  # Répondre
        "1", "La facture est la plus récente reçue.", "",  # Maintenir, the reason, no message
        "",  # the CAF attestation: no file yet
        "",  # no message
        "1",  # Valider et envoyer: refused, no file for a piece « mise à jour »
        "3",  # Modifier : Attestation de la CAF
        "attestation_caf.pdf", "", "Voici l'attestation.",
        "1",  # Valider et envoyer
        "2",  # < RETOUR A TOUTES MES NOTIFICATIONS (answered: no « Répondre » any more)
        "Historique du dossier",  # an option's words are an answer too
        HOME,  # Retour à l'accueil (« à répondre »: the answered one is no longer listed)
        QUIT,
    ])
    assert code == 0, output[-3000:]
    assert "\x1b" not in output
    lines = output.splitlines()
    # The list as the screen lists it: date, domaine, titre, état, and the deadline once read.
    listed = f"  1. {REQUESTED:%d/%m/%Y} — SEJOUR — Demande de complément — non lue"
    assert listed in lines
    assert "Filtrer mes notifications : Notifications à répondre" in lines
    # Opened today: the 30 days run from the reading.
    last_day = NOW.date() + timedelta(days=30)
    assert f"Délai : 30 jours restants (jusqu'au {last_day:%d/%m/%Y})" in lines
    assert "Les documents mentionnés ci-dessous ne sont pas valides :" in lines
    assert "  Observations : La facture date de plus de trois mois." in lines
    assert any(line.startswith("Documents (PDF) : ") or line == "Documents (PDF) :"
               for line in lines)
    errors = [line for line in lines if line.startswith("Erreur : ")]
    assert len(errors) == 1 and "Attestation de la CAF" in errors[0], errors
    assert "Votre réponse a été envoyée à l'agent instructeur." in lines
    assert f"Répondu le {NOW:%d/%m/%Y}" in lines
    assert "Aucune notification." in lines  # « à répondre »: answered, no longer listed
    history = lines.index("== Historique du dossier ==")
    assert lines[history + 2:history + 6] == [
        f"{NOW:%d/%m/%Y %H:%M} — Guichet — Réponse à la demande de complément",
        f"{NOW:%d/%m/%Y %H:%M} — Guichet — Notification ouverte (accusé de réception) — "
        "Demande de complément",
        f"{REQUESTED:%d/%m/%Y %H:%M} — Instruction — Demande de complément — Justificatifs "
        "de domicile de moins de 6 mois, Attestation de la CAF",
        f"{DEPOSIT:%d/%m/%Y %H:%M} — Guichet — Dépôt de la demande — "
        f"{query(settings, 'select numero_demande from cases')[0][0]}",
    ]

    # The database: read today, answered today, the choices and the one file.
    read = query(settings, "select read_at from notification_reads "
                 f"where notification_id = {nid}")  # noqa: S608
    assert read[0][0] is not None and str(read[0][0]).startswith(f"{NOW:%Y-%m-%d}")
    assert query(settings, "select piece, choice, reason, message from complement_items "
                 "order by piece") == [
        ("autre_1", "mettre_a_jour", None, "Voici l'attestation."),
        ("justificatif_domicile", "maintenir", "La facture est la plus récente reçue.", None),
    ]
    assert query(settings, "select piece, original_name from complement_files") == [
        ("autre_1", "attestation_caf.pdf")]
    assert query(settings, f"select status from cases where id = {case_id}") == [  # noqa: S608
        ("complement_repondu",)]
    # Only the file sent is kept in the dossier's store.
    store = settings.data_dir / "dossiers"
    sent = [p for p in store.rglob("*") if p.is_file() and "complements" in p.parts]
    assert len(sent) == 1


def test_late_answer_is_refused_and_the_deadline_said_in_words(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_id, nid = deposited(settings, casebuilder.bpi(), request=bpi_request())
    # Read today: the clock starts.
    code, output = plain(settings, [*FOLLOW, "1", "3", HOME, QUIT])
    assert code == 0, output[-2000:]
    # 31 days later: one day too late.
    code, output = plain(settings, [*FOLLOW, "1", "1", "3", HOME, QUIT], now=LATER)
    assert code == 0, output[-2000:]
    last_day = NOW.date() + timedelta(days=30)
    late = f"DÉLAI DÉPASSÉ depuis 1 jour (le {last_day:%d/%m/%Y})"
    assert any(line.startswith("  1. ") and line.endswith(f"Délai : {late}")
               for line in output.splitlines())
    assert f"Délai : {late}" in output.splitlines()
    assert (f"Erreur : Le délai de réponse est dépassé depuis le {last_day:%d/%m/%Y}"
            in output)
    # Nothing answered, nothing read again (the first reading is the accusé de réception).
    assert query(settings, "select count(*) from complement_answers") == [(0,)]
    assert query(settings, "select count(*) from notification_reads") == [(1,)]
    assert query(settings, f"select status from cases where id = {case_id}") == [  # noqa: S608
        ("complement_demande",)]
    assert nid is not None


def test_pre_demande_resumed_and_complements_deposited(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_id, nid = deposited(settings, casebuilder.ordonnance(), request=[
        RequestedPiece("justificatif_domicile", "", Reason.UNREADABLE,
                       "Le document est illisible.")])
    write(settings.scan_dir / "attestation_hotelier_lisible.pdf", pdf_bytes(pages=1))
    code, output = plain(settings, [
        *FOLLOW, "1",
        "1",  # Reprendre ma demande
        "attestation_hotelier_lisible.pdf", "",
        "Nouvelle attestation, lisible.",  # Observations à destination de l'administration
        "1",  # Déposer les compléments
        "2",  # back to the list (answered: « Imprimer les documents », then the return)
        HOME,
        QUIT,
    ])
    assert code == 0, output[-3000:]
    lines = output.splitlines()
    assert "Que faire ?" in lines and "  1. Reprendre ma demande" in lines
    assert "  1. Déposer les compléments" in lines
    assert "== Justificatifs ==" in lines
    assert "Erreur" not in output
    # 002: counted from the reception (the e-mail), 15 days.
    assert query(settings, "select observations from complement_answers") == [
        ("Nouvelle attestation, lisible.",)]
    assert query(settings, "select piece, choice, message from complement_items") == [
        ("justificatif_domicile", "mettre_a_jour", None)]
    assert query(settings, "select original_name from complement_files") == [
        ("attestation_hotelier_lisible.pdf",)]
    assert case_id and nid


def test_certificat_medical_and_decision_documents(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_id, _ = deposited(settings, casebuilder.etranger_malade())
    service = CaseService(settings, fixed_clock(REQUESTED))
    try:
        service.instruction.provide_certificat(case_id, now=REQUESTED)
        decision = service.instruction.decision(
            "carte_sejour_temporaire", "Vie privée et familiale", date(2026, 7, 1), 12, 225)
        service.instruction.decide_favorable(case_id, decision, now=REQUESTED)
    finally:
        service.close()
    code, output = plain(settings, [
        *FOLLOW,
        "1", "1",  # the décision (newest first), « Imprimer les documents » (no printer)
        "2",  # back
        "2", "2",  # the certificat médical: back
        "4",  # Historique du dossier
        "5", "3", "1",  # the confirmation (as Entrée on the home screen): the case summary
        HOME,
        QUIT,
    ])
    assert code == 0, output[-3000:]
    lines = output.splitlines()
    confirmation = next(line for line in lines
                        if line.startswith("Confirmation de dépôt de demande (PDF) : "))
    assert Path(confirmation.split(" : ", 1)[1]).is_file()
    summary = next(line for line in lines
                   if line.startswith("Récapitulatif du dossier (PDF) : "))
    assert "NGUYỄN" in pdf_words(Path(summary.split(" : ", 1)[1])).upper()
    assert "  1. Mes Notifications" in lines  # the way back, in the list's own words
    pdfs = [Path(line.strip()) for line in lines if line.startswith("  /")]
    decision_pdfs = [p for p in pdfs if p.is_file()]
    words = " ".join(pdf_words(p) for p in decision_pdfs)
    assert "ATTESTATION DE DÉCISION FAVORABLE" in words.upper()
    assert "CERTIFICAT MÉDICAL" in words.upper()
    # The certificat's deadline (a month from the reading) said in words, once read.
    assert any("Délai : " in line and "restant" in line for line in lines)
    assert any(line.startswith("Erreur : ") for line in lines)  # no printer on this machine
    assert "Erreur : une demande déposée" not in output


def test_follow_lists_what_needs_action_first_and_refuses_abandon(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    waiting, _ = deposited(settings, casebuilder.bpi(), request=bpi_request())
    service = CaseService(settings, fixed_clock(NOW))
    try:  # a more recent dossier, nothing to do on it
        recent = casebuilder.build(service, casebuilder.etranger_malade(),
                                   settings.scan_dir / "deposit").id
    finally:
        service.close()
    code, output = plain(settings, ["3", "", "2", "!abandon", HOME, QUIT])
    assert code == 0, output[-2000:]
    lines = output.splitlines()
    asked = lines.index("Quel dossier suivre ?")
    assert lines[asked + 1].startswith("  1. Nguyễn Łukasz Ğüler — Demande ou renouvellement "
                                       "d'un TSE pour usagers BPI — N° ")
    # Words only: a screen reader would say « puce noire » for the screens' « ● ».
    assert lines[asked + 1].endswith("— Complément demandé — Notification non lue")
    assert not any(mark in output for mark in "●⚠")
    assert lines[asked + 2].endswith("— Déposé")
    assert "Erreur : une demande déposée ne peut plus être abandonnée." in lines
    assert "Aucune notification." in lines  # the second, more recent one
    assert query(settings, "select status from cases order by id") == [
        ("complement_demande",), ("depose",)]
    # Found by its N° de demande, as on the home screen: only that one.
    numero = query(settings, f"select numero_demande from cases where id = {recent}")  # noqa: S608
    code, output = plain(settings, ["3", str(numero[0][0]), "1", HOME, QUIT])
    assert code == 0, output[-2000:]
    lines = output.splitlines()
    asked = lines.index("Quel dossier suivre ?")
    assert lines[asked + 1].endswith(f"N° {numero[0][0]} — Déposé")
    assert lines[asked + 2] == "Votre choix (1 à 1) : 1"
    assert waiting != recent


def test_end_of_input_mid_answer_sends_nothing_and_erases_its_files(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    deposited(settings, casebuilder.bpi(), request=bpi_request())
    write(settings.scan_dir / "facture_avril.pdf", pdf_bytes(pages=1))
    code, output = plain(settings, [*FOLLOW, "1", "1", "2", "facture_avril.pdf"])
    assert code == 1
    assert "Fichier joint : facture_avril.pdf" in output
    assert output.rstrip().endswith("Fin des réponses.")
    assert query(settings, "select count(*) from complement_answers") == [(0,)]
    # Read (the accusé de réception stays), answered nowhere, the copied file gone.
    assert query(settings, "select count(*) from notification_reads") == [(1,)]
    store = settings.data_dir / "dossiers"
    assert not [p for p in store.rglob("*") if p.is_file() and "complements" in p.parts]
