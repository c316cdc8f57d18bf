"""Steps seen again are shown again, not rebuilt (screens/router.py KeptSteps).

A step screen left by a save, or left with nothing typed, is kept mounted while the
dossier is open: « Précédente » then « Enregistrer et poursuivre » show the very same
screens again, opened at their top on their first field, rebound to the dossier as it is
now. A step left with typing is dropped (its typing goes, as on ANEF); a kept step whose
stored answers changed meanwhile is built anew; leaving the dossier lets them all go.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import casebuilder
from a11y_cases import case_at, resume
from pilot import control_id, field_dom_id, make_settings, new_app, save, settle, whole
from textual.pilot import Pilot

from anef_tui.service import CaseService
from screens.fields import FieldInput
from screens.focus import first_to_fill, is_visible

FIRST, SECOND = "informations_personnelles", "motif_sejour"


async def key_to_step(pilot: Pilot[None], key: str, step_id: str) -> Any:
    await pilot.press(key)
    await settle(pilot)
    await whole(pilot)
    await settle(pilot)
    screen: Any = pilot.app.screen
    assert getattr(screen, "step_id", None) == step_id, screen
    return screen


def opened_on_first_field(pilot: Pilot[None]) -> bool:
    screen: Any = pilot.app.screen
    focused = pilot.app.focused
    return focused is not None and focused is first_to_fill(screen) and is_visible(focused)


async def let_go(pilot: Pilot[None]) -> None:
    """Wait until the screens let go are taken apart (a part per frame)."""
    for _ in range(200):
        await settle(pilot)
        if not pilot.app.router.kept._trash:  # type: ignore[attr-defined]  # noqa: SLF001
            return
    raise AssertionError("the screens let go were never removed")


def stored(settings: Any, case_id: int) -> tuple[str | None, dict[str, Any]]:
    service = CaseService(settings)
    try:
        record = service.get(case_id)
        return record.current_step, record.answers
    finally:
        service.close()


def test_a_step_seen_again_is_the_same_screen_opened_on_its_first_field(
        tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_id = case_at(settings, casebuilder.bpi(), SECOND)

    async def run() -> None:
        async with new_app(settings).run_test(size=(80, 24)) as pilot:
            await resume(pilot, "StepScreen")
            second = pilot.app.screen
            first = await key_to_step(pilot, "ctrl+r", FIRST)  # left untouched: kept
            widgets = [p.widget for p in first.parts.order]
            # Scrolled down and focused low in the step, as after filling it.
            first.query_one("#save").focus()
            await settle(pilot)
            assert await key_to_step(pilot, "ctrl+s", SECOND) is second  # not rebuilt
            assert opened_on_first_field(pilot)
            again = await key_to_step(pilot, "ctrl+r", FIRST)  # left by a save: kept
            assert again is first
            assert [p.widget for p in again.parts.order] == widgets  # the same widgets
            assert len(again.query(FieldInput)) == len(again.parts.field_inputs())
            # Opened as a new step opens: on its first field, scrolled back to it.
            assert opened_on_first_field(pilot)
            first_field = next(w for w in again.parts.field_inputs()
                               if not w.readonly and w.display)
            assert pilot.app.focused.parent is first_field  # type: ignore[union-attr]
            assert not again.query_one("#error-summary").has_class("-shown")
            # Tab order = reading order.
            keys = [f.id for s in again.step.sections for f in s.fields
                    if not again.parts.fields[f.id].readonly
                    and again.parts.fields[f.id].display
                    and again.parts.sections[s.id].display]
            chain = [w.parent.key for w in again.focus_chain
                     if isinstance(w.parent, FieldInput)]
            assert [k for k in chain if k in keys] == keys
            # Saved again from the kept screen: it writes on the dossier's current
            # version (no « modifié à un autre guichet »).
            assert await key_to_step(pilot, "ctrl+s", SECOND) is second
            assert stored(settings, case_id)[0] == SECOND

    asyncio.run(run())


def test_a_step_left_with_something_typed_comes_back_as_saved(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), SECOND)

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            second: Any = pilot.app.screen
            ticked = next(a_id for a_id, box in second.parts.ticks.items()
                          if second.parts.attestations[a_id].display)
            second.parts.ticks[ticked].value = True  # ticked, never saved
            await settle(pilot)
            await key_to_step(pilot, "ctrl+r", FIRST)
            kept = pilot.app.router.kept  # type: ignore[attr-defined]
            assert SECOND not in kept.screens  # the tick goes, as on ANEF
            again: Any = await key_to_step(pilot, "ctrl+s", SECOND)
            assert again is not second
            assert again.parts.ticks[ticked].value is False  # as stored: not ticked
            await let_go(pilot)
            assert not second.is_attached

    asyncio.run(run())


def test_a_kept_step_whose_answers_changed_elsewhere_is_built_again(
        tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    spec = casebuilder.bpi()
    case_id = case_at(settings, spec, SECOND)

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            second: Any = pilot.app.screen
            await key_to_step(pilot, "ctrl+r", FIRST)
            kept = pilot.app.router.kept  # type: ignore[attr-defined]
            assert kept.screens[SECOND] is second
            # Another desk saves step 2 meanwhile.
            other = CaseService(settings)
            try:
                record = other.get(case_id)
                casebuilder.fill_step(other, record, SECOND, spec, settings.scan_dir)
            finally:
                other.close()
            fresh = pilot.app.service.get(case_id)  # type: ignore[attr-defined]
            assert not second.shows(fresh)
            assert kept.take(fresh, SECOND, return_to_recap=False) is None
            await let_go(pilot)
            assert SECOND not in kept.screens
            assert not pilot.app.is_screen_installed(second)
            assert not second.is_attached  # removed

    asyncio.run(run())


def test_leaving_the_dossier_lets_every_kept_step_go(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), SECOND)

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            second = pilot.app.screen
            first = await key_to_step(pilot, "ctrl+r", FIRST)
            await key_to_step(pilot, "ctrl+s", SECOND)
            await pilot.press("ctrl+q")
            await let_go(pilot)
            assert type(pilot.app.screen).__name__ == "HomeScreen"
            assert pilot.app.router.kept.screens == {}  # type: ignore[attr-defined]
            for screen in (first, second):
                assert not pilot.app.is_screen_installed(screen)
                assert not screen.is_attached

    asyncio.run(run())


def test_a_kept_step_shows_what_another_steps_answer_now_asks_for(tmp_path: Path) -> None:
    """Kept steps whose own answers did not change, but whose conditions read another
    step's: ASE, a minor who now says he is emancipated on « Informations personnelles »
    is asked on the kept « Motif de séjour » to attest « Ne pas vivre en France en état
    de polygamie… », and gets « Justificatif d'émancipation » instead of « Accord du
    parent/représentant légal » on the kept « Justificatifs », as steps built anew."""
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.ase(age=17, emancipe=False), "justificatifs")
    accord = field_dom_id("document:accord_representant_legal")
    emancipation = field_dom_id("document:justificatif_emancipation")

    def slots_shown(screen: Any) -> tuple[bool, bool]:
        return (bool(screen.query_one(f"#{accord}").display),
                bool(screen.query_one(f"#{emancipation}").display))

    async def run() -> None:
        async with new_app(settings).run_test(size=(120, 40)) as pilot:
            await resume(pilot, "StepScreen")
            await whole(pilot)
            justificatifs: Any = pilot.app.screen
            assert justificatifs.step_id == "justificatifs"
            assert slots_shown(justificatifs) == (True, False)
            motif = await key_to_step(pilot, "ctrl+r", SECOND)
            polygamie = motif.query_one("#att-non_polygamie")
            assert not polygamie.parent.display
            await key_to_step(pilot, "ctrl+r", FIRST)
            kept = pilot.app.router.kept  # type: ignore[attr-defined]
            assert kept.screens["justificatifs"] is justificatifs
            assert kept.screens[SECOND] is motif
            box = pilot.app.screen.query_one(f"#{control_id('mineur_emancipe')}")
            pilot.app.screen.set_focus(box)
            await pilot.press("space")
            await save(pilot)
            await settle(pilot)
            await whole(pilot)
            assert pilot.app.screen is motif  # kept: the same screen, rebound
            assert polygamie.parent.display  # the attestation it now asks for
            motif.set_focus(polygamie)
            await pilot.press("space")
            await save(pilot)
            await settle(pilot)
            await whole(pilot)
            assert pilot.app.screen is justificatifs  # kept: the same screen, rebound
            assert slots_shown(justificatifs) == (False, True)

    asyncio.run(run())
