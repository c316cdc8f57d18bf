"""The age rules of the routes (« Moi-même (à partir de 16 ans) », « Un mineur … de plus de
16 ans »), declared in data/ and checked with the identity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from counter_day import CLOCK

from anef_tui.config import load_settings
from anef_tui.service import CaseService

TODAY = date(2026, 11, 26)
IDENTITY = {
    "nom_naissance": "Nguyễn", "prenoms": "Ana", "sexe": "F",
    "pays_naissance": "Viet Nam", "lieu_naissance": "Hanoï", "nationalite": "vietnamienne",
}


@pytest.mark.parametrize(
    ("procedure", "pour", "birth", "refused"),
    [
        ("bpi_renouvellement", "moi_meme", "27/11/2010", True),  # 15 the day before
        ("bpi_renouvellement", "moi_meme", "26/11/2010", False),  # 16 today
        ("bpi_renouvellement", "mineur", "27/11/2008", False),  # 17
        ("bpi_renouvellement", "mineur", "26/11/2008", True),  # 18 today: « Moi-même »
        ("bpi_renouvellement", "moi_meme", "05/04/1982", False),
        ("etranger_malade_renouvellement", None, "01/01/2011", True),
        ("conjoint_rf_renouvellement", None, "01/01/1990", False),
    ],
)
def test_age_rules_at_identity_capture(
    tmp_path: Path, procedure: str, pour: str | None, birth: str, refused: bool
) -> None:
    service = CaseService(load_settings(data_dir=tmp_path, environ={}), CLOCK)
    proc = service.procedure(procedure)
    defaults = {"pour": pour, "protection": "subsidiaire", "titulaire": "titre",
                "regime": "droit_commun"}
    profile = {p.id: defaults[p.id] or p.options[0].value for p in proc.profile}
    _, _, errors = service.validate_identity(
        proc, profile, {**IDENTITY, "date_naissance": birth}, "7503136189", today=TODAY)
    service.close()
    birth_errors = [e for e in errors if e.key == "date_naissance"]
    assert bool(birth_errors) is refused, errors
    if refused:
        assert "16 ans" in birth_errors[0].message or "majeur" in birth_errors[0].message
