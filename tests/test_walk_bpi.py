"""A BPI renewal walked by keyboard alone, from the home screen to the confirmation."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import casebuilder
from a11y_cases import case_at, resume
from counter_day import TODAY
from filefactory import pdf_bytes, write
from pilot import (
    SITUATION_BPS,
    choose,
    enter_text,
    fill,
    make_settings,
    new_app,
    pick,
    press_button,
    save,
    screen_name,
    settle,
    tick,
    yes_no,
)
from pypdf import PdfReader
from sqlalchemy import create_engine, text
from textual import events
from walked import Walks

from anef_tui.documents.model import add_months_minus_one_day

BPI_ROUTE = [
    "Je demande ou renouvelle un titre de séjour",
    "Moi-même (à partir de 16 ans)",
    SITUATION_BPS,
    "Je sollicite le renouvellement de ce titre",
]


async def start_bpi(pilot, numero: str = "7503136189") -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    assert screen_name(pilot) == "HomeScreen"
    await pilot.press("n")
    await pilot.pause()
    for label in BPI_ROUTE:
        await pick(pilot, label)
    assert screen_name(pilot) == "IdentityScreen"
    await fill(pilot, "numero_etranger", numero)
    await fill(pilot, "nom_naissance", "Recette Métier")
    await fill(pilot, "prenoms", "Łukasz Ễlan")
    await choose(pilot, "sexe", "Masculin")
    await fill(pilot, "date_naissance", "05/04/1982")
    await fill(pilot, "pays_naissance", "Afghanistan")
    await fill(pilot, "lieu_naissance", "Kaboul")
    await fill(pilot, "nationalite", "afghane")
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert screen_name(pilot) == "PreambleScreen"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert screen_name(pilot) == "StepScreen"


async def fill_step1(pilot) -> None:  # type: ignore[no-untyped-def]
    await yes_no(pilot, "en_couple", False)
    await yes_no(pilot, "enfants_en_france", False)
    await choose(pilot, "situation_familiale", "Célibataire")
    await fill(pilot, "adresse", "20 rue Nationale")
    await fill(pilot, "code_postal", "59000")
    await fill(pilot, "ville", "Lille")
    await fill(pilot, "pays_residence", "France")
    await fill(pilot, "telephone", "06 06 06 06 06")


async def to_justificatifs(pilot) -> None:  # type: ignore[no-untyped-def]
    """From the home screen to step 3 with steps 1 and 2 validated."""
    await start_bpi(pilot)
    await fill_step1(pilot)
    await save(pilot)  # ctrl+s; the step saves in a worker thread
    await tick(pilot, "att-protection_non_marie")
    await tick(pilot, "att-sanctions_penales")
    await save(pilot)  # ctrl+s; the step saves in a worker thread
    assert pilot.app.screen.step_id == "justificatifs"  # type: ignore[attr-defined]


def walk_route(settings) -> tuple[Path, dict[str, object]]:  # type: ignore[no-untyped-def]
    """The route's reachability walk (tests/walked.py types every value key by key)."""
    write(settings.scan_dir / "facture_edf.pdf", pdf_bytes(pages=2))
    # At 80×24 (the smallest terminal we support), the mouse events counted.
    mouse: list[str] = []
    pdf = asyncio.run(walk_bpi(settings, size=(80, 24), mouse=mouse))
    return pdf, {"mouse": mouse}


def test_bpi_renewal_by_keyboard(walks: Walks) -> None:
    done = walks.get("bpi")
    check_bpi_outcome(done.settings, done.settings.scan_dir / "facture_edf.pdf", done.pdf)
    # Not one mouse event from start to deposit.
    assert done.seen["mouse"] == []


def test_bpi_renewal_by_keyboard_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    """The app on PostgreSQL (several desks): the home screen, resuming the case, the file
    attached by the chooser, the récapitulatif and the deposit by keyboard. Steps 1–2
    are saved through the service with the walk's answers: the walk above proves them."""
    settings = make_settings(tmp_path, database_url=pg_url)
    scan = write(settings.scan_dir / "facture_edf.pdf", pdf_bytes(pages=2))
    spec = casebuilder.bpi()
    spec.identity.update(nom_naissance="Recette Métier", prenoms="Łukasz Ễlan")
    spec.numero_etranger = "7503136189"
    case_at(settings, spec, "justificatifs")
    pdf_path = asyncio.run(resume_at_justificatifs(settings))
    check_bpi_outcome(settings, scan, pdf_path)


