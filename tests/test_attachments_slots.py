from __future__ import annotations

import pytest

from anef_tui.attachments import DEFAULT_MAX_FILES, IngestError, check_can_add

A, B, C, D, E, F, G = (c * 64 for c in "abcdefg")
RESIDENCE = "Justificatif de résidence habituelle"


@pytest.mark.parametrize(
    ("existing", "new", "max_files"),
    [
        ([], A, 3),
        ([A], B, 3),
        ([A, B], C, 3),
        ([A, B, C, D, E], F, 6),
        ([], A, 1),
    ],
)
def test_can_add(existing: list[str], new: str, max_files: int) -> None:
    check_can_add(existing, new, max_files, "Passeport")


@pytest.mark.parametrize(
    ("existing", "max_files", "label", "expected"),
    [
        ([A, B, C], 3, "Passeport", "Ce document accepte au plus 3 fichiers"),
        ([A, B, C, D, E, F], 6, RESIDENCE, "Ce document accepte au plus 6 fichiers"),
        ([A], 1, "Photographie", "Ce document accepte au plus 1 fichier et"),
    ],
)
def test_over_the_limit(existing: list[str], max_files: int, label: str, expected: str) -> None:
    with pytest.raises(IngestError) as caught:
        check_can_add(existing, G, max_files, label)
    assert caught.value.reason == "slot_full"
    assert str(caught.value).startswith(expected)
    assert f"« {label} »" in str(caught.value)


@pytest.mark.parametrize("existing", [[A], [B, A], [A, B, C]])
def test_same_file_twice(existing: list[str]) -> None:
    with pytest.raises(IngestError) as caught:
        check_can_add(existing, A.upper(), DEFAULT_MAX_FILES, "Justificatif de domicile")
    assert caught.value.reason == "duplicate"
    assert str(caught.value).startswith(
        "Ce fichier est déjà joint à « Justificatif de domicile »"
    )


def test_bad_limit() -> None:
    with pytest.raises(ValueError):
        check_can_add([], A, 0, "x")
