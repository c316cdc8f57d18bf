"""Provides the counter's clock: the one place the application reads the time.

Every rule takes `today` as a parameter; the service and the repository take their
« now » from a `Clock` given at construction, the wall clock by default. Tests give a
fixed clock, so that no assertion depends on the day the suite runs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Aware local time to the second: the deposit date printed is the counter's date."""
    return datetime.now().astimezone().replace(microsecond=0)


def fixed_clock(at: datetime) -> Clock:
    """A clock that always says `at` (made aware in local time if it is naive)."""
    moment = at.astimezone().replace(microsecond=0)
    return lambda: moment
