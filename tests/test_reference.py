"""Countries and nationalities: the packaged file, its checks and the look-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from anef_tui.reference import (
    ReferenceDataError,
    countries,
    country_by_code,
    display,
    find_country,
    find_nationality,
    load_countries,
    normalize_key,
    suggest,
    suggestion_list,
)


def test_packaged_file_loads_every_sovereign_country():
    all_countries = countries()
    # 193 UN members + Holy See, Palestine, Kosovo, Taïwan; and « Apatride ».
    assert len([c for c in all_countries if not c.nationality_only]) == 197
    assert [c.code for c in all_countries if c.nationality_only] == ["XX"]
    codes = {c.code for c in all_countries}
    assert {"FR", "DZ", "AF", "CI", "GB", "NO", "VA", "PS", "XK", "SS", "TL"} <= codes
    assert countries() is all_countries  # read once


def test_file_order_is_french_alphabetical():
    # French collation ignores spaces and hyphens (Sainte-Lucie before Saint-Marin);
    # « Îles Marshall » sorts under M, as in the lists of the administration.
    keys = [normalize_key(c.name).removeprefix("iles ").replace(" ", "") for c in countries()]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("code", "name", "masculine", "feminine"),
    [
        ("AF", "Afghanistan", "afghan", "afghane"),
        ("DZ", "Algérie", "algérien", "algérienne"),
        ("CI", "Côte d'Ivoire", "ivoirien", "ivoirienne"),
        ("GB", "Royaume-Uni", "britannique", "britannique"),
        ("FR", "France", "français", "française"),
        ("NO", "Norvège", "norvégien", "norvégienne"),
        ("GR", "Grèce", "grec", "grecque"),
        ("TR", "Turquie", "turc", "turque"),
        ("CD", "République démocratique du Congo", "congolais", "congolaise"),
        ("BF", "Burkina Faso", "burkinabè", "burkinabè"),
    ],
)
def test_sample_entries(code, name, masculine, feminine):
    c = country_by_code(code)
    assert (c.name, c.masculine, c.feminine) == (name, masculine, feminine)


def test_nationality_agrees_with_sexe():
    dz = country_by_code("dz")
    assert dz.nationality("F") == "algérienne"
    assert dz.nationality("M") == "algérien"
    assert dz.nationality() == "algérien"
    assert dz.nationality_label == "algérien / algérienne"
    assert country_by_code("CH").nationality_label == "suisse"


def test_unknown_code():
    with pytest.raises(KeyError):
        country_by_code("ZZ")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Algérie", "DZ"),
        ("algerie", "DZ"),
        ("ALGÉRIE", "DZ"),
        ("dz", "DZ"),
        ("Cote d'ivoire", "CI"),
        ("côte d’ivoire", "CI"),
        ("Cote-d-Ivoire", "CI"),
        ("royaume uni", "GB"),
        ("Grande-Bretagne", "GB"),
        ("Congo", "CG"),
        ("RDC", "CD"),
        ("Myanmar", "MM"),
        ("Swaziland", "SZ"),
        ("Vietnam", "VN"),
        ("norvege", "NO"),
        ("  france ", "FR"),
    ],
)
def test_find_country(text, code):
    found = find_country(text)
    assert found is not None and found.code == code


@pytest.mark.parametrize("text", ["", "Atlantide", "algérienne", "Alg", "XX"])
def test_find_country_no_match(text):
    assert find_country(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("algerienne", "DZ"),
        ("Algérien", "DZ"),
        ("Algérie", "DZ"),
        ("ivoirienne", "CI"),
        ("Cote d'ivoire", "CI"),
        ("sud africaine", "ZA"),
        ("grecque", "GR"),
        ("bosniaque", "BA"),
        ("swazie", "SZ"),
        ("française", "FR"),
        ("FR", "FR"),
    ],
)
def test_find_nationality(text, code):
    found = find_nationality(text)
    assert found is not None and found.code == code


@pytest.mark.parametrize("text", ["congolaise", "congolais", "", "martienne"])
def test_find_nationality_ambiguous_or_unknown(text):
    # « congolaise »: Congo or République démocratique du Congo, the operator chooses.
    assert find_nationality(text) is None


@pytest.mark.parametrize(
    ("text", "kwargs", "first_names"),
    [
        ("alg", {}, ["Algérie"]),
        ("gui", {}, ["Guinée", "Guinée-Bissau", "Guinée équatoriale", "Papouasie-Nouvelle-Guinée"]),
        ("sud", {}, ["Afrique du Sud", "Corée du Sud", "Soudan du Sud"]),
        ("ivoir", {}, ["Côte d'Ivoire"]),
        ("cote d", {}, ["Côte d'Ivoire"]),
        ("congo", {}, ["Congo", "République démocratique du Congo"]),
        ("congolaise", {"nationality": True}, ["Congo", "République démocratique du Congo"]),
        ("algerienne", {"nationality": True}, ["Algérie"]),
        ("FR", {}, ["France"]),
        ("maro", {"limit": 1}, ["Maroc"]),
    ],
)
def test_suggest(text, kwargs, first_names):
    names = [c.name for c in suggest(text, **kwargs)]
    assert names[: len(first_names)] == first_names


def test_suggest_prefix_before_substring():
    names = [c.name for c in suggest("ma", limit=50)]
    prefix = [n for n in names if normalize_key(n).startswith("ma")]
    assert names[: len(prefix)] == prefix
    assert "Guatemala" in names[len(prefix) :]


@pytest.mark.parametrize(("text", "limit"), [("", 10), ("   ", 10), ("a", 0)])
def test_suggest_nothing(text, limit):
    assert suggest(text, limit) == []


def test_suggest_respects_limit():
    assert len(suggest("a", 5)) == 5


# --------------------------------------------------------------------------- file checks


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "countries.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "countries:\n  - {code: NO, name: Norvège, masculine: norvégien, "
            "feminine: norvégienne}\n",
            "countries[0].code: Input should be a valid string",  # unquoted NO is false
        ),
        (
            "countries:\n  - {code: dz, name: Algérie, masculine: a, feminine: ab}\n",
            "countries[0].code: String should match pattern",
        ),
        (
            "countries:\n  - {code: DZ, name: Algérie, masculine: algérien}\n",
            "countries[0].feminine: Field required",
        ),
        (
            "countries:\n  - {code: DZ, name: Algérie, masculine: algérien, "
            "feminine: algérienne, capital: Alger}\n",
            "countries[0].capital: Extra inputs are not permitted",
        ),
        (
            "countries:\n"
            "  - {code: DZ, name: Algérie, masculine: algérien, feminine: algérienne}\n"
            "  - {code: DZ, name: Algerie bis, masculine: algérien, feminine: algérienne}\n",
            "countries[1].code: code DZ déjà utilisé par countries[0]",
        ),
        (
            "countries:\n"
            "  - {code: DZ, name: Algérie, masculine: algérien, feminine: algérienne}\n"
            "  - {code: MA, name: ALGERIE, masculine: marocain, feminine: marocaine}\n",
            "countries[1].name: nom « algerie » déjà utilisé par countries[0]",
        ),
        ("countries: [\n", "YAML invalide"),
        ("", "Input should be a valid dictionary"),
    ],
)
def test_invalid_file_names_file_and_field(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ReferenceDataError) as info:
        load_countries(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ReferenceDataError, match="illisible"):
        load_countries(tmp_path / "absent.yaml")


@pytest.mark.parametrize(
    ("code", "kwargs", "shown"),
    [
        ("DZ", {}, "Algérie"),
        # As ANEF shows it: « Nationalité : Algérienne », agreeing with « nationalité ».
        ("DZ", {"nationality": True}, "Algérienne"),
        ("DZ", {"nationality": True, "sexe": "M"}, "Algérien"),
        ("DZ", {"nationality": True, "sexe": "F"}, "Algérienne"),
        ("ZZ", {"nationality": True}, "ZZ"),  # stale data is shown, not a crash
    ],
)
def test_display(code, kwargs, shown):
    assert display(code, **kwargs) == shown


def test_suggestion_list():
    names = suggestion_list()
    assert names[0] == "Afghanistan" and "Côte d'Ivoire" in names and len(names) == 197
    adjectives = suggestion_list(nationality=True)
    assert {"algérien", "algérienne", "suisse"} <= set(adjectives)
    assert adjectives.count("congolaise") == 1
    names.append("mutated")
    assert "mutated" not in suggestion_list()


def test_stateless_is_a_nationality_not_a_country():
    from anef_tui.reference import find_country, find_nationality, suggest

    assert find_nationality("apatride").code == "XX"
    assert display("XX", nationality=True) == "Apatride"
    assert find_country("Apatride") is None and find_country("XX") is None
    assert "Apatride" not in suggestion_list()
    assert "apatride" in suggestion_list(nationality=True)
    assert [c.code for c in suggest("apa")] == []
    assert [c.code for c in suggest("apa", nationality=True)] == ["XX"]
