"""How each step of /pelatihan, /laporan and /rapat takes a button (pure: facts in, a new state
or a notice out; a broken rule raises DomainError)."""

from __future__ import annotations

from survey.ports import DomainError
from survey.records.flow import follow_up as follow_up
from survey.records.flow.actions import Press
from survey.records.flow.facts import Facts
from survey.records.flow.model import (
    LIST_STEPS,
    MEETING_CHECKLIST,
    FlowKind,
    FlowNote,
    FlowNotice,
    Step,
    Verb,
)
from survey.records.flow.state import (
    FlowState,
    FollowUpFlow,
    MeetingFlow,
    ReportFlow,
    TrainingFlow,
    go,
    update,
)
from survey.records.flow.steps import Outcome, held
from survey.records.rules import attendance_problem

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


def press(state: FlowState, pressed: Press, facts: Facts) -> Outcome:
    """Apply a (valid, current) button other than Simpan on the confirmation screen."""
    verb, arg = pressed.verb, pressed.arg
    if verb is Verb.PAGE and state.step in LIST_STEPS and arg is not None:
        return update(state, page=arg)
    if isinstance(state, FollowUpFlow):
        return follow_up.press(state, pressed, facts)
    if verb is Verb.BACK:
        return _back(state)
    ticking = verb in (Verb.ON, Verb.OFF) and arg is not None
    if ticking and isinstance(state, TrainingFlow) and state.step is Step.ATTENDEES:
        return _tick_attendee(state, arg or 0, verb is Verb.ON, facts)
    if ticking and isinstance(state, MeetingFlow) and state.step is Step.CHECKLIST:
        return _tick_item(state, arg or 0, verb is Verb.ON)
    if verb is Verb.CHOOSE and arg is not None:
        return _choose(state, arg, facts)
    if verb is Verb.NEXT:
        return _next(state)
    return _simple(state, verb, facts)


def _simple(state: FlowState, verb: Verb, facts: Facts) -> Outcome:
    step = state.step
    if verb is Verb.NEW and isinstance(state, TrainingFlow) and step is Step.TRAINING:
        return go(state, Step.TRAINING_NAME, training=None, ticked=())
    if verb is Verb.NEW and isinstance(state, MeetingFlow) and step is Step.MEETING:
        return go(state, Step.AGENDA, meeting=None)
    if verb is Verb.SKIP and isinstance(state, TrainingFlow) and step is Step.ORGANISER:
        return go(state, Step.ATTENDEES, organiser=None)
    if verb is Verb.TODAY and isinstance(state, ReportFlow) and step is Step.RECEIVED:
        return go(state, Step.CONFIRM, received=facts.today)
    if verb is Verb.TODAY and isinstance(state, MeetingFlow) and step is Step.HELD:
        return held(state, facts.today, facts.today)
    return FlowNotice(FlowNote.STALE)


def _back(state: FlowState) -> Outcome:
    if state.step is Step.CONFIRM:
        return go(state, CONFIRM_BACK[state.kind])
    if isinstance(state, MeetingFlow) and state.step is Step.HELD:
        return go(state, Step.MEETING if state.meeting else Step.PLANNED)
    if isinstance(state, TrainingFlow) and state.step is Step.ATTENDEES and not state.training:
        return go(state, Step.ORGANISER)  # a new training: back to what was typed last
    if state.step in BACK:
        return go(state, BACK[state.step])
    return FlowNotice(FlowNote.STALE)


def _next(state: FlowState) -> Outcome:
    if state.step is Step.ATTENDEES:
        if not isinstance(state, TrainingFlow) or not state.ticked:
            return FlowNotice(FlowNote.NONE_TICKED)
        return go(state, Step.CONFIRM)
    if state.step is Step.CHECKLIST:
        return go(state, Step.CONFIRM)
    return FlowNotice(FlowNote.STALE)


def _choose(state: FlowState, key: int, facts: Facts) -> Outcome:
    if isinstance(state, TrainingFlow) and state.step is Step.TRAINING:
        training = facts.trainings().training(key)
        if training is None:
            raise DomainError(f"pelatihan #{key} tidak ada")
        return go(state, Step.ATTENDEES, training=key, start=training.starts_on, ticked=())
    if isinstance(state, ReportFlow) and state.step is Step.TASK:
        check_reportable(facts, key)
        return go(state, Step.RECEIVED, task=key)
    if isinstance(state, MeetingFlow) and state.step is Step.MEETING:
        meeting = facts.meetings().meeting(key)
        if meeting is None:
            raise DomainError(f"rapat #{key} tidak ada")
        return go(state, Step.HELD, meeting=key, planned=meeting.planned_on)
    return FlowNotice(FlowNote.STALE)


def check_reportable(facts: Facts, task_id: int) -> None:
    """DomainError unless the task exists and has no report yet."""
    task = facts.reports().task(task_id)
    if task is None:
        raise DomainError(f"tugas #{task_id} tidak ada")
    if task.report is not None:
        raise DomainError(f"laporan tugas '{task.name}' sudah dicatat")


def _tick_attendee(state: TrainingFlow, person_id: int, on: bool, facts: Facts) -> Outcome:
    ticked = list(state.ticked)
    if on and person_id not in ticked:
        person = facts.trainings().person(person_id)
        if person is None:
            raise DomainError(f"orang #{person_id} tidak ada di roster")
        problem = attendance_problem(person, state.starts_on, facts.zone)
        if problem:
            raise DomainError(problem)
        ticked.append(person_id)
    elif not on and person_id in ticked:
        ticked.remove(person_id)
    return update(state, ticked=tuple(ticked))


def _tick_item(state: MeetingFlow, index: int, met: bool) -> Outcome:
    if not 0 < index <= len(MEETING_CHECKLIST):
        return FlowNotice(FlowNote.STALE)
    missed = set(state.missed)
    missed = missed - {index} if met else missed | {index}
    return update(state, missed=tuple(sorted(missed)))
