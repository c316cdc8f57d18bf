"""Value formats: good inputs with their normalised value, bad ones with their message."""

from __future__ import annotations

from datetime import date

import pytest

from anef_tui.formats import (
    FormatError,
    PartialDate,
    check_date_bounds,
    format_phone_national,
    parse_date,
    parse_email,
    parse_ephoto,
    parse_insee,
    parse_name,
    parse_number,
    parse_numero_etranger,
    parse_partial_date,
    parse_phone,
    parse_postal_code,
    parse_text,
    phone_region_for_postal_code,
)

TODAY = date(2024, 3, 15)


def refused(func, text, *args, **kwargs) -> str:
    with pytest.raises(FormatError) as info:
        func(text, *args, **kwargs)
    message = str(info.value)
    assert message and message == info.value.message
    return message


def test_format_error_is_a_value_error():
    assert issubclass(FormatError, ValueError)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dupont", "Dupont"),
        ("  Jean   Pierre ", "Jean Pierre"),
        ("Jean-Pierre", "Jean-Pierre"),
        ("Jean - Pierre", "Jean-Pierre"),
        ("N’Diaye", "N'Diaye"),
        ("O'Brien", "O'Brien"),
        ("Łukasz", "Łukasz"),
        ("Ğül Yıldız", "Ğül Yıldız"),
        ("Nguyễn Thị", "Nguyễn Thị"),
        ("Søren Ørsted", "Søren Ørsted"),
        ("Strauß", "Strauß"),
        ("Ben Saïd", "Ben Saïd"),
        ("Ben Sai\u0308d", "Ben Saïd"),  # decomposed accent, as some keyboards send it
        ("DUPONT‑MARTIN", "DUPONT-MARTIN"),  # non-breaking hyphen
    ],
)
def test_name_accepted(text, expected):
    assert parse_name(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Jean2", "ne peut pas contenir de chiffre"),
        ("Jean@", "« @ » n'est pas accepté"),
        ("Jean_Pierre", "« _ » n'est pas accepté"),
        ("Иван", "« И » n'est pas accepté"),  # Cyrillic: the titre shows the Latin form
        ("محمد", "n'est pas accepté"),
        ("'-'", "au moins une lettre"),
        ("   ", "Indiquez le nom"),
        ("-Jean", "trait d'union"),
        ("Jean--Pierre", "trait d'union"),
        ("A" * 101, "100 caractères au plus"),
    ],
)
def test_name_refused(text, message):
    assert message in refused(parse_name, text)


def test_name_max_length_parameter():
    assert parse_name("Abcde", max_length=5) == "Abcde"
    assert "4 caractères au plus (il en comporte 5)" in refused(parse_name, "Abcde", max_length=4)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/04/1982", date(1982, 4, 5)),
        ("5/4/1982", date(1982, 4, 5)),
        ("05-04-1982", date(1982, 4, 5)),
        ("05.04.1982", date(1982, 4, 5)),
        (" 05 / 04 / 1982 ", date(1982, 4, 5)),
        ("05041982", date(1982, 4, 5)),
        ("29/02/2024", date(2024, 2, 29)),
        ("31/12/1999", date(1999, 12, 31)),
    ],
)
def test_date_accepted(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("29/02/2023", "Cette date n'existe pas (29/02/2023) : ce mois compte 28 jours"),
        ("31/02/2020", "Cette date n'existe pas"),
        ("31/04/2020", "ce mois compte 30 jours"),
        ("00/04/2020", "Cette date n'existe pas"),
        ("12/13/2020", "le mois doit être compris entre 01 et 12"),
        ("01/01/0000", "Cette date n'existe pas"),
        ("1982-04-05", "JJ/MM/AAAA"),
        ("05/04/82", "JJ/MM/AAAA"),
        ("05/04-1982", "JJ/MM/AAAA"),
        ("hier", "n'est pas lisible"),
        ("", "Indiquez une date"),
    ],
)
def test_date_refused(text, message):
    assert message in refused(parse_date, text)


@pytest.mark.parametrize(
    ("d", "rules"),
    [
        (TODAY, {"not_future": True}),
        (date(1982, 4, 5), {"not_future": True}),
        (TODAY, {"not_past": True}),
        (date(2025, 1, 1), {"not_past": True}),
        (date(1900, 1, 1), {"min_year": 1900}),
        (date(2020, 1, 1), {"after": date(2020, 1, 1)}),
        (date(2020, 1, 2), {"after": date(2020, 1, 1)}),
        (PartialDate(2024), {"not_future": True}),  # the year has started
        (PartialDate(2024, 3), {"not_future": True}),
        (PartialDate(1982), {"after": PartialDate(1982, 6)}),
    ],
)
def test_date_within_bounds(d, rules):
    check_date_bounds(d, today=TODAY, **rules)


