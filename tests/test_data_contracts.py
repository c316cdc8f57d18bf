"""What check-data refuses beyond one model: roles, agreements, catalog-wide checks.

Each row breaks a copy of a shipped definition in one place and gives the French message
check-data must print, with the file and the path of the field. The route tree's « no
route reaches this téléprocédure » is in test_routes.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_cli import anef

from anef_tui.catalog.loader import (
    DefinitionError,
    check_catalog,
    data_root,
    load_procedure,
)

BPI = data_root() / "procedures" / "bpi_renouvellement.yaml"
RF = data_root() / "procedures" / "conjoint_rf_renouvellement.yaml"
MALADE = data_root() / "procedures" / "etranger_malade_renouvellement.yaml"
CHILD_NAME = '              - {id: nom_naissance, label: "Nom de naissance"'

# (source, text to replace, replacement, path in the file, the French message)
BROKEN = [
    pytest.param(
        BPI, "{id: nom_naissance, role: nom_naissance, ", "{id: nom_naissance, ",
        "steps", "aucun champ ne porte le rôle « nom_naissance » (nom de naissance) que la "
                 "confirmation « prolongation_instruction » imprime",
        id="printed-role-missing"),
    pytest.param(
        MALADE, "{id: telephone, role: telephone, ", "{id: telephone, ",
        "steps", "aucun champ ne porte le rôle « telephone » (téléphone) que le certificat "
                 "médical (instruction.certificat_medical) imprime",
        id="certificat-role-missing"),
    pytest.param(
        BPI, "{id: date_naissance, role: date_naissance, ", "{id: date_naissance, ",
        "steps", "aucun champ ne porte le rôle « date_naissance » (date de naissance)",
        id="birth-date-role-missing"),
    pytest.param(
        BPI, "role: code_postal, label: \"Code postal\", type: postal_code",
        "role: code_postal, label: \"Code postal\", type: text",
        "steps[0].sections[2].fields[",
        "le rôle « code_postal » (code postal) veut un champ postal_code, pas « text »",
        id="role-on-wrong-type"),
    pytest.param(
        BPI, "{id: nom_usage, role: nom_usage, ", "{id: nom_usage, role: nom_naissance, ",
        "steps[0].sections[0].fields[1].role",
        "rôle « nom_naissance » déjà porté par steps[0].sections[0].fields[0]",
        id="role-twice"),
    pytest.param(
        RF, CHILD_NAME, '              - {id: nom_naissance, role: nom_naissance, label: '
                        '"Nom de naissance"',
        "steps[1].sections[", "un sous-champ de groupe ne porte pas de rôle",
        id="role-in-a-group"),
    pytest.param(
        BPI, "{id: nom_usage, role: nom_usage, ", "{id: nom_usage, role: nom_jeune_fille, ",
        "steps[0].sections[0].fields[1].role", "valeur 'nom_jeune_fille' impossible "
                                               "(valeurs possibles : 'nom_naissance'",
        id="unknown-role"),
    pytest.param(
        BPI, "{profile: pour, equals: mineur}", "{profile: pour, equal: mineur}",
        "identity_rules[1].when.all[0].equal",
        "clé « equal » inconnue dans une condition : une condition nomme un sujet (field, "
        "profile, fact) et un opérateur (equals, not_equals, in, not_in, is_set, gte, lte)",
        id="misspelt-operator"),
    pytest.param(
        BPI, "kind: renouvellement", "kind: premiere_demande",
        "confirmation.document", "« prolongation_instruction » ne confirme pas une demande de "
                                 "type « premiere_demande »",
        id="kind-and-document-disagree"),
    pytest.param(
        BPI, "applicant: known", "applicant: unknown",
        "applicant", "un usager inconnu ne fait pas une demande de type « renouvellement »",
        id="applicant-and-kind-disagree"),
]


def broken_copy(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{source.name} changed: adapt the row ({old!r})"
    path = tmp_path / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(("source", "old", "new", "where", "message"), BROKEN)
def test_broken_definition_is_refused_in_french(tmp_path: Path, source: Path, old: str,
                                                new: str, where: str, message: str) -> None:
    path = broken_copy(tmp_path, source, old, new)
    with pytest.raises(DefinitionError) as err:
        load_procedure(path)
    assert any(p.startswith(f"{path}: {where}") and message in p
               for p in err.value.problems), err.value.problems


def test_misspelt_operator_is_one_french_line_of_check_data(tmp_path: Path) -> None:
    """Not ten lines of pydantic's English, one per kind of condition it tried."""
    path = broken_copy(tmp_path, BPI, "{profile: pour, equals: mineur}",
                       "{profile: pour, equal: mineur}")
    done = anef("check-data", str(path))
    assert done.returncode == 1
    problems = [line for line in done.stdout.splitlines() if line.startswith("  ")]
    assert problems == [
        f"  {path}: identity_rules[1].when.all[0].equal: clé « equal » inconnue dans une "
        "condition : une condition nomme un sujet (field, profile, fact) et un opérateur "
        "(equals, not_equals, in, not_in, is_set, gte, lte)"]
    for english in ("Field required", "Extra inputs", "AllOf", "function-after"):
        assert english not in done.stdout


