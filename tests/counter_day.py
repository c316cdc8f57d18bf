"""The day the tests' counter works on: a fixed clock, so no test depends on the real date.

Mid-June 2026: the walks' minors (born 2009) are 16 or 17, the adults of the demo cases
adults, whatever day the suite runs.
"""

from __future__ import annotations

from datetime import datetime

from anef_tui.clock import fixed_clock

NOW = datetime(2026, 6, 15, 10, 30)
TODAY = NOW.date()
CLOCK = fixed_clock(NOW)