@pytest.mark.parametrize(
    ("d", "rules", "message"),
    [
        (date(2024, 3, 16), {"not_future": True}, "ne peut pas être dans le futur"),
        (date(2030, 1, 1), {"not_future": True}, "au plus tard le 15/03/2024"),
        (date(2024, 3, 14), {"not_past": True}, "ne peut pas être déjà passée"),
        (date(1899, 12, 31), {"min_year": 1900}, "L'année doit être 1900 ou postérieure"),
        (date(2019, 12, 31), {"after": date(2020, 1, 1)}, "antérieure au 01/01/2020"),
        (PartialDate(2025), {"not_future": True}, "dans le futur"),
        (PartialDate(2024, 4), {"not_future": True}, "dans le futur"),
        (date(1981, 1, 1), {"after": PartialDate(1982)}, "antérieure à 1982"),
    ],
)
def test_date_out_of_bounds(d, rules, message):
    with pytest.raises(FormatError, match=message):
        check_date_bounds(d, today=TODAY, **rules)


def test_birth_date_in_the_future_refused():
    birth = parse_date("16/03/2024")
    with pytest.raises(FormatError, match="dans le futur"):
        check_date_bounds(birth, today=TODAY, not_future=True)


def test_after_label_names_the_other_date():
    with pytest.raises(FormatError) as info:
        check_date_bounds(
            date(1980, 1, 1),
            today=TODAY,
            after=date(1982, 4, 5),
            after_label="la date de naissance",
        )
    assert str(info.value) == (
        "Cette date ne peut pas être antérieure à la date de naissance (05/04/1982)."
    )


@pytest.mark.parametrize(
    ("text", "expected", "iso", "display"),
    [
        ("1982", PartialDate(1982), "1982", "1982"),
        ("04/1982", PartialDate(1982, 4), "1982-04", "04/1982"),
        ("4/1982", PartialDate(1982, 4), "1982-04", "04/1982"),
        ("04-1982", PartialDate(1982, 4), "1982-04", "04/1982"),
        ("05/04/1982", PartialDate(1982, 4, 5), "1982-04-05", "05/04/1982"),
        ("5.4.1982", PartialDate(1982, 4, 5), "1982-04-05", "05/04/1982"),
        ("00/00/1982", PartialDate(1982), "1982", "1982"),
        ("00/04/1982", PartialDate(1982, 4), "1982-04", "04/1982"),
        (" 1982 ", PartialDate(1982), "1982", "1982"),
    ],
)
def test_partial_date_accepted(text, expected, iso, display):
    value = parse_partial_date(text)
    assert value == expected
    assert value.iso() == iso
    assert value.display() == display
    assert PartialDate.from_iso(iso) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Indiquez au moins l'année"),
        ("82", "L'année doit comporter 4 chiffres"),
        ("04/82", "L'année doit comporter 4 chiffres"),
        ("13/1982", "le mois doit être compris entre 01 et 12"),
        ("30/02/1982", "Cette date n'existe pas"),
        ("05/00/1982", "Un jour sans mois"),
        ("0000", "Cette année n'existe pas"),
        ("avril 1982", "AAAA, MM/AAAA ou JJ/MM/AAAA"),
    ],
)
def test_partial_date_refused(text, message):
    assert message in refused(parse_partial_date, text)


def test_partial_date_period():
    assert PartialDate(1982).earliest() == date(1982, 1, 1)
    assert PartialDate(1982).latest() == date(1982, 12, 31)
    assert PartialDate(2024, 2).latest() == date(2024, 2, 29)
    assert PartialDate(1982, 4, 5).complete and not PartialDate(1982, 4).complete


@pytest.mark.parametrize("bad", ["82", "1982-4", "1982-04-05T00", ""])
def test_partial_date_from_iso_refuses_garbage(bad):
    with pytest.raises(ValueError):
        PartialDate.from_iso(bad)


@pytest.mark.parametrize(
    "args", [(1982, None, 5), (1982, 13, None), (1982, 2, 30), (0, None, None)]
)
def test_partial_date_invariants(args):
    with pytest.raises(ValueError):
        PartialDate(*args)


# --------------------------------------------------------------------------- e-mail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jean.dupont@exemple.fr", "jean.dupont@exemple.fr"),
        ("  Jean.Dupont@GMAIL.COM ", "Jean.Dupont@gmail.com"),  # domain lower-cased only
        ("unguideanef@yopmail.com", "unguideanef@yopmail.com"),
        ("a+anef@orange.fr", "a+anef@orange.fr"),
    ],
)
def test_email_accepted(text, expected):
    assert parse_email(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Indiquez une adresse email"),
        ("jean dupont@exemple.fr", "pas d'espace"),
        ("jean.dupont.exemple.fr", "un seul signe @"),
        ("a@@exemple.fr", "un seul signe @"),
        ("@exemple.fr", "Il manque la partie avant le signe @"),
        ("jean@exemple", "doit contenir un point"),
        ("jean..dupont@exemple.fr", "n'est pas valide"),
        ("jéan@exemple.fr", "ne peut pas contenir d'accent"),
    ],
)
def test_email_refused(text, message):
    found = refused(parse_email, text)
    assert message in found
    assert "exemple : prenom.nom@exemple.fr" in found


