"""IK1–IK3 of any date range from the activity records, their yearly targets, and what to act on.

Every value is counted in SQL (survey/indicators/queries.py) and made a percentage by
scoring/indicators.py. Dates are local calendar dates (IKM_TIMEZONE, WITA by default): records
store them as dates, and instants are turned into local dates on input
(survey/indicators/ranges.py `local_date`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from decimal import Decimal

from sqlmodel.ext.asyncio.session import AsyncSession

from scoring.indicators import Ratio, change, meets_target
from survey.indicators.definitions import CODES, IK_CODES, Scope
from survey.indicators.queries import (
    MeetingNotHeld,
    MeetingShortfall,
    OverdueTask,
    count_ik1,
    count_ik2,
    count_ik3,
    meetings_below_standard,
    meetings_not_held,
    overdue_tasks,
    untrained,
)
from survey.indicators.ranges import DateRange
from survey.indicators.targets import (
    Target,
    check_code,
    check_year,
    parse_target,
    store_target,
    year_targets,
)
from survey.ports import Clock, DomainError, UnitOfWork
from survey.tables import utcnow
from survey.zone import WITA, local_date

WHOLE: tuple[Scope, ...] = tuple((code, None) for code in IK_CODES)


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator over a range, of the whole Setwan or (IK2) of one bidang's tasks."""

    code: str
    span: DateRange
    bidang: str | None
    ratio: Ratio

    @property
    def percent(self) -> Decimal | None:
        """The value shown: 2 decimals, half-up; None when it cannot be computed."""
        return self.ratio.percent


@dataclass(frozen=True)
class ActOn:
    """What to act on: members not yet trained this year (IK1), overdue tasks without a report
    (IK2), meetings held below standard and planned ones whose date passed unrecorded (IK3)."""

    untrained: tuple[str, ...] = ()
    overdue: tuple[OverdueTask, ...] = ()
    below_standard: tuple[MeetingShortfall, ...] = ()
    not_held: tuple[MeetingNotHeld, ...] = ()


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator's value against the year's target, its change, and what to act on."""

    value: IndicatorValue
    target: Decimal | None
    previous: IndicatorValue | None = None
    act_on: ActOn = ActOn()

    @property
    def code(self) -> str:
        """IK1, IK2 or IK3."""
        return self.value.code

    @property
    def achieved(self) -> bool | None:
        """Tercapai (value ≥ target), belum (False), or None without a value or a target."""
        return meets_target(self.value.percent, self.target)

    @property
    def change(self) -> Decimal | None:
        """Percentage points since the comparison range, when there is one."""
        before = None if self.previous is None else self.previous.percent
        return change(self.value.percent, before)


def comparison_range(span: DateRange, today: date) -> DateRange | None:
    """What "since last month" compares a requested range with: a month with the month before;
    a range from 1 January to today or later (the year to date, the current year) with
    1 January to the end of last month, once February has begun; anything else with nothing."""
    if span.is_month:
        return span.previous_month()
    year_start = date(today.year, 1, 1)
    if span.start == year_start and span.end >= today and today.month > 1:
        return DateRange(year_start, today.replace(day=1) - timedelta(days=1))
    return None


def effective_range(span: DateRange, today: date) -> DateRange:
    """The range up to today: a task due next week is not late yet, so the days after today are
    not counted; a range that has not begun is refused."""
    if span.start > today:
        raise DomainError(f"rentang {span.label()} belum dimulai")
    return DateRange(span.start, min(span.end, today))


def check_scope(code: str, bidang: str | None) -> Scope:
    """An IK code and an optional bidang, which only IK2 (tasks carry a bidang) accepts."""
    wanted = check_code(code)
    if wanted not in IK_CODES:
        raise DomainError("IKU adalah nilai IKM survei: lihat /ikm")
    if bidang is not None and wanted != "IK2":
        raise DomainError(f"{wanted} tidak dibagi per bidang")
    return wanted, None if bidang is None else bidang.strip().casefold()


class IndicatorService:
    """Computes IK1–IK3 and keeps their targets; one transaction per call."""

    def __init__(self, db: UnitOfWork, clock: Clock = utcnow, zone: tzinfo = WITA) -> None:
        self.db = db
        self.clock = clock
        self.zone = zone

    def today(self) -> date:
        """Today's local date by the service's clock."""
        return local_date(self.clock(), self.zone)

    async def compute(
        self, code: str, start: date, end: date, *, bidang: str | None = None
    ) -> IndicatorValue:
        """IK1, IK2 or IK3 over `start`–`end` (both included); IK2 optionally of one bidang."""
        scope, span = check_scope(code, bidang), DateRange(start, end)
        async with self.db.transaction() as session:
            return await self._value(session, scope, span)

    async def overview(
        self, start: date, end: date, *, today: date, scopes: Sequence[Scope] = WHOLE
    ) -> list[IndicatorStatus]:
        """Each scope (default IK1, IK2, IK3 whole) over the range up to `today`, with the year's
        target (none for a range across two years), the change since last month and what to
        act on."""
        checked = [check_scope(code, bidang) for code, bidang in scopes]
        requested = DateRange(start, end)
        span, before = effective_range(requested, today), comparison_range(requested, today)
        async with self.db.transaction() as session:
            targets: dict[str, Decimal] = {}
            if span.start.year == span.end.year:
                targets = await year_targets(session, span.end.year)
            return [
                IndicatorStatus(
                    await self._value(session, scope, span),
                    targets.get(scope[0]),
                    None if before is None else await self._value(session, scope, before),
                    await self._act_on(session, scope, span, today),
                )
                for scope in checked
            ]

    async def set_target(self, code: str, year: int, value: str) -> Target:
        """Set (or replace) the target of an indicator for a year of the decree."""
        checked, amount = check_code(code), parse_target(code, value)
        check_year(year)
        async with self.db.transaction() as session:
            return await store_target(session, checked, year, amount, self.clock())

    async def targets(self, year: int) -> list[Target]:
        """The four indicators' targets for a year of the decree (None: not set yet)."""
        check_year(year)
        async with self.db.transaction() as session:
            found = await year_targets(session, year)
        return [Target(code, year, found.get(code)) for code in CODES]

    async def _value(self, session: AsyncSession, scope: Scope, span: DateRange) -> IndicatorValue:
        code, bidang = scope
        if code == "IK1":
            ratio = await count_ik1(session, span, self.zone)
        elif code == "IK2":
            ratio = await count_ik2(session, span, bidang)
        else:
            ratio = await count_ik3(session, span)
        return IndicatorValue(code, span, bidang, ratio)

    async def _act_on(
        self, session: AsyncSession, scope: Scope, span: DateRange, today: date
    ) -> ActOn:
        code, bidang = scope
        if code == "IK1":
            year = span.end.year
            so_far = DateRange(date(year, 1, 1), min(date(year, 12, 31), today))
            return ActOn(untrained=await untrained(session, so_far, self.zone))
        if code == "IK2":
            return ActOn(overdue=await overdue_tasks(session, span, today, bidang))
        return ActOn(
            below_standard=await meetings_below_standard(session, span),
            not_held=await meetings_not_held(session, span, today),
        )
