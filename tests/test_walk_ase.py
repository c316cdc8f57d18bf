"""The ASE première demande walked by keyboard alone: deposit, and « Demandeur non éligible »."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import casebuilder
from a11y_cases import case_at, resume
from counter_day import TODAY
from filefactory import image_bytes, pdf_bytes, write
from pilot import (
    SITUATION_TITRE,
    attach,
    capture_identity,
    choose,
    deposit,
    error_summary,
    fill,
    make_settings,
    new_app,
    pdf_words,
    save,
    save_step,
    screen_name,
    start_route,
    step_id,
    stored_case,
    tick,
    yes_no,
)
from walked import Walks

ASE_ROUTE = [
    "Je demande ou renouvelle un titre de séjour",
    "Moi-même (à partir de 16 ans)",
    # Guide 001: « Vous êtes titulaire d'un titre de séjour » → vulnérabilité → ASE.
    SITUATION_TITRE,
    "Je sollicite un autre titre de séjour",
    "Je suis en situation de vulnérabilité",
    "En tant qu'étranger confié à l'ASE (Aide Sociale à l'Enfance)",
]
NUMERO = "9912345678"
# The slots a majeur (CAS 3) must fill, with the scan attached to each.
ASE_SLOTS = {
    "justificatif_nationalite": "passeport.pdf",
    "justificatif_identite": "acte_naissance.pdf",
    "justificatif_domicile": "attestation_foyer.pdf",
    "decision_placement_ase": "ordonnance_placement.pdf",
    "activite_professionnelle": "contrat_apprentissage.png",
    "liens_famille_pays_origine": "acte_deces.pdf",
}


def identity(born: str) -> dict[str, str]:
    return {
        "nom_naissance": "Diallo", "prenoms": "Mamadou Aliou", "sexe": "Masculin",
        "date_naissance": born, "pays_naissance": "Guinée", "lieu_naissance": "Conakry",
        "nationalite": "guinéenne",
    }


async def start_ase(pilot, born: str) -> None:  # type: ignore[no-untyped-def]
    await start_route(pilot, ASE_ROUTE)
    await capture_identity(pilot, NUMERO, identity(born))
    await save(pilot)  # « Je continue »
    await step1(pilot)


async def step1(pilot) -> None:  # type: ignore[no-untyped-def]
    assert step_id(pilot) == "informations_personnelles"
    # The état civil is the one captured: shown, not editable.
    assert not pilot.app.screen.query("#f-nom_naissance-control")
    await fill(pilot, "adresse", "12 rue du Foyer")
    await fill(pilot, "code_postal", "59000")
    await fill(pilot, "ville", "Lille")
    await fill(pilot, "telephone", "06 11 22 33 44")
    await save_step(pilot, "motif_sejour")


def scans(settings) -> None:  # type: ignore[no-untyped-def]
    for i, name in enumerate(ASE_SLOTS.values(), start=1):
        data = image_bytes("png") if name.endswith(".png") else pdf_bytes(pages=i)
        write(settings.scan_dir / name, data)


def walk_route(settings) -> tuple[Path, dict[str, object]]:  # type: ignore[no-untyped-def]
    """The route's reachability walk (tests/walked.py types every value key by key)."""
    scans(settings)
    return asyncio.run(walk_ase(settings)), {}


def test_ase_first_application_by_keyboard(walks: Walks) -> None:
    done = walks.get("ase")
    settings, pdf = done.settings, done.pdf

    stored = stored_case(settings)
    case, applicant = stored["case"], stored["applicant"]
    assert case["procedure_id"] == "ase_premiere_demande"
    assert case["status"] == "depose"
    assert re.fullmatch(rf"5901{TODAY:%Y%m%d}\d{{7}}", case["numero_demande"])
    assert applicant["numero_etranger"] == NUMERO
    assert applicant["nom_naissance"] == "Diallo"
    assert applicant["date_naissance"] == "2005-03-10"
    motif = stored["answers"]["motif_sejour"]
    assert motif["date_prise_en_charge"] == "2020-06-01"
    assert motif["situation_familiale"] == "celibataire"
    assert motif["enfants_a_charge"] is False
    # A majeur (CAS 3): polygamy and sanctions, not the minors' work/stage attestation.
    assert motif["attestations"] == {"non_polygamie": True, "sanctions_penales": True}
    assert stored["answers"]["informations_personnelles"]["telephone"] == "+33611223344"
    assert "type_hebergement" not in stored["answers"]["justificatifs"]
    assert {f["slot_id"]: f["original_name"] for f in stored["attachments"]} == ASE_SLOTS

    words = pdf_words(pdf)
    assert "CONFIRMATION DU DÉPÔT D'UNE PREMIÈRE DEMANDE DE TITRE DE SÉJOUR" in words
    assert "Nom de naissance : DIALLO" in words and "Prénom : MAMADOU ALIOU" in words
    assert f"Identifiant (N° étranger) : {NUMERO}" in words
    assert case["numero_demande"] in words