def test_two_definitions_with_the_same_title_are_refused(tmp_path: Path) -> None:
    copy = broken_copy(tmp_path, RF, "id: conjoint_rf_renouvellement",
                       "id: conjoint_rf_bis")
    loaded = [(RF, load_procedure(RF)), (copy, load_procedure(copy))]
    problems = check_catalog(loaded)
    assert problems == [f"{copy}: title: même titre que {RF.name} : au guichet, les deux "
                        "téléprocédures ne se distingueraient pas"]
    done = anef("check-data", str(RF), str(copy))
    assert done.returncode == 1
    assert "ERREUR  entre les définitions" in done.stdout and "même titre que" in done.stdout


def test_the_shipped_definitions_declare_every_printed_role() -> None:
    from anef_tui.catalog.loader import load_catalog
    from anef_tui.catalog.roles import required_roles

    for procedure in load_catalog().values():
        missing = required_roles(procedure.confirmation.document) - set(procedure.role_ids())
        assert not missing, (procedure.id, missing)


def test_every_role_names_existing_field_kinds() -> None:
    from anef_tui.catalog.field_kinds import FIELD_KINDS
    from anef_tui.catalog.roles import ROLES

    for role, spec in ROLES.items():
        assert spec.types <= set(FIELD_KINDS), (role, spec.types - set(FIELD_KINDS))


def test_the_age_is_read_from_the_field_playing_date_naissance(tmp_path: Path) -> None:
    # The facts of the conditions (age, mineur, majeur) follow the role, not an id.
    from datetime import date

    from anef_tui.casefile import CaseState

    text = re.sub(r"(?<!role: )\bdate_naissance\b", "naissance_le",
                  BPI.read_text(encoding="utf-8"))
    assert "{id: naissance_le, role: date_naissance, " in text
    path = tmp_path / BPI.name
    path.write_text(text, encoding="utf-8")
    procedure = load_procedure(path)
    assert procedure.birth_date_field == "naissance_le"
    state = CaseState(procedure, {}, identity={"naissance_le": "2010-05-01"},
                      today=date(2026, 5, 1))
    facts = state.facts(state.flat_answers())
    assert (facts["age"], facts["mineur"], facts["majeur"]) == (16, True, False)
    assert "naissance_le" in state.fact_date_fields()


def test_the_certificat_prints_the_answers_of_the_fields_playing_its_roles() -> None:
    from datetime import date

    from anef_tui.casefile import CaseState
    from anef_tui.catalog.loader import load_catalog
    from anef_tui.official_documents import shown_role

    procedure = load_catalog()["etranger_malade_renouvellement"]
    answers = {"informations_personnelles": {"telephone": "+33612345678",
                                             "email": "a@exemple.fr"}}
    state = CaseState(procedure, {}, answers=answers, today=date(2026, 5, 1))
    assert shown_role(state, "telephone") == "06 12 34 56 78"
    assert shown_role(state, "email") == "a@exemple.fr"
    assert shown_role(state, "date_entree") == ""  # no field plays it in this definition
