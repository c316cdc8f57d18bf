"""The instruction screens as a demanding agent meets them at 80×24: the keys that matter
in the dossier's footer, no empty line in its references, one frame around a focused
drop-down, passing notices that never hide the focus or the buttons, a form that takes
a key typed as soon as it shows, the notification's documents marked in one column.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import casebuilder
from counter_day import CLOCK
from pilot import focus, make_settings, new_app, screen_name, settle
from rich.cells import cell_len
from test_actions_by_state import home_ready
from textual import events
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Footer, Input, Select
from textual.widgets._toast import Toast, ToastRack

from anef_tui.config import Settings
from anef_tui.service import CaseService, Reason, RequestedPiece
from screens.focus import reveal

SMALL = (80, 24)


def built(tmp_path: Path, *specs: casebuilder.CaseSpec) -> tuple[Settings, list[int]]:
    settings = make_settings(tmp_path)
    service = CaseService(settings, CLOCK)
    try:
        ids = [casebuilder.build(service, spec, settings.scan_dir).id for spec in specs]
    finally:
        service.close()
    return settings, ids


async def open_first_dossier(pilot: Pilot[None]) -> None:
    await home_ready(pilot)
    await pilot.press("i")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert screen_name(pilot) == "InstructionCaseScreen"


def footer_text(pilot: Pilot[None]) -> str:
    footer = pilot.app.screen.query_one(Footer)
    return " ".join(str(key.render()) for key in footer.children)


def post_keys(pilot: Pilot[None], *keys: tuple[str, str | None]) -> None:
    """Keys posted one after the other with no wait between them, as a fast typist's
    terminal sends them: the second arrives while the first's screen is being built."""
    for key, char in keys:
        pilot.app.post_message(events.Key(key, char))


def test_the_dossiers_footer_shows_every_notification_that_applies_at_80_columns(
        tmp_path: Path) -> None:
    # Étranger malade: a complément, the certificat médical, a prolongation and both
    # décisions apply at once — the most crowded footer of the instruction.
    settings, _ = built(tmp_path, casebuilder.etranger_malade())
    shown: dict[str, str] = {}

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await open_first_dossier(pilot)
            shown["80"] = footer_text(pilot)
            footer = pilot.app.screen.query_one(Footer)
            shown["fits"] = str(footer.virtual_size.width <= SMALL[0])
            shown["references"] = str(pilot.app.screen.query_one("#references").render())
            # « m » works from the footer's word as from the button.
            await pilot.press("m")
            await settle(pilot)
            shown["dialog"] = screen_name(pilot)
            # The question on one line: its « ? » is not left alone on the next.
            shown["question lines"] = str(pilot.app.screen.query_one(".question").size.height)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.resize_terminal(120, 40)
            await settle(pilot)
            shown["120"] = footer_text(pilot)

    asyncio.run(run())
    for key, word in (("c", "Complément"), ("m", "Certificat"), ("p", "Prolonger"),
                      ("d", "Favorable"), ("r", "Défavorable")):
        assert f"{key} {word}" in shown["80"], shown["80"]
    assert shown["80"].startswith(" F1 Aide"), shown["80"]
    assert shown["fits"] == "True"
    assert shown["dialog"] == "ConfirmDialog"
    assert shown["question lines"] == "1"
    # With room, the history and the way back are in the footer too.
    assert "h Historique" in shown["120"] and "Retour" in shown["120"], shown["120"]
    # Three references, no empty fourth line under them.
    assert shown["references"].splitlines()[-1].startswith("Déposée le ")
    assert len(shown["references"].splitlines()) == 3


def test_a_dossier_with_fewer_actions_keeps_history_and_back_in_its_footer(
        tmp_path: Path) -> None:
    settings, _ = built(tmp_path, casebuilder.ase())
    shown: list[str] = []

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await open_first_dossier(pilot)
            shown.append(footer_text(pilot))

    asyncio.run(run())
    for words in ("c Complément", "d Favorable", "r Défavorable", "h Historique", "Retour"):
        assert words in shown[0], shown[0]
    assert "Certificat" not in shown[0]  # ASE has no certificat médical


def frames(select: Select) -> int:  # type: ignore[type-arg]
    """How many frames are drawn around the drop-down's value, its own and the
    Select's."""
    return sum(1 for w in (select, *select.children)
               if w.display and w.styles.border_top[0] not in ("", "none", "hidden"))


