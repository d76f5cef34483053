"""What each step of a recording flow shows: the facts so far, the choices, the controls (pure:
a state and the facts read for it in, a screen out)."""

from __future__ import annotations

from datetime import date

from survey.dates import format_date
from survey.people.model import Role
from survey.records.flow import follow_up as follow_up
from survey.records.flow.actions import encode
from survey.records.flow.facts import Facts, RosterEntry
from survey.records.flow.model import (
    MEETING_CHECKLIST,
    PAGE_SIZE,
    Choice,
    Control,
    Fact,
    FlowScreen,
    Step,
    Verb,
    pages,
)
from survey.records.flow.state import (
    FlowState,
    FollowUpFlow,
    MeetingFlow,
    ReportFlow,
    TrainingFlow,
)
from survey.records.rules import attendance_problem

Listed = tuple[str, int]  # a label and the id a choice carries
Lines = list[tuple[Fact, str]]
CONTROLS = {
    Step.TRAINING: ((Control.NEW_TRAINING, Verb.NEW),),
    Step.ORGANISER: ((Control.SKIP, Verb.SKIP),),
    Step.ATTENDEES: ((Control.DONE_TICKING, Verb.NEXT),),
    Step.RECEIVED: ((Control.TODAY, Verb.TODAY),),
    Step.MEETING: ((Control.NEW_MEETING, Verb.NEW),),
    Step.HELD: ((Control.TODAY, Verb.TODAY),),
    Step.CHECKLIST: ((Control.NEXT, Verb.NEXT),),
    Step.CONFIRM: ((Control.SAVE, Verb.SAVE),),
    Step.FOLLOW_UP: ((Control.NEW_ACTION, Verb.NEW),),
    Step.NOTE: ((Control.SKIP, Verb.SKIP),),
}
FIRST_STEPS = frozenset({Step.TRAINING, Step.TASK, Step.MEETING, Step.FOLLOW_UP})


