"""The errors the domain raises for the counter to read: each message is French and
says what to do; none carries an applicant's data.

Kept apart from the storage so that a screen can catch them without loading the
database library.
"""

from __future__ import annotations


class StorageError(Exception):
    """The database cannot be used; the message says why and what to do, in French."""


class CaseLocked(StorageError):
    """A deposited or abandoned case was about to be modified."""


class CaseConflict(StorageError):
    """Another desk saved this case since it was read here: nothing was written."""


class DepositRefused(Exception):
    """The case is not complete: the message names the steps still to validate."""
