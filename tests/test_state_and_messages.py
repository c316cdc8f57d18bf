"""State without colour, hints that are not values, messages that stay, suggestions in
the applicant's gender."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import casebuilder
import pytest
from a11y_cases import case_at, resume
from pilot import make_settings, new_app, pick, screen_name, settle
from test_walk_bpi import BPI_ROUTE
from textual.widgets import Button, Input, Static

from anef_tui import reference
from screens.toggles import ChoiceList, StateCheckbox, StateRadioButton

SMALL = (80, 24)
SLOT = "f-document_justificatif_domicile"


def test_boxes_and_choices_show_their_state_by_shape() -> None:
    # The button part alone: the label is not needed to read the state.
    assert str(StateCheckbox("a", value=True)._button) == "[x]"  # noqa: SLF001
    assert str(StateCheckbox("a", value=False)._button) == "[ ]"  # noqa: SLF001
    assert str(StateRadioButton("a", value=True)._button) == "●"  # noqa: SLF001
    assert str(StateRadioButton("a", value=False)._button) == "○"  # noqa: SLF001
    # A field's choice list: « ● » before the chosen option, « ○ » before the others.
    lines = ChoiceList([("Oui", "oui"), ("Non", "non")], "non").render_lines_at(40)
    assert [line.split()[0] for line in lines] == ["○", "●"]
    assert [line.split()[0] for line in ChoiceList([("a", "a")]).render_lines_at(40)] == ["○"]


def test_nationality_suggestions_follow_the_sexe() -> None:
    women = reference.suggestion_list(nationality=True, sexe="F")
    men = reference.suggestion_list(nationality=True, sexe="M")
    either = reference.suggestion_list(nationality=True)
    assert "algérienne" in women and "algérien" not in women
    assert "algérien" in men and "algérienne" not in men
    assert {"algérien", "algérienne"} <= set(either)
    # Every country has its feminine form (validated at load: pydantic min_length).
    assert all(c.feminine for c in reference.countries())


def test_identity_screen_suggests_feminine_forms_once_feminin_is_chosen(
        tmp_path: Path) -> None:
    settings = make_settings(tmp_path)

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause()
            for label in BPI_ROUTE:
                await pick(pilot, label)
            assert screen_name(pilot) == "IdentityScreen"
            screen = pilot.app.screen
            sexe = screen.query_one("#f-sexe-control", ChoiceList)
            sexe.focus()
            await pilot.press("down", "enter")  # « Féminin »
            await pilot.pause()
            nationality = screen.query_one("#f-nationalite-control", Input)
            nationality.focus()
            await pilot.press("a", "l", "g")
            await settle(pilot)
            await pilot.press("right")  # accept the suggestion
            await pilot.pause()
            assert nationality.value == "algérienne"

    asyncio.run(run())


def test_hints_are_hints_and_the_country_is_prefilled(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    case_at(settings, casebuilder.bpi(), "informations_personnelles")

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await resume(pilot, "StepScreen")
            screen = pilot.app.screen
            postal = screen.query_one("#f-code_postal-control", Input)
            assert postal.value == "" and str(postal.placeholder).startswith("ex. ")
            phone = screen.query_one("#f-telephone-control", Input)
            assert phone.value == "" and str(phone.placeholder).startswith("ex. ")
            # The guide shows « Pays : France »: a real value, saved as such.
            assert screen.query_one("#f-pays_residence-control", Input).value == "France"
            # Radio buttons of a question not yet answered: all « ○ ».
            couple = screen.query_one("#f-en_couple-control", ChoiceList)
            shown = str(couple.render())
            assert shown.count("○") == 2 and "●" not in shown, shown

    asyncio.run(run())


def test_a_full_slot_says_why_next_to_the_slot_and_stays_reachable(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    spec = casebuilder.bpi()
    spec.files["justificatif_domicile"].append("avis_imposition.png")  # 3 of 3
    case_at(settings, spec, None)
    service = None

    async def run() -> None:
        nonlocal service
        app = new_app(settings)
        async with app.run_test(size=SMALL) as pilot:
            await resume(pilot, "RecapScreen")
            # « Modifier ma saisie » of the part that holds « Justificatifs ».
            service = app.service
            record = service.get(1)
            service.go_to(record, "justificatifs")
            await pilot.press("ctrl+q")
            await settle(pilot)
            await resume(pilot, "StepScreen")
            screen = app.screen
            attach = screen.query_one(f"#{SLOT}-attach", Button)
            assert not attach.disabled
            assert attach in screen.focus_chain  # Tab reaches it
            assert "complet : 3/3" in str(attach.label)
            status = str(screen.query_one(f"#{SLOT} .status", Static).render())
            assert "3/3" in status and "Complet" in status
            attach.focus()
            await pilot.pause()
            await pilot.press("enter")
            await settle(pilot)
            assert screen_name(pilot) == "StepScreen"  # no chooser: nothing to choose
            error = str(screen.query_one(f"#{SLOT} .error", Static).render())
            assert "au plus 3 fichiers" in error
            # Still there after other keys: not a passing toast.
            await pilot.press("tab", "shift+tab")
            await pilot.pause()
            assert "au plus 3 fichiers" in str(
                screen.query_one(f"#{SLOT} .error", Static).render())
            # Removing a file: the focus stays in the slot, the message goes.
            remove = next(b for b in screen.query(f"#{SLOT} Button") if b.name == "remove-0")
            remove.focus()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            assert app.focused is attach
            assert str(screen.query_one(f"#{SLOT} .error", Static).render()).strip() == ""
            assert str(attach.label) == "Joindre un document"
            assert len(app._notifications) == 1  # noqa: SLF001 - one toast, not a pile

    asyncio.run(run())


@pytest.mark.parametrize("spec", [casebuilder.bpi, casebuilder.ase, casebuilder.ordonnance,
                                  casebuilder.conjoint_rf, casebuilder.etranger_malade])
def test_an_error_line_never_reads_period_colon(tmp_path: Path,
                                                spec: Callable[[], casebuilder.CaseSpec]
                                                ) -> None:
    # « • Bénéficier de la protection subsidiaire et ne pas être marié. : Cochez cette
    # attestation … » in the BPI motif's summary: an attestation's label is a sentence.
    from counter_day import CLOCK

    from anef_tui.service import CaseService

    settings = make_settings(tmp_path)
    service = CaseService(settings, CLOCK)
    try:
        record = service.get(casebuilder.create(service, spec()))
        state = service.state(record)
        lines = []
        for step in state.procedure.steps:
            if step.kind == "form":
                outcome, _ = service.check_step(record, step, {}, {}, [])
                lines += [e.line() for e in outcome.errors]
    finally:
        service.close()
    attestations = [line for line in lines if "Cochez" in line]
    assert attestations, lines
    assert [line for line in lines if ". :" in line] == []
    assert all(" : " in line for line in lines)
