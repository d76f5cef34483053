"""Record changes inside one transaction, each checked by the rules and written with its audit row.

The service runs one change per transaction; the spreadsheet import runs a whole file in one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.dates import format_date
from survey.people.roster import person_of
from survey.ports import DomainError
from survey.records.audit import audit_row, snapshot
from survey.records.model import (
    Action,
    AttendanceResult,
    Entity,
    Meeting,
    Task,
    TaskReport,
    Training,
    meeting_of,
    report_of,
    task_of,
    training_of,
)
from survey.records.queries import attendee_count
from survey.records.rules import (
    attendance_problem,
    check_held_in_plan_year,
    check_not_future,
    check_span,
    clean_text,
    missed_items,
    optional_text,
)
from survey.records.tables import AttendanceRow, MeetingRow, TaskReportRow, TaskRow, TrainingRow
from survey.tables import PersonRow


class Recorder:
    """Changes records on behalf of `actor` (an audit label) at the instant `now`."""

    def __init__(self, session: AsyncSession, *, actor: str, now: datetime, zone: tzinfo) -> None:
        self.session = session
        self.actor = actor
        self.now = now
        self.zone = zone

    @property
    def today(self) -> date:
        """Today's local date: nothing that happened can be dated after it."""
        return self.now.astimezone(self.zone).date()

    def log(
        self, action: Action, entity: Entity, key: str, before: Any, after: Any = None
    ) -> None:
        """Write the audit row of one change."""
        self.session.add(
            audit_row(
                at=self.now,
                actor=self.actor,
                action=action,
                entity=entity,
                entity_id=key,
                before=before,
                after=after,
            )
        )

    async def added(self, row: TrainingRow | TaskRow | TaskReportRow | MeetingRow) -> int:
        """Insert a new record with its audit row; its id."""
        self.session.add(row)
        await self.session.flush()
        entity = {
            TrainingRow: Entity.TRAINING,
            TaskRow: Entity.TASK,
            TaskReportRow: Entity.REPORT,
            MeetingRow: Entity.MEETING,
        }[type(row)]
        assert row.id is not None
        self.log(Action.ADD, entity, str(row.id), None, snapshot(row))
        return row.id

    async def add_training(
        self, *, name: str, starts_on: date, ends_on: date, organiser: str | None
    ) -> Training:
        """Record a training (no attendees yet)."""
        check_span(starts_on, ends_on)
        check_not_future(ends_on, self.today, "tanggal selesai pelatihan")
        row = TrainingRow(
            name=clean_text(name, "nama pelatihan", 200),
            starts_on=starts_on,
            ends_on=ends_on,
            organiser=optional_text(organiser, "penyelenggara", 200),
            created_at=self.now,
        )
        await self.added(row)
        return training_of(row)

    async def attend(self, training_id: int, person_ids: Sequence[int]) -> AttendanceResult:
        """Add members to a training: all of them are in office on its start, or none is added."""
        training = await self.session.get(TrainingRow, training_id)
        if training is None:
            raise DomainError(f"pelatihan #{training_id} tidak ada")
        wanted = list(dict.fromkeys(person_ids))
        query = select(PersonRow).where(col(PersonRow.id).in_(wanted))
        people = {row.id: row for row in await self.session.exec(query)}
        problems = [
            f"orang #{pid} tidak ada di roster"
            if pid not in people
            else attendance_problem(people[pid], training.starts_on, self.zone)
            for pid in wanted
        ]
        if any(problems):
            raise DomainError("; ".join(p for p in problems if p))
        query_had = select(AttendanceRow.person_id).where(
            AttendanceRow.training_id == training_id, col(AttendanceRow.person_id).in_(wanted)
        )
        had = set(await self.session.exec(query_had))
        for pid in (pid for pid in wanted if pid not in had):
            row = AttendanceRow(training_id=training_id, person_id=pid, recorded_at=self.now)
            self.session.add(row)
            self.log(Action.ADD, Entity.ATTENDANCE, f"{training_id}/{pid}", None, snapshot(row))
        await self.session.flush()
        return AttendanceResult(
            training_of(training, await attendee_count(self.session, training_id)),
            tuple(person_of(people[pid]) for pid in wanted if pid not in had),
            tuple(person_of(people[pid]) for pid in wanted if pid in had),
        )

    async def add_task(self, *, name: str, kind: str, bidang: str, due_on: date) -> Task:
        """Record a planned task that needs a report."""
        row = TaskRow(
            name=clean_text(name, "nama tugas", 200),
            kind=clean_text(kind, "jenis tugas", 50).lower(),
            bidang=clean_text(bidang, "bidang", 100).lower(),
            due_on=due_on,
            created_at=self.now,
        )
        await self.added(row)
        return task_of(row)

    async def report(self, task_id: int, *, received_on: date, received_by: str) -> TaskReport:
        """Record the report received for a task; a task has at most one."""
        task = await self.session.get(TaskRow, task_id)
        if task is None:
            raise DomainError(f"tugas #{task_id} tidak ada")
        query = select(TaskReportRow).where(TaskReportRow.task_id == task_id)
        earlier = (await self.session.exec(query)).first()
        if earlier is not None:
            raise DomainError(
                f"laporan tugas '{task.name}' sudah dicatat: diterima "
                f"{format_date(earlier.received_on)} oleh {earlier.received_by}"
            )
        check_not_future(received_on, self.today, "tanggal diterima")
        row = TaskReportRow(
            task_id=task_id,
            received_on=received_on,
            received_by=clean_text(received_by, "penerima laporan", 200),
            created_at=self.now,
        )
        await self.added(row)
        return report_of(row)

    async def plan_meeting(self, *, agenda: str, planned_on: date) -> Meeting:
        """Record a meeting of the Bapemperda plan."""
        row = MeetingRow(
            agenda=clean_text(agenda, "agenda rapat", 300),
            planned_on=planned_on,
            created_at=self.now,
        )
        await self.added(row)
        return meeting_of(row)

    async def facilitate(
        self, meeting_id: int, *, held_on: date, standard_met: bool, items: Sequence[str]
    ) -> Meeting:
        """Record (or correct) how a planned meeting was held; unchanged values write nothing."""
        row = await self.session.get(MeetingRow, meeting_id)
        if row is None:
            raise DomainError(f"rapat #{meeting_id} tidak ada")
        check_held_in_plan_year(row.planned_on, held_on)
        check_not_future(held_on, self.today, "tanggal pelaksanaan")
        missed = missed_items(standard_met, items)
        before = snapshot(row)
        row.held_on, row.standard_met, row.missed_items = held_on, standard_met, "\n".join(missed)
        if snapshot(row) != before:
            self.session.add(row)
            self.log(Action.CHANGE, Entity.MEETING, str(meeting_id), before, snapshot(row))
            await self.session.flush()
        return meeting_of(row)
