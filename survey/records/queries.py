"""Reading the records inside a transaction: listings, and lookups by what people type."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.records.model import Meeting, Task, Training, meeting_of, task_of, training_of
from survey.records.tables import AttendanceRow, MeetingRow, TaskReportRow, TaskRow, TrainingRow


async def attendee_count(session: AsyncSession, training_id: int) -> int:
    """How many members are recorded as attending a training."""
    query = select(func.count()).where(AttendanceRow.training_id == training_id)
    return (await session.exec(query)).one()


async def training_list(session: AsyncSession) -> list[Training]:
    """Every training, newest first, with its attendee count."""
    counts = (
        select(AttendanceRow.training_id, func.count().label("n"))
        .group_by(col(AttendanceRow.training_id))
        .subquery()
    )
    query = (
        select(TrainingRow, counts.c.n)
        .outerjoin(counts, counts.c.training_id == TrainingRow.id)
        .order_by(col(TrainingRow.starts_on).desc(), col(TrainingRow.id).desc())
    )
    return [training_of(row, n or 0) for row, n in (await session.exec(query)).all()]


async def task_list(
    session: AsyncSession, *, bidang: str | None, due_from: date | None, due_to: date | None
) -> list[Task]:
    """Tasks by due date, with their reports; optionally of one bidang or a due-date range."""
    query = (
        select(TaskRow, TaskReportRow)
        .outerjoin(TaskReportRow, col(TaskReportRow.task_id) == TaskRow.id)
        .order_by(col(TaskRow.due_on), col(TaskRow.id))
    )
    if bidang is not None:
        query = query.where(TaskRow.bidang == " ".join(bidang.split()).lower())
    if due_from is not None:
        query = query.where(TaskRow.due_on >= due_from)
    if due_to is not None:
        query = query.where(TaskRow.due_on <= due_to)
    return [task_of(task, report) for task, report in (await session.exec(query)).all()]


async def meeting_list(session: AsyncSession, year: int | None) -> list[Meeting]:
    """Meetings by planned date; optionally those planned in one year."""
    query = select(MeetingRow).order_by(col(MeetingRow.planned_on), col(MeetingRow.id))
    if year is not None:
        query = query.where(
            MeetingRow.planned_on >= date(year, 1, 1), MeetingRow.planned_on <= date(year, 12, 31)
        )
    return [meeting_of(row) for row in await session.exec(query)]


async def find_training(
    session: AsyncSession, name: str, starts_on: date, ends_on: date
) -> Training | None:
    """The training of this name (any case) and dates, if recorded."""
    query = select(TrainingRow).where(
        func.lower(TrainingRow.name) == name.lower(),
        TrainingRow.starts_on == starts_on,
        TrainingRow.ends_on == ends_on,
    )
    row = (await session.exec(query.order_by(col(TrainingRow.id)))).first()
    return None if row is None else training_of(row, await attendee_count(session, row.id or 0))


async def find_task(session: AsyncSession, name: str, bidang: str, due_on: date) -> Task | None:
    """The task of this name (any case), bidang and due date, with its report."""
    query = (
        select(TaskRow, TaskReportRow)
        .outerjoin(TaskReportRow, col(TaskReportRow.task_id) == TaskRow.id)
        .where(
            func.lower(TaskRow.name) == name.lower(),
            TaskRow.bidang == bidang,
            TaskRow.due_on == due_on,
        )
        .order_by(col(TaskRow.id))
    )
    found = (await session.exec(query)).first()
    return None if found is None else task_of(*found)


async def find_meeting(session: AsyncSession, agenda: str, planned_on: date) -> Meeting | None:
    """The meeting of this agenda (any case) planned on this date."""
    query = select(MeetingRow).where(
        func.lower(MeetingRow.agenda) == agenda.lower(), MeetingRow.planned_on == planned_on
    )
    row = (await session.exec(query.order_by(col(MeetingRow.id)))).first()
    return None if row is None else meeting_of(row)
