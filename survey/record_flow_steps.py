"""Moving a recording flow between steps, and the steps that read a typed line."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from sqlmodel.ext.asyncio.session import AsyncSession

from survey.dates import parse_date
from survey.people import Person
from survey.record_flow_model import (
    FlowKind,
    FlowNote,
    FlowNotice,
    FlowState,
    Step,
)
from survey.records_rules import (
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


@dataclass(frozen=True)
class Desk:
    """What a step may consult: the transaction, who records, now and today's local date."""

    session: AsyncSession
    person: Person
    now: datetime
    today: date
    zone: tzinfo
    min_responses: int = 3  # results shown from this many released responses (tindak lanjut)


def begin(kind: FlowKind, version: int) -> FlowState:
    """A new flow of `kind`, one version after the person's last screen."""
    return FlowState(kind, FIRST_STEP[kind], version + 1, {"since": version + 1})


def go(state: FlowState, step: Step, **data: object) -> FlowState:
    """The flow moved to `step` (its list from the first page), with `data` added."""
    version = state.version + 1
    changes = {"since": version, "page": 0} | data
    return FlowState(state.kind, step, version, state.data | changes)


def update(state: FlowState, **data: object) -> FlowState:
    """The same step with `data` changed."""
    return replace(state, version=state.version + 1, data=state.data | data)


def training_start(state: FlowState) -> date:
    """When the flow's training starts: `start` of a chosen one, `starts` typed for a new one."""
    key = "start" if state.data.get("training") else "starts"
    return date.fromisoformat(str(state.data[key]))


async def typed(desk: Desk, state: FlowState, text: str) -> Outcome:
    """Apply a typed line to a step that reads one."""
    step = state.step
    if step is Step.TRAINING_NAME:
        return go(state, Step.TRAINING_DATES, name=clean_text(text, "nama pelatihan", 200))
    if step is Step.TRAINING_DATES:
        starts, ends = parse_span(text)
        check_not_future(ends, desk.today, "tanggal selesai pelatihan")
        return go(state, Step.ORGANISER, starts=starts.isoformat(), ends=ends.isoformat())
    if step is Step.ORGANISER:
        organiser = (
            None if text.strip() in NONE_WORDS else optional_text(text, "penyelenggara", 200)
        )
        return go(state, Step.ATTENDEES, organiser=organiser)
    if step is Step.RECEIVED:
        received = check_not_future(parse_date(text), desk.today, "tanggal diterima")
        return go(state, Step.CONFIRM, received=received.isoformat())
    if step is Step.AGENDA:
        return go(state, Step.PLANNED, agenda=clean_text(text, "agenda rapat", 300))
    if step is Step.PLANNED:
        return go(state, Step.HELD, planned=parse_date(text).isoformat())
    if step is Step.HELD:
        return held(desk, state, parse_date(text))
    return FlowNotice(FlowNote.USE_BUTTONS)


def parse_span(text: str) -> tuple[date, date]:
    """`5 Januari 2026`, or a start and an end joined by `-`, `s.d.` or `sampai`."""
    parts = [p for p in _SPAN.split(text.strip(), maxsplit=1) if p.strip()]
    starts = parse_date(parts[0] if parts else "")
    ends = parse_date(parts[1]) if len(parts) > 1 else starts
    check_span(starts, ends)
    return starts, ends


def held(desk: Desk, state: FlowState, day: date) -> Outcome:
    """Take the day a meeting was held: within its plan year, not after today."""
    planned = date.fromisoformat(str(state.data["planned"]))
    check_held_in_plan_year(planned, day)
    check_not_future(day, desk.today, "tanggal pelaksanaan")
    return go(state, Step.CHECKLIST, held=day.isoformat(), missed=[])
