"""The records behind IK1–IK3: trainings and attendance, tasks and reports, Raperda meetings.

Only staf, kabid and the Sekretaris (or the command line) may record. Every change writes an
audit row in the same transaction; its author may undo it within 24 hours.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import date, tzinfo
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from survey.ports import Clock, DomainError, UnitOfWork
from survey.records.audit import check_recorder, entries
from survey.records.importing.service import ImportReport, Kind, import_records
from survey.records.manage import change_record, delete_record, parse_number
from survey.records.model import (
    RACED,
    Actor,
    AttendanceResult,
    AuditEntry,
    Meeting,
    Task,
    TaskReport,
    Training,
)
from survey.records.ops import Recorder
from survey.records.queries import meeting_list, task_list, training_list
from survey.records.undo import undo_change
from survey.tables import utcnow
from survey.zone import WITA

__all__ = [
    "Actor",
    "AttendanceResult",
    "AuditEntry",
    "Meeting",
    "RecordService",
    "Task",
    "TaskReport",
    "Training",
]


class RecordService:
    """Records, corrects and lists the activity records; one transaction per call."""

    def __init__(self, db: UnitOfWork, clock: Clock = utcnow, *, zone: tzinfo = WITA) -> None:
        self.db = db
        self.clock = clock
        self.zone = zone  # a member leaves office on the local date of their deactivation

    @asynccontextmanager
    async def _recording(self, actor: Actor) -> AsyncIterator[Recorder]:
        try:
            async with self.db.transaction() as session:
                label = await check_recorder(session, actor)
                yield Recorder(session, actor=label, now=self.clock(), zone=self.zone)
        except IntegrityError:  # a racing call recorded the same thing first (PostgreSQL)
            raise DomainError(RACED) from None

    async def add_training(
        self,
        actor: Actor,
        *,
        name: str,
        starts_on: date,
        ends_on: date,
        organiser: str | None = None,
    ) -> Training:
        """Record a training; attendees are added with `attend`."""
        async with self._recording(actor) as recorder:
            return await recorder.add_training(
                name=name, starts_on=starts_on, ends_on=ends_on, organiser=organiser
            )

    async def attend(
        self, actor: Actor, training_id: int, person_ids: Sequence[int]
    ) -> AttendanceResult:
        """Add attendees: members in office on the training's start; already recorded is fine."""
        async with self._recording(actor) as recorder:
            return await recorder.attend(training_id, person_ids)

    async def add_task(
        self, actor: Actor, *, name: str, kind: str, bidang: str, due_on: date
    ) -> Task:
        """Record a planned task that needs a report."""
        async with self._recording(actor) as recorder:
            return await recorder.add_task(name=name, kind=kind, bidang=bidang, due_on=due_on)

    async def report(
        self, actor: Actor, task_id: int, *, received_on: date, received_by: str
    ) -> TaskReport:
        """Record the report received for a task (one per task)."""
        async with self._recording(actor) as recorder:
            return await recorder.report(task_id, received_on=received_on, received_by=received_by)

    async def plan_meeting(self, actor: Actor, *, agenda: str, planned_on: date) -> Meeting:
        """Record a planned Raperda meeting."""
        async with self._recording(actor) as recorder:
            return await recorder.plan_meeting(agenda=agenda, planned_on=planned_on)

    async def facilitate(
        self,
        actor: Actor,
        meeting_id: int,
        *,
        held_on: date,
        standard_met: bool,
        missed_items: Sequence[str],
    ) -> Meeting:
        """Record how a meeting was held, within its plan year; a second call corrects it."""
        async with self._recording(actor) as recorder:
            return await recorder.facilitate(
                meeting_id, held_on=held_on, standard_met=standard_met, items=missed_items
            )

    async def undo(self, actor: Actor, audit_id: int) -> str:
        """Undo one's own latest change to a record within 24 hours; says what was undone."""
        async with self._recording(actor) as recorder:
            return await undo_change(
                recorder.session, actor=recorder.actor, now=recorder.now, audit_id=audit_id
            )

    async def delete(self, actor: Actor, number: str) -> int:
        """Delete the record numbered `number` (P12, T3, R5) with what hangs on it; how many
        rows went, each in the audit log."""
        kind, record_id = parse_number(number)
        async with self._recording(actor) as recorder:
            return await delete_record(recorder, kind, record_id)

    async def change(
        self,
        actor: Actor,
        number: str,
        values: Mapping[str, str],
        *,
        bidang_extra: Iterable[str] = (),
    ) -> bool:
        """Correct columns of the record numbered `number` under the rules of a new one."""
        kind, record_id = parse_number(number)
        async with self._recording(actor) as recorder:
            return await change_record(
                recorder, kind, record_id, values, bidang_extra=bidang_extra
            )

    async def import_file(
        self,
        kind: Kind,
        path: Path,
        *,
        dry_run: bool,
        actor: Actor = "cli",
        extra_bidang: Iterable[str] = (),
    ) -> ImportReport:
        """Import a CSV or XLSX file of records, all rows or none
        (survey/records/importing/service.py), dated by this service's clock in its zone."""
        return await import_records(
            self.db,
            kind,
            path,
            dry_run=dry_run,
            actor=actor,
            clock=self.clock,
            zone=self.zone,
            extra_bidang=extra_bidang,
        )

    async def log(self, *, limit: int = 50, entity: str | None = None) -> list[AuditEntry]:
        """The audit log, newest first; `entity` is one of pelatihan, kehadiran, tugas, …"""
        async with self.db.transaction() as session:
            return await entries(session, limit=limit, entity=entity)

    async def trainings(self) -> list[Training]:
        """Every training, newest first, with its attendee count."""
        async with self.db.transaction() as session:
            return await training_list(session)

    async def tasks(
        self,
        *,
        bidang: str | None = None,
        due_from: date | None = None,
        due_to: date | None = None,
    ) -> list[Task]:
        """Tasks by due date with their reports, optionally of one bidang or date range."""
        async with self.db.transaction() as session:
            return await task_list(session, bidang=bidang, due_from=due_from, due_to=due_to)

    async def meetings(self, year: int | None = None) -> list[Meeting]:
        """Meetings by planned date, optionally those planned in `year`."""
        async with self.db.transaction() as session:
            return await meeting_list(session, year)
