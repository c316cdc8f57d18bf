"""The étranger malade renewal walked by keyboard alone, from the home screen to the PDF."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from counter_day import TODAY
from filefactory import image_bytes, pdf_bytes, write
from pilot import (
    SITUATION_MALADE,
    assert_confirmation,
    attach,
    capture_identity,
    choose,
    deposit,
    error_summary,
    fill,
    fill_all,
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

MALADE_ROUTE = [
    "Je demande ou renouvelle un titre de séjour",
    "Moi-même (à partir de 16 ans)",
    SITUATION_MALADE,
    "Je sollicite le renouvellement de ce titre",
]
RENEWAL_TITLE = "CONFIRMATION DU DÉPÔT D'UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE SÉJOUR"
NUMERO = "6901234567"
# (slot, scan): two scans for the résidence habituelle, which takes up to six.
MALADE_FILES = [
    ("justificatif_domicile", "facture_gaz.pdf"),
    ("justificatif_residence_habituelle", "recepisse_2024.pdf"),
    ("justificatif_residence_habituelle", "releve_bancaire.jpg"),
]


def walk_route(settings) -> tuple[Path, dict[str, object]]:  # type: ignore[no-untyped-def]
    """The route's reachability walk (tests/walked.py types every value key by key)."""
    for i, (_, name) in enumerate(MALADE_FILES, start=1):
        write(settings.scan_dir / name,
              image_bytes("jpeg") if name.endswith(".jpg") else pdf_bytes(pages=i))
    return asyncio.run(walk_malade(settings)), {}


def test_etranger_malade_renewal_by_keyboard(walks: Walks) -> None:
    done = walks.get("malade")
    settings, pdf = done.settings, done.pdf

    stored = stored_case(settings)
    case, applicant = stored["case"], stored["applicant"]
    assert case["procedure_id"] == "etranger_malade_renouvellement"
    assert case["status"] == "depose"
    assert re.fullmatch(rf"5901{TODAY:%Y%m%d}\d{{7}}", case["numero_demande"])
    assert applicant["numero_etranger"] == NUMERO
    assert applicant["nom_naissance"] == "Okafor"
    motif = stored["answers"]["motif_sejour"]
    assert motif["situation_familiale"] == "marie"
    assert motif["pays_union"] == "NG"
    assert motif["enfants_a_charge"] is False
    assert "enfants" not in motif
    assert motif["enfants_charge_conjoint"] is True
    assert [c["prenoms"] for c in motif["enfants_conjoint"]] == [["Chidi"]]
    assert motif["enfants_conjoint"][0]["residence"] == "etranger"
    assert motif["attestations"] == {"non_polygamie": True, "sanctions_penales": True}
    assert [(f["slot_id"], f["original_name"]) for f in stored["attachments"]] == \
        MALADE_FILES

    words = pdf_words(pdf)
    assert_confirmation(words, RENEWAL_TITLE, NUMERO, case["numero_demande"], "OKAFOR", "GRACE")


async def walk_malade(settings) -> Path:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(150, 50)) as pilot:
        await start_route(pilot, MALADE_ROUTE)
        await capture_identity(pilot, NUMERO, {
            "nom_naissance": "Okafor", "prenoms": "Grace", "sexe": "Féminin",
            "date_naissance": "21/09/1978", "pays_naissance": "Nigeria",
            "lieu_naissance": "Lagos", "nationalite": "nigériane",
        })
        await save(pilot)
        assert step_id(pilot) == "informations_personnelles"
        await fill_all(pilot, {
            "adresse": "45 boulevard de la Liberté",
            "code_postal": "59800",
            "ville": "Lille",
            "pays_residence": "France",
            "email": "grace.okafor@exemple.fr",
            "telephone": "06 22 33 44 55",
        })
        await save_step(pilot, "motif_sejour")

        # Motif de séjour: married, no child of her own, one of her husband's abroad.
        screen = app.screen
        for hidden in ("date_union", "pays_union", "enfants_charge_conjoint", "enfants"):
            assert not screen.query_one(f"#f-{hidden}").display, hidden
        await choose(pilot, "situation_familiale", "Marié(e)")
        await fill(pilot, "date_union", "05/05/2005")
        await fill(pilot, "pays_union", "Nigeria")
        await yes_no(pilot, "enfants_a_charge", False)
        assert not screen.query_one("#f-enfants").display
        await yes_no(pilot, "enfants_charge_conjoint", True)
        assert screen.query_one("#f-enfants_conjoint").display
        await press_button(pilot, "f-enfants_conjoint-add")
        assert screen_name(pilot) == "GroupItemDialog"
        await fill(pilot, "nom_naissance", "Okafor")
        await fill(pilot, "prenoms", "Chidi")
        await choose(pilot, "sexe", "Masculin")
        await fill(pilot, "date_naissance", "30/06/2010")
        await fill(pilot, "nationalites", "nigériane")
        await choose(pilot, "residence", "À l'étranger")
        await save(pilot)
        assert screen_name(pilot) == "StepScreen"
        await tick(pilot, "att-non_polygamie")
        await tick(pilot, "att-sanctions_penales")
        await save_step(pilot, "justificatifs")

        # Justificatifs: nothing medical; a titre holder has no identity/entry slots.
        screen = app.screen
        texts = " ".join(str(w.render()) for w in screen.query("#s-pj_motif Static"))
        assert "Aucune information médicale et aucun certificat médical" in texts
        assert not screen.query("#f-document_justificatif_identite")
        assert not screen.query("#f-document_justificatif_entree_reguliere")
        await fill(pilot, "ephoto", "1234 5678 9012 3456 7890 12")
        await save(pilot)
        assert "Justificatif de résidence habituelle" in error_summary(pilot)
        for slot, name in MALADE_FILES:
            await attach(pilot, slot, name.split(".")[0])
        status = str(screen.query_one(
            "#f-document_justificatif_residence_habituelle .status").render())
        assert status.startswith("2/6 fichier(s) joint(s)")
        await save_step(pilot, "RecapScreen")
        return await deposit(pilot)
