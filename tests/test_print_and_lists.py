"""After the deposit: reopen the confirmation, print it, write the case summary; and the
« Liste des pièces justificatives » printed in advance from the home screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
from counter_day import CLOCK
from pilot import make_settings, new_app, pick, screen_name, settle
from pypdf import PdfReader

from anef_tui.service import CaseService


def words(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


async def scenario(settings) -> list[str]:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    notes: list[str] = []
    async with app.run_test(size=(150, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the deposited case: its confirmation
        await settle(pilot)
        assert screen_name(pilot) == "ConfirmationScreen"
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        notes += [str(n.message) for n in app._notifications]  # noqa: SLF001
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert screen_name(pilot) == "PieceListScreen"
        await pick(pilot, app.service.procedure("etranger_malade_renouvellement").title)
        await settle(pilot)
    return notes


def test_print_summary_and_blank_piece_list(tmp_path: Path) -> None:
    # A print command that accepts the file and prints nothing: the queue's stand-in.
    settings = make_settings(tmp_path).with_overrides(print_command="true")
    service = CaseService(settings, CLOCK)
    record = casebuilder.build(service, casebuilder.bpi(), settings.scan_dir)
    service.close()

    notes = asyncio.run(scenario(settings))
    assert any("envoyé à l'imprimante" in n for n in notes), notes
    summary = settings.case_dir(record.id) / f"RECAPITULATIF_DOSSIER_{record.id:06d}.pdf"
    assert summary.exists()
    text = words(summary)
    assert record.numero_demande in text and "Téléphone" in text
    blank = settings.data_dir / "listes" / "LISTE_PIECES_ETRANGER_MALADE_RENOUVELLEMENT.pdf"
    listed = words(blank)
    assert "résidence habituelle" in listed.lower()
    assert record.identity["nom_naissance"].upper() not in listed.upper()
