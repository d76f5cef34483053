"""Date ranges for the indicators: a month, a year, the year to date, any range (local dates).

Records carry calendar dates in the secretariat's zone (IKM_TIMEZONE, WITA by default). An
instant (a deactivation, a message's time) is turned into its local date with `local_date`
before it meets a range: in WITA 2025-12-31T16:30Z is 1 January 2026, so it belongs to 2026.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from survey.dates import MONTHS, format_date
from survey.ports import DomainError


@dataclass(frozen=True)
class DateRange:
    """From `start` to `end`, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DomainError(
                f"tanggal akhir ({format_date(self.end)}) tidak boleh sebelum "
                f"tanggal awal ({format_date(self.start)})"
            )

    @classmethod
    def month(cls, year: int, month: int) -> DateRange:
        """A calendar month."""
        if not 1 <= month <= 12:
            raise DomainError(f"bulan tidak dikenali: {month}")
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def year(cls, year: int) -> DateRange:
        """A calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def year_to_date(cls, today: date) -> DateRange:
        """1 January of today's year to today."""
        return cls(date(today.year, 1, 1), today)

    @property
    def is_month(self) -> bool:
        """Exactly one calendar month."""
        return self == DateRange.month(self.start.year, self.start.month)

    @property
    def is_year(self) -> bool:
        """Exactly one calendar year."""
        return self == DateRange.year(self.start.year)

    def previous_month(self) -> DateRange:
        """The calendar month before the one this range starts in."""
        before = self.start.replace(day=1) - timedelta(days=1)
        return DateRange.month(before.year, before.month)

    def label(self) -> str:
        """Indonesian: "Oktober 2026", "tahun 2026", "1 Januari – 27 November 2026"."""
        if self.is_month:
            return f"{MONTHS[self.start.month - 1].capitalize()} {self.start.year}"
        if self.is_year:
            return f"tahun {self.start.year}"
        if self.start.year == self.end.year:
            first = format_date(self.start).rsplit(" ", 1)[0]
            return f"{first} – {format_date(self.end)}"
        return f"{format_date(self.start)} – {format_date(self.end)}"


_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_SLASH_MONTH = re.compile(r"(\d{1,2})/(\d{4})")
_WORD_MONTH = re.compile(r"([a-z]+)\s+(\d{4})")
TWO_DATES = re.compile(r"([\d/.-]+)\s+(?:(?:s\.?d\.?|sampai|hingga|-|–)\s+)?([\d/.-]+)")


def parse_month(text: str) -> DateRange:
    """`2026-10`, `10/2026` or `Oktober 2026` as a month; DomainError otherwise."""
    raw = " ".join(text.casefold().split())
    if m := _ISO_MONTH.fullmatch(raw):
        return DateRange.month(int(m[1]), int(m[2]))
    if m := _SLASH_MONTH.fullmatch(raw):
        return DateRange.month(int(m[2]), int(m[1]))
    if (m := _WORD_MONTH.fullmatch(raw)) and m[1] in MONTHS:
        return DateRange.month(int(m[2]), MONTHS.index(m[1]) + 1)
    raise DomainError(f"bulan tidak dikenali: '{text.strip()}' (contoh: 2026-10, Oktober 2026)")
