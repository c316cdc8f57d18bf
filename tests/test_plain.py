"""The plain mode (`anef-tui --plain`): a whole BPI renewal piped on standard input makes
the same dossier as the Pilot walk of the screens, with the same confirmation PDF; a
wrong answer is read out « Erreur : … » and asked again; never an escape sequence."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from counter_day import CLOCK
from filefactory import image_bytes, pdf_bytes, write
from pilot import (
    SITUATION_BPS,
    SITUATION_CONJOINT_RF,
    assert_confirmation,
    make_settings,
    pdf_words,
    stored_case,
)
from sqlalchemy import create_engine, text
from test_walk_bpi import check_bpi_outcome
from test_walk_conjoint_rf import RENEWAL_TITLE
from walked import Walks

from anef_tui.config import Settings
from anef_tui.plain import run_plain

PDF_LINE = "Confirmation de dépôt de demande (PDF) : "
QUIT = "6"  # the home menu's « Quitter anef-tui »

ROUTE = [
    "1",  # Nouveau dossier
    "Je demande ou renouvelle un titre de séjour",
    "Moi-même (à partir de 16 ans)",
    SITUATION_BPS,
    "Je sollicite le renouvellement de ce titre",
]
IDENTITY = [
    "7503136189", "Recette Métier", "", "Łukasz Ễlan", "1", "05/04/1982", "Afghanistan",
    "Kaboul", "afghane",
]
STEP1 = [
    "n",  # marié, pacsé ou en concubinage
    "n",  # enfants en France
    "Célibataire",
    "20 rue Nationale", "",  # adresse ; outre-mer : non (gardé)
    "", "59000", "Lille", "France", "",  # complément, code postal, ville, pays, INSEE
    "", "06 06 06 06 06",  # email, téléphone
]
STEP2 = ["o", "o"]  # the two attestations


def bpi_answers(scan: Path) -> list[str]:
    return [
        *ROUTE, *IDENTITY,
        "1",  # préambule : Je continue
        *STEP1, *STEP2,
        "1234 5678 9012 3456 7890 12", str(scan), "",  # ephoto, the file, done
        "1", "1", "1",  # the récapitulatif's three parts validated
        "",  # no observations
        "1",  # Déposer la demande
        "3",  # the confirmation: « Récapitulatif du dossier (PDF) »
        "1",  # Retour à l'accueil
        QUIT,  # Quitter anef-tui
    ]


def plain(settings: Settings, lines: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = run_plain(settings, io.StringIO("".join(f"{line}\n" for line in lines)), out,
                     CLOCK)
    return code, out.getvalue()


def rows(settings: Settings) -> dict[str, list[dict[str, Any]]]:
    """What a dossier is in the database, without what differs between two runs."""
    volatile = {"id", "case_id", "created_at", "updated_at", "deposited_at", "at",
                "saved_at", "attached_at", "updated_by", "stored_name"}
    engine = create_engine(settings.database_url)
    out = {}
    with engine.connect() as conn:
        for table in ("cases", "applicants", "step_answers", "attachments"):
            found = conn.execute(text(f"select * from {table}")).mappings().all()  # noqa: S608
            out[table] = [{k: v for k, v in row.items() if k not in volatile}
                          for row in found]
    engine.dispose()
    return out


def test_bpi_renewal_piped_makes_the_dossier_of_the_screens(tmp_path: Path,
                                                            walks: Walks) -> None:
    (tmp_path / "plain").mkdir()
    settings = make_settings(tmp_path / "plain")
    scan = write(settings.scan_dir / "facture_edf.pdf", pdf_bytes(pages=2))
    code, output = plain(settings, bpi_answers(scan))
    assert code == 0, output
    assert "\x1b" not in output
    assert "Erreur" not in output
    pdf = Path(next(line for line in output.splitlines()
                    if line.startswith(PDF_LINE)).removeprefix(PDF_LINE))
    # The same answers as the Pilot walk's (tests/walked.py: walked once per run), row for row.
    screens = walks.get("bpi").settings
    stored = rows(settings)
    assert stored == rows(screens)
    assert stored["cases"][0]["status"] == "depose"
    assert len(stored["step_answers"]) == 3 and len(stored["attachments"]) == 1
    # The same database and PDF checks as the walk's.
    check_bpi_outcome(settings, scan, pdf)
    summary = next(line for line in output.splitlines()
                   if line.startswith("Récapitulatif du dossier (PDF) : "))
    assert "RECETTE MÉTIER" in pdf_words(Path(summary.split(" : ", 1)[1])).upper()


def test_wrong_value_says_erreur_and_asks_again(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    answers = [*ROUTE, "75031", *IDENTITY]  # a N° étranger of 5 digits, then the right one
    answers[answers.index("05/04/1982")] = "31/02/1982"
    answers.insert(answers.index("31/02/1982") + 1, "05/04/1982")
    code, output = plain(settings, [*answers, "!q", QUIT])
    assert "\x1b" not in output
    lines = output.splitlines()
    errors = [line for line in lines if line.startswith("Erreur : ")]
    assert len(errors) == 2, output
    numero = [i for i, line in enumerate(lines) if line.startswith("1. N° étranger")]
    assert len(numero) == 2 and lines[numero[0] + 1].startswith("Erreur : ")
    born = [i for i, line in enumerate(lines) if line.startswith("6. Date de naissance")]
    assert len(born) == 2 and lines[born[0] + 1].startswith("Erreur : ")
    assert "Dossier créé." in output


def test_wrong_choice_number_is_refused(tmp_path: Path) -> None:
    code, output = plain(make_settings(tmp_path), ["9", QUIT])
    assert "Erreur : tapez un numéro entre 1 et 6." in output
    assert output.rstrip().endswith("Au revoir.")
    assert code == 0


def test_end_of_input_keeps_the_last_validated_step_and_resume_goes_on(
        tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    code, output = plain(settings, [*ROUTE, *IDENTITY, "1", *STEP1, "o"])
    assert code == 1
    assert output.rstrip().endswith(
        "Fin des réponses : le dossier est conservé à sa dernière étape validée ; il se "
        "reprend depuis l'accueil.")
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        case = conn.execute(text("select status, current_step from cases")).one()
    engine.dispose()
    # Step 1 validated; the half-answered step 2 left nothing.
    assert tuple(case) == ("brouillon", "motif_sejour")
    code, output = plain(settings, ["2", "métier", "1", *STEP2, "!q", QUIT])
    assert "1. Recette Métier Łukasz Ễlan — Demande ou renouvellement d'un TSE pour usagers " \
           "BPI — étape « Motif de séjour »" in output
    assert "Étape 2 sur 5 : Motif de séjour" in output
    assert "Étape « Motif de séjour » enregistrée." in output
    assert "Dossier enregistré à la dernière étape validée." in output
    assert code == 0


def test_command_line_plain_mode_imports_no_textual(tmp_path: Path) -> None:
    script = ("import sys; from anef_tui.cli import main; code = main(sys.argv[1:]); "
              "assert 'textual' not in sys.modules and 'rich' not in sys.modules; "
              "sys.exit(code)")
    done = subprocess.run(
        [sys.executable, "-c", script, "--plain", "--data-dir", str(tmp_path / "d")],
        input="?\n6\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "ANEF_TUI_SITE_PREFIX": "5901"}, check=False)
    assert done.returncode == 0, done.stderr
    assert "Commandes : « ? » aide" in done.stdout
    assert done.stdout.rstrip().endswith("Au revoir.")
    assert "\x1b" not in done.stdout


CONJOINT = [
    "1",
    "Je demande ou renouvelle un titre de séjour",
    "Moi-même (à partir de 16 ans)",
    SITUATION_CONJOINT_RF,
    "Je sollicite le renouvellement de ce titre",
    "7512345601", "Haddad", "", "Nadia", "Féminin", "12/02/1990", "Maroc", "Fès", "marocaine",
    "1",  # préambule
    # Step 1: « ? » says the field's help; « < » goes back one question.
    "?", "8 allée des Tilleuls", "", "", "<", "", "59100", "Roubaix", "France", "", "",
    "06 45 67 89 10",
    # Step 2: the conjoint accueillant, the marriage, the children.
    "Haddad", "Karim", "03/11/1986", "7512345602", "", "Marié(e)", "20/06/2015", "Maroc",
    "o",
    # A child born in the future is refused at once, and the date asked again.
    "1", "Haddad", "Sami", "Masculin", "02/04/2036", "02/04/2016", "marocaine", "En France",
    "1", "Haddad", "Lina", "Féminin", "15/01/2019", "marocaine", "À l'étranger",
    "2", "", "Sami, Youssef", "", "", "", "",  # child 1 edited: a second first name
    "5",  # child 2 removed
    "4",  # Continuer
    "n", "o", "o",
    # Step 3: a file that is no document is refused; names are read in the scan folder.
    "1234 5678 9012 3456 7890 12", "notes.txt", "", "", "quittance_loyer.pdf", "",
    "acte_mariage.pdf", "", "declaration_vie_commune.png", "",
    "1", "1", "1", "",  # the récapitulatif: each step checked, no observations
    "1",  # Déposer la demande
    "1",  # Retour à l'accueil
    QUIT,
]


def test_conjoint_rf_with_children_and_files(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    for i, name in enumerate(("quittance_loyer.pdf", "acte_mariage.pdf"), start=1):
        write(settings.scan_dir / name, pdf_bytes(pages=i))
    write(settings.scan_dir / "declaration_vie_commune.png", image_bytes("png"))
    write(settings.scan_dir / "notes.txt", b"pas un document\n")
    code, output = plain(settings, CONJOINT)
    assert code == 0, output[-3000:]
    assert "\x1b" not in output
    lines = output.splitlines()
    # « ? »: the help of the question, then the question again.
    asked = [i for i, line in enumerate(lines) if line.startswith("1. Adresse (obligatoire)")]
    assert lines[asked[0]].endswith(": ?") and len(asked) == 2
    assert lines[asked[0] + 1].startswith("Numéro et nom de la voie, tels qu'ils figurent")
    assert lines[asked[0] + 2].startswith("Commandes : « ? » aide")
    # « < » asked the complément d'adresse again.
    assert sum(line.startswith("3. Complément d'adresse") for line in lines) == 2
    errors = [line for line in lines if line.startswith("Erreur : ")]
    assert len(errors) == 2, errors
    assert lines[lines.index(errors[0]) - 1].startswith("10.4. Date de naissance")
    assert "notes.txt" in errors[1] and "n'est pas un document accepté" in errors[1]

    stored = stored_case(settings)
    motif = stored["answers"]["motif_sejour"]
    assert motif["enfants"] == [{
        "nom_naissance": "Haddad", "prenoms": ["Sami", "Youssef"], "sexe": "M",
        "date_naissance": "2016-04-02", "nationalites": ["MA"], "residence": "france",
    }]
    assert motif["accueillant_prenoms"] == ["Karim"]
    assert motif["enfants_charge_conjoint"] is False
    assert {f["slot_id"]: f["original_name"] for f in stored["attachments"]} == {
        "justificatif_domicile": "quittance_loyer.pdf",
        "justificatif_mariage": "acte_mariage.pdf",
        "justificatif_communaute_vie": "declaration_vie_commune.png",
    }
    case = stored["case"]
    assert case["status"] == "depose"
    pdf = Path(next(line for line in lines if line.startswith(PDF_LINE)).removeprefix(PDF_LINE))
    assert_confirmation(pdf_words(pdf), RENEWAL_TITLE, "7512345601", case["numero_demande"],
                        "HADDAD", "NADIA")


def test_ineligible_answer_said_at_once_and_abandon_erases(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    code, output = plain(settings, [
        "1", "Je demande un premier titre – sans numéro étranger, sans visa –",
        "Car j'ai des attaches familiales en France",
        "Je suis membre de famille d'un citoyen français",  # not prepared by this tool
        "1",  # Modifier ma saisie: the question asked again
        "Je suis un ressortissant étranger né en France",  # not prepared either
        "<",  # as « Modifier ma saisie »
        "Je suis membre de famille d'un citoyen français", "2",  # said, and abandoned
        QUIT,
    ])
    assert code == 0, output
    assert output.count("== Démarche non préparée par cet outil ==") == 3
    assert output.count("1. Dites-nous quelle est votre situation ? (obligatoire)") == 3
    assert "La demande a été abandonnée ; ses données ont été effacées." in output
    assert stored_case(settings)["case"]["status"] == "abandonne"


def test_recap_modify_comes_back_and_observations_are_deposited(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    scan = write(settings.scan_dir / "facture_edf.pdf", pdf_bytes(pages=2))
    answers = bpi_answers(scan)
    recap = answers.index("1234 5678 9012 3456 7890 12") + 3
    assert answers[recap:recap + 3] == ["1", "1", "1"]
    # « Modifier ma saisie » on part 1: step 1 again, every value kept by an empty line
    # but the telephone; then back to the récapitulatif, observations typed.
    kept = [""] * (len(STEP1) - 1)
    answers[recap:recap + 4] = ["2", *kept, "06 12 34 56 78", "1", "1", "1",
                                "Nom d'usage à ajouter : Durand"]
    code, output = plain(settings, answers)
    assert code == 0, output[-2000:]
    assert output.count("== MES INFORMATIONS PERSONNELLES (1/3) ==") == 2
    assert "Téléphone : 06 12 34 56 78" in output
    stored = stored_case(settings)
    assert stored["case"]["status"] == "depose"
    assert stored["case"]["observations"] == "Nom d'usage à ajouter : Durand"
    assert stored["answers"]["informations_personnelles"]["situation_familiale"] == "celibataire"


def test_home_menu_blank_piece_list_and_unavailable_route(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    code, output = plain(settings, [
        "4", "Demande ou renouvellement d'un TSE pour usagers BPI",
        "1", "Je demande un premier titre – sans numéro étranger, sans visa –", "2",
        "1", "<", "<",  # back to the previous choice, then to the first, then home
        "2", "",  # no draft to resume
        QUIT,
    ])
    assert code == 0, output
    line = next(ln for ln in output.splitlines()
                if ln.startswith("Liste des pièces justificatives (PDF) : "))
    assert Path(line.split(" : ", 1)[1]).is_file()
    assert "== Démarche non préparée par cet outil ==" in output
    assert "  1. Revenir au choix précédent" in output.splitlines()  # wording.yaml's words
    assert "Aucun dossier en cours ne correspond." in output
    assert "Erreur" not in output


def test_abandon_command_asks_then_erases(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    code, output = plain(settings, [*ROUTE, *IDENTITY, "1", "n", "!abandon", "n",
                                    "2", "", "1", "!abandon", "o", QUIT])
    assert code == 0, output
    # Refused once: the dossier is kept (« Dossier enregistré… »), then resumed and abandoned.
    assert "Dossier enregistré à la dernière étape validée." in output
    assert "La demande a été abandonnée ; ses données ont été effacées." in output
    assert stored_case(settings)["case"]["status"] == "abandonne"