def screen(state: FlowState, facts: Facts) -> FlowScreen:
    """The screen of the flow's current step."""
    lines = summary(state, facts)
    listed, ticks = _listed(state, facts)
    count = pages(len(listed))
    page = min(max(state.page, 0), count - 1)
    shown = listed[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    choices = tuple(_choice(state, label, key, ticks) for label, key in shown)
    controls = [(c, encode(state.version, v)) for c, v in CONTROLS.get(state.step, ())]
    if page > 0:
        controls.insert(0, (Control.PREVIOUS, encode(state.version, Verb.PAGE, page - 1)))
    if page < count - 1:
        controls.insert(0, (Control.MORE, encode(state.version, Verb.PAGE, page + 1)))
    if state.step not in FIRST_STEPS:
        controls.append((Control.BACK, encode(state.version, Verb.BACK)))
    controls.append((Control.CANCEL, encode(state.version, Verb.CANCEL)))
    ticked = len(ticks) if state.step is Step.ATTENDEES and ticks is not None else 0
    return FlowScreen(
        state.kind, state.step, lines, choices, tuple(controls), page, count, ticked=ticked
    )


def _choice(state: FlowState, label: str, key: int, ticks: set[int] | None) -> Choice:
    if ticks is None:
        return Choice(label, encode(state.version, Verb.CHOOSE, key))
    if state.step is Step.CHECKLIST:  # ticks are the items missed
        verb = Verb.ON if key in ticks else Verb.OFF
        return Choice(label, encode(state.version, verb, key), key not in ticks)
    verb = Verb.OFF if key in ticks else Verb.ON
    return Choice(label, encode(state.version, verb, key), key in ticks)


def _listed(state: FlowState, facts: Facts) -> tuple[list[Listed], set[int] | None]:
    """The step's choices in order, and the ids ticked (None for a plain choice)."""
    step = state.step
    if isinstance(state, FollowUpFlow):
        return follow_up.listed(state, facts), None
    if isinstance(state, TrainingFlow) and step is Step.TRAINING:
        trainings = facts.trainings().trainings
        return [(f"{t.name} ({format_date(t.starts_on)})", t.id) for t in trainings], None
    if isinstance(state, TrainingFlow) and step is Step.ATTENDEES:
        return [(p.name, p.id) for p in eligible(state, facts)], set(state.ticked)
    if isinstance(state, ReportFlow) and step is Step.TASK:
        return [(f"{t.name} ({format_date(t.due_on)})", t.id) for t in facts.open_tasks()], None
    if isinstance(state, MeetingFlow) and step is Step.MEETING:
        meetings = [m for m in facts.meetings().meetings if m.held_on is None]
        return [(f"{m.agenda} ({format_date(m.planned_on)})", m.id) for m in meetings], None
    if isinstance(state, MeetingFlow) and step is Step.CHECKLIST:
        items = [(item, i) for i, item in enumerate(MEETING_CHECKLIST, start=1)]
        return items, set(state.missed)
    return [], None


def eligible(state: TrainingFlow, facts: Facts) -> list[RosterEntry]:
    """Members in office on the training's start (or ticked) not yet recorded for it, by name."""
    known = facts.trainings()
    start = state.starts_on
    had = known.attended.get(state.training, frozenset()) if state.training else frozenset()
    ticked = set(state.ticked)  # still listed, so they can be unticked
    return [
        p
        for p in known.people
        if p.role == Role.ANGGOTA.value
        and p.id not in had
        and (p.id in ticked or attendance_problem(p, start, facts.zone) is None)
    ]


def summary(state: FlowState, facts: Facts) -> tuple[tuple[Fact, str], ...]:
    """What the flow has collected so far, as labelled lines."""
    if isinstance(state, FollowUpFlow):
        return tuple(follow_up.summary(state, facts))
    if isinstance(state, TrainingFlow) and state.step not in (Step.TRAINING, Step.TRAINING_NAME):
        return tuple(_training_facts(state, facts))
    if isinstance(state, ReportFlow) and state.task:
        return tuple(_report_facts(state, facts))
    if isinstance(state, MeetingFlow) and state.step not in (Step.MEETING, Step.AGENDA):
        return tuple(_meeting_facts(state, facts))
    return ()


def _training_facts(state: TrainingFlow, facts: Facts) -> Lines:
    if state.training:
        row = facts.trainings().training(state.training)
        if row is None:
            return []
        name, starts, ends, organiser = row.name, row.starts_on, row.ends_on, row.organiser
    else:
        name, organiser = str(state.name), state.organiser
        if state.step is Step.TRAINING_DATES:
            return [(Fact.TRAINING, name)]
        assert state.starts is not None and state.ends is not None  # checked on load
        starts, ends = state.starts, state.ends
    span = _day(starts) if starts == ends else f"{_day(starts)} – {_day(ends)}"
    lines = [(Fact.TRAINING, name), (Fact.DATES, span)]
    if organiser and state.step is not Step.ORGANISER:
        lines.append((Fact.ORGANISER, organiser))
    if state.step is Step.CONFIRM:
        ticked = set(state.ticked)
        names = [p.name for p in facts.trainings().people if p.id in ticked]
        lines.append((Fact.ATTENDEES, ", ".join(names)))
    return lines


def _report_facts(state: ReportFlow, facts: Facts) -> Lines:
    lines: Lines = []
    task = facts.reports().task(state.task or 0)
    if task is not None:
        lines += [(Fact.TASK, f"{task.name} ({task.bidang})"), (Fact.DUE, _day(task.due_on))]
    if state.received and state.step is Step.CONFIRM:
        lines += [(Fact.RECEIVED, _day(state.received)), (Fact.RECEIVED_BY, facts.person.name)]
    return lines


def _meeting_facts(state: MeetingFlow, facts: Facts) -> Lines:
    if state.meeting:
        row = facts.meetings().meeting(state.meeting)
        agenda = "" if row is None else row.agenda
    else:
        agenda = str(state.agenda)
    lines = [(Fact.AGENDA, agenda)]
    if state.planned:
        lines.append((Fact.PLANNED, _day(state.planned)))
    if state.step in (Step.CHECKLIST, Step.CONFIRM) and state.held:
        lines.append((Fact.HELD, _day(state.held)))
    if state.step is Step.CONFIRM:
        missed = [MEETING_CHECKLIST[i - 1] for i in state.missed]
        lines.append((Fact.STANDARD, "tidak" if missed else "ya"))
        if missed:
            lines.append((Fact.MISSED, "; ".join(missed)))
    return lines


def _day(day: date) -> str:
    return format_date(day)
