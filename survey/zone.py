"""The institution's time zone: instants are stored in UTC and become local dates in it.

WITA (Asia/Makassar, the Sekretariat's own zone) is the default of IKM_TIMEZONE and of each
service's `zone` parameter; the composition root always passes the configured zone down
through `Services.build`, so a secretariat elsewhere (WIB, WIT) gets its own dates.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")
