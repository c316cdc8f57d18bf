"""Every téléprocédure piped on standard input in plain mode: ASE, ordonnance de
protection (pré-demande, usager inconnu), étranger malade (a child of the spouse in a
repeated group). Each makes the same dossier, row for row, as the screens' walk of the
same route (tests/test_walk_*.py), and its confirmation PDF says what the guide prints.
BPI and conjoint RF are piped in tests/test_plain.py; the BPI route of a minor réfugié,
which no screen walk takes, is piped here and checked in the database and the PDF."""

from __future__ import annotations

import json
from pathlib import Path

from filefactory import image_bytes, pdf_bytes, write
from pilot import assert_confirmation, make_settings, pdf_words, stored_case
from test_plain import PDF_LINE, QUIT, STEP1, STEP2, plain, rows
from test_walk_ase import ASE_ROUTE, ASE_SLOTS
from test_walk_malade import MALADE_FILES, MALADE_ROUTE, RENEWAL_TITLE
from test_walk_ordonnance import ORDONNANCE_ROUTE, ORDONNANCE_SLOTS
from walked import Walked, Walks

from anef_tui.config import Settings

EPHOTO = "1234 5678 9012 3456 7890 12"
# After the last step: each part of the récapitulatif validated, no observations,
# « Déposer la demande », then « Retour à l'accueil » and « Quitter anef-tui ».
DEPOSIT_AND_QUIT = ["", "1", "1", QUIT]

ASE = [
    "1", *ASE_ROUTE,
    "9912345678", "Diallo", "", "Mamadou Aliou", "Masculin", "10/03/2005", "Guinée",
    "Conakry", "guinéenne",
    "1",  # préambule : Je continue
    # Step 1: the état civil is the one captured, said and not asked.
    "12 rue du Foyer", "", "", "59000", "Lille", "", "", "", "06 11 22 33 44",
    # Step 2: a majeur, no « mineur émancipé » attestation asked.
    "01/06/2020", "15/09/2019", "Célibataire", "n", "o", "o",
    # Step 3: each slot in the definition's order, the optional last one left empty.
    EPHOTO, *(x for name in ASE_SLOTS.values() for x in (name, "")), "",
    "1", "1", "1", *DEPOSIT_AND_QUIT,
]

ORDONNANCE = [
    "1", *ORDONNANCE_ROUTE,
    # No identity screen, no préambule: « Votre situation » first.
    "Je suis dans une autre situation", "Je bénéficie d'une ordonnance de protection",
    # Step 2 opens with « Merci, nous avons bien pris en compte votre situation. » and its
    # button « Modifier ma situation »: step 1 again, its answers kept by empty lines.
    "Modifier ma situation", "", "",
    "Continuer",
    "1", "Continuer",  # « TÉLÉCHARGER LA LISTE DES PIÈCES JUSTIFICATIVES » (the PDF), then on
    # Step 2: the identity typed here, only the year of birth.
    "Benali", "", "Amina, Leïla", "Féminin", "1996", "Algérie", "Oran",
    "algérienne, tunisienne",
    "3 place de la République", "", "", "", "Roubaix", "", "", "", "06 98 76 54 32",
    # Step 3: married, so the union is asked.
    "01/09/2019", "Marié(e)", "14/07/2018", "Algérie", "n", "o", "o",
    "Continuer",  # step 4 offers the list of pieces too
    EPHOTO, *(x for name in ORDONNANCE_SLOTS.values() for x in (name, "")), "",
    "1", "1", "1", "1", *DEPOSIT_AND_QUIT,
]

MALADE = [
    "1", *MALADE_ROUTE,
    "6901234567", "Okafor", "", "Grace", "Féminin", "21/09/1978", "Nigeria", "Lagos",
    "nigériane",
    "1",
    "45 boulevard de la Liberté", "", "", "59800", "Lille", "France", "",
    "grace.okafor@exemple.fr", "06 22 33 44 55",
    # Motif de séjour: married, no child of her own, one of her husband's abroad.
    "Marié(e)", "05/05/2005", "Nigeria", "n", "o",
    "1", "Okafor", "Chidi", "Masculin", "30/06/2010", "nigériane", "À l'étranger",
    "4",  # Continuer
    "o", "o",
    # Justificatifs: no nationality file; two scans for the résidence habituelle.
    EPHOTO, "", MALADE_FILES[0][1], "", MALADE_FILES[1][1], MALADE_FILES[2][1], "",
    "1", "1", "1", *DEPOSIT_AND_QUIT,
]


def scans(settings: Settings, names: list[str]) -> None:
    for i, name in enumerate(names, start=1):
        data = (image_bytes("png") if name.endswith(".png")
                else image_bytes("jpeg") if name.endswith(".jpg") else pdf_bytes(pages=i))
        write(settings.scan_dir / name, data)


def piped_and_walked(tmp_path: Path, answers: list[str], names: list[str],
                     walked: Walked) -> tuple[Settings, str, Path]:
    """The route piped; the same rows as the screens' walk of it (tests/walked.py: walked
    once per run, key by key, in another data folder)."""
    (tmp_path / "plain").mkdir()
    settings = make_settings(tmp_path / "plain")
    scans(settings, names)
    code, output = plain(settings, answers)
    assert code == 0, output[-3000:]
    assert "\x1b" not in output
    assert "Erreur" not in output, output[-3000:]
    pdf = Path(next(line for line in output.splitlines()
                    if line.startswith(PDF_LINE)).removeprefix(PDF_LINE))
    mine, theirs = rows(settings), rows(walked.settings)
    for table in mine:
        assert mine[table] == theirs[table], table
    return settings, output, pdf


