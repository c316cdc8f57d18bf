"""The ordonnance de protection pré-demande (usager inconnu) walked by keyboard alone."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import casebuilder
from a11y_cases import case_at, resume
from counter_day import TODAY
from filefactory import image_bytes, pdf_bytes, write
from pilot import (
    attach,
    choose,
    deposit,
    fill,
    make_settings,
    new_app,
    pdf_words,
    press_button,
    save_step,
    screen_name,
    settle,
    start_route,
    step_id,
    stored_case,
    tick,
    yes_no,
)
from textual.widgets import DataTable
from walked import Walks

ORDONNANCE_ROUTE = [
    "Je demande un premier titre – sans numéro étranger, sans visa –",
    "Car j'ai des attaches familiales en France",
]
ORDONNANCE_SLOTS = {
    "justificatif_nationalite": "passeport_ordonnance.pdf",
    "justificatif_identite": "acte_naissance_ordonnance.jpg",
    "justificatif_domicile": "attestation_hebergeant.pdf",
    "ordonnance_protection": "ordonnance_jaf.pdf",
}


def walk_route(settings) -> tuple[Path, dict[str, object]]:  # type: ignore[no-untyped-def]
    """The route's reachability walk (tests/walked.py types every value key by key)."""
    for i, name in enumerate(ORDONNANCE_SLOTS.values(), start=1):
        write(settings.scan_dir / name,
              image_bytes("jpeg") if name.endswith(".jpg") else pdf_bytes(pages=i))
    return asyncio.run(walk_ordonnance(settings)), {}


def test_ordonnance_pre_demande_by_keyboard(walks: Walks) -> None:
    done = walks.get("ordonnance")
    settings, pdf = done.settings, done.pdf

    stored = stored_case(settings)
    case, applicant = stored["case"], stored["applicant"]
    assert case["procedure_id"] == "ordonnance_protection"
    assert case["status"] == "depose"
    assert re.fullmatch(rf"5901{TODAY:%Y%m%d}\d{{7}}", case["numero_demande"])
    # Usager inconnu: no N° étranger; the identity typed in step 2 is the applicant's.
    assert applicant["numero_etranger"] is None
    assert applicant["nom_naissance"] == "Benali"
    assert applicant["prenoms"] == "Amina Leïla"
    assert applicant["date_naissance"] == "1996"
    answers = stored["answers"]
    assert answers["votre_situation"] == {"situation": "autre_situation",
                                          "autre_situation": "ordonnance_protection"}
    # The état civil is kept once, as the applicant's identity.
    personal = json.loads(applicant["identity_json"])
    assert "prenoms" not in answers["informations_personnelles"]
    assert personal["prenoms"] == ["Amina", "Leïla"]
    assert personal["date_naissance"] == "1996"
    assert personal["nationalite"] == ["DZ", "TN"]
    motif = answers["motif_sejour"]
    assert motif["situation_familiale"] == "marie"
    assert motif["date_union"] == "2018-07-14"
    assert motif["attestations"] == {"non_polygamie": True, "sanctions_penales": True}
    assert {f["slot_id"]: f["original_name"] for f in stored["attachments"]} == \
        ORDONNANCE_SLOTS

    words = pdf_words(pdf)
    assert "CONFIRMATION DU DÉPÔT D'UNE PRÉ-DEMANDE" in words
    # No identifiant yet: the label is printed without a value.
    assert "Identifiant (N° étranger) : N° de la demande" in words
    assert f"N° de la demande : {case['numero_demande']}" in words
    assert "Nom de naissance : BENALI" in words
    assert "AMINA" in words.upper()
    assert "1996" in words


async def choose_situation(pilot) -> None:  # type: ignore[no-untyped-def]
    await choose(pilot, "situation", "Je suis dans une autre situation")
    await choose(pilot, "autre_situation", "Je bénéficie d'une ordonnance de protection")


async def check_situation_taken_into_account(pilot) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert "20% terminée" in str(screen.query_one(".progress").render())
    block = screen.query_one("#s-situation_prise_en_compte")
    assert block.display
    lines = " ".join(str(w.render()) for w in block.query("Static"))
    for line in ("Merci, nous avons bien pris en compte votre situation.",
                 "Vous sollicitez pour la première fois un titre de séjour",
                 "Vous êtes dans une autre situation",
                 "Vous bénéficiez d'une ordonnance de protection"):
        assert line in lines
    assert "Plus que 15 minutes" in " ".join(
        str(w.render()) for w in screen.query("#s-demarche_restante Static"))
    assert str(screen.query_one("#action-preparer_documents-0").label) == \
        "TÉLÉCHARGER LA LISTE DES PIÈCES JUSTIFICATIVES"


