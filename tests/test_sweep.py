"""Leftovers of a crash are swept at start, in every case's store, and nothing else.

The crash is real: a child process is killed (SIGKILL) in the middle of an attach,
right after the partial copy is written; the next start sweeps what it left.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import casebuilder
import pytest
from filefactory import image_bytes, write

from anef_tui.attachments.store import PARTIAL_PREFIX, PARTIAL_SUFFIX
from anef_tui.attachments.sweep import PARTIAL_GRACE_SECONDS
from anef_tui.config import Settings
from anef_tui.service import CaseService

TESTS = Path(__file__).resolve().parent

KILLED_DURING_ATTACH = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, sys.argv[3])
    from pathlib import Path
    from anef_tui.attachments import store
    from anef_tui.config import load_settings
    from anef_tui.service import CaseService

    service = CaseService(load_settings(data_dir=sys.argv[1], environ={}))
    real_fsync = os.fsync

    def die(fd):
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9, the partial copy on disk

    store.os.fsync = die
    service.attach(int(sys.argv[2]), "justificatif_domicile", "Justificatif de domicile", 3,
                   Path(sys.argv[4]), [])
    """
)


def pieces(service: CaseService, case_id: int) -> list[str]:
    folder = service.pieces_dir(case_id)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _draft_with_one_file(service: CaseService, tmp_path: Path) -> tuple[int, str]:
    spec = casebuilder.bpi()
    record = casebuilder.build(service, spec, tmp_path / "scans", deposit=False)
    kept = {a.stored_name for a in record.attachments}
    assert kept
    return record.id, sorted(kept)[0]


def test_kill_9_during_an_attach_is_swept_at_the_next_start(
    settings: Settings, tmp_path: Path
) -> None:
    service = CaseService(settings)
    case_id, _ = _draft_with_one_file(service, tmp_path)
    before = pieces(service, case_id)
    service.close()
    source = write(tmp_path / "scans" / "nouveau.png", image_bytes("png", (300, 200)))
    done = subprocess.run(
        [sys.executable, "-c", KILLED_DURING_ATTACH, str(settings.data_dir), str(case_id),
         str(TESTS), str(source)], capture_output=True, check=False)
    assert done.returncode == -9, done.stderr
    leftovers = set(pieces(service, case_id)) - set(before)
    assert any(n.startswith(PARTIAL_PREFIX) for n in leftovers), leftovers
    reopened = CaseService(settings)
    try:
        assert pieces(reopened, case_id) == before
    finally:
        reopened.close()


def test_every_kind_of_leftover_in_every_case_is_swept(
    settings: Settings, tmp_path: Path
) -> None:
    service = CaseService(settings)
    draft_id, kept = _draft_with_one_file(service, tmp_path)
    # A case whose store holds a crash's leftovers when it is deposited: pruned then.
    deposited = casebuilder.build(service, casebuilder.bpi(), tmp_path / "scans2",
                                  deposit=False)
    deposited_store = settings.case_dir(deposited.id) / "pieces"
    deposited_before = sorted(p.name for p in deposited_store.iterdir())
    write(deposited_store / ("1" * 64 + ".jpg"), b"orphelin")
    write(deposited_store / f"{PARTIAL_PREFIX}y{PARTIAL_SUFFIX}", b"moitie")
    service.deposit(deposited.id, None)
    assert sorted(p.name for p in deposited_store.iterdir()) == deposited_before
    abandoned_id = casebuilder.create(service, casebuilder.bpi())
    service.abandon(abandoned_id)
    service.close()
    draft_store = settings.case_dir(draft_id) / "pieces"
    write(draft_store / f"{PARTIAL_PREFIX}x{PARTIAL_SUFFIX}", b"moitie")
    write(draft_store / ("0" * 64 + ".pdf"), b"jamais enregistre")
    # An abandon interrupted after its commit: the folder was not erased yet.
    write(settings.case_dir(abandoned_id) / "pieces" / ("2" * 64 + ".pdf"), b"efface")
    # A folder no case of this database knows: left alone.
    stranger = write(settings.files_dir / "999999" / "pieces" / "x.pdf", b"autre base")

    reopened = CaseService(settings)
    try:
        assert kept in pieces(reopened, draft_id)
        assert [n for n in pieces(reopened, draft_id) if not n.startswith(".")] == sorted(
            a.stored_name for a in reopened.get(draft_id).attachments)
        assert not any(n.startswith(".") for n in pieces(reopened, draft_id))
        assert sorted(p.name for p in deposited_store.iterdir()) == deposited_before
        assert not (settings.case_dir(abandoned_id) / "pieces").exists()
        assert stranger.exists()
    finally:
        reopened.close()


