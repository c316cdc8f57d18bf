"""Both sides of the instruction in plain mode, piped, on days injected: the agent asks a
complément (a closure asked too early is refused « Erreur : … »), the counter reads it and
answers, the agent reads the answer and notifies a décision favorable (a wrong date
refused first), the counter finds the attestation's PDF. The database and the PDF text
are checked; every operation is the service's, as in tests/test_walk_instruction.py."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import casebuilder
from counter_day import NOW
from filefactory import pdf_bytes, write
from pilot import make_settings, pdf_words
from test_plain_counter import FOLLOW, QUIT, deposited, plain, query

INSTRUCTION = ["5", "1"]  # « Côté instruction », the first dossier waiting
LEAVE_INSTRUCTION = ["8", "2"]  # back to the waiting list, then to the home menu


def test_complement_answer_and_decision_both_sides_in_plain_mode(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_id, _ = deposited(settings, casebuilder.bpi())
    # Day 1, the agent: a demande de complément; closing now is refused.
    code, output = plain(settings, [
        *INSTRUCTION,
        "1",  # Demande de complément
        "o", "2", "La facture date de plus de trois mois.",  # the domicile: non valide
        "o", "Attestation de la CAF", "1", "Joignez l'attestation de paiement.",  # autre
        "6", "o",  # Clôture de votre demande: refused, the complément not read yet
        *LEAVE_INSTRUCTION, QUIT,
    ])
    assert code == 0, output[-3000:]
    lines = output.splitlines()
    assert "Demande de complément envoyée." in lines
    assert ("Erreur : La demande de complément n'a pas encore été lue : son délai n'a pas "
            "commencé.") in lines
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
        "2", "4", QUIT,
    ], now=day2)
    assert code == 0, output[-3000:]
    assert "Erreur" not in output
    assert "Votre réponse a été envoyée à l'agent instructeur." in output

    # Day 3, the agent: the answer read; a décision favorable, a wrong date refused first.
    day3 = NOW + timedelta(days=2)
    code, output = plain(settings, [
        *INSTRUCTION,
        "4",  # Notification de décision : décision favorable
        "", "", "31/02/2026", "", "",  # the defaults, but an impossible date
        "", "", "01/07/2026", "12", "",  # asked again, the values kept
        "o",  # Notifier la décision favorable
        "7",  # Historique du dossier
        "8", "Retour à l'accueil", QUIT,
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
    code, output = plain(settings, [*FOLLOW, "1", "2", "5", QUIT], now=day3)
    assert code == 0, output[-3000:]
    paths = [Path(line.strip()) for line in output.splitlines()
             if line.startswith("  /") and line.endswith(".pdf")]
    words = " ".join(pdf_words(p) for p in paths).upper()
    assert "ATTESTATION DE DÉCISION FAVORABLE" in words
    assert "30/06/2027" in words
    assert case_id