def test_ase_piped_makes_the_dossier_of_the_screens(tmp_path: Path, walks: Walks) -> None:
    settings, _, pdf = piped_and_walked(tmp_path, ASE, list(ASE_SLOTS.values()),
                                        walks.get("ase"))
    stored = stored_case(settings)
    assert stored["case"]["procedure_id"] == "ase_premiere_demande"
    assert stored["case"]["status"] == "depose"
    motif = stored["answers"]["motif_sejour"]
    assert motif["date_prise_en_charge"] == "2020-06-01"
    assert motif["attestations"] == {"non_polygamie": True, "sanctions_penales": True}
    assert {f["slot_id"]: f["original_name"] for f in stored["attachments"]} == ASE_SLOTS
    words = pdf_words(pdf)
    assert "CONFIRMATION DU DÉPÔT D'UNE PREMIÈRE DEMANDE DE TITRE DE SÉJOUR" in words
    assert "Nom de naissance : DIALLO" in words and "Prénom : MAMADOU ALIOU" in words
    assert "Identifiant (N° étranger) : 9912345678" in words
    assert stored["case"]["numero_demande"] in words


def test_ordonnance_pre_demande_piped_makes_the_dossier_of_the_screens(
        tmp_path: Path, walks: Walks) -> None:
    settings, output, pdf = piped_and_walked(
        tmp_path, ORDONNANCE, list(ORDONNANCE_SLOTS.values()), walks.get("ordonnance"))
    assert output.count("== Merci, nous avons bien pris en compte votre situation. ==") == 2
    # Offered in step 2 (again once written) and in step 4.
    assert output.count("  1. TÉLÉCHARGER LA LISTE DES PIÈCES JUSTIFICATIVES") == 3
    listed = next(line for line in output.splitlines()
                  if line.startswith("Liste des pièces justificatives (PDF) : "))
    assert "Ordonnance de protection" in pdf_words(Path(listed.split(" : ", 1)[1]))
    stored = stored_case(settings)
    case, applicant = stored["case"], stored["applicant"]
    assert case["procedure_id"] == "ordonnance_protection"
    assert applicant["numero_etranger"] is None
    assert json.loads(applicant["identity_json"])["nationalite"] == ["DZ", "TN"]
    assert stored["answers"]["motif_sejour"]["date_union"] == "2018-07-14"
    assert {f["slot_id"]: f["original_name"] for f in stored["attachments"]} == \
        ORDONNANCE_SLOTS
    words = pdf_words(pdf)
    assert "CONFIRMATION DU DÉPÔT D'UNE PRÉ-DEMANDE" in words
    assert f"N° de la demande : {case['numero_demande']}" in words
    assert "Nom de naissance : BENALI" in words and "1996" in words


def test_etranger_malade_piped_makes_the_dossier_of_the_screens(
        tmp_path: Path, walks: Walks) -> None:
    settings, output, pdf = piped_and_walked(
        tmp_path, MALADE, [name for _, name in MALADE_FILES], walks.get("malade"))
    assert "ATTENTION : Aucune information médicale et aucun certificat médical ne " \
           "doivent être donnés à la préfecture." in output
    stored = stored_case(settings)
    motif = stored["answers"]["motif_sejour"]
    assert motif["enfants_charge_conjoint"] is True
    assert [c["prenoms"] for c in motif["enfants_conjoint"]] == [["Chidi"]]
    assert [(f["slot_id"], f["original_name"]) for f in stored["attachments"]] == \
        MALADE_FILES
    assert_confirmation(pdf_words(pdf), RENEWAL_TITLE, "6901234567",
                        stored["case"]["numero_demande"], "OKAFOR", "GRACE")


def test_bpi_minor_refugee_piped(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    scans(settings, ["facture_edf.pdf"])
    code, output = plain(settings, [
        "1", "Je demande ou renouvelle un titre de séjour",
        "Un mineur bénéficiaire de la protection internationale de plus de 16 ans", "Réfugié",
        "7512345678", "Rahimi", "", "Sami", "Masculin", "12/03/2009", "Afghanistan", "Kaboul",
        "afghan",
        "1", *STEP1, *STEP2, EPHOTO, "facture_edf.pdf", "", "1", "1", "1", *DEPOSIT_AND_QUIT,
    ])
    assert code == 0, output[-3000:]
    assert "Erreur" not in output
    stored = stored_case(settings)
    case = stored["case"]
    assert case["procedure_id"] == "bpi_renouvellement" and case["status"] == "depose"
    assert json.loads(case["profile_json"]) == {"pour": "mineur", "protection": "refugie"}
    assert stored["applicant"]["date_naissance"] == "2009-03-12"
    pdf = Path(next(line for line in output.splitlines()
                    if line.startswith(PDF_LINE)).removeprefix(PDF_LINE))
    words = " ".join(pdf_words(pdf).split())
    assert "ATTESTATION DE PROLONGATION D'INSTRUCTION" in words
    assert "RAHIMI" in words and "12/03/2009" in words and "RÉFUGIÉ" in words
    assert f"N° de la demande : {case['numero_demande']}" in words
