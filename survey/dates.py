"""Dates as people type them: `2026-01-05`, `05/01/2026`, `5 Januari 2026`."""

from __future__ import annotations

import re
from datetime import date

from scoring.dates import MONTHS as MONTH_NAMES
from scoring.dates import format_day
from survey.ports import DomainError

#: The month names as people type them (any case): scoring's names, folded.
MONTHS = [name.casefold() for name in MONTH_NAMES]
MONTH_ALIASES = {name[:3]: i + 1 for i, name in enumerate(MONTHS)} | {"agt": 8, "okt": 10}


def parse_date(text: str) -> date:
    """Parse an ISO, day/month/year or Indonesian written date; DomainError otherwise."""
    raw = text.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", raw):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", raw):
            month = _month(m[2])
            if month:
                return date(int(m[3]), month, int(m[1]))
    except ValueError:
        pass
    raise DomainError(
        f"tanggal tidak dikenali: '{raw}' (contoh: 2026-01-05, 05/01/2026, 5 Januari 2026)"
    )


def _month(word: str) -> int | None:
    word = word.casefold()
    if word in MONTHS:
        return MONTHS.index(word) + 1
    return MONTH_ALIASES.get(word)


def format_date(day: date) -> str:
    """`5 Januari 2026`: how dates are shown to people."""
    return format_day(day)
