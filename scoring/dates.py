"""Indonesian date text for reports ("1 Juli 2026"); scoring imports none of our packages."""

from datetime import date, datetime

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def format_day(day: date) -> str:
    """`1 Juli 2026`: a date as Indonesian readers write it."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_moment(moment: datetime) -> str:
    """`27 November 2026 pukul 10.00 WITA`: an aware time in its own zone, named by it."""
    if moment.tzinfo is None:
        raise ValueError("the time must be timezone-aware (in the zone to show)")
    return f"{format_day(moment.date())} pukul {moment:%H.%M} {moment.tzname()}"
