"""What the recording flows read from the database, handed to their pure steps as plain data.

The service reads these before a step (survey/records/flow/reads.py) for the kinds in play: the
flow in progress and the one asked for. A step that needs facts nobody read is a bug of ours:
`MissingFacts`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TypeVar

from survey.people.model import Person, Role
from survey.records.follow_up.model import ElementScore, FollowUp
from survey.records.model import Meeting, Task, Training

T = TypeVar("T")


class MissingFacts(RuntimeError):
    """A step needed facts of a kind the service did not read (a bug, never the user's)."""


@dataclass(frozen=True)
class RosterEntry:
    """A roster person as the attendance rule reads them."""

    id: int
    name: str
    role: str
    active: bool
    deactivated_at: datetime | None


@dataclass(frozen=True)
class TrainingFacts:
    """Every training (newest first), everyone on the roster (by name), who attended what."""

    trainings: tuple[Training, ...] = ()
    people: tuple[RosterEntry, ...] = ()
    attended: Mapping[int, frozenset[int]] = field(default_factory=dict)

    def training(self, key: int) -> Training | None:
        """The training with id `key`, if any."""
        return next((t for t in self.trainings if t.id == key), None)

    def person(self, key: int) -> RosterEntry | None:
        """The roster person with id `key`, if any."""
        return next((p for p in self.people if p.id == key), None)


@dataclass(frozen=True)
class ReportFacts:
    """Every task of the work plan (by due date) with its report once received."""

    tasks: tuple[Task, ...] = ()

    def task(self, key: int) -> Task | None:
        """The task with id `key`, if any."""
        return next((t for t in self.tasks if t.id == key), None)


@dataclass(frozen=True)
class MeetingFacts:
    """Every Raperda meeting (by planned date)."""

    meetings: tuple[Meeting, ...] = ()

    def meeting(self, key: int) -> Meeting | None:
        """The meeting with id `key`, if any."""
        return next((m for m in self.meetings if m.id == key), None)


@dataclass(frozen=True)
class PeriodFacts:
    """A survey period a follow-up flow is bound to: its actions and its unsur's NRR."""

    id: int
    name: str
    actions: tuple[FollowUp, ...] = ()
    scores: tuple[ElementScore, ...] = ()


@dataclass(frozen=True)
class FollowUpFacts:
    """The periods in play, the bidang an action may belong to, and which period a new flow
    binds to: the latest shown (`shown`, else why not: `not_shown`), or a reminded action's."""

    periods: Mapping[int, PeriodFacts] = field(default_factory=dict)
    bidang: tuple[str, ...] = ()
    shown: int | None = None
    not_shown: str = ""
    bound: int | None = None


@dataclass(frozen=True)
class Facts:
    """Who records, their local today and zone, and what each kind in play needs."""

    person: Person
    today: date
    zone: tzinfo
    settled: str | None = None  # a reminder's record made meanwhile: its name
    training: TrainingFacts | None = None
    report: ReportFacts | None = None
    meeting: MeetingFacts | None = None
    follow_up: FollowUpFacts | None = None

    def trainings(self) -> TrainingFacts:
        """The training facts (MissingFacts when not read)."""
        return _present(self.training, "pelatihan")

    def reports(self) -> ReportFacts:
        """The task facts (MissingFacts when not read)."""
        return _present(self.report, "laporan")

    def meetings(self) -> MeetingFacts:
        """The meeting facts (MissingFacts when not read)."""
        return _present(self.meeting, "rapat")

    def follow_ups(self) -> FollowUpFacts:
        """The follow-up facts (MissingFacts when not read)."""
        return _present(self.follow_up, "tindaklanjut")

    def open_tasks(self) -> list[Task]:
        """Tasks without a report by due date, oldest first; a kabid's own bidang first."""
        own = (self.person.bidang or "").lower() if self.person.role is Role.KABID else None
        waiting = [t for t in self.reports().tasks if t.report is None]
        return sorted(waiting, key=lambda t: (t.bidang != own, t.due_on, t.id))


def _present(facts: T | None, kind: str) -> T:
    if facts is None:
        raise MissingFacts(kind)
    return facts
