"""The instruction after the deposit, by keyboard, both sides: the agent asks a
complément, the counter reads it (the clock starts) and answers with a file, the agent
sees the answer and decides; a complément left unanswered is closed; the étranger
malade's certificat médical is printed with its first block filled. Dossiers are
deposited with tests/casebuilder.py: the deposit walks are the other test files'."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import casebuilder
from filefactory import pdf_bytes, write
from pilot import focus, make_settings, new_app, pdf_words, press_button, screen_name, settle
from rich.cells import cell_len
from textual.containers import ScrollableContainer
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from textual.widgets._footer import FooterKey
from walked import Walks

from anef_tui.config import Settings
from anef_tui.service import CaseService, Reason, RequestedPiece

DEPOSIT = datetime(2023, 8, 16, 14, 37).astimezone()


def deposited(settings: Settings, spec: casebuilder.CaseSpec) -> tuple[int, str]:
    service = CaseService(settings)
    try:
        record = casebuilder.build(service, spec, settings.scan_dir / "deposit", when=DEPOSIT)
        return record.id, record.numero_demande or ""
    finally:
        service.close()


class Clock:
    """The counter's day, moved by the test: no test depends on today's date."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


async def paste(pilot: Pilot[None], dom_id: str, text: str) -> None:
    """Tab to an input, then the text in one event (a paste), as the suite's rule says."""
    await focus(pilot, dom_id)
    widget = pilot.app.screen.query_one(f"#{dom_id}", Input)
    widget.value = ""
    widget.insert_text_at_cursor(text)
    await settle(pilot)


async def ready(pilot: Pilot[None]) -> None:
    """The home screen has opened the database (its worker starts after the first frame)."""
    for _ in range(50):
        await settle(pilot)
        if pilot.app.service_ready and pilot.app.screen.query("#cases"):  # type: ignore[attr-defined]
            table = pilot.app.screen.query_one("#cases")
            if table.row_count:  # type: ignore[attr-defined]
                return
    raise AssertionError("the home screen never listed the dossiers")


