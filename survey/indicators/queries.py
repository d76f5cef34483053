"""The counts behind IK1–IK3 and the lists of what to act on, each one SQL statement.

Who is in office: an anggota who is active, or whose deactivation (an instant, read as its local
date) falls after the range's first day. That is, a member counts for a range when in office on
its first day: a member who leaves office in June counts for the whole year (they served part of
it, and could attend a training before leaving) and for January–May, but not for July. A member
who leaves on day D is out of office from D on (the rule the records follow), so leaving on the
range's first day means not counting. When a person was put on the roster does not matter: an
import date is not an office date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import ColumnElement, and_, case, exists, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from scoring.indicators import (
    Ratio,
    meeting_facilitation,
    task_completion,
    training_participation,
)
from survey.indicators.ranges import DateRange
from survey.people.model import Role
from survey.records.tables import AttendanceRow, MeetingRow, TaskReportRow, TaskRow, TrainingRow
from survey.tables import PersonRow


@dataclass(frozen=True)
class OverdueTask:
    """A planned task past its due date without a report."""

    name: str
    due_on: date
    bidang: str


@dataclass(frozen=True)
class MeetingShortfall:
    """A Raperda meeting held below standard, with the checklist items it missed."""

    agenda: str
    held_on: date
    missed_items: tuple[str, ...]


@dataclass(frozen=True)
class MeetingNotHeld:
    """A planned Raperda meeting whose date passed with no record of it being held."""

    agenda: str
    planned_on: date


def in_office(start: date, zone: tzinfo) -> ColumnElement[bool]:
    """Anggota in office on `start` (local): active, or deactivated on a later local date."""
    next_day = datetime.combine(start + timedelta(days=1), time(), zone)
    return and_(
        col(PersonRow.role) == Role.ANGGOTA,
        or_(col(PersonRow.active).is_(True), col(PersonRow.deactivated_at) >= next_day),
    )


def _trained_in(span: DateRange) -> ColumnElement[bool]:
    """The person attended a training that started within `span`."""
    return exists(
        select(AttendanceRow.person_id)
        .join(TrainingRow, col(TrainingRow.id) == col(AttendanceRow.training_id))
        .where(
            col(AttendanceRow.person_id) == col(PersonRow.id),
            col(TrainingRow.starts_on).between(span.start, span.end),
        )
    )


async def count_ik1(session: AsyncSession, span: DateRange, zone: tzinfo) -> Ratio:
    """IK1's counts: members in office, and those of them trained in the range (distinct)."""
    query = (
        select(func.count(), func.count(case((_trained_in(span), 1))))
        .select_from(PersonRow)
        .where(in_office(span.start, zone))
    )
    members, trained = (await session.exec(query)).one()
    return training_participation(int(trained), int(members))


def _tasks_due(span: DateRange, bidang: str | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [col(TaskRow.due_on).between(span.start, span.end)]
    if bidang is not None:
        where.append(func.lower(col(TaskRow.bidang)) == bidang.casefold())
    return where


async def count_ik2(session: AsyncSession, span: DateRange, bidang: str | None) -> Ratio:
    """IK2's counts: tasks due in the range (of one bidang, if given), and those reported."""
    query = (
        select(func.count(col(TaskRow.id)), func.count(col(TaskReportRow.id)))
        .select_from(TaskRow)
        .outerjoin(TaskReportRow, col(TaskReportRow.task_id) == col(TaskRow.id))
        .where(*_tasks_due(span, bidang))
    )
    due, reported = (await session.exec(query)).one()
    return task_completion(int(reported), int(due))


async def count_ik3(session: AsyncSession, span: DateRange) -> Ratio:
    """IK3's counts: meetings planned in the range, and those held and facilitated to standard."""
    to_standard = and_(
        col(MeetingRow.held_on).is_not(None), col(MeetingRow.standard_met).is_(True)
    )
    query = select(func.count(), func.count(case((to_standard, 1)))).where(
        col(MeetingRow.planned_on).between(span.start, span.end)
    )
    planned, held = (await session.exec(query)).one()
    return meeting_facilitation(int(held), int(planned))


async def untrained(session: AsyncSession, span: DateRange, zone: tzinfo) -> tuple[str, ...]:
    """Names of the members in office in `span` who attended no training within it."""
    query = (
        select(col(PersonRow.name))
        .where(in_office(span.start, zone), ~_trained_in(span))
        .order_by(col(PersonRow.name))
    )
    return tuple(await session.exec(query))


async def overdue_tasks(
    session: AsyncSession, span: DateRange, today: date, bidang: str | None
) -> tuple[OverdueTask, ...]:
    """Tasks due in `span` before `today` that have no report, oldest first."""
    query = (
        select(col(TaskRow.name), col(TaskRow.due_on), col(TaskRow.bidang))
        .outerjoin(TaskReportRow, col(TaskReportRow.task_id) == col(TaskRow.id))
        .where(
            *_tasks_due(span, bidang),
            col(TaskRow.due_on) < today,
            col(TaskReportRow.id).is_(None),
        )
        .order_by(col(TaskRow.due_on), col(TaskRow.name))
    )
    return tuple(OverdueTask(*row) for row in await session.exec(query))


async def meetings_below_standard(
    session: AsyncSession, span: DateRange
) -> tuple[MeetingShortfall, ...]:
    """Meetings planned in `span`, held, and not to standard, in the order they were held."""
    query = (
        select(col(MeetingRow.agenda), col(MeetingRow.held_on), col(MeetingRow.missed_items))
        .where(
            col(MeetingRow.planned_on).between(span.start, span.end),
            col(MeetingRow.held_on).is_not(None),
            col(MeetingRow.standard_met).is_(False),
        )
        .order_by(col(MeetingRow.held_on), col(MeetingRow.agenda))
    )
    rows = await session.exec(query)
    return tuple(
        MeetingShortfall(agenda, held, tuple(i for i in items.split("\n") if i.strip()))
        for agenda, held, items in rows
        if held is not None
    )


async def meetings_not_held(
    session: AsyncSession, span: DateRange, today: date
) -> tuple[MeetingNotHeld, ...]:
    """Meetings planned in `span` before `today` with no record of being held, oldest first:
    either they were never held or nobody recorded it, and IK3 counts them as not to standard."""
    query = (
        select(col(MeetingRow.agenda), col(MeetingRow.planned_on))
        .where(
            col(MeetingRow.planned_on).between(span.start, span.end),
            col(MeetingRow.planned_on) < today,
            col(MeetingRow.held_on).is_(None),
        )
        .order_by(col(MeetingRow.planned_on), col(MeetingRow.agenda))
    )
    return tuple(MeetingNotHeld(agenda, planned) for agenda, planned in await session.exec(query))
