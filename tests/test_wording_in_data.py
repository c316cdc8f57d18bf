"""The guides' wording lives in data (issue 8 §3): screens/ holds no guide sentence, and
each téléprocédure shows the words of its own guide.

Guide 000 (BPI) says « à l'étape Récapitulatif » and « Vous devrez joindre » in its
préambule; 001, 003 and 004 say « à l'étape Dépôt de la demande » and « Vous devez
joindre »; 002 has no préambule.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
import pytest
from pilot import make_settings, new_app, screen_name, settle

import screens
from anef_tui.catalog.loader import DefinitionError, data_root, load_catalog, load_wording
from anef_tui.service import CaseService

# Sentences of the guides that a screen once wrote itself (and that must stay in data/).
GUIDE_SENTENCES = (
    "Demander un titre de séjour",
    "Votre démarche en ligne",
    "Avant de commencer votre démarche",
    "vous pourrez le faire à l'étape",
    "Observations à destination de l'administration",
    "DÉPOSEZ VOTRE DEMANDE",
    "ÉTAPES",
    "Votre saisie est sauvegardée",
    "Vous devrez joindre",
    "Vous devez joindre",
    "PRÉPARER LES DOCUMENTS À FOURNIR",
    "% terminée",
    "Identité du demandeur",
    "sans pouvoir y être modifiée",
    "identifiant ANEF",
    "Il figure sur le titre de séjour",
    "Demande envoyée",
)
# The screens of the deposit, whose references come from the confirmation's wording (the
# instruction side's screens are issue 9's).
DEPOSIT_SCREENS = ("confirmation.py", "identity.py", "preamble.py", "progress.py",
                   "profile.py", "step.py", "recap.py")
REFERENCE_LABELS = ("Identifiant (N° étranger)", "Identifiant (N° de l'étranger)",
                    "N° de la demande", "Informations personnelles")


def test_no_guide_sentence_is_written_in_a_screen() -> None:
    folder = Path(screens.__file__).parent
    found = [
        f"{path.name}: « {sentence} »"
        for path in sorted(folder.glob("*.py"))
        for sentence in GUIDE_SENTENCES
        if sentence in path.read_text(encoding="utf-8")
    ]
    found += [
        f"{name}: « {label} »"
        for name in DEPOSIT_SCREENS
        for label in REFERENCE_LABELS
        if label in (folder / name).read_text(encoding="utf-8")
    ]
    assert found == []


@pytest.mark.parametrize(
    ("procedure_id", "observations_step", "bring_title"),
    [
        ("bpi_renouvellement", "à l'étape Récapitulatif", "Vous devrez joindre :"),
        ("ase_premiere_demande", "à l'étape Dépôt de la demande", "Vous devez joindre :"),
        ("conjoint_rf_renouvellement", "à l'étape Dépôt de la demande",
         "Vous devez joindre :"),
        ("etranger_malade_renouvellement", "à l'étape Dépôt de la demande",
         "Vous devez joindre :"),
    ],
)
def test_each_preamble_has_its_own_guides_words(
    procedure_id: str, observations_step: str | None, bring_title: str
) -> None:
    preamble = load_catalog()[procedure_id].preamble
    assert preamble is not None
    before = " ".join(preamble.before_you_start)
    assert before.startswith("Avant de commencer votre démarche")
    assert observations_step in before
    assert preamble.bring_title == bring_title


def test_guide_002_has_no_preamble() -> None:
    # Its step 1 « Votre situation » comes straight after the entry.
    assert load_catalog()["ordonnance_protection"].preamble is None


async def _preamble_text(settings) -> str:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "PreambleScreen"
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("ctrl+q")
    return " ".join(text.split())


def test_the_preamble_screen_shows_the_ase_guides_words(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    service = CaseService(settings)
    casebuilder.create(service, casebuilder.ase())
    service.close()
    text = asyncio.run(_preamble_text(settings))
    assert "à l'étape Dépôt de la demande" in text
    assert "Vous devez joindre :" in text
    assert "DÉPOSEZ VOTRE DEMANDE EN 5 ÉTAPES" in text
    assert "vous pouvez la reprendre" in text
    assert "Récapitulatif dans le champ" not in text and "Vous devrez joindre" not in text


def test_a_broken_wording_file_is_refused_in_french(tmp_path: Path) -> None:
    source = data_root() / "wording.yaml"
    broken = tmp_path / "wording.yaml"
    broken.write_text(source.read_text(encoding="utf-8").replace(
        "{percent}% terminée", "{pourcent}% terminée"), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_wording.__wrapped__(broken)
    [problem] = caught.value.problems
    assert str(broken) in problem and "progress" in problem and "{pourcent}" in problem
