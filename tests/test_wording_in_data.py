"""The guides' wording lives in data (issue 8 §3): screens/ holds no guide sentence, and
each téléprocédure shows the words of its own guide.

Guide 000 (BPI) says « à l'étape Récapitulatif » and « Vous devrez joindre » in its
préambule; 001, 003 and 004 say « à l'étape Dépôt de la demande » and « Vous devez
joindre »; 002 has no préambule.
"""

from __future__ import annotations

import ast
import asyncio
import re
from pathlib import Path

import casebuilder
import pytest
import yaml
from pilot import make_settings, new_app, screen_name, settle

import screens
from anef_tui.catalog.loader import (
    DefinitionError,
    data_root,
    load_catalog,
    load_procedure,
    load_wording,
)
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


# The guides' button labels and notices the screens once wrote themselves (issue 8, the
# second pass): now in data/wording.yaml, the procedures' definitions or the notifications'
# wording. Comments and docstrings may quote them; code may not.
GUIDE_LABELS = (
    "Enregistrer et poursuivre",
    "Quitter et revenir plus tard",
    "Abandonner la demande",
    "Je continue",
    "Revenir à l'étape précédente",
    "Les champs marqués d'un * sont obligatoires.",
    "N° de la demande",
    "Identifiant (N° étranger)",
    "Identifiant (N° de l'étranger)",
    "Observations à destination de l'administration",
    "Modifier ma saisie",
    "Valider et vérifier la suite de ma saisie",
    "Joindre un document",
    "Déposer la demande",
    "Demande de complément",
    "Autre document",
    "Valider et envoyer",
    "Liste des pièces justificatives",
    "Après le dépôt de votre demande",
    "Retour à l'accueil",
    "Confirmation de dépôt de demande",
    # The instruction's forms and the home's filters (the guides' « document demandé »,
    # « valable du … portant la mention … », « certificat médical »).
    "Document demandé",
    "Document déposé",
    "Valable du",
    "Valable au",
    "Mention",
    "Titre de séjour délivré",
    "Montant des taxes",
    "Certificat médical",
    "Complément à envoyer",
    "Notification non lue",
    "Prénom(s)",
    "N° étranger",
    "N° de demande",
)


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module, its docstrings left out (f-strings' parts too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def _screen_strings() -> list[tuple[str, int, str]]:
    folder = Path(screens.__file__).parent
    return [(path.name, line, text) for path in sorted(folder.glob("*.py"))
            for line, text in _code_strings(path)]


def test_no_guide_label_is_written_in_a_screens_code() -> None:
    found = [f"{name}:{line}: « {label} »"
             for name, line, text in _screen_strings()
             for label in GUIDE_LABELS if label in text]
    assert found == []


def _sentences(value: object) -> list[str]:
    """Every text of a wording file, cut at its placeholders."""
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"\{[a-z_]*\}", value)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _sentences(v)]
    if isinstance(value, list):
        return [s for v in value for s in _sentences(v)]
    return []


def test_no_sentence_of_wording_yaml_is_written_again_in_a_screen() -> None:
    # Two words or more: « Valider » alone is also the start of other, non-guide labels.
    sentences = {s for s in _sentences(load_wording().model_dump()) if len(s.split()) >= 2}
    assert "Enregistrer et poursuivre" in sentences  # the walk reads the file
    found = [f"{name}:{line}: « {s} »" for name, line, text in _screen_strings()
             for s in sentences if s in text]
    assert found == []


def test_the_tests_scan_sees_what_a_screen_would_write(tmp_path: Path) -> None:
    # The scan itself: a label in code is found, the same label in a docstring is not.
    module = tmp_path / "sample.py"
    module.write_text('"""« Je continue »"""\nBUTTON = f"{1} Je continue >"\n',
                      encoding="utf-8")
    assert [text for _, text in _code_strings(module)] == [" Je continue >"]


def _procedure_with_recap(tmp_path: Path, recap: dict[str, str]) -> Path:
    source = data_root() / "procedures" / "ordonnance_protection.yaml"
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    [step] = [s for s in raw["steps"] if "recap" in s]
    step["recap"] = recap
    path = tmp_path / "ordonnance_protection.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_a_recap_takes_the_guides_shared_words_unless_it_says_its_own(tmp_path: Path) -> None:
    shared = load_wording().recap
    plain = load_procedure(_procedure_with_recap(tmp_path, {"heading": "Dépôt"}))
    assert plain.recap_step.recap is not None
    assert plain.recap_step.recap.observations_label == shared.observations_label
    assert plain.recap_step.recap.submit_label == shared.submit_label
    assert plain.recap_step.recap.warning == shared.warning
    own = load_procedure(_procedure_with_recap(
        tmp_path, {"heading": "Dépôt", "observations_label": "Vos observations"}))
    assert own.recap_step.recap is not None
    assert own.recap_step.recap.observations_label == "Vos observations"
    assert own.recap_step.recap.submit_label == shared.submit_label


