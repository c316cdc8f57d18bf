"""Attaching scanned documents in « Justificatifs » by keyboard: refusals change nothing,
a removed file leaves the store when the step is saved or left. Steps 1 and 2 are
filled through the service (tests/casebuilder.py): the BPI route's walk is test_walk_bpi's."""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
from a11y_cases import case_at, resume
from filefactory import ELF_HEADER, image_bytes, pdf_bytes, write
from pilot import enter_text, focus, make_settings, new_app, screen_name, settle
from textual.widgets import Static

SLOT = "f-document_justificatif_domicile"


async def attach(pilot, typed: str) -> None:  # type: ignore[no-untyped-def]
    await focus(pilot, f"{SLOT}-attach")
    await pilot.press("enter")
    await settle(pilot)
    assert screen_name(pilot) == "FileChooser"
    await enter_text(pilot, typed)
    await pilot.press("enter")
    await settle(pilot)


def pieces(settings) -> list[str]:  # type: ignore[no-untyped-def]
    folder = settings.case_dir(1) / "pieces"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


async def scenario(settings) -> dict[str, object]:  # type: ignore[no-untyped-def]
    app = new_app(settings)
    seen: dict[str, object] = {}
    async with app.run_test(size=(150, 50)) as pilot:
        await resume(pilot, "StepScreen")
        assert app.screen.step_id == "justificatifs"  # type: ignore[attr-defined]
        await attach(pilot, "programme")
        seen["error"] = str(app.screen.query_one(f"#{SLOT} .error", Static).render())
        seen["after_refusal"] = (list(app.screen.attachments), pieces(settings))  # type: ignore[attr-defined]
        await attach(pilot, "bail")
        await attach(pilot, "quittance")
        await attach(pilot, "bail")  # the same file twice in one slot
        seen["duplicate"] = str(app.screen.query_one(f"#{SLOT} .error", Static).render())
        seen["attached"] = [a.original_name for a in app.screen.attachments]  # type: ignore[attr-defined]
        seen["stored"] = pieces(settings)
        # Remove « bail.pdf » (the first « Supprimer » of the slot) and leave the case.
        remove = next(b for b in app.screen.query(f"#{SLOT} Button") if b.name == "remove-0")
        remove.focus()
        await pilot.press("enter")
        await pilot.pause()
        seen["after_remove"] = [a.original_name for a in app.screen.attachments]  # type: ignore[attr-defined]
        await pilot.press("ctrl+q")
        await settle(pilot)
        seen["after_leave"] = pieces(settings)
    return seen


def test_refusals_duplicates_and_removal(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "justificatifs")
    write(settings.scan_dir / "programme.pdf", ELF_HEADER + b"\0" * 2000)
    write(settings.scan_dir / "bail.pdf", pdf_bytes(pages=1))
    write(settings.scan_dir / "quittance.png", image_bytes("png"))
    seen = asyncio.run(scenario(settings))
    assert "programme.pdf" in str(seen["error"]) and "n'est pas" in str(seen["error"])
    assert seen["after_refusal"] == ([], [])
    assert "déjà joint" in str(seen["duplicate"])
    assert seen["attached"] == ["bail.pdf", "quittance.png"]
    assert len(seen["stored"]) == 2  # type: ignore[arg-type]
    assert seen["after_remove"] == ["quittance.png"]
    # Nothing was validated: leaving the step erases the files copied in for it.
    assert seen["after_leave"] == []
