"""Both sides of the instruction in plain mode, piped, on days injected: the agent asks a
complément (only what applies is offered: no closure while it waits), the counter reads it
and answers, the agent reads the answer and notifies a décision favorable (a wrong date
refused « Erreur : … » first), the counter finds the attestation's PDF. The database and
the PDF text are checked; every operation is the service's, as in
tests/test_walk_instruction.py."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import casebuilder
from counter_day import NOW
from filefactory import pdf_bytes, write
from pilot import make_settings, pdf_words
from test_plain_counter import FOLLOW, HOME, QUIT, bpi_request, deposited, plain, query

from anef_tui.clock import fixed_clock
from anef_tui.service import CaseService

INSTRUCTION = ["5", "1"]  # « Côté instruction », the first dossier waiting
# Back to the waiting list, then to the home menu (an option's exact words are an answer).
LEAVE_INSTRUCTION = ["Retour aux dossiers en attente", "Retour à l'accueil"]


def test_complement_answer_and_decision_both_sides_in_plain_mode(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_id, _ = deposited(settings, casebuilder.bpi())
    # Day 1, the agent: a demande de complément; closing now is refused.
    code, output = plain(settings, [
        *INSTRUCTION,
        "Demande de complément",
        "o", "2", "La facture date de plus de trois mois.",  # the domicile: non valide
        "o", "Attestation de la CAF", "1", "Joignez l'attestation de paiement.",  # autre
        *LEAVE_INSTRUCTION, QUIT,
    ])
    assert code == 0, output[-3000:]
    lines = output.splitlines()
    assert "Demande de complément envoyée." in lines
    # Then, waiting for the answer: no second complément, no décision, no closure yet
    # (a BPI renewal may still be prolonged).
    last = len(lines) - 1 - lines[::-1].index("Que faire ?")
    offered = lines[last + 1:next(i for i in range(last, len(lines))
                                  if lines[i].startswith("Votre choix"))]
    assert offered == ["  1. Notification de prolongation de l'instruction",
                       "  2. Historique du dossier", "  3. Retour aux dossiers en attente"]
    assert "- 15/06/2026 — Demande de complément — non lue" in lines
    assert query(settings, "select status from cases") == [("complement_demande",)]

    # Day 2, the counter: read (the clock starts) and answered.
    write(settings.scan_dir / "attestation_caf.pdf", pdf_bytes(pages=1))
    day2 = NOW + timedelta(days=1)
    code, output = plain(settings, [
        *FOLLOW, "1", "1",
        "1", "C'est la facture la plus récente.", "",  # Maintenir, its reason
        "attestation_caf.pdf", "", "",  # the CAF attestation, no message
        "1",  # Valider et envoyer
        "2", HOME, QUIT,
    ], now=day2)
    assert code == 0, output[-3000:]
    assert "Erreur" not in output
    assert "Votre réponse a été envoyée à l'agent instructeur." in output

    # Day 3, the agent: the answer read; a décision favorable, a wrong date refused first.
    day3 = NOW + timedelta(days=2)
    code, output = plain(settings, [
        *INSTRUCTION,
        "Notification de décision : décision favorable",
        "", "", "31/02/2026", "", "",  # the defaults, but an impossible date
        "", "", "01/07/2026", "12", "",  # asked again, the values kept
        "o",  # Notifier la décision favorable
        "Historique du dossier",
        *LEAVE_INSTRUCTION, QUIT,
    ], now=day3)
    assert code == 0, output[-3000:]
    lines = output.splitlines()
    assert "  Réponse du 16/06/2026 :" in lines
    assert ("  Justificatifs de domicile de moins de 6 mois : Maintenir le Document — raison : "
            "C'est la facture la plus récente.") in lines
    assert "  Attestation de la CAF : Mettre à jour le Document — attestation_caf.pdf" in lines
    assert "Erreur : « Valable du » : date attendue au format JJ/MM/AAAA." in lines
    assert "Valable du 01/07/2026 au 30/06/2027 (calculé)" in lines
    assert "Décision favorable notifiée ; l'attestation est disponible au guichet." in lines
    history = lines.index("== Historique du dossier ==")
    assert lines[history + 2] == ("17/06/2026 10:30 — Instruction — Notification de décision "
                                  "— Bénéficiaire de la protection subsidiaire")
    assert query(settings, "select status from cases") == [("decision_favorable",)]
    assert query(settings, "select kind from notifications order by id") == [
        ("demande_complement",), ("decision_favorable",)]

    # The counter: the décision and its attestation's PDF.
    code, output = plain(settings, [*FOLLOW, "1", "2", HOME, QUIT], now=day3)
    assert code == 0, output[-3000:]
    paths = [Path(line.strip()) for line in output.splitlines()
             if line.startswith("  /") and line.endswith(".pdf")]
    words = " ".join(pdf_words(p) for p in paths).upper()
    assert "ATTESTATION DE DÉCISION FAVORABLE" in words
    assert "30/06/2027" in words
    assert case_id


def test_closure_once_the_deadline_passed_and_unfavourable_decision(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    late, nid = deposited(settings, casebuilder.bpi(), request=bpi_request())
    refused, _ = deposited(settings, casebuilder.etranger_malade())
    service = CaseService(settings, fixed_clock(NOW))
    try:
        assert nid is not None
        service.instruction.open(nid)  # read today: 30 days from today
    finally:
        service.close()
    # 31 days later: the closure is offered (and only then), then confirmed.
    code, output = plain(settings, [
        *INSTRUCTION, "Clôture de votre demande", "o", *LEAVE_INSTRUCTION,
        "5", "1",  # the other dossier, the only one still waiting
        "Notification de décision : décision défavorable", "n",  # not sent
        "Notification de décision : décision défavorable", "o",
        "Retour aux dossiers en attente", QUIT,  # none waiting any more: the home menu
    ], now=NOW + timedelta(days=31))
    assert code == 0, output[-3000:]
    lines = output.splitlines()
    assert "Le dossier est clôturé." in lines
    assert lines.count("La demande sera refusée : le dossier n'attendra plus de réponse. "
                       "Cette action est définitive.") == 2
    assert "Notification de décision défavorable envoyée." in lines
    assert lines.count("Aucun dossier déposé en attente d'instruction.") == 1
    assert query(settings, "select id, status from cases order by id") == [
        (late, "cloture"), (refused, "decision_defavorable")]
    assert query(settings, "select kind from notifications order by id") == [
        ("demande_complement",), ("cloture",), ("decision_defavorable",)]
