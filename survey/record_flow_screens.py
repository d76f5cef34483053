"""What each step of a recording flow shows: the facts so far, the choices, the controls."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import col, select

from survey.dates import format_date
from survey.follow_up import flow as follow_up
from survey.people import Role
from survey.record_flow_actions import encode
from survey.record_flow_model import (
    MEETING_CHECKLIST,
    PAGE_SIZE,
    Choice,
    Control,
    Fact,
    Facts,
    FlowKind,
    FlowScreen,
    FlowState,
    Step,
    Verb,
    pages,
)
from survey.record_flow_steps import Desk, training_start
from survey.record_tables import AttendanceRow, MeetingRow, TaskRow, TrainingRow
from survey.records_model import Task
from survey.records_query import meeting_list, task_list, training_list
from survey.records_rules import attendance_problem
from survey.tables import PersonRow

Listed = tuple[str, int]  # a label and the id a choice carries
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


async def screen(desk: Desk, state: FlowState) -> FlowScreen:
    """The screen of the flow's current step."""
    facts = await summary(desk, state)
    step, page = state.step, int(str(state.data.get("page") or 0))
    listed, ticks = await _listed(desk, state)
    count = pages(len(listed))
    page = min(max(page, 0), count - 1)
    shown = listed[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    choices = tuple(_choice(state, label, key, ticks) for label, key in shown)
    controls = [(c, encode(state.version, v)) for c, v in CONTROLS.get(step, ())]
    if page > 0:
        controls.insert(0, (Control.PREVIOUS, encode(state.version, Verb.PAGE, page - 1)))
    if page < count - 1:
        controls.insert(0, (Control.MORE, encode(state.version, Verb.PAGE, page + 1)))
    if step not in FIRST_STEPS:
        controls.append((Control.BACK, encode(state.version, Verb.BACK)))
    controls.append((Control.CANCEL, encode(state.version, Verb.CANCEL)))
    ticked = len(ticks) if step is Step.ATTENDEES and ticks is not None else 0
    return FlowScreen(
        state.kind, step, facts, choices, tuple(controls), page, count, ticked=ticked
    )


def _choice(state: FlowState, label: str, key: int, ticks: set[int] | None) -> Choice:
    if ticks is None:
        return Choice(label, encode(state.version, Verb.CHOOSE, key))
    if state.step is Step.CHECKLIST:  # ticks are the items missed
        verb = Verb.ON if key in ticks else Verb.OFF
        return Choice(label, encode(state.version, verb, key), key not in ticks)
    verb = Verb.OFF if key in ticks else Verb.ON
    return Choice(label, encode(state.version, verb, key), key in ticks)


async def _listed(desk: Desk, state: FlowState) -> tuple[list[Listed], set[int] | None]:
    """The step's choices in order, and the ids ticked (None for a plain choice)."""
    step = state.step
    if state.kind is FlowKind.FOLLOW_UP:
        return await follow_up.listed(desk, state), None
    if step is Step.TRAINING:
        trainings = await training_list(desk.session)
        return [(f"{t.name} ({format_date(t.starts_on)})", t.id) for t in trainings], None
    if step is Step.TASK:
        return [
            (f"{t.name} ({format_date(t.due_on)})", t.id) for t in await open_tasks(desk)
        ], None
    if step is Step.MEETING:
        meetings = [m for m in await meeting_list(desk.session, None) if m.held_on is None]
        return [(f"{m.agenda} ({format_date(m.planned_on)})", m.id) for m in meetings], None
    if step is Step.CHECKLIST:
        items = [(item, i) for i, item in enumerate(MEETING_CHECKLIST, start=1)]
        return items, {int(str(i)) for i in _ids(state.data.get("missed"))}
    if step is Step.ATTENDEES:
        ticks = {int(str(i)) for i in _ids(state.data.get("ticked"))}
        return [(p.name, p.id or 0) for p in await eligible(desk, state)], ticks
    return [], None


async def open_tasks(desk: Desk) -> list[Task]:
    """Tasks without a report by due date, oldest first; a kabid's own bidang comes first."""
    tasks = await task_list(desk.session, bidang=None, due_from=None, due_to=None)
    own = (desk.person.bidang or "").lower() if desk.person.role is Role.KABID else None
    waiting = [t for t in tasks if t.report is None]
    return sorted(waiting, key=lambda t: (t.bidang != own, t.due_on, t.id))


async def eligible(desk: Desk, state: FlowState) -> list[PersonRow]:
    """Members in office on the training's start (or ticked) not yet recorded for it, by name."""
    start = training_start(state)
    query = select(PersonRow).where(PersonRow.role == Role.ANGGOTA.value)
    people = [p for p in await desk.session.exec(query.order_by(col(PersonRow.name)))]
    had: set[int] = set()
    if state.data.get("training"):
        training_id = int(str(state.data["training"]))
        recorded = select(AttendanceRow.person_id).where(AttendanceRow.training_id == training_id)
        had = set(await desk.session.exec(recorded))
    ticked = set(_ids(state.data.get("ticked")))  # still listed, so they can be unticked
    return [
        p
        for p in people
        if p.id not in had and (p.id in ticked or attendance_problem(p, start, desk.zone) is None)
    ]


async def summary(desk: Desk, state: FlowState) -> Facts:
    """What the flow has collected so far, as labelled lines."""
    data, session = state.data, desk.session
    facts: list[tuple[Fact, str]] = []
    if state.kind is FlowKind.FOLLOW_UP:
        return tuple(await follow_up.summary(desk, state))
    if state.kind is FlowKind.TRAINING and state.step not in (Step.TRAINING, Step.TRAINING_NAME):
        facts += await _training_facts(desk, state)
    if state.kind is FlowKind.REPORT and data.get("task"):
        task = await session.get(TaskRow, int(str(data["task"])))
        if task is not None:
            facts += [(Fact.TASK, f"{task.name} ({task.bidang})"), (Fact.DUE, _day(task.due_on))]
        if data.get("received") and state.step is Step.CONFIRM:
            facts += [
                (Fact.RECEIVED, _iso(data["received"])),
                (Fact.RECEIVED_BY, desk.person.name),
            ]
    if state.kind is FlowKind.MEETING and state.step not in (Step.MEETING, Step.AGENDA):
        facts += await _meeting_facts(desk, state)
    return tuple(facts)


async def _training_facts(desk: Desk, state: FlowState) -> list[tuple[Fact, str]]:
    data = state.data
    if data.get("training"):
        row = await desk.session.get(TrainingRow, int(str(data["training"])))
        if row is None:
            return []
        name, starts, ends, organiser = row.name, row.starts_on, row.ends_on, row.organiser
    else:
        name = str(data.get("name"))
        organiser = str(data["organiser"]) if data.get("organiser") else None
        if state.step is Step.TRAINING_DATES:
            return [(Fact.TRAINING, name)]
        starts, ends = (
            date.fromisoformat(str(data["starts"])),
            date.fromisoformat(str(data["ends"])),
        )
    span = _day(starts) if starts == ends else f"{_day(starts)} – {_day(ends)}"
    facts = [(Fact.TRAINING, name), (Fact.DATES, span)]
    if organiser and state.step is not Step.ORGANISER:
        facts.append((Fact.ORGANISER, str(organiser)))
    if state.step is Step.CONFIRM:
        facts.append((Fact.ATTENDEES, await _ticked_names(desk, state)))
    return facts


async def _ticked_names(desk: Desk, state: FlowState) -> str:
    ids = [int(str(i)) for i in _ids(state.data.get("ticked"))]
    query = select(PersonRow).where(col(PersonRow.id).in_(ids)).order_by(col(PersonRow.name))
    names = [p.name for p in await desk.session.exec(query)]
    return ", ".join(names)


async def _meeting_facts(desk: Desk, state: FlowState) -> list[tuple[Fact, str]]:
    data = state.data
    if data.get("meeting"):
        row = await desk.session.get(MeetingRow, int(str(data["meeting"])))
        agenda = "" if row is None else row.agenda
    else:
        agenda = str(data.get("agenda"))
    facts = [(Fact.AGENDA, agenda)]
    if data.get("planned"):
        facts.append((Fact.PLANNED, _iso(data["planned"])))
    if state.step in (Step.CHECKLIST, Step.CONFIRM) and data.get("held"):
        facts.append((Fact.HELD, _iso(data["held"])))
    if state.step is Step.CONFIRM:
        missed = [MEETING_CHECKLIST[int(str(i)) - 1] for i in _ids(data.get("missed"))]
        facts.append((Fact.STANDARD, "tidak" if missed else "ya"))
        if missed:
            facts.append((Fact.MISSED, "; ".join(missed)))
    return facts


def _ids(value: object) -> Sequence[object]:
    return value if isinstance(value, list) else []


def _iso(value: object) -> str:
    return format_date(date.fromisoformat(str(value)))


def _day(day: date) -> str:
    return format_date(day)