async def resume_at_justificatifs(settings):  # type: ignore[no-untyped-def]
    app = new_app(settings)
    async with app.run_test(size=(150, 50)) as pilot:
        await resume(pilot, "StepScreen")
        assert app.screen.step_id == "justificatifs"  # type: ignore[attr-defined]
        return await justificatifs_to_deposit(pilot)


async def walk_bpi(settings, size: tuple[int, int] = (150, 50),  # type: ignore[no-untyped-def]
                   mouse: list[str] | None = None):
    app = new_app(settings)
    if mouse is not None:
        dispatch = app.on_event

        async def counting(event: events.Event) -> None:
            if isinstance(event, events.MouseEvent):
                mouse.append(type(event).__name__)
            await dispatch(event)

        app.on_event = counting  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await start_bpi(pilot)
        # Step 1: saving an empty form shows errors and changes nothing.
        await save(pilot)  # ctrl+s; the step saves in a worker thread
        summary = str(app.screen.query_one("#error-summary").render())
        assert "erreur" in summary and "Téléphone" in summary
        assert screen_name(pilot) == "StepScreen"
        await fill_step1(pilot)
        await save(pilot)  # ctrl+s; the step saves in a worker thread
        assert app.screen.step_id == "motif_sejour"  # type: ignore[attr-defined]
        # Step 2: the attestations of a single beneficiary of subsidiary protection.
        await tick(pilot, "att-protection_non_marie")
        await tick(pilot, "att-sanctions_penales")
        await save(pilot)  # ctrl+s; the step saves in a worker thread
        assert app.screen.step_id == "justificatifs"  # type: ignore[attr-defined]
        return await justificatifs_to_deposit(pilot)


async def justificatifs_to_deposit(pilot):  # type: ignore[no-untyped-def]
    """Step 3 to the confirmation: the e-photo, the file by the chooser, the three parts
    of the récapitulatif validated in turn, the deposit confirmed."""
    app = pilot.app
    # Step 3: ephoto, lodging, and a file attached through the chooser.
    await fill(pilot, "ephoto", "1234 5678 9012 3456 7890 12")
    await press_button(pilot, "f-document_justificatif_domicile-attach")
    assert screen_name(pilot) == "FileChooser"
    await settle(pilot)
    await enter_text(pilot, "facture")
    await pilot.press("enter")
    await settle(pilot)
    assert [a.original_name for a in app.screen.attachments] == ["facture_edf.pdf"]  # type: ignore[attr-defined]
    await save(pilot)  # ctrl+s; the step saves in a worker thread
    assert screen_name(pilot) == "RecapScreen"
    # Step 4: the three parts are validated in turn, then the deposit is confirmed.
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert "Validez les 3 parties" in str(app.screen.query_one("#error-summary").render())
    for part in range(3):
        button = next(b for b in app.screen.query("Button")
                      if b.name == f"validate-{part}")
        assert app.focused is button
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert screen_name(pilot) == "ConfirmDialog"
    await pilot.press("right", "enter")  # « Déposer la demande »
    await settle(pilot)
    assert screen_name(pilot) == "ConfirmationScreen"
    await settle(pilot)
    return app.screen.pdf  # type: ignore[attr-defined]


def check_bpi_outcome(settings, scan: Path, pdf_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The database row.
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        case = conn.execute(text("select * from cases")).mappings().one()
        applicant = conn.execute(text("select * from applicants")).mappings().one()
        files = conn.execute(text("select * from attachments")).mappings().all()
    engine.dispose()
    today = TODAY
    assert case["status"] == "depose"
    assert re.fullmatch(rf"5901{today:%Y%m%d}\d{{7}}", case["numero_demande"])
    assert applicant["numero_etranger"] == "7503136189"
    assert applicant["nom_naissance"] == "Recette Métier"
    assert [f["original_name"] for f in files] == ["facture_edf.pdf"]
    assert files[0]["pages"] == 2
    # The file was copied in: removing the scan changes nothing.
    scan.unlink(missing_ok=True)  # (the walk is shared: a second reader finds it gone)
    stored = settings.case_dir(case["id"]) / "pieces" / files[0]["stored_name"]
    assert stored.exists()

    # The PDF text.
    assert pdf_path is not None and pdf_path.exists()
    words = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf_path).pages).split())
    assert "ATTESTATION DE PROLONGATION D'INSTRUCTION" in words
    assert "RECETTE MÉTIER" in words
    assert "ŁUKASZ ỄLAN" in words.upper()
    assert case["numero_demande"] in words
    end = add_months_minus_one_day(today, 6)
    assert f"entre le {today:%d/%m/%Y} et le {end:%d/%m/%Y}" in words
    assert 179 <= (end - today).days <= 184
    assert "BÉNÉFICE DE LA PROTECTION SUBSIDIAIRE" in words
