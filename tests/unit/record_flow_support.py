"""Facts and helpers for the recording flows' pure tests (no tests here): a small roster, a
training, tasks, meetings and a follow-up period, as the service would read them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

from survey.people.model import Person, Role
from survey.records.flow.actions import Press, decode, encode
from survey.records.flow.facts import (
    Facts,
    FollowUpFacts,
    MeetingFacts,
    PeriodFacts,
    ReportFacts,
    RosterEntry,
    TrainingFacts,
)
from survey.records.flow.machine import FlowEvent, Pressed, Transition, advance
from survey.records.flow.model import Control, FlowScreen, Verb
from survey.records.flow.state import State
from survey.records.follow_up.model import ElementScore, FollowUp, FollowUpStatus
from survey.records.model import Meeting, Task, TaskReport, Training
from survey.zone import WITA

TODAY = date(2026, 11, 27)
STAFF = Person(5, "Rahmah", "+6281200000105", Role.STAF, None, True)
KABID = Person(4, "Drs. Budi Santoso", "+6281200000104", Role.KABID, "persidangan", True)
PEOPLE = (
    RosterEntry(1, "H. Ahmad Rizani", "anggota", True, None),
    RosterEntry(4, "Drs. Budi Santoso", "kabid", True, None),
    RosterEntry(2, "Hj. Siti Aminah", "anggota", True, None),
    RosterEntry(5, "Rahmah", "staf", True, None),
    RosterEntry(3, "Yusuf Mahmud", "anggota", False, datetime(2026, 1, 1, 3, tzinfo=UTC)),
)
ORIENTATION = Training(11, "Orientasi", date(2026, 2, 2), date(2026, 2, 3), "BPSDM", 1)
KUNKER = Task(21, "Kunker Komisi I", "kunker", "persidangan", date(2026, 10, 1))
RESES = Task(
    22, "Reses", "reses", "umum", date(2026, 9, 1), TaskReport(1, 22, date(2026, 9, 2), "Rahmah")
)
PAJAK = Meeting(31, "Raperda Pajak", date(2026, 3, 2), None, None, ())
HELD = Meeting(32, "Raperda APBD", date(2026, 2, 2), date(2026, 2, 3), True, ())
AC = FollowUp(
    41, "Semester II 2026", "sarana", "Sarana dan Prasarana", "Perbaikan AC", "fasilitasi",
    date(2027, 1, 31), FollowUpStatus.PLANNED, None,
)  # fmt: skip
SCORES = (
    ElementScore("prosedur", "Sistem, Mekanisme, dan Prosedur", Fraction(3)),
    ElementScore("sarana", "Sarana dan Prasarana", Fraction(2)),
    ElementScore("waktu", "Waktu Penyelesaian", None),
)
PERIOD = PeriodFacts(7, "Semester II 2026", (AC,), SCORES)


def facts(person: Person = STAFF, **changes: object) -> Facts:
    """Facts of every kind, as read for `person` on TODAY."""
    known: dict[str, object] = {
        "training": TrainingFacts((ORIENTATION,), PEOPLE, {11: frozenset({2})}),
        "report": ReportFacts((RESES, KUNKER)),
        "meeting": MeetingFacts((HELD, PAJAK)),
        "follow_up": FollowUpFacts(
            {7: PERIOD}, ("fasilitasi", "persidangan", "umum"), shown=7, bound=7
        ),
    }
    return Facts(person, TODAY, WITA, **(known | changes))  # type: ignore[arg-type]


def screen_of(moved: Transition) -> FlowScreen:
    """The one screen among the replies."""
    [shown] = [r for r in moved.replies if isinstance(r, FlowScreen)]
    return shown


def control(shown: FlowScreen, which: Control) -> Pressed:
    """The press of a control of the screen."""
    action = next(a for c, a in shown.controls if c is which)
    pressed = decode(action)
    assert isinstance(pressed, Press)
    return Pressed(pressed)


def choice(shown: FlowScreen, label: str) -> Pressed:
    """The press of the choice whose label holds `label`."""
    pressed = decode(next(c.action for c in shown.choices if label in c.label))
    assert isinstance(pressed, Press)
    return Pressed(pressed)


def forged(state: State, verb: Verb, arg: int | None = None) -> Pressed:
    """A button of the current version that no screen showed."""
    pressed = decode(encode(state.version, verb, arg))
    assert isinstance(pressed, Press)
    return Pressed(pressed)


def run(state: State, *events: FlowEvent, known: Facts | None = None) -> Transition:
    """Advance through `events`; the last transition."""
    moved = Transition(state)
    for event in events:
        moved = advance(moved.state, event, known or facts())
    return moved