async def walk_ordonnance(settings) -> Path:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(150, 50)) as pilot:
        await start_route(pilot, ORDONNANCE_ROUTE)
        await pilot.pause()
        # No identity screen, no préambule: step 1 « Votre situation » at once, asked once.
        assert step_id(pilot) == "votre_situation"
        # A situation this tool does not prepare is said as soon as it is chosen.
        await choose(pilot, "situation", "Je suis membre de famille d'un citoyen français")
        await pilot.pause()
        assert screen_name(pilot) == "ConfirmDialog"
        assert str(app.screen.query_one(".question").render()) == \
            "Démarche non préparée par cet outil"
        await pilot.press("enter")  # « Modifier ma saisie »
        await pilot.pause()
        await choose_situation(pilot)
        await save_step(pilot, "informations_personnelles")
        # Step 2 opens with « Merci, nous avons bien pris en compte votre situation. ».
        await check_situation_taken_into_account(pilot)
        # « Modifier ma situation » goes back to step 1, its answers kept.
        await press_button(pilot, "action-situation_prise_en_compte-0")
        assert step_id(pilot) == "votre_situation"
        await save_step(pilot, "informations_personnelles")
        # Step 2: the identity is typed here, with only the year of birth.
        await fill(pilot, "nom_naissance", "Benali")
        await fill(pilot, "prenoms", "Amina, Leïla")
        await choose(pilot, "sexe", "Féminin")
        await fill(pilot, "date_naissance", "1996")
        # A majeure: no « mineur émancipé » box.
        assert not app.screen.query_one("#f-mineur_emancipe").display
        await fill(pilot, "pays_naissance", "Algérie")
        await fill(pilot, "lieu_naissance", "Oran")
        await fill(pilot, "nationalite", "algérienne, tunisienne")
        await fill(pilot, "adresse", "3 place de la République")
        await fill(pilot, "ville", "Roubaix")
        await fill(pilot, "telephone", "06 98 76 54 32")
        await save_step(pilot, "motif_sejour")
        # Step 3: married, so the union is asked.
        await fill(pilot, "date_entree_france", "01/09/2019")
        assert not app.screen.query_one("#f-date_union").display
        await choose(pilot, "situation_familiale", "Marié(e)")
        assert app.screen.query_one("#f-date_union").display
        await fill(pilot, "date_union", "14/07/2018")
        await fill(pilot, "pays_union", "Algérie")
        await yes_no(pilot, "enfants_a_charge", False)
        await tick(pilot, "att-non_polygamie")
        await tick(pilot, "att-sanctions_penales")
        await save_step(pilot, "justificatifs")
        # Step 4 offers the list of documents too (guide 002, steps 2 and 4).
        assert str(app.screen.query_one("#action-preparer_documents_pj-0").label) == \
            "TÉLÉCHARGER LA LISTE DES PIÈCES JUSTIFICATIVES"
        # Step 4: an adult has no minor's slot; no question on the parents nor the lodging.
        assert not app.screen.query_one("#f-document_accord_representant_legal").display
        assert not app.screen.query("#f-situation_parents")
        assert not app.screen.query("#f-type_hebergement")
        await fill(pilot, "ephoto", "1234 5678 9012 3456 7890 12")
        for slot, name in ORDONNANCE_SLOTS.items():
            await attach(pilot, slot, name.split(".")[0])
        await save_step(pilot, "RecapScreen")
        # Dépôt: guide 002 has no « Je confirme … » box at this step.
        assert not app.screen.query("#confirm")
        assert "90% terminée" in str(app.screen.query_one(".progress").render())
        pdf = await deposit(pilot)
        # Back home, the case is listed under the name typed in step 2.
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert screen_name(pilot) == "HomeScreen"
        row = [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)]
        # Nom, Prénom(s), Statut, À faire (nothing to do), N° étranger (none for a
        # pré-demande).
        assert row[:5] == ["Benali", "Amina Leïla", "Déposé", "", "—"], row
        return pdf


def test_emancipated_minor_ticks_the_box_in_the_step_of_the_birth_year(tmp_path: Path) -> None:
    """The box « mineur émancipé » shows as soon as the year makes a minor, before saving."""
    settings = make_settings(tmp_path)
    # « Votre situation » through the service: the route's walk is the one above.
    case_at(settings, casebuilder.ordonnance(), "informations_personnelles")
    asyncio.run(walk_emancipated_minor(settings))
    stored = stored_case(settings)
    assert json.loads(stored["applicant"]["identity_json"])["date_naissance"] == "2009"
    assert stored["answers"]["informations_personnelles"]["mineur_emancipe"] is True


async def walk_emancipated_minor(settings) -> None:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(150, 50)) as pilot:
        await resume(pilot, "StepScreen")
        assert app.screen.step_id == "informations_personnelles"  # type: ignore[attr-defined]
        await fill(pilot, "nom_naissance", "Benali")
        await fill(pilot, "prenoms", "Yasmine")
        await choose(pilot, "sexe", "Féminin")
        await fill(pilot, "date_naissance", "1996")
        assert not app.screen.query_one("#f-mineur_emancipe").display
        # 2009: 16 or 17 years old on the counter's day (counter_day: 15/06/2026).
        await fill(pilot, "date_naissance", "2009")
        assert app.screen.query_one("#f-mineur_emancipe").display
        await tick(pilot, "f-mineur_emancipe-control")
        await fill(pilot, "pays_naissance", "Algérie")
        await fill(pilot, "lieu_naissance", "Oran")
        await fill(pilot, "nationalite", "algérienne")
        await fill(pilot, "adresse", "3 place de la République")
        await fill(pilot, "telephone", "06 98 76 54 32")
        await save_step(pilot, "motif_sejour")
        await fill(pilot, "date_entree_france", "01/09/2019")
        await choose(pilot, "situation_familiale", "Marié(e)")
        await fill(pilot, "date_union", "14/07/2025")
        await fill(pilot, "pays_union", "Algérie")
        await yes_no(pilot, "enfants_a_charge", False)
        await tick(pilot, "att-non_polygamie")
        await tick(pilot, "att-sanctions_penales")
        await save_step(pilot, "justificatifs")
        # An emancipated minor: the emancipation, not the legal representation.
        screen = app.screen
        assert screen.query_one("#f-document_justificatif_emancipation").display
        assert not screen.query_one("#f-document_accord_representant_legal").display
        assert not screen.query("#f-situation_parents")
