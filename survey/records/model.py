"""The activity records behind IK1–IK3 as services hand them out, and their audit entries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from survey.people.model import Person, Role
from survey.ports import DomainError

if TYPE_CHECKING:  # the rows only as annotations: a listing needs no tables loaded
    from survey.records.tables import MeetingRow, TaskReportRow, TaskRow, TrainingRow

RECORDER_ROLES = frozenset({Role.STAF, Role.KABID, Role.SEKRETARIS})
NOT_ALLOWED = "Maaf, hanya staf dan Kepala Bidang yang dapat mencatat."
RACED = "catatan yang sama baru saja dicatat orang lain; periksa lalu coba lagi"


class NotARecorder(DomainError):
    """The roster, read now, says this person may not record (a member, or left office)."""

    def __init__(self) -> None:
        super().__init__(NOT_ALLOWED)


Actor = Person | str
"""Who records: a roster person (from a chat), or a label such as "cli" for the command line."""


class Action(StrEnum):
    """What an audit row says was done."""

    ADD = "tambah"
    CHANGE = "ubah"
    DELETE = "hapus"
    UNDO = "batal"


class Entity(StrEnum):
    """The kinds of record, as the audit log names them."""

    TRAINING = "pelatihan"
    ATTENDANCE = "kehadiran"
    TASK = "tugas"
    REPORT = "laporan"
    MEETING = "rapat"
    FOLLOW_UP = "tindaklanjut"


@dataclass(frozen=True)
class Training:
    """A training members can attend (IK1), with how many attended it."""

    id: int
    name: str
    starts_on: date
    ends_on: date
    organiser: str | None
    attendees: int = 0


@dataclass(frozen=True)
class AttendanceResult:
    """What `attend` did: members added now, and members already recorded before."""

    training: Training
    added: tuple[Person, ...]
    already: tuple[Person, ...]


@dataclass(frozen=True)
class TaskReport:
    """The report received for a planned task (IK2)."""

    id: int
    task_id: int
    received_on: date
    received_by: str


@dataclass(frozen=True)
class Task:
    """A task of the DPRD work plan, with its report once received."""

    id: int
    name: str
    kind: str
    bidang: str
    due_on: date
    report: TaskReport | None = None


@dataclass(frozen=True)
class Meeting:
    """A planned Raperda meeting and, once held, how it was facilitated (IK3)."""

    id: int
    agenda: str
    planned_on: date
    held_on: date | None
    standard_met: bool | None
    missed_items: tuple[str, ...]


@dataclass(frozen=True)
class AuditEntry:
    """One audit row: `before`/`after` are the record's fields (dates ISO), None when absent."""

    id: int
    at: datetime
    actor: str
    action: Action
    entity: str
    entity_id: str
    before: Mapping[str, object] | None
    after: Mapping[str, object] | None


def training_of(row: TrainingRow, attendees: int = 0) -> Training:
    """The domain view of a training row."""
    assert row.id is not None
    return Training(row.id, row.name, row.starts_on, row.ends_on, row.organiser, attendees)


def report_of(row: TaskReportRow) -> TaskReport:
    """The domain view of a task report row."""
    assert row.id is not None
    return TaskReport(row.id, row.task_id, row.received_on, row.received_by)


def task_of(row: TaskRow, report: TaskReportRow | None = None) -> Task:
    """The domain view of a task row and its report row, if any."""
    assert row.id is not None
    shown = None if report is None else report_of(report)
    return Task(row.id, row.name, row.kind, row.bidang, row.due_on, shown)


def meeting_of(row: MeetingRow) -> Meeting:
    """The domain view of a meeting row; missed items are stored one per line."""
    assert row.id is not None
    items = tuple(line for line in row.missed_items.split("\n") if line)
    return Meeting(row.id, row.agenda, row.planned_on, row.held_on, row.standard_met, items)


#: The letter before a record's number: `P12` a training, `T3` a task, `R5` a meeting.
PREFIXES = {"P": Entity.TRAINING, "T": Entity.TASK, "R": Entity.MEETING}
LETTERS = {entity: letter for letter, entity in PREFIXES.items()}


def record_number(kind: Entity, record_id: int) -> str:
    """How a record is numbered for people: `P12`, `T3`, `R5`."""
    return f"{LETTERS[kind]}{record_id}"
