"""The conjoint RF renewal walked by keyboard alone, children added, edited and removed."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

from counter_day import TODAY
from filefactory import image_bytes, pdf_bytes, write
from pilot import (
    SITUATION_CONJOINT_RF,
    assert_confirmation,
    attach,
    capture_identity,
    choose,
    deposit,
    error_summary,
    fill,
    fill_all,
    focus,
    new_app,
    pdf_words,
    press_button,
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

from screens.toggles import ChoiceList

CONJOINT_ROUTE = [
    "Je demande ou renouvelle un titre de séjour",
    "Moi-même (à partir de 16 ans)",
    SITUATION_CONJOINT_RF,
    "Je sollicite le renouvellement de ce titre",
]
RENEWAL_TITLE = "CONFIRMATION DU DÉPÔT D'UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE SÉJOUR"
NUMERO = "7512345601"
CONJOINT_SLOTS = {
    "justificatif_domicile": "quittance_loyer.pdf",
    "justificatif_mariage": "acte_mariage.pdf",
    "justificatif_communaute_vie": "declaration_vie_commune.png",
}


async def add_child(pilot, group: str, child: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """« Ajouter un enfant », the sub-fields in the dialog, ctrl+s to validate it."""
    await press_button(pilot, f"f-{group}-add")
    assert screen_name(pilot) == "GroupItemDialog"
    await fill_child(pilot, child)
    await save(pilot)
    assert screen_name(pilot) == "StepScreen", str(
        pilot.app.screen.query_one("#item-errors").render())


async def fill_child(pilot, child: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for key, value in child.items():
        if key in ("sexe", "residence"):
            await choose(pilot, key, value)
        else:
            await fill(pilot, key, value)


def group_lines(pilot, group: str) -> list[str]:  # type: ignore[no-untyped-def]
    options = pilot.app.screen.query_one(f"#f-{group}-list")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def highlight(pilot, group: str, index: int) -> None:  # type: ignore[no-untyped-def]
    """Move the list's highlight to an element, by Tab then the arrows."""
    await focus(pilot, f"f-{group}-list")
    options = pilot.app.screen.query_one(f"#f-{group}-list")
    current = options.highlighted or 0
    for _ in range(abs(index - current)):
        await pilot.press("down" if index > current else "up")
    assert options.highlighted == index


def walk_route(settings) -> tuple[Path, dict[str, object]]:  # type: ignore[no-untyped-def]
    """The route's reachability walk (tests/walked.py types every value key by key)."""
    for i, name in enumerate(CONJOINT_SLOTS.values(), start=1):
        write(settings.scan_dir / name,
              image_bytes("png") if name.endswith(".png") else pdf_bytes(pages=i))
    return asyncio.run(walk_conjoint(settings)), {}


def test_conjoint_rf_renewal_by_keyboard(walks: Walks) -> None:
    done = walks.get("conjoint_rf")
    settings, pdf = done.settings, done.pdf

    stored = stored_case(settings)
    case, applicant = stored["case"], stored["applicant"]
    assert case["procedure_id"] == "conjoint_rf_renouvellement"
    # No question on the régime: none is in the guide's path.
    assert json.loads(case["profile_json"]) == {}
    assert case["status"] == "depose"
    assert re.fullmatch(rf"5901{TODAY:%Y%m%d}\d{{7}}", case["numero_demande"])
    assert applicant["numero_etranger"] == NUMERO
    assert applicant["nom_naissance"] == "Haddad"
    motif = stored["answers"]["motif_sejour"]
    assert motif["accueillant_nom"] == "Haddad"
    assert motif["accueillant_prenoms"] == ["Karim"]
    assert motif["accueillant_numero_etranger"] == "7512345602"
    assert motif["situation_familiale"] == "marie"
    assert motif["date_union"] == "2015-06-20"
    # Two children added, the first edited, the second removed: one left, as edited.
    assert motif["enfants"] == [{
        "nom_naissance": "Haddad", "prenoms": ["Sami", "Youssef"], "sexe": "M",
        "date_naissance": "2016-04-02", "nationalites": ["MA"], "residence": "france",
    }]
    assert motif["enfants_charge_conjoint"] is False
    assert "enfants_conjoint" not in motif
    assert {f["slot_id"]: f["original_name"] for f in stored["attachments"]} == CONJOINT_SLOTS

    words = pdf_words(pdf)
    assert_confirmation(words, RENEWAL_TITLE, NUMERO, case["numero_demande"], "HADDAD", "NADIA")