def test_a_wording_file_without_a_button_is_refused_naming_it(tmp_path: Path) -> None:
    source = data_root() / "wording.yaml"
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    del raw["buttons"]["save"]
    raw["recap"]["edit"] = "Modifier"  # a key that is not the récapitulatif's any more
    broken = tmp_path / "wording.yaml"
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_wording.__wrapped__(broken)
    problems = caught.value.problems
    assert f"{broken}: buttons.save: champ obligatoire manquant" in problems
    assert any(p.startswith(f"{broken}: recap.edit: clé « edit » inconnue") for p in problems)


async def _instruction_references(settings) -> str:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")  # the préfecture's side
        await settle(pilot)
        await pilot.press("enter")  # the dossier waiting
        await settle(pilot)
        assert screen_name(pilot) == "InstructionCaseScreen"
        text = str(app.screen.query_one("#references").render())
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("ctrl+q")
    return text


def test_the_instruction_dossier_says_its_references_as_its_guide(tmp_path: Path) -> None:
    # Guide 000 (BPI) says « Identifiant (N° de l'étranger) », the others « (N° étranger) ».
    settings = make_settings(tmp_path)
    service = CaseService(settings)
    record = casebuilder.build(service, casebuilder.bpi(), settings.scan_dir)
    service.close()
    text = asyncio.run(_instruction_references(settings))
    assert f"Identifiant (N° de l'étranger) : {record.numero_etranger}" in text
    assert f"N° de la demande : {record.numero_demande}" in text


# Words the screens and plain mode both say: each read from data by both, never written
# in either (a second copy drifts: plain mode once said the way back without the screens).
SHARED_WORDS = (
    "Revenir au choix précédent",
    "Retour à l'accueil",
    "jours restants",
    "DÉLAI DÉPASSÉ",
    "(calculé)",
    "Réponse du",
    "raison :",
    "Document demandé",
    "Document déposé",
    "Titre de séjour délivré",
    "Montant des taxes",
    "Notifier la décision favorable",
    "(facultatif)",
)


def _strings(path: Path) -> str:
    """The string literals a module writes (f-strings' parts too), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    return "\n".join(node.value for node in ast.walk(tree)
                     if isinstance(node, ast.Constant) and isinstance(node.value, str)
                     and id(node) not in docstrings)


def test_screens_and_plain_mode_read_their_shared_words_from_data() -> None:
    import anef_tui.plain

    folders = (Path(screens.__file__).parent, Path(anef_tui.plain.__file__).parent)
    found = [f"{path.parent.name}/{path.name}: « {words} »"
             for folder in folders for path in sorted(folder.glob("*.py"))
             for words in SHARED_WORDS if words in _strings(path)]
    assert found == []
    buttons = load_wording().buttons
    assert (buttons.back_choice, buttons.home) == ("Revenir au choix précédent",
                                                  "Retour à l'accueil")


async def _home_words(settings) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable, Input, OptionList, Select

    app = new_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await settle(pilot)
            if app.screen.query_one(DataTable).columns:
                break
        screen = app.screen
        table = screen.query_one(DataTable)
        words = {"columns": [str(c.label) for c in table.columns.values()],
                 "search": [str(screen.query_one("#search", Input).placeholder)]}
        for dom_id in ("status-filter", "attention-filter"):
            select = screen.query_one(f"#{dom_id}", Select)
            words[dom_id] = [str(o.prompt) for o in select.query_one(OptionList).options]
            # What the closed drop-down shows (its first choice, not the first frame's « … »).
            words[f"{dom_id} shown"] = [str(select.query_one("SelectCurrent #label").render())]
        await pilot.press("ctrl+q")
    return words


def test_the_home_says_its_columns_and_filters_in_the_datas_words(tmp_path: Path) -> None:
    # Read from data once the service answers (the first frame cannot wait for pydantic).
    from anef_tui.service import attention_filters

    settings = make_settings(tmp_path)
    service = CaseService(settings)
    casebuilder.build(service, casebuilder.ase(), settings.scan_dir)
    service.close()
    words = asyncio.run(_home_words(settings))
    lists = load_wording().lists
    assert words["columns"][:5] == ["Nom", "Prénom(s)", "Statut", "À faire", "N° étranger"]
    assert words["columns"][5] == "Étape / N° de la demande"
    assert words["search"] == [lists.search]
    assert words["status-filter"] == list(lists.statuses.values())
    assert words["attention-filter"] == [
        lists.all_cases, lists.any_attention, "Complément à envoyer", "Notification non lue",
        "Certificat médical à envoyer", "Attestation qui expire"]
    assert [w for _, w in attention_filters()] == words["attention-filter"][2:]
    assert words["status-filter shown"] == [lists.statuses["tous"]]
    assert words["attention-filter shown"] == [lists.all_cases]


def test_every_attention_code_of_the_home_filter_has_its_words() -> None:
    from anef_tui.instruction.rules import ATTENTION_ORDER
    from anef_tui.instruction.wording import FILTERED

    assert FILTERED == ATTENTION_ORDER
