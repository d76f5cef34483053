"""The monthly recap's words: each person's own indicators, year to date at the month's end."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING

from bot.chat import texts
from bot.chat.follow_up_answers import due_lines, gap_line
from bot.chat.indicator_answers import indicator_answer, view_for
from scheduler.jobs import Chart
from survey.indicators.definitions import definitions
from survey.indicators.ranges import DateRange, parse_month
from survey.indicators.service import IndicatorService, IndicatorStatus
from survey.people.model import Person, Role
from survey.ports import DomainError
from survey.services import Services

if TYPE_CHECKING:  # matplotlib loads with the first chart, not when `ikm run` starts
    from scoring.chart import Bar


def recap_wording(services: Services) -> Callable[[Person, date], Awaitable[str]]:
    """A recap writer for the scheduler: kabid see their own indicators, the Sekretaris all;
    year to date by the services' clock, in their zone."""
    indicators = services.indicators

    async def recap(person: Person, month: date) -> str:
        span = DateRange.month(month.year, month.month)
        today = indicators.today()
        year_to_date = _year_to_date(span, today)
        body = await indicator_answer(services, person, year_to_date, today)
        header = texts.RECAP_HEADER.format(name=person.name, month=span.label())
        follow_up = await _follow_up(services, person, today)
        return "\n\n".join([header, body, *follow_up])

    return recap


def recap_chart(services: Services) -> Callable[[Person, date], Awaitable[Chart | None]]:
    """The chart of a recap: the person's own indicators (the Sekretaris: the IKU too), value
    against target, year to date; None when none of them has a value yet."""
    indicators = services.indicators

    async def chart(person: Person, month: date) -> Chart | None:
        from scoring.chart import render_indicator_chart

        span = DateRange.month(month.year, month.month)
        today = indicators.today()
        year_to_date = _year_to_date(span, today)
        scopes = view_for(person).full
        statuses = await indicators.overview(
            year_to_date.start, year_to_date.end, today=today, scopes=scopes
        )
        bars = [_bar(status) for status in statuses]
        if person.role is Role.SEKRETARIS:
            bars.insert(0, await _iku_bar(services, indicators, month.year))
        if all(bar.value is None for bar in bars):
            return None
        title = texts.RECAP_CHART_TITLE.format(span=year_to_date.label())
        png = await asyncio.to_thread(render_indicator_chart, bars, title)
        caption = texts.RECAP_CHART_CAPTION.format(month=span.label())
        return Chart(png, caption, f"rekap-{month:%Y-%m}.png")

    return chart


async def _follow_up(services: Services, person: Person, today: date) -> list[str]:
    """The Sekretaris: the weakest unsur of the latest shown results still without an action;
    a kabid: their bidang's follow-up actions overdue or due this month. Each a paragraph."""
    if person.role is Role.SEKRETARIS:
        try:
            plan = await services.follow_ups.plan()
            answer = await services.results.period_result(plan.period)
        except DomainError:  # no period with shown results: nothing to follow up yet
            return []
        gap = await gap_line(services.follow_ups, answer)
        return [] if gap is None else [gap]
    if person.role is Role.KABID and person.bidang:
        actions = await services.follow_ups.open_for(person.bidang)
        lines = due_lines(person.bidang, actions, today)
        return ["\n".join(lines)] if lines else []
    return []


def _year_to_date(span: DateRange, today: date) -> DateRange:
    """From 1 January of the month's year to the month's end (or today, if sooner)."""
    if span.start > today:
        raise DomainError(texts.MONTH_NOT_BEGUN.format(month=span.label()))
    return DateRange(date(span.start.year, 1, 1), min(span.end, today))


def _bar(status: IndicatorStatus) -> Bar:
    from scoring.chart import Bar

    label = f"{status.code} {definitions().get(status.code).short_name}"
    if status.value.bidang is not None:
        label += f" ({status.value.bidang})"
    return Bar(label, status.value.percent, status.target)


async def _iku_bar(services: Services, indicators: IndicatorService, year: int) -> Bar:
    """The current period's IKM skor against the year's IKU target (no value while hidden)."""
    from scoring.chart import Bar

    try:
        answer = await services.results.period_result()
    except DomainError:
        answer = None
    score = None if answer is None or answer.result is None else answer.result.score_display
    targets = await indicators.targets(year) if _in_decree(year) else []
    target = next((t.value for t in targets if t.code == "IKU"), None)
    return Bar(texts.RECAP_CHART_IKU, score, target)


def _in_decree(year: int) -> bool:
    return definitions().first_year <= year <= definitions().last_year


def month_of(text: str) -> date:
    """`2026-10` → 1 October 2026 (DomainError on anything else)."""
    span = parse_month(text)
    return span.start
