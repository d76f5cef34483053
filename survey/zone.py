"""The institution's time zone: instants are stored in UTC and become local dates in it.

WITA (Asia/Makassar, the Sekretariat's own zone) is the default of IKM_TIMEZONE and of each
service's `zone` parameter; the composition root always passes the configured zone down
through `Services.build`, so a secretariat elsewhere (WIB, WIT) gets its own dates.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")


def local_date(instant: datetime, zone: tzinfo) -> date:
    """The calendar date of an aware instant in `zone`; naive instants are refused."""
    if instant.utcoffset() is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(zone).date()