async def walk_ase(settings) -> Path:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(150, 50)) as pilot:
        await start_ase(pilot, "10/03/2005")
        # Motif de séjour: a majeur sees no « mineur émancipé » attestation.
        assert not app.screen.query_one("#f-attestation_besoin_titre_travail_stage").display
        await fill(pilot, "date_prise_en_charge", "01/06/2020")
        await fill(pilot, "date_entree_france", "15/09/2019")
        await choose(pilot, "situation_familiale", "Célibataire")
        assert not app.screen.query_one("#f-date_union").display
        await yes_no(pilot, "enfants_a_charge", False)
        await tick(pilot, "att-non_polygamie")
        await tick(pilot, "att-sanctions_penales")
        await save_step(pilot, "justificatifs")
        # Justificatifs: a majeur has no parental consent nor emancipation slot.
        assert not app.screen.query_one("#f-document_accord_representant_legal").display
        assert not app.screen.query_one("#f-document_justificatif_emancipation").display
        await fill(pilot, "ephoto", "1234 5678 9012 3456 7890 12")
        # One domicile slot whose help lists the three cases, no « Mode d'hébergement ».
        assert not app.screen.query("#f-type_hebergement")
        help_text = str(app.screen.query_one("#f-document_justificatif_domicile .help")
                        .render())
        assert "Une attestation de l'hôtelier" in help_text
        assert "Si hébergement chez un particulier :" in help_text
        # Saving with the documents missing names them.
        await save(pilot)
        assert "Décision de placement" in error_summary(pilot)
        for slot, name in ASE_SLOTS.items():
            await attach(pilot, slot, name.split(".")[0])
        await save_step(pilot, "RecapScreen")
        return await deposit(pilot)


def test_ase_not_eligible_then_abandoned(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    # The route and the identity through the service: the route's walk is the one above.
    spec = casebuilder.ase()
    spec.identity.update(nom_naissance="Diallo", prenoms="Mamadou Aliou",
                         date_naissance="10/08/2006")
    spec.numero_etranger = NUMERO
    case_at(settings, spec, "informations_personnelles")
    asyncio.run(walk_not_eligible(settings))
    stored = stored_case(settings)
    assert stored["case"]["status"] == "abandonne"
    assert stored["case"]["numero_demande"] is None
    # Abandoning erases the applicant and every answer, step 1 included.
    assert stored["answers"] == {}
    assert stored["applicant"] is None


async def walk_not_eligible(settings) -> None:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(150, 50)) as pilot:
        # The guide's example: born 10/08/2006, prise en charge 12/03/2023 (16 ans).
        await resume(pilot, "StepScreen")
        await step1(pilot)
        await fill(pilot, "date_prise_en_charge", "12/03/2023")
        # Said as soon as the date that decides it is valid, as in the guide.
        await pilot.pause()
        assert screen_name(pilot) == "ConfirmDialog"
        assert str(app.screen.query_one(".question").render()) == "Demandeur non éligible"
        await pilot.press("enter")  # « Modifier ma saisie »
        await pilot.pause()
        assert step_id(pilot) == "motif_sejour"
        await fill(pilot, "date_entree_france", "01/02/2023")
        await choose(pilot, "situation_familiale", "Célibataire")
        await yes_no(pilot, "enfants_a_charge", False)
        await tick(pilot, "att-non_polygamie")
        await tick(pilot, "att-sanctions_penales")
        await save(pilot)
        assert screen_name(pilot) == "ConfirmDialog"
        assert str(app.screen.query_one(".question").render()) == "Demandeur non éligible"
        assert "au plus tard à l'âge de 16 ans" in str(app.screen.query(
            "Static").nodes[1].render())
        # « Modifier ma saisie » (focused first): back on the step, nothing saved.
        assert app.focused is not None and str(app.focused.label) == "Modifier ma saisie"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert step_id(pilot) == "motif_sejour"
        assert app.screen.query_one("#f-date_prise_en_charge-control").value == "12/03/2023"  # type: ignore[attr-defined]
        assert "motif_sejour" not in stored_case(settings)["answers"]
        assert stored_case(settings)["case"]["current_step"] == "motif_sejour"
        # Saving again asks again; « Abandonner la demande » this time.
        await save(pilot)
        assert screen_name(pilot) == "ConfirmDialog"
        await pilot.press("right", "enter")
        await pilot.pause()
        assert screen_name(pilot) == "HomeScreen"