# --------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("cp", "region"),
    [
        ("75001", "FR"),
        ("59000", "FR"),
        ("20000", "FR"),
        ("97400", "RE"),
        ("97 411", "RE"),
        ("97100", "GP"),
        ("97150", "GP"),  # Saint-Martin: 0590 numbers
        ("97200", "MQ"),
        ("97300", "GF"),
        ("97500", "PM"),
        ("97600", "YT"),
        ("", "FR"),
        (None, "FR"),
    ],
)
def test_phone_region_for_postal_code(cp, region):
    assert phone_region_for_postal_code(cp) == region


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("0612345678", "FR", "+33612345678"),
        ("06.12.34.56.78", "FR", "+33612345678"),
        ("+33 6 12 34 56 78", "FR", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "FR", "+33612345678"),
        ("0033 6 12 34 56 78", "FR", "+33612345678"),
        ("01 23 45 67 89", "FR", "+33123456789"),
        ("0624053448", "FR", "+33624053448"),  # the guides' example
        ("0692 12 34 56", "RE", "+262692123456"),
        ("0262 16 12 34", "RE", "+262262161234"),
        ("+262 692 12 34 56", "RE", "+262692123456"),
        ("0690 00 12 34", "GP", "+590690001234"),
        ("0590 87 12 34", "GP", "+590590871234"),  # Saint-Barthélemy, same territory
        ("0696 20 12 34", "MQ", "+596696201234"),
        ("0596 30 12 34", "MQ", "+596596301234"),
        ("0694 20 12 34", "GF", "+594694201234"),
        ("0594 10 12 34", "GF", "+594594101234"),
        ("0639 01 23 45", "YT", "+262639012345"),
        ("0269 60 12 34", "YT", "+262269601234"),
        # A metropolitan number stays valid with an overseas address (shared national
        # plan): libphonenumber refuses 0612345678 as a RE number, we retry it as FR.
        ("06 12 34 56 78", "RE", "+33612345678"),
        ("06 12 34 56 78", "YT", "+33612345678"),
    ],
)
def test_phone_accepted(text, region, e164):
    assert parse_phone(text, region) == e164


@pytest.mark.parametrize(
    ("text", "region", "message"),
    [
        # Overseas numbers only with an address in their territory.
        (
            "0692 12 34 56",
            "FR",
            "numéro de La Réunion : il n'est accepté qu'avec une adresse à La Réunion "
            "(code postal en 974)",
        ),
        ("+262 692 12 34 56", "FR", "numéro de La Réunion"),
        ("0639 01 23 45", "RE", "numéro de Mayotte"),  # +262 is shared: the region decides
        ("0692 12 34 56", "YT", "numéro de La Réunion"),
        (
            "0690 00 12 34",
            "MQ",
            "numéro de Guadeloupe : il n'est accepté qu'avec une adresse en Guadeloupe",
        ),
        ("0696 20 12 34", "GP", "numéro de Martinique"),
        ("0694 20 12 34", "FR", "numéro de Guyane"),
        ("061234567", "FR", "10 chiffres (il en comporte 9)"),
        ("06123456789", "FR", "10 chiffres (il en comporte 11)"),
        ("+44 20 7946 0958", "FR", "Seuls les numéros de téléphone français"),
        ("+213 5 51 23 45 67", "FR", "Seuls les numéros de téléphone français"),
        ("06 12 AB 56 78", "FR", "que des chiffres"),
        ("", "FR", "Indiquez un numéro de téléphone"),
        ("0012", "FR", "n'est pas valide"),
    ],
)
def test_phone_refused(text, region, message):
    assert message in refused(parse_phone, text, region)


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+33612345678", "06 12 34 56 78"),
        ("+262692123456", "0692 12 34 56"),
        ("+590690001234", "0690 00 12 34"),
        ("pas un numéro", "pas un numéro"),  # shown as stored rather than crashing
    ],
)
def test_format_phone_national(e164, shown):
    assert format_phone_national(e164) == shown


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("func", "text", "expected"),
    [
        (parse_postal_code, "75001", "75001"),
        (parse_postal_code, " 59 000 ", "59000"),
        (parse_postal_code, "97411", "97411"),
        (parse_postal_code, "20000", "20000"),
        (parse_postal_code, "98000", "98000"),
        (parse_insee, "59350", "59350"),
        (parse_insee, "2a004", "2A004"),
        (parse_insee, "2B 033", "2B033"),
        (parse_insee, "97411", "97411"),
        (parse_numero_etranger, "7503136189", "7503136189"),
        (parse_numero_etranger, "750 313 6189", "7503136189"),
        (parse_numero_etranger, "75-03-13-61-89", "7503136189"),
        (parse_numero_etranger, "750313618", "750313618"),  # 9 digits: older numbers
        (parse_ephoto, "ABCD1234EFGH5678IJKL90", "ABCD1234EFGH5678IJKL90"),
        (parse_ephoto, "abcd-1234-efgh-5678-ijkl-90", "ABCD1234EFGH5678IJKL90"),
        (parse_ephoto, "0000 0000 0000 0000 0000 00", "0000000000000000000000"),
    ],
)
def test_code_accepted(func, text, expected):
    assert func(text) == expected


