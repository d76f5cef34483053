"""The zones the `zones`-marked tests run in, and an instant whose local date differs in them.

Each test module marked `pytest.mark.zones` runs every test that reaches the `zone` fixture
(tests/conftest.py) in WITA and again in WIB, with the services built in that zone as if
IKM_TIMEZONE said so. Tests at ACROSS_MIDNIGHT expect a different date in each: a zone
hard-coded anywhere instead of handed down fails one of the two runs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from survey.zone import WITA

WIB = ZoneInfo("Asia/Jakarta")
ZONES = {"WITA": WITA, "WIB": WIB}

#: 16:30 UTC on 27 November 2026: already 28 November (00:30) in WITA, still 27 November
#: (23:30) in WIB.
ACROSS_MIDNIGHT = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)


def day_across_midnight(zone: tzinfo) -> date:
    """ACROSS_MIDNIGHT's local date, spelled out per zone (not computed, so it checks)."""
    days: dict[tzinfo, date] = {WITA: date(2026, 11, 28), WIB: date(2026, 11, 27)}
    return days[zone]
