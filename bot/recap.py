"""The monthly recap's words: each person's own indicators, year to date at the month's end."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, tzinfo

from bot import texts
from bot.indicator_answers import indicator_answer
from survey.indicator_ranges import DateRange, parse_month
from survey.indicators import IndicatorService
from survey.people import Person
from survey.ports import Clock, DomainError
from survey.services import Services


def recap_wording(
    services: Services, zone: tzinfo, clock: Clock
) -> Callable[[Person, date], Awaitable[str]]:
    """A recap writer for the scheduler: kabid see their own indicators, the Sekretaris all."""
    indicators = IndicatorService(services.roster.db, clock, zone)

    async def recap(person: Person, month: date) -> str:
        span = DateRange.month(month.year, month.month)
        today = clock().astimezone(zone).date()
        if span.start > today:
            raise DomainError(f"bulan {span.label()} belum dimulai")
        year_to_date = DateRange(date(month.year, 1, 1), min(span.end, today))
        body = await indicator_answer(indicators, services.results, person, year_to_date, today)
        return texts.RECAP_HEADER.format(name=person.name, month=span.label()) + "\n\n" + body

    return recap


def month_of(text: str) -> date:
    """`2026-10` → 1 October 2026 (DomainError on anything else)."""
    span = parse_month(text)
    return span.start