async def walk_conjoint(settings) -> Path:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(150, 50)) as pilot:
        await start_route(pilot, CONJOINT_ROUTE)
        await capture_identity(pilot, NUMERO, {
            "nom_naissance": "Haddad", "prenoms": "Nadia", "sexe": "Féminin",
            "date_naissance": "12/02/1990", "pays_naissance": "Maroc",
            "lieu_naissance": "Fès", "nationalite": "marocaine",
        })
        await save(pilot)
        assert step_id(pilot) == "informations_personnelles"
        await fill_all(pilot, {
            "adresse": "8 allée des Tilleuls",
            "code_postal": "59100",
            "ville": "Roubaix",
            "pays_residence": "France",
            "telephone": "06 45 67 89 10",
        })
        await save_step(pilot, "motif_sejour")

        # Motif de séjour: the conjoint accueillant, the marriage.
        await fill(pilot, "accueillant_nom", "Haddad")
        await fill(pilot, "accueillant_prenoms", "Karim")
        await fill(pilot, "accueillant_date_naissance", "03/11/1986")
        await fill(pilot, "accueillant_numero_etranger", "7512345602")
        # « Marié(e) » is chosen already; only a situation following a marriage is offered.
        screen = app.screen
        assert screen.query_one("#f-situation_familiale-control", ChoiceList).value == "marie"
        await fill(pilot, "date_union", "20/06/2015")
        await fill(pilot, "pays_union", "Maroc")
        assert not screen.query_one("#f-enfants").display
        await yes_no(pilot, "enfants_a_charge", True)
        assert screen.query_one("#f-enfants").display
        # « Oui » with no child listed is refused.
        await yes_no(pilot, "enfants_charge_conjoint", False)
        await tick(pilot, "att-non_polygamie")
        await tick(pilot, "att-sanctions_penales")
        await save(pilot)
        assert "Ajoutez au moins 1 enfant" in error_summary(pilot)

        # Child 1, in France. The dialog refuses an incomplete child first.
        await press_button(pilot, "f-enfants-add")
        assert screen_name(pilot) == "GroupItemDialog"
        await fill(pilot, "nom_naissance", "Haddad")
        await save(pilot)
        assert screen_name(pilot) == "GroupItemDialog"
        assert "Où réside votre enfant" in str(app.screen.query_one("#item-errors").render())
        await fill_child(pilot, {
            "prenoms": "Sami", "sexe": "Masculin", "date_naissance": "02/04/2016",
            "nationalites": "marocaine", "residence": "En France",
        })
        await save(pilot)
        assert screen_name(pilot) == "StepScreen"
        # Child 2, abroad.
        await add_child(pilot, "enfants", {
            "nom_naissance": "Haddad", "prenoms": "Lina", "sexe": "Féminin",
            "date_naissance": "15/01/2019", "nationalites": "marocaine",
            "residence": "À l'étranger",
        })
        lines = group_lines(pilot, "enfants")
        assert len(lines) == 2
        assert lines[0].startswith("Enfant 1 : Haddad — Sami — Masculin")
        assert lines[1].startswith("Enfant 2 : Haddad — Lina — Féminin")

        # Edit child 1: Tab to the list, Enter (an element is highlighted already).
        await focus(pilot, "f-enfants-list")
        assert app.screen.query_one("#f-enfants-list").highlighted is not None  # type: ignore[attr-defined]
        await highlight(pilot, "enfants", 0)
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(pilot) == "GroupItemDialog"
        dialog = app.screen
        assert dialog.query_one("#f-prenoms-control").value == "Sami"  # type: ignore[attr-defined]
        await fill(pilot, "prenoms", "Sami, Youssef")
        await save(pilot)
        assert screen_name(pilot) == "StepScreen"
        assert group_lines(pilot, "enfants")[0].startswith("Enfant 1 : Haddad — Sami, Youssef")

        # Remove child 2 (« Supprimer » acts on the highlighted element).
        await highlight(pilot, "enfants", 1)
        await press_button(pilot, "f-enfants-remove")
        lines = group_lines(pilot, "enfants")
        assert len(lines) == 1 and "Sami, Youssef" in lines[0]

        await save_step(pilot, "justificatifs")

        # Justificatifs: the marriage and the life together are required.
        await fill(pilot, "ephoto", "1234 5678 9012 3456 7890 12")
        await save(pilot)
        summary = error_summary(pilot)
        assert "Justificatif de mariage" in summary and "communauté de vie" in summary
        assert "Justificatif de nationalité" not in summary
        for slot, name in CONJOINT_SLOTS.items():
            await attach(pilot, slot, name.split(".")[0])
        await save_step(pilot, "RecapScreen")
        recap = " ".join(str(w.render()) for w in app.screen.query("ReadonlyRow Static"))
        assert "Sami, Youssef" in recap and "Lina" not in recap
        return await deposit(pilot)
