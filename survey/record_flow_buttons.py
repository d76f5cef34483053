"""How each step of a recording flow takes a button; checks raise DomainError."""

from __future__ import annotations

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.follow_up import flow as follow_up
from survey.ports import DomainError
from survey.record_flow_actions import Press
from survey.record_flow_model import (
    LIST_STEPS,
    MEETING_CHECKLIST,
    FlowKind,
    FlowNote,
    FlowNotice,
    FlowState,
    Step,
    Verb,
)
from survey.record_flow_steps import Desk, Outcome, go, held, training_start, update
from survey.record_tables import MeetingRow, TaskReportRow, TaskRow, TrainingRow
from survey.records_rules import attendance_problem
from survey.tables import PersonRow

BACK = {
    Step.TRAINING_NAME: Step.TRAINING,
    Step.TRAINING_DATES: Step.TRAINING_NAME,
    Step.ORGANISER: Step.TRAINING_DATES,
    Step.ATTENDEES: Step.TRAINING,  # a chosen training; a new one goes back to its organiser
    Step.RECEIVED: Step.TASK,
    Step.AGENDA: Step.MEETING,
    Step.PLANNED: Step.AGENDA,
    Step.CHECKLIST: Step.HELD,
}
CONFIRM_BACK = {
    FlowKind.TRAINING: Step.ATTENDEES,
    FlowKind.REPORT: Step.RECEIVED,
    FlowKind.MEETING: Step.CHECKLIST,
}


async def press(desk: Desk, state: FlowState, pressed: Press) -> Outcome:
    """Apply a (valid, current) button other than Simpan on the confirmation screen."""
    verb, arg = pressed.verb, pressed.arg
    if verb is Verb.PAGE and state.step in LIST_STEPS and arg is not None:
        return update(state, page=arg)
    if state.kind is FlowKind.FOLLOW_UP:
        return await follow_up.press(desk, state, pressed)
    if verb is Verb.BACK:
        return _back(state)
    if state.step is Step.ATTENDEES and verb in (Verb.ON, Verb.OFF) and arg is not None:
        return await _tick_attendee(desk, state, arg, verb is Verb.ON)
    if state.step is Step.CHECKLIST and verb in (Verb.ON, Verb.OFF) and arg is not None:
        return _tick_item(state, arg, verb is Verb.ON)
    if verb is Verb.CHOOSE and arg is not None:
        return await _choose(desk, state, arg)
    if verb is Verb.NEXT:
        return _next(state)
    return _simple(desk, state, verb)


def _simple(desk: Desk, state: FlowState, verb: Verb) -> Outcome:
    step, today = state.step, desk.today.isoformat()
    if verb is Verb.NEW and step is Step.TRAINING:
        return go(state, Step.TRAINING_NAME, training=None, ticked=[])
    if verb is Verb.NEW and step is Step.MEETING:
        return go(state, Step.AGENDA, meeting=None)
    if verb is Verb.SKIP and step is Step.ORGANISER:
        return go(state, Step.ATTENDEES, organiser=None)
    if verb is Verb.TODAY and step is Step.RECEIVED:
        return go(state, Step.CONFIRM, received=today)
    if verb is Verb.TODAY and step is Step.HELD:
        return held(desk, state, desk.today)
    return FlowNotice(FlowNote.STALE)


def _back(state: FlowState) -> Outcome:
    if state.step is Step.CONFIRM:
        return go(state, CONFIRM_BACK[state.kind])
    if state.step is Step.HELD:
        return go(state, Step.MEETING if state.data.get("meeting") else Step.PLANNED)
    if state.step is Step.ATTENDEES and not state.data.get("training"):
        return go(state, Step.ORGANISER)  # a new training: back to what was typed last
    if state.step in BACK:
        return go(state, BACK[state.step])
    return FlowNotice(FlowNote.STALE)


def _next(state: FlowState) -> Outcome:
    if state.step is Step.ATTENDEES:
        if not state.data.get("ticked"):
            return FlowNotice(FlowNote.NONE_TICKED)
        return go(state, Step.CONFIRM)
    if state.step is Step.CHECKLIST:
        return go(state, Step.CONFIRM)
    return FlowNotice(FlowNote.STALE)


async def _choose(desk: Desk, state: FlowState, key: int) -> Outcome:
    session = desk.session
    if state.step is Step.TRAINING:
        training = await session.get(TrainingRow, key)
        if training is None:
            raise DomainError(f"pelatihan #{key} tidak ada")
        start = training.starts_on.isoformat()
        return go(state, Step.ATTENDEES, training=key, start=start, ticked=[])
    if state.step is Step.TASK:
        await check_reportable(session, key)
        return go(state, Step.RECEIVED, task=key)
    if state.step is Step.MEETING:
        meeting = await session.get(MeetingRow, key)
        if meeting is None:
            raise DomainError(f"rapat #{key} tidak ada")
        return go(state, Step.HELD, meeting=key, planned=meeting.planned_on.isoformat())
    return FlowNotice(FlowNote.STALE)


async def check_reportable(session: AsyncSession, task_id: int) -> TaskRow:
    """The task, when it exists and has no report yet."""
    task = await session.get(TaskRow, task_id)
    if task is None:
        raise DomainError(f"tugas #{task_id} tidak ada")
    query = select(TaskReportRow.id).where(TaskReportRow.task_id == task_id)
    if (await session.exec(query)).first() is not None:
        raise DomainError(f"laporan tugas '{task.name}' sudah dicatat")
    return task


async def _tick_attendee(desk: Desk, state: FlowState, person_id: int, on: bool) -> Outcome:
    ticked = [int(str(p)) for p in _listed(state.data.get("ticked"))]
    if on and person_id not in ticked:
        person = await desk.session.get(PersonRow, person_id)
        if person is None:
            raise DomainError(f"orang #{person_id} tidak ada di roster")
        problem = attendance_problem(person, training_start(state), desk.zone)
        if problem:
            raise DomainError(problem)
        ticked.append(person_id)
    elif not on and person_id in ticked:
        ticked.remove(person_id)
    return update(state, ticked=ticked)


def _tick_item(state: FlowState, index: int, met: bool) -> Outcome:
    if not 0 < index <= len(MEETING_CHECKLIST):
        return FlowNotice(FlowNote.STALE)
    missed = {int(str(i)) for i in _listed(state.data.get("missed"))}
    missed = missed - {index} if met else missed | {index}
    return update(state, missed=sorted(missed))


def _listed(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []
