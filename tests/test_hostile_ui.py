"""Hostile files at « Joindre un document », by keyboard: the French refusal on screen,
nothing stored; a name with a newline shown on one line, harmless."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
from hostile_files import CORPUS
from pilot import make_settings, new_app, settle
from test_attach_ui import SLOT, attach, pieces
from textual.widgets import Static

from anef_tui.service import CaseService

CASES = {case.name: case for case in CORPUS}


async def scenario(settings) -> dict[str, object]:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    seen: dict[str, object] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # resume the only case, at « Justificatifs »
        await settle(pilot)
        await attach(pilot, "bombe.png")
        seen["error"] = str(app.screen.query_one(f"#{SLOT} .error", Static).render())
        seen["after_refusal"] = (list(app.screen.attachments), pieces(settings))  # type: ignore[attr-defined]
        await attach(pilot, "retour")
        rows = [str(s.render()) for s in app.screen.query(f"#{SLOT} .file").results(Static)]
        seen["rows"] = rows
        await pilot.press("ctrl+q")
        await settle(pilot)
    return seen


def test_a_bomb_is_refused_on_screen_and_a_newline_name_shown_on_one_line(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path)
    service = CaseService(settings)
    spec = casebuilder.bpi()
    record = service.get(casebuilder.create(service, spec))
    for step_id in ("informations_personnelles", "motif_sejour"):
        record = casebuilder.fill_step(service, record, step_id, spec, tmp_path / "unused")
    service.close()
    for name in ("bombe.png", "scan\nretour.pdf"):
        (settings.scan_dir / name).write_bytes(CASES[name].make())
    seen = asyncio.run(scenario(settings))
    assert "13000 × 13000 pixels (169 mégapixels) : au-delà de 50 mégapixels" in " ".join(
        str(seen["error"]).split())
    assert seen["after_refusal"] == ([], [])
    assert len(seen["rows"]) == 1  # type: ignore[arg-type]
    assert "scan␊retour.pdf — PDF" in seen["rows"][0]  # type: ignore[index]
    assert "\n" not in seen["rows"][0]  # type: ignore[index]
