"""What each recorder should record before it is late: the weekly reminder's items, by person.

A kabid hears about their own bidang only: the tasks of their bidang (IK2), and the meetings
(IK3) and trainings (IK1) when the decree makes their bidang answer for that indicator. Staf of
a bidang who opted in hear the same as their kabid; the Sekretaris hears about everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.indicators.definitions import owned_scopes
from survey.people.model import Person, Role
from survey.people.roster import person_of
from survey.ports import DomainError, UnitOfWork
from survey.records.flow.model import FlowKind
from survey.records.follow_up.model import FollowUpStatus
from survey.records.follow_up.tables import FollowUpRow
from survey.records.reminder_tables import ReminderSettingRow
from survey.records.tables import AttendanceRow, MeetingRow, TaskReportRow, TaskRow, TrainingRow
from survey.tables import PersonRow, utcnow

#: Tasks due within this many days from today (today included) without a report.
AHEAD = timedelta(days=7)
#: How far back an overdue task or a missed meeting is still worth a reminder.
BEHIND = timedelta(days=90)
#: Trainings that ended within this many days with no attendance recorded.
TRAINING_WINDOW = timedelta(days=30)
#: How long `/pengingat bisu` mutes the reminder.
MUTE = timedelta(days=30)


class DueKind(StrEnum):
    """Why an item is in the reminder (the order is the reminder's order)."""

    OVERDUE = "terlambat"
    TASK_DUE = "tugas"
    MEETING = "rapat"
    TRAINING = "pelatihan"
    FOLLOW_UP = "tindak lanjut"


FLOW_OF = {
    DueKind.OVERDUE: FlowKind.REPORT,
    DueKind.TASK_DUE: FlowKind.REPORT,
    DueKind.MEETING: FlowKind.MEETING,
    DueKind.TRAINING: FlowKind.TRAINING,
    DueKind.FOLLOW_UP: FlowKind.FOLLOW_UP,
}


@dataclass(frozen=True)
class DueItem:
    """A record to make: which kind, the record's id, its name and its date (due, planned, or
    the training's last day)."""

    kind: DueKind
    record_id: int
    name: str
    day: date

    @property
    def flow(self) -> FlowKind:
        """The recording flow that records it."""
        return FLOW_OF[self.kind]


@dataclass(frozen=True)
class Digest:
    """One person's reminder: the items due, in order."""

    person: Person
    items: tuple[DueItem, ...]


@dataclass(frozen=True)
class Scope:
    """What a person hears about: tasks of `bidang` (None: every bidang), meetings, trainings,
    and the follow-up actions of `bidang` (kabid and the Sekretaris, who may update them)."""

    bidang: str | None
    meetings: bool
    trainings: bool
    follow_ups: bool = False


def scope_of(person: Person) -> Scope | None:
    """The reminder's scope for a person; None for those who never get it (anggota, staf and
    kabid without a bidang)."""
    if person.role is Role.SEKRETARIS:
        return Scope(None, True, True, follow_ups=True)
    if person.role not in (Role.KABID, Role.STAF) or not person.bidang:
        return None
    bidang = " ".join(person.bidang.split()).lower()
    codes = {code for code, _ in owned_scopes(Role.KABID, bidang)}
    return Scope(bidang, "IK3" in codes, "IK1" in codes, follow_ups=person.role is Role.KABID)


class DueRecords:
    """Reads what is due and keeps each person's reminder setting."""

    def __init__(self, db: UnitOfWork) -> None:
        self.db = db

    async def digests(self, today: date) -> list[Digest]:
        """Every recipient's reminder with at least one item: kabid and the Sekretaris unless
        muted, staf who opted in and are not muted."""
        async with self.db.transaction() as session:
            found = []
            for person in await _recipients(session, today):
                items = await _items(session, person, today)
                if items:
                    found.append(Digest(person, items))
            return found

    async def digest(self, person: Person, today: date) -> Digest:
        """A person's items today, whatever their setting (empty when they have none)."""
        async with self.db.transaction() as session:
            return Digest(person, await _items(session, person, today))

    async def receives(self, person: Person, today: date) -> bool:
        """Whether the person gets the weekly reminder now (role, opt-in, not muted)."""
        async with self.db.transaction() as session:
            return any(p.id == person.id for p in await _recipients(session, today))

    async def opt(self, person: Person, on: bool) -> None:
        """Staf opt in (or out); anyone's `on` also ends a mute."""
        if scope_of(person) is None:
            raise DomainError("pengingat hanya untuk staf dan Kepala Bidang yang punya bidang")
        async with self.db.transaction() as session:
            row = await _setting(session, person.id)
            row.opted_in = on
            if on:
                row.muted_until = None
            row.updated_at = utcnow()
            session.add(row)

    async def mute(self, person: Person, today: date) -> date:
        """Mute the reminder for a month; the last muted day."""
        if not await self.receives(person, today):
            raise DomainError("Anda tidak menerima pengingat mingguan")
        until = today + MUTE
        async with self.db.transaction() as session:
            row = await _setting(session, person.id)
            row.muted_until, row.updated_at = until, utcnow()
            session.add(row)
        return until


async def _setting(session: AsyncSession, person_id: int) -> ReminderSettingRow:
    row = await session.get(ReminderSettingRow, person_id, with_for_update=True)
    return row or ReminderSettingRow(person_id=person_id)


async def _recipients(session: AsyncSession, today: date) -> list[Person]:
    """Active kabid and Sekretaris, and staf who opted in; none muted today."""
    query = (
        select(PersonRow, ReminderSettingRow)
        .outerjoin(ReminderSettingRow, col(ReminderSettingRow.person_id) == PersonRow.id)
        .where(col(PersonRow.active).is_(True))
        .where(col(PersonRow.role).in_([Role.KABID.value, Role.SEKRETARIS.value, Role.STAF.value]))
        .order_by(col(PersonRow.id))
    )
    people = []
    for row, setting in await session.exec(query):
        person = person_of(row)
        muted_until = None if setting is None else setting.muted_until
        if muted_until is not None and muted_until >= today:
            continue
        if person.role is Role.STAF and (setting is None or not setting.opted_in):
            continue
        if scope_of(person) is not None:
            people.append(person)
    return people


async def _items(session: AsyncSession, person: Person, today: date) -> tuple[DueItem, ...]:
    scope = scope_of(person)
    if scope is None:
        return ()
    items = await _tasks(session, scope, today)
    if scope.meetings:
        items += await _meetings(session, today)
    if scope.trainings:
        items += await _trainings(session, today)
    if scope.follow_ups:
        items += await _follow_ups(session, scope, today)
    order = list(DueKind)
    return tuple(sorted(items, key=lambda i: (order.index(i.kind), i.day, i.record_id)))


async def _tasks(session: AsyncSession, scope: Scope, today: date) -> list[DueItem]:
    """Tasks without a report: overdue (within BEHIND) and due within AHEAD."""
    query = (
        select(TaskRow)
        .outerjoin(TaskReportRow, col(TaskReportRow.task_id) == TaskRow.id)
        .where(col(TaskReportRow.id).is_(None))
        .where(TaskRow.due_on >= today - BEHIND, TaskRow.due_on < today + AHEAD)
    )
    if scope.bidang is not None:
        query = query.where(TaskRow.bidang == scope.bidang)
    return [
        DueItem(
            DueKind.OVERDUE if task.due_on < today else DueKind.TASK_DUE,
            task.id or 0,
            task.name,
            task.due_on,
        )
        for task in await session.exec(query)
    ]


async def _meetings(session: AsyncSession, today: date) -> list[DueItem]:
    """Planned meetings whose date passed (within BEHIND) without a record of being held."""
    query = select(MeetingRow).where(
        col(MeetingRow.held_on).is_(None),
        MeetingRow.planned_on < today,
        MeetingRow.planned_on >= today - BEHIND,
    )
    return [
        DueItem(DueKind.MEETING, m.id or 0, m.agenda, m.planned_on)
        for m in await session.exec(query)
    ]


async def _trainings(session: AsyncSession, today: date) -> list[DueItem]:
    """Trainings that ended within TRAINING_WINDOW (up to today) with nobody recorded."""
    attended = select(AttendanceRow.training_id).where(AttendanceRow.training_id == TrainingRow.id)
    query = select(TrainingRow).where(
        TrainingRow.ends_on <= today,
        TrainingRow.ends_on >= today - TRAINING_WINDOW,
        ~attended.exists(),
    )
    return [
        DueItem(DueKind.TRAINING, t.id or 0, t.name, t.ends_on) for t in await session.exec(query)
    ]


async def _follow_ups(session: AsyncSession, scope: Scope, today: date) -> list[DueItem]:
    """Follow-up actions not done: overdue (within BEHIND) and due within AHEAD."""
    query = select(FollowUpRow).where(
        FollowUpRow.status != FollowUpStatus.DONE.value,
        FollowUpRow.due_on >= today - BEHIND,
        FollowUpRow.due_on < today + AHEAD,
    )
    if scope.bidang is not None:
        query = query.where(FollowUpRow.bidang == scope.bidang)
    return [
        DueItem(DueKind.FOLLOW_UP, row.id or 0, row.action, row.due_on)
        for row in await session.exec(query)
    ]