def banner(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#side-banner").render())


async def to_instruction_case(pilot: Pilot[None]) -> None:
    """Home → « i » (instruction side) → Entrée on the first waiting dossier."""
    await ready(pilot)
    assert screen_name(pilot) == "HomeScreen"
    await pilot.press("i")
    await settle(pilot)
    assert screen_name(pilot) == "InstructionHomeScreen"
    assert "CÔTÉ INSTRUCTION" in banner(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert screen_name(pilot) == "InstructionCaseScreen"
    assert "CÔTÉ INSTRUCTION" in banner(pilot)


async def to_notifications(pilot: Pilot[None]) -> None:
    """Home → « m » on the chosen dossier: « Mes notifications »."""
    await ready(pilot)
    assert screen_name(pilot) == "HomeScreen"
    await pilot.press("m")
    await settle(pilot)
    assert screen_name(pilot) == "NotificationsScreen"
    assert "CÔTÉ GUICHET" in banner(pilot)


async def home(pilot: Pilot[None]) -> None:
    for _ in range(6):
        if screen_name(pilot) == "HomeScreen":
            return
        await pilot.press("escape")
        await settle(pilot)
    assert screen_name(pilot) == "HomeScreen"


def rows(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(settings.data_dir / "anef.sqlite3")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def footer_actions(pilot: Pilot[None]) -> list[str]:
    return [key.action for key in pilot.app.screen.query(FooterKey)]


def assert_no_bare_container(pilot: Pilot[None]) -> None:
    """The dossier and the letter scroll with PageUp / PageDown; Tab never rests on them."""
    bare = [w for w in pilot.app.screen.focus_chain if isinstance(w, ScrollableContainer)]
    assert not bare, f"containers in the Tab order of {screen_name(pilot)}: {bare}"
    assert not isinstance(pilot.app.focused, ScrollableContainer)


def test_deposit_complement_answer_decision_by_keyboard(tmp_path: Path, walks: Walks) -> None:
    """The one whole route: the ASE deposit walked key by key (test_walk_ase's walk, a
    copy of the dossier it left), then both sides of the instruction."""
    from test_walk_ase import NUMERO

    settings = walks.copy("ase", tmp_path / "walked").settings
    ((case_id, numero, deposited_at),) = rows(
        settings, "SELECT id, numero_demande, deposited_at FROM cases")
    write(settings.scan_dir / "passeport_lisible.pdf", pdf_bytes(pages=1))
    start = datetime.fromisoformat(str(deposited_at)).astimezone() + timedelta(days=4)
    attestation = asyncio.run(walk_complement_and_decision(settings, start))
    text = pdf_words(attestation)
    assert "ATTESTATION DE DÉCISION FAVORABLE" in text
    assert f"N° de la demande : {numero}" in text
    assert f"Identifiant (N° étranger) : {NUMERO}" in text
    assert "valable du 18/09/2030 au 17/09/2031" in text
    assert "Ce document autorise le franchissement des frontières de l'espace Schengen." in text
    # The deposited pieces are untouched: the answer's file is its own record.
    assert rows(settings, "SELECT status FROM cases") == [("decision_favorable",)]
    assert rows(settings, "SELECT original_name FROM complement_files") == [
        ("passeport_lisible.pdf",)]
    assert ("passeport.pdf",) in rows(settings, "SELECT original_name FROM attachments")
    assert case_id == 1


async def walk_complement_and_decision(settings: Settings, start: datetime) -> Path:
    clock = Clock(start.replace(hour=9, minute=0, second=0, microsecond=0))
    app = new_app(settings, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        # Instruction side: a demande de complément for the passport.
        await to_instruction_case(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert screen_name(pilot) == "ComplementRequestScreen"
        await pilot.press("ctrl+s")  # nothing ticked: refused, focus on what to fix
        await settle(pilot)
        assert screen_name(pilot) == "ComplementRequestScreen"
        assert pilot.app.focused is not None and pilot.app.focused.id == "ask-0"
        assert "au moins un document" in str(
            pilot.app.screen.query_one("#request-error").render())
        labels = [w.label for w in pilot.app.screen.query("PieceRequest")]
        index = labels.index("Justificatif de nationalité")
        await focus(pilot, f"ask-{index}")
        await pilot.press("space")
        await paste(pilot, f"observation-{index}",
                    "Veuillez fournir une copie lisible de votre passeport.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "InstructionCaseScreen"
        await home(pilot)

        # Counter side, five days later: « Mes notifications », open it (clock starts).
        clock.now += timedelta(days=5)
        read, last_day = clock.now.date(), clock.now.date() + timedelta(days=30)
        await to_notifications(pilot)
        table = pilot.app.screen.query_one("#notifications")
        assert "non lue" in [str(c) for c in table.get_row_at(0)]
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "NotificationScreen"
        assert f"Délai : 30 jours restants (jusqu'au {last_day:%d/%m/%Y})" in str(
            pilot.app.screen.query_one("#deadline").render())
        await pilot.press("ctrl+s")  # Répondre
        await settle(pilot)
        assert screen_name(pilot) == "ComplementAnswerScreen"
        await pilot.press("ctrl+s")  # no choice yet: refused, focus on the choice
        await settle(pilot)
        assert screen_name(pilot) == "ComplementAnswerScreen"
        assert pilot.app.focused is not None and pilot.app.focused.id == "choice-0"
        await pilot.press("right", "space")  # « Mettre à jour le Document »
        await settle(pilot)
        await press_button(pilot, "attach-0")
        await settle(pilot)
        assert screen_name(pilot) == "FileChooser"
        await pilot.press(*"passeport_lisible")
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "ComplementAnswerScreen"
        await paste(pilot, "message-0", "Voici une copie lisible.")
        await pilot.press("ctrl+s")  # « Valider et envoyer »
        await settle(pilot)
        assert screen_name(pilot) == "NotificationScreen"
        assert f"Répondu le {read:%d/%m/%Y}" in str(
            pilot.app.screen.query_one("#deadline").render())
        await home(pilot)

        # Instruction side: the answer is there; décision favorable.
        clock.now += timedelta(days=20)
        await to_instruction_case(pilot)
        assert_no_bare_container(pilot)
        # The identity as the documents print it: the birth date the French way, not ISO.
        identity = str(pilot.app.screen.query_one("#identity").render())
        assert re.search(r"né\(e\) le \d{2}/\d{2}/\d{4}$", identity), identity
        answer = pilot.app.screen.query_one("#case")
        shown = " ".join(str(s.render()) for s in answer.query("Static"))
        assert "Mettre à jour le Document — passeport_lisible.pdf" in shown
        assert "message : Voici une copie lisible." in shown
        await pilot.press("d")
        await settle(pilot)
        assert screen_name(pilot) == "DecisionScreen"
        await paste(pilot, "valid_from", "18/09/2030")
        await paste(pilot, "months", "12")
        await paste(pilot, "tax_euros", "0")
        assert "au 17/09/2031 (calculé)" in str(pilot.app.screen.query_one("#valid_to").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "InstructionCaseScreen"
        await home(pilot)

        # Counter side: the décision, its attestation printed with ctrl+p.
        await to_notifications(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "NotificationScreen"
        assert "Notification de décision" in str(
            pilot.app.screen.query_one("#letter-title").render())
        assert_no_bare_container(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        paths = pilot.app.screen.paths  # type: ignore[attr-defined]
        await home(pilot)
    return next(p for p in paths if p.name.startswith("ATTESTATION_DECISION_FAVORABLE"))


def test_unanswered_complement_is_closed(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    deposited(settings, casebuilder.conjoint_rf())
    asyncio.run(walk_closure(settings))
    assert rows(settings, "SELECT status FROM cases") == [("cloture",)]
    assert rows(settings, "SELECT kind FROM notifications ORDER BY id") == [
        ("demande_complement",), ("cloture",)]


async def walk_closure(settings: Settings) -> None:
    clock = Clock(datetime(2023, 8, 20, 9, 0).astimezone())
    app = new_app(settings, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_instruction_case(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("space")  # the first piece
        await paste(pilot, "observation-0", "Le document n'est pas valide")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await home(pilot)
        # The counter opens it on the 21st: 30 days, to 20/09/2023 inclusive.
        clock.now = datetime(2023, 8, 21, 9, 0).astimezone()
        await to_notifications(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await home(pilot)
        # On the last day the agent cannot close it yet: « Clôturer » is not offered
        # (no button, no key in the footer) and « x » does nothing.
        clock.now = datetime(2023, 9, 20, 17, 0).astimezone()
        await to_instruction_case(pilot)
        assert not pilot.app.screen.query_one("#closure").display
        assert "closure" not in footer_actions(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert screen_name(pilot) == "InstructionCaseScreen"
        assert rows(settings, "SELECT status FROM cases") == [("complement_demande",)]
        assert "Statut : Complément demandé" in str(
            pilot.app.screen.query_one("#status").render())
        # The day after, the counter cannot answer any more, and the agent closes it.
        clock.now = datetime(2023, 9, 21, 9, 0).astimezone()
        await home(pilot)
        await to_notifications(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "DÉLAI DÉPASSÉ" in str(pilot.app.screen.query_one("#deadline").render())
        # « Répondre » is no longer offered, and ctrl+s does nothing.
        assert "answer" not in footer_actions(pilot)
        assert not pilot.app.screen.query("#answer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "NotificationScreen"
        await home(pilot)
        await to_instruction_case(pilot)
        assert "closure" in footer_actions(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert screen_name(pilot) == "ConfirmDialog"
        await pilot.press("right", "enter")
        await settle(pilot)
        assert "Clôturé" in str(pilot.app.screen.query_one("#status").render())


def test_unfavourable_decision_notified_and_printed(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    _, numero = deposited(settings, casebuilder.conjoint_rf())
    paths = asyncio.run(walk_refusal(settings))
    assert rows(settings, "SELECT status FROM cases") == [("decision_defavorable",)]
    assert rows(settings, "SELECT kind FROM notifications") == [("decision_defavorable",)]
    letter = pdf_words(next(p for p in paths if p.suffix == ".pdf"))
    # The wording marked `ours` in data/documents/notifications.yaml, with the references.
    assert "Notification de décision" in letter
    assert f"n° {numero} n'a pas pu recevoir une suite favorable" in letter
    assert "voies et délais de recours" in letter


async def walk_refusal(settings: Settings) -> list[Path]:
    clock = Clock(datetime(2023, 9, 4, 9, 0).astimezone())
    app = new_app(settings, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_instruction_case(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert screen_name(pilot) == "ConfirmDialog"
        await pilot.press("enter")  # « Annuler » has the focus: nothing sent
        await settle(pilot)
        assert screen_name(pilot) == "InstructionCaseScreen"
        assert rows(settings, "SELECT COUNT(*) FROM notifications") == [(0,)]
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("right", "enter")  # « Notifier le refus »
        await settle(pilot)
        assert "Statut : Décision défavorable" in str(
            pilot.app.screen.query_one("#status").render())
        await home(pilot)
        return await print_next_day(pilot, clock, "#letter-title", "Notification de décision")


def test_files_attached_then_left_unsent_are_erased(tmp_path: Path) -> None:
    from anef_tui.service import Reason, RequestedPiece

    settings = make_settings(tmp_path)
    case_id, _ = deposited(settings, casebuilder.ase(age=17))
    service = CaseService(settings)
    try:
        service.instruction.request_complement(case_id, [RequestedPiece(
            "justificatif_nationalite", "", Reason.UNREADABLE, "Illisible")],
            now=datetime(2023, 8, 20, 9).astimezone())
        store = service.instruction.complements_dir(case_id)
    finally:
        service.close()
    scan = write(settings.scan_dir / "passeport_brouillon.pdf", pdf_bytes(pages=1))
    attached = asyncio.run(walk_attach_and_leave(settings, scan))
    assert len(attached) == 1  # in the store while the screen was open
    assert not any(store.iterdir())
    assert rows(settings, "SELECT COUNT(*) FROM complement_files") == [(0,)]
    assert rows(settings, "SELECT status FROM cases") == [("complement_demande",)]


async def walk_attach_and_leave(settings: Settings, scan: Path) -> list[Path]:
    app = new_app(settings, Clock(datetime(2023, 8, 21, 9).astimezone()))
    async with app.run_test(size=(80, 24)) as pilot:
        await to_notifications(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")  # Répondre
        await settle(pilot)
        assert screen_name(pilot) == "ComplementAnswerScreen"
        store = pilot.app.service.instruction.complements_dir(  # type: ignore[attr-defined]
            pilot.app.screen.notification.case_id)  # type: ignore[attr-defined]
        await focus(pilot, "choice-0")
        await pilot.press("right", "space")  # « Mettre à jour le Document »
        await settle(pilot)
        await press_button(pilot, "attach-0")
        await settle(pilot)
        assert screen_name(pilot) == "FileChooser"
        await paste(pilot, "chooser-filter", str(scan))
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "ComplementAnswerScreen"
        attached = list(store.iterdir())
        await pilot.press("ctrl+q")  # « Retour sans envoyer »
        await settle(pilot)
        assert screen_name(pilot) == "NotificationScreen"
    return attached


def test_etranger_malade_certificat_printed(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    deposited(settings, casebuilder.etranger_malade())
    paths = asyncio.run(walk_certificat(settings))
    certificat = pdf_words(next(p for p in paths if "CERTIFICAT_MEDICAL_CONFIDENTIEL" in p.name))
    block1 = certificat.split("1er bloc rempli par l'administration")[1].split("2ème bloc")[0]
    assert "Nom : NGUYỄN" in block1 and "Né(e) le : 03/10/2000" in block1
    assert "Date : __________ Signature du patient" in certificat
    dump = "\n".join(sqlite3.connect(settings.data_dir / "anef.sqlite3").iterdump()).lower()
    for word in ("pathologie", "diagnostic", "traitement", "médecin"):
        assert word not in dump


async def walk_certificat(settings: Settings) -> list[Path]:
    clock = Clock(datetime(2023, 10, 31, 9, 0).astimezone())
    app = new_app(settings, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_instruction_case(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert screen_name(pilot) == "ConfirmDialog"
        await pilot.press("right", "enter")
        await settle(pilot)
        await home(pilot)
        return await print_next_day(pilot, clock, "#deadline",
                                    "Délai : 30 jours restants (jusqu'au 01/12/2023)")


async def print_next_day(pilot: Pilot[None], clock: Clock, widget: str, says: str) -> list[Path]:
    """The next day at the counter: the newest notification opened (it says `says` in
    `widget`), its documents printed, back home; the paths printed."""
    clock.now += timedelta(days=1)
    await to_notifications(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert says in str(pilot.app.screen.query_one(widget).render())
    await pilot.press("ctrl+p")
    await settle(pilot)
    paths = list(pilot.app.screen.paths)  # type: ignore[attr-defined]
    await home(pilot)
    return paths


def test_home_lists_what_needs_action_first(tmp_path: Path) -> None:
    from anef_tui.service import Reason, RequestedPiece

    settings = make_settings(tmp_path)
    service = CaseService(settings)
    try:
        scans = settings.scan_dir / "deposit"
        quiet = casebuilder.build(service, casebuilder.ase(age=17), scans, when=DEPOSIT).id
        unread = casebuilder.build(service, casebuilder.ase(age=17), scans, when=DEPOSIT).id
        to_answer = casebuilder.build(service, casebuilder.conjoint_rf(), scans,
                                      when=DEPOSIT).id
        expiring = casebuilder.build(service, casebuilder.bpi(), scans,
                                     when=datetime(2023, 3, 20, 10).astimezone()).id
        piece = [RequestedPiece("justificatif_domicile", "", Reason.INVALID, "Illisible")]
        day = datetime(2023, 9, 1, 9).astimezone()
        service.instruction.request_complement(unread, piece, now=day)
        n = service.instruction.request_complement(to_answer, piece, now=day)
        service.instruction.open(n.id, now=day)
    finally:
        service.close()
    seen = asyncio.run(home_rows(settings, datetime(2023, 9, 5, 9).astimezone()))
    # The person, the status, then what needs action (columns of the home list).
    assert [r[2] for r in seen] == ["Complément demandé", "Complément demandé", "Déposé",
                                    "Déposé"]
    assert [r[7] for r in seen] == [f"{to_answer:06d}", f"{unread:06d}", f"{expiring:06d}",
                                    f"{quiet:06d}"]
    assert seen[0][TO_DO] == "⚠ J-26 (01/10/2023) : complément à envoyer"
    assert seen[1][TO_DO] == "● Notification non lue"
    assert seen[2][TO_DO] == "⚠ 19/09/2023 (J-14) : attestation qui expire"
    assert seen[3][TO_DO] == ""
    # Past the deadline, said in words, not by a colour.
    late = asyncio.run(home_rows(settings, datetime(2023, 10, 3, 9).astimezone()))
    assert late[0][TO_DO] == "⚠ DÉPASSÉ (01/10/2023) : complément à envoyer"


TO_DO = 3  # the home list's « À faire » column, after Nom, Prénom(s), Statut


async def home_rows(settings: Settings, now: datetime) -> list[list[str]]:
    app = new_app(settings, Clock(now))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        table = pilot.app.screen.query_one("#cases")
        # At 80 columns the person and the status are on screen, however long « À faire »
        # is (first, it hid the names).
        first = list(table.columns.values())[:3]
        assert [str(c.label) for c in first] == ["Nom", "Prénom(s)", "Statut"]
        assert sum(c.get_render_width(table) for c in first) <= table.size.width
        shown = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        # And the deadline: « À faire » says it first (« J-26 (01/10/2023) : … »).
        start = sum(c.get_render_width(table) for c in first) + table.cell_padding
        for row in shown:
            assert start + cell_len(row[TO_DO].split(" : ")[0]) <= table.size.width, row
        return shown


def test_pre_demande_completed_from_justificatifs(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    deposited(settings, casebuilder.ordonnance())
    write(settings.scan_dir / "passeport_valide.pdf", pdf_bytes(pages=1))
    asyncio.run(walk_reprise(settings))
    assert rows(settings, "SELECT status FROM cases") == [("complement_repondu",)]
    assert rows(settings, "SELECT choice FROM complement_items") == [("mettre_a_jour",)]
    assert rows(settings, "SELECT observations FROM complement_answers") == [
        ("Passeport renouvelé.",)]


async def walk_reprise(settings: Settings) -> None:
    clock = Clock(datetime(2023, 9, 14, 9, 0).astimezone())
    app = new_app(settings, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_instruction_case(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("space")
        await paste(pilot, "observation-0", "Veuillez fournir un document valide")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await home(pilot)
        clock.now = datetime(2023, 9, 20, 9, 0).astimezone()
        await to_notifications(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # 002: 15 days from the e-mail, whenever it is opened.
        assert "Délai : 9 jours restants (jusqu'au 29/09/2023)" in str(
            pilot.app.screen.query_one("#deadline").render())
        assert str(pilot.app.screen.query_one("#answer").label) == "Reprendre ma demande"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "ComplementAnswerScreen"
        assert str(pilot.app.screen.query_one(".title").render()) == "Justificatifs"
        assert not pilot.app.screen.query("#choice-0")  # no « Maintenir » for a pré-demande
        assert str(pilot.app.screen.query_one("#send").label) == "Déposer les compléments"
        await press_button(pilot, "attach-0")
        await settle(pilot)
        await pilot.press(*"passeport_valide")
        await pilot.press("enter")
        await settle(pilot)
        await paste(pilot, "observations", "Passeport renouvelé.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "NotificationScreen"


async def notification_rows(settings: Settings, now: datetime,
                            size: tuple[int, int]) -> list[tuple[str, bool]]:
    """« Mes notifications » after the complément was read: each row's deadline, and
    whether it is drawn inside the list's width."""
    app = new_app(settings, Clock(now))
    seen = []
    async with app.run_test(size=size) as pilot:
        await to_notifications(pilot)
        await pilot.press("enter")  # read: the deadline starts
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert screen_name(pilot) == "NotificationsScreen"
        table = pilot.app.screen.query_one("#notifications", DataTable)
        columns = list(table.columns.values())
        index = [str(c.label) for c in columns].index("Délai")
        end = sum(c.get_render_width(table) for c in columns[:index + 1])
        for i in range(table.row_count):
            cell = str(table.get_row_at(i)[index])
            seen.append((cell, end <= table.scrollable_content_region.width))
    return seen


def test_a_deadline_is_in_view_in_the_notifications_list(tmp_path: Path) -> None:
    # At 80 columns « Délai », the last column, was past the list's edge: the deadline
    # of a complément to answer, hidden by a horizontal scroll.
    settings = make_settings(tmp_path)
    case_id, _ = deposited(settings, casebuilder.bpi())
    service = CaseService(settings)
    try:
        piece = service.instruction.requestable_pieces(service.get(case_id))[0]
        service.instruction.request_complement(
            case_id, [RequestedPiece(piece.key, piece.label, Reason.INVALID, "Illisible")],
            now=datetime(2023, 9, 1, 9).astimezone())
    finally:
        service.close()
    now = datetime(2023, 9, 5, 9).astimezone()
    assert asyncio.run(notification_rows(settings, now, (80, 24))) == [
        ("J-30 (05/10/2023)", True)]
    assert asyncio.run(notification_rows(settings, now, (120, 40))) == [
        ("30 jours restants (jusqu'au 05/10/2023)", True)]