@pytest.mark.parametrize(
    ("func", "text", "message"),
    [
        (
            parse_postal_code,
            "7500",
            "Le code postal comporte 5 chiffres (exemple : 75001) ; il en comporte 4",
        ),
        (parse_postal_code, "750011", "il en comporte 6"),
        (parse_postal_code, "75OO1", "que des chiffres"),
        (parse_postal_code, "00100", "n'existe pas"),
        (parse_postal_code, "", "Indiquez le code postal"),
        (parse_insee, "2C004", "2A / 2B suivi de 3 chiffres"),
        (parse_insee, "7505", "Ce code en comporte 4"),
        (parse_insee, "AB123", "5 caractères"),
        (parse_insee, "", "Indiquez le code INSEE"),
        (
            parse_numero_etranger,
            "12345678",
            "Le numéro étranger doit comporter 10 chiffres (exemple : 7503136189) ; "
            "celui-ci en comporte 8",
        ),
        (parse_numero_etranger, "12345678901", "celui-ci en comporte 11"),
        (parse_numero_etranger, "75031361A9", "uniquement des chiffres"),
        (parse_numero_etranger, "", "Indiquez le numéro étranger"),
        (
            parse_ephoto,
            "ABCD1234",
            "Numéro ephoto (22 chiffres) : le code comporte 22 caractères ; celui-ci en comporte 8",
        ),
        (parse_ephoto, "ABCD1234EFGH5678IJKL9É", "que des lettres et des chiffres"),
        (parse_ephoto, "ABCD1234EFGH5678IJKL9_", "que des lettres et des chiffres"),
        (parse_ephoto, "", "Numéro ephoto (22 chiffres)"),
    ],
)
def test_code_refused(func, text, message):
    assert message in refused(func, text)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("3", {}, 3),
        ("-2", {}, -2),
        ("12,5", {}, 12.5),
        ("12.5", {}, 12.5),
        ("1 200", {}, 1200),
        ("1 200,75", {}, 1200.75),  # non-breaking space between thousands
        ("4,0", {"integer": True}, 4),
        (",5", {}, 0.5),
        ("10", {"min_value": 0, "max_value": 10}, 10),
    ],
)
def test_number_accepted(text, kwargs, expected):
    value = parse_number(text, **kwargs)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("", {}, "Indiquez un nombre"),
        ("douze", {}, "« douze » n'est pas un nombre"),
        ("1,2,3", {}, "n'est pas un nombre"),
        ("1e5", {}, "n'est pas un nombre"),
        ("2,5", {"integer": True}, "Indiquez un nombre entier"),
        ("-1", {"min_value": 0}, "La valeur doit être au moins 0."),
        ("10,5", {"max_value": 10}, "La valeur doit être au plus 10."),
        ("0,1", {"min_value": 0.5}, "au moins 0,5"),
    ],
)
def test_number_refused(text, kwargs, message):
    assert message in refused(parse_number, text, **kwargs)


# --------------------------------------------------------------------------- free text


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("  Bâtiment B  ", {}, "Bâtiment B"),
        ("", {}, ""),
        ("a\tb", {}, "a b"),
        ("Ligne 1  \r\nLigne 2\n", {"multiline": True}, "Ligne 1\nLigne 2"),
        ("  x  ", {"max_length": 1}, "x"),
    ],
)
def test_text_accepted(text, kwargs, expected):
    assert parse_text(text, **kwargs) == expected


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("Ligne 1\nLigne 2", {}, "une seule ligne"),
        ("abc\x00def", {}, "caractère invisible non accepté (U+0000)"),
        ("abc\x1bdef", {"multiline": True}, "(U+001B)"),
        ("abcdef", {"max_length": 5}, "5 caractères au plus (il en comporte 6)"),
    ],
)
def test_text_refused(text, kwargs, message):
    assert message in refused(parse_text, text, **kwargs)