def test_a_focused_drop_down_has_one_frame(tmp_path: Path) -> None:
    settings, _ = built(tmp_path, casebuilder.ase())
    counted: dict[str, int] = {}

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await open_first_dossier(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert screen_name(pilot) == "DecisionScreen"
            select = pilot.app.screen.query_one("#titre", Select)
            assert pilot.app.focused is select
            counted["decision"] = frames(select)
            await pilot.press("ctrl+q")
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            reason = pilot.app.screen.query_one("#reason-0", Select)
            reason.focus()
            await settle(pilot)
            counted["request"] = frames(reason)

    asyncio.run(run())
    assert counted == {"decision": 1, "request": 1}


def covered(pilot: Pilot[None]) -> list[str]:
    """The controls a passing notice is drawn over: the focused one, the buttons."""
    screen = pilot.app.screen
    toasts = [t.region for t in screen.get_child_by_type(ToastRack).query(Toast)]
    assert toasts, "no notice shown"
    controls = [w for w in screen.query(Button) if w.display]
    if pilot.app.focused is not None:
        controls.append(pilot.app.focused)
    return [f"{w.id}" for w in controls for t in toasts
            if w.region.overlaps(t) and w.region != Region()]


def test_a_refusals_notice_hides_neither_the_focus_nor_the_buttons(tmp_path: Path) -> None:
    settings, _ = built(tmp_path, casebuilder.ase())
    found: dict[str, list[str]] = {}

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL, notifications=True) as pilot:
            await open_first_dossier(pilot)
            await pilot.press("d")
            await settle(pilot)
            pilot.app.screen.query_one("#mention").value = ""  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")  # refused: the mention is required
            await settle(pilot)
            assert pilot.app.focused is not None and pilot.app.focused.id == "mention"
            found["decision"] = covered(pilot)
            await pilot.press("ctrl+q")
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            await pilot.press("ctrl+s")  # refused: nothing asked
            await settle(pilot)
            found["request"] = covered(pilot)

    asyncio.run(run())
    assert found == {"decision": [], "request": []}


def test_space_typed_as_the_complement_form_opens_ticks_the_first_piece(
        tmp_path: Path) -> None:
    # Seen once at the counter: « c » then Space at once, and the first box stayed empty.
    settings, _ = built(tmp_path, casebuilder.ase())
    ticked: list[bool] = []

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await open_first_dossier(pilot)
            post_keys(pilot, ("c", "c"), ("space", " "))
            await settle(pilot)
            assert screen_name(pilot) == "ComplementRequestScreen"
            ticked.append(pilot.app.screen.query_one("#ask-0", Checkbox).value)

    asyncio.run(run())
    assert ticked == [True]



def test_the_notifications_documents_are_marked_by_a_word_one_column_per_letter(
        tmp_path: Path) -> None:
    settings, [case_id] = built(tmp_path, casebuilder.ase())
    service = CaseService(settings, CLOCK)
    try:
        decision = service.instruction.typed_decision(
            "carte_sejour_temporaire", "Vie privée et familiale", "15/06/2026", "12", "225")
        service.instruction.decide_favorable(case_id, decision, now=CLOCK())
    finally:
        service.close()
    lines: list[str] = []

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await home_ready(pilot)
            await pilot.press("m", "enter")
            await settle(pilot)
            assert screen_name(pilot) == "NotificationScreen"
            lines.extend(str(w.render()) for w in pilot.app.screen.query(".document"))
            lines.extend(str(w.render()) for w in pilot.app.screen.query("#letter Static"))

    asyncio.run(run())
    assert lines[0] == "Document PDF : TELECHARGER LE DOCUMENT (ctrl+p)"
    wide = [line for text in lines for line in text.splitlines()
            if cell_len(line) != len(line)]
    assert wide == []


async def each_input_shows_its_text(pilot: Pilot[None]) -> list[str]:
    """The inputs of the screen whose text is hidden once focused (no line left inside)."""
    hidden = []
    for field in pilot.app.screen.query(Input):
        if not field.region.height:
            continue  # not shown (« Maintenir » not chosen: no reason asked)
        field.focus()
        await settle(pilot)
        if field.content_region.height < 1:
            hidden.append(str(field.id))
    return hidden


