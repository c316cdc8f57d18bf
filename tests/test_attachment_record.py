"""One record of an attachment: the checked file, the record and the row agree by name."""

from __future__ import annotations

from dataclasses import fields

from anef_tui.attachments.ingest import StoredFile
from anef_tui.records import StoredAttachment
from anef_tui.storage.tables import AttachmentRow

RECORD = [f.name for f in fields(StoredAttachment)]


def test_the_table_has_a_column_for_every_fact_of_the_record() -> None:
    assert set(RECORD) <= set(AttachmentRow.model_fields), set(RECORD) - set(
        AttachmentRow.model_fields)


def test_the_checked_file_gives_every_fact_but_the_slot() -> None:
    from_file = {f.name for f in fields(StoredFile)}
    assert set(RECORD) - {"slot_id", "stored_name"} <= from_file
    assert "relpath" in from_file  # the stored name


def test_round_trip_through_the_row() -> None:
    record = StoredAttachment(slot_id="justificatif_domicile", original_name="bail.pdf",
                              stored_name="pieces/ab.pdf", sha256="ab" * 32, size=2048,
                              kind="pdf", mime="application/pdf", pages=2)
    row = AttachmentRow(case_id=1, position=1, added_at=None, **vars(record))
    assert StoredAttachment.of_row(row) == record
    file = StoredFile(sha256=record.sha256, original_name="bail.pdf", size=2048,
                      kind="pdf", mime="application/pdf",  # type: ignore[arg-type]
                      relpath="pieces/ab.pdf", pages=2)
    assert StoredAttachment.checked("justificatif_domicile", file) == record