def test_with_another_instance_running_only_what_is_certainly_dead_goes(
    settings: Settings, tmp_path: Path
) -> None:
    first = CaseService(settings)
    try:
        draft_id, _ = _draft_with_one_file(first, tmp_path)
        draft_store = first.pieces_dir(draft_id)
        # The other instance (first) is attaching: its copy is not referenced yet.
        pending = write(draft_store / ("3" * 64 + ".pdf"), b"en cours")
        fresh = write(draft_store / f"{PARTIAL_PREFIX}fresh{PARTIAL_SUFFIX}", b"copie")
        old = write(draft_store / f"{PARTIAL_PREFIX}old{PARTIAL_SUFFIX}", b"vieux")
        an_hour_ago = time.time() - PARTIAL_GRACE_SECONDS - 3600
        os.utime(old, (an_hour_ago, an_hour_ago))

        second = CaseService(settings)
        second.close()
        assert pending.exists() and fresh.exists()
        assert not old.exists()
    finally:
        first.close()


def test_a_complements_store_is_swept_too(settings: Settings, tmp_path: Path) -> None:
    from datetime import datetime

    from anef_tui.service import Reason, RequestedPiece

    service = CaseService(settings)
    when = datetime(2023, 8, 16, 14, 37).astimezone()
    case_id = casebuilder.build(service, casebuilder.ase(age=17), tmp_path / "scans",
                                when=when).id
    service.instruction.request_complement(case_id, [RequestedPiece(
        "justificatif_nationalite", "", Reason.UNREADABLE,
        "Veuillez fournir une copie lisible de votre passeport.")],
        now=datetime(2023, 9, 1, 10).astimezone())
    store = service.instruction.complements_dir(case_id)
    service.close()
    # A kill during « Joindre » of a complément: a partial copy and an unsent file.
    partial = write(store / f"{PARTIAL_PREFIX}z{PARTIAL_SUFFIX}", b"moitie")
    unsent = write(store / ("5" * 64 + ".pdf"), b"jamais envoye")
    CaseService(settings).close()
    assert not partial.exists() and not unsent.exists()


def test_the_sweep_reads_the_folders_on_disk_a_batch_at_a_time(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year of dossiers is never read at once: only the cases that have a folder are
    looked up, a bounded batch per query, and every batch is swept."""
    from anef_tui.attachments import sweep

    service = CaseService(settings)
    ids = [service.repo.create_case("bpi_renouvellement", {}, "informations_personnelles",
                                    {"nom_naissance": "Diallo", "prenoms": "Amina"},
                                    f"75{i:08d}") for i in range(300)]
    service.close()
    with_folder = ids[::3]  # 100 of the 300 have a store, each with an unsent file
    unsent = [write(settings.case_dir(cid) / "pieces" / ("0" * 64 + ".pdf"), b"x")
              for cid in with_folder]
    monkeypatch.setattr(sweep, "SWEEP_BATCH", 30)
    reopened = CaseService(settings, sweep_now=False)
    looked_up: list[int] = []
    store_facts = reopened.repo.store_facts

    def spy(case_ids: list[int]) -> object:
        looked_up.append(len(case_ids))
        return store_facts(case_ids)

    monkeypatch.setattr(reopened.repo, "store_facts", spy)
    try:
        assert reopened.sweep_at_start() == len(with_folder)
    finally:
        reopened.close()
    assert sum(looked_up) == len(with_folder)  # the 200 cases without a folder: not read
    assert max(looked_up) <= 30 and len(looked_up) == 4
    assert not any(path.exists() for path in unsent)