def test_a_focused_field_of_the_instruction_forms_shows_its_text(tmp_path: Path) -> None:
    # The first dossier waits for its décision, the second for its complément's answer.
    settings, [_, case_id] = built(tmp_path, casebuilder.ase(), casebuilder.bpi())
    service = CaseService(settings, CLOCK)
    try:
        piece = service.instruction.requestable_pieces(service.get(case_id))[0]
        service.instruction.request_complement(
            case_id, [RequestedPiece(piece.key, piece.label, Reason.INVALID, "Illisible")],
            now=CLOCK())
    finally:
        service.close()
    hidden: dict[str, list[str]] = {}

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await open_first_dossier(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert screen_name(pilot) == "DecisionScreen"
            hidden["decision"] = await each_input_shows_its_text(pilot)
            await pilot.press("ctrl+q", "c")
            await settle(pilot)
            assert screen_name(pilot) == "ComplementRequestScreen"
            hidden["request"] = await each_input_shows_its_text(pilot)
            await pilot.press("ctrl+q", "ctrl+q", "ctrl+q")
            await settle(pilot)
            await pilot.press("m", "enter")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert screen_name(pilot) == "ComplementAnswerScreen"
            hidden["answer"] = await each_input_shows_its_text(pilot)

    asyncio.run(run())
    assert hidden == {"decision": [], "request": [], "answer": []}


def test_reveal_focuses_at_once_not_after_the_apps_queue(tmp_path: Path) -> None:
    # A key already queued behind the opening focus met the focus elsewhere: a Tab lost on
    # the identity screen, a Space not ticking the complément's first box.
    settings, _ = built(tmp_path, casebuilder.ase())
    seen: list[str | None] = []

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await open_first_dossier(pilot)
            history = pilot.app.screen.query_one("#history", Button)
            reveal(history)
            focused = pilot.app.screen.focused
            seen.append(focused.id if focused is not None else None)  # before any await

    asyncio.run(run())
    assert seen == ["history"]


def test_a_refused_decision_puts_the_focus_on_the_value_refused(tmp_path: Path) -> None:
    # The form found the field by the message's words: « Le montant des taxes … » went
    # to the tax, but a mention refused for a hidden mark, or a message reworded, went
    # elsewhere. Each refusal now names its field (InstructionRefused.field).
    from test_walk_instruction import paste

    settings, _ = built(tmp_path, casebuilder.ase())
    cases = [("mention", "", "Vie privée et familiale"),
             ("valid_from", "31/02/2026", "15/06/2026"),
             ("months", "douze", "12"),
             ("months", "0", "12"),
             ("tax_euros", "-5", "225"),
             ("tax_euros", "beaucoup", "225")]
    focused: list[tuple[str, str | None, bool]] = []

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await open_first_dossier(pilot)
            await pilot.press("d")
            await settle(pilot)
            for dom_id, bad, good in cases:
                await paste(pilot, dom_id, bad)
                await focus(pilot, "titre")  # away from it, as after a first refusal
                await pilot.press("ctrl+s")
                await settle(pilot)
                assert screen_name(pilot) == "DecisionScreen"
                error = pilot.app.screen.query_one("#decision-error")
                focused.append((dom_id, getattr(pilot.app.focused, "id", None),
                                error.display))
                await paste(pilot, dom_id, good)

    asyncio.run(run())
    assert focused == [(dom_id, dom_id, True) for dom_id, _, _ in cases]


def test_each_reference_of_a_notification_stays_whole_at_80_columns(tmp_path: Path) -> None:
    # « N° de la demande : …  ·  Date : …  ·  Domaine : » then « SEJOUR » alone on the
    # next line: a label left without its value.
    settings, [case_id] = built(tmp_path, casebuilder.ase())
    service = CaseService(settings, CLOCK)
    try:
        decision = service.instruction.typed_decision(
            "carte_sejour_temporaire", "Vie privée et familiale", "15/06/2026", "12", "225")
        service.instruction.decide_favorable(case_id, decision, now=CLOCK())
    finally:
        service.close()
    lines: list[str] = []

    async def run() -> None:
        async with new_app(settings).run_test(size=SMALL) as pilot:
            await home_ready(pilot)
            await pilot.press("m", "enter")
            await settle(pilot)
            references = pilot.app.screen.query_one("#letter-references")
            lines.extend(references.render_line(y).text.replace("\u00a0", " ").strip()
                         for y in range(references.size.height))

    asyncio.run(run())
    assert len(lines) == 2, lines
    for line in lines:
        for reference in line.split("  ·  "):
            label, _, value = reference.partition(" : ")
            assert label and value, lines
