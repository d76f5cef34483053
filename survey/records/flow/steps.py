"""The steps of /pelatihan, /laporan and /rapat that read a typed line, and how a flow begins
(pure: facts in, a new state or a notice out; a broken rule raises DomainError)."""

from __future__ import annotations

import re
from datetime import date

from survey.dates import parse_date
from survey.records.flow.facts import Facts
from survey.records.flow.model import FlowKind, FlowNote, FlowNotice, Step
from survey.records.flow.state import (
    FlowState,
    FollowUpFlow,
    MeetingFlow,
    ReportFlow,
    TrainingFlow,
    go,
)
from survey.records.rules import (
    check_held_in_plan_year,
    check_not_future,
    check_span,
    clean_text,
    optional_text,
)

FIRST_STEP = {
    FlowKind.TRAINING: Step.TRAINING,
    FlowKind.REPORT: Step.TASK,
    FlowKind.MEETING: Step.MEETING,
    FlowKind.FOLLOW_UP: Step.FOLLOW_UP,
}
_SPAN = re.compile(r"\s*(?:s\.?d\.?|s/d|sampai|hingga|–|—|\s-\s)\s*", re.IGNORECASE)

NONE_WORDS = frozenset({"-", "–", "—"})  # what people type for "none"
Outcome = FlowState | FlowNotice


def begin(kind: FlowKind, version: int, period: int = 0) -> FlowState:
    """A new flow of `kind`, one version after the person's last screen (a follow-up flow
    bound to `period`)."""
    step, now = FIRST_STEP[kind], version + 1
    if kind is FlowKind.TRAINING:
        return TrainingFlow(step=step, version=now, since=now)
    if kind is FlowKind.REPORT:
        return ReportFlow(step=step, version=now, since=now)
    if kind is FlowKind.MEETING:
        return MeetingFlow(step=step, version=now, since=now)
    return FollowUpFlow(step=step, version=now, since=now, period=period)


def typed(state: FlowState, text: str, facts: Facts) -> Outcome:
    """Apply a typed line to a step of /pelatihan, /laporan or /rapat that reads one."""
    if isinstance(state, TrainingFlow):
        return _training(state, text, facts.today)
    if isinstance(state, ReportFlow) and state.step is Step.RECEIVED:
        received = check_not_future(parse_date(text), facts.today, "tanggal diterima")
        return go(state, Step.CONFIRM, received=received)
    if isinstance(state, MeetingFlow):
        return _meeting(state, text, facts.today)
    return FlowNotice(FlowNote.USE_BUTTONS)


def _training(state: TrainingFlow, text: str, today: date) -> Outcome:
    if state.step is Step.TRAINING_NAME:
        return go(state, Step.TRAINING_DATES, name=clean_text(text, "nama pelatihan", 200))
    if state.step is Step.TRAINING_DATES:
        starts, ends = parse_span(text)
        check_not_future(ends, today, "tanggal selesai pelatihan")
        return go(state, Step.ORGANISER, starts=starts, ends=ends)
    if state.step is Step.ORGANISER:
        organiser = (
            None if text.strip() in NONE_WORDS else optional_text(text, "penyelenggara", 200)
        )
        return go(state, Step.ATTENDEES, organiser=organiser)
    return FlowNotice(FlowNote.USE_BUTTONS)


def _meeting(state: MeetingFlow, text: str, today: date) -> Outcome:
    if state.step is Step.AGENDA:
        return go(state, Step.PLANNED, agenda=clean_text(text, "agenda rapat", 300))
    if state.step is Step.PLANNED:
        return go(state, Step.HELD, planned=parse_date(text))
    if state.step is Step.HELD:
        return held(state, parse_date(text), today)
    return FlowNotice(FlowNote.USE_BUTTONS)


def parse_span(text: str) -> tuple[date, date]:
    """`5 Januari 2026`, or a start and an end joined by `-`, `s.d.` or `sampai`."""
    parts = [p for p in _SPAN.split(text.strip(), maxsplit=1) if p.strip()]
    starts = parse_date(parts[0] if parts else "")
    ends = parse_date(parts[1]) if len(parts) > 1 else starts
    check_span(starts, ends)
    return starts, ends


def held(state: MeetingFlow, day: date, today: date) -> Outcome:
    """Take the day a meeting was held: within its plan year, not after today."""
    assert state.planned is not None  # every way to HELD sets it (checked on load)
    check_held_in_plan_year(state.planned, day)
    check_not_future(day, today, "tanggal pelaksanaan")
    return go(state, Step.CHECKLIST, held=day, missed=())
