"""What the recording flows' pure steps need from the database, read before each step inside
the service's transaction, for the kinds in play (the flow in progress, the one asked for)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, tzinfo

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.people.bidang import DECREE_BIDANG
from survey.people.model import Person, Role
from survey.ports import DomainError
from survey.records.flow.facts import (
    Facts,
    FollowUpFacts,
    MeetingFacts,
    PeriodFacts,
    ReportFacts,
    RosterEntry,
    TrainingFacts,
)
from survey.records.flow.machine import Begin, BeginOn, FlowEvent
from survey.records.flow.model import FlowKind
from survey.records.flow.state import FollowUpFlow, Idle, State
from survey.records.follow_up import store
from survey.records.follow_up.model import FollowUpStatus
from survey.records.follow_up.tables import FollowUpRow
from survey.records.queries import meeting_list, task_list, training_list
from survey.records.tables import AttendanceRow, MeetingRow, TaskReportRow, TaskRow, TrainingRow
from survey.tables import PeriodRow, PersonRow


async def read_facts(
    session: AsyncSession,
    person: Person,
    today: date,
    zone: tzinfo,
    state: State,
    event: FlowEvent,
    *,
    min_responses: int,
) -> Facts:
    """What `advance(state, event, …)` and the screens after it may consult. A reminded
    record that no longer exists raises DomainError (nothing changes)."""
    kinds = set() if isinstance(state, Idle) else {state.kind}
    done = None
    if isinstance(event, Begin | BeginOn):
        kinds.add(event.kind)
    if isinstance(event, BeginOn):
        done = await settled(session, event.kind, event.record_id)
    return Facts(
        person,
        today,
        zone,
        settled=done,
        training=await _trainings(session) if FlowKind.TRAINING in kinds else None,
        report=await _tasks(session) if FlowKind.REPORT in kinds else None,
        meeting=await _meetings(session) if FlowKind.MEETING in kinds else None,
        follow_up=(
            await _follow_ups(session, state, event, min_responses)
            if FlowKind.FOLLOW_UP in kinds
            else None
        ),
    )


async def _trainings(session: AsyncSession) -> TrainingFacts:
    query = select(PersonRow).order_by(col(PersonRow.name))
    people = tuple(
        RosterEntry(p.id or 0, p.name, p.role, p.active, p.deactivated_at)
        for p in await session.exec(query)
    )
    attended: defaultdict[int, set[int]] = defaultdict(set)
    pairs = select(AttendanceRow.training_id, AttendanceRow.person_id)
    for training_id, person_id in await session.exec(pairs):
        attended[training_id].add(person_id)
    return TrainingFacts(
        tuple(await training_list(session)),
        people,
        {key: frozenset(ids) for key, ids in attended.items()},
    )


async def _tasks(session: AsyncSession) -> ReportFacts:
    return ReportFacts(tuple(await task_list(session, bidang=None, due_from=None, due_to=None)))


async def _meetings(session: AsyncSession) -> MeetingFacts:
    return MeetingFacts(tuple(await meeting_list(session, None)))


async def _follow_ups(
    session: AsyncSession, state: State, event: FlowEvent, min_responses: int
) -> FollowUpFacts:
    wanted: set[int] = {state.period} if isinstance(state, FollowUpFlow) else set()
    shown, not_shown, bound = None, "", None
    if isinstance(event, Begin) and event.kind is FlowKind.FOLLOW_UP:
        try:
            shown = (await store.shown_period(session, None, min_responses)).id
        except DomainError as exc:
            not_shown = str(exc)
    if isinstance(event, BeginOn) and event.kind is FlowKind.FOLLOW_UP:
        action = await session.get(FollowUpRow, event.record_id)
        bound = None if action is None else action.period_id
    periods = {}
    for period_id in wanted | {p for p in (shown, bound) if p is not None}:
        period = await session.get(PeriodRow, period_id)
        if period is not None:
            periods[period_id] = PeriodFacts(
                period_id,
                period.name,
                tuple(await store.actions(session, period_id=period_id)),
                tuple(await store.element_scores(session, period)),
            )
    return FollowUpFacts(periods, tuple(await bidang_keys(session)), shown, not_shown, bound)


async def bidang_keys(session: AsyncSession) -> list[str]:
    """The decree's bidang and any other a kabid on the roster holds, sorted."""
    query = select(PersonRow.bidang).where(
        PersonRow.role == Role.KABID.value, col(PersonRow.bidang).is_not(None)
    )
    held = {b for b in await session.exec(query) if b}
    return sorted({key.value for key in DECREE_BIDANG} | held)


async def settled(session: AsyncSession, flow: FlowKind, record_id: int) -> str | None:
    """Why a reminded record needs nothing more (its name), or None while it is still due;
    DomainError when it no longer exists."""
    if flow is FlowKind.REPORT:
        task = await session.get(TaskRow, record_id)
        if task is None:
            raise DomainError(f"tugas #{record_id} tidak ada")
        query = select(TaskReportRow.id).where(TaskReportRow.task_id == record_id)
        return task.name if (await session.exec(query)).first() is not None else None
    if flow is FlowKind.FOLLOW_UP:
        action = await session.get(FollowUpRow, record_id)
        if action is None:
            raise DomainError(f"tindak lanjut TL{record_id} tidak ada")
        return action.action if action.status == FollowUpStatus.DONE.value else None
    if flow is FlowKind.MEETING:
        meeting = await session.get(MeetingRow, record_id)
        if meeting is None:
            raise DomainError(f"rapat #{record_id} tidak ada")
        return meeting.agenda if meeting.held_on is not None else None
    training = await session.get(TrainingRow, record_id)
    if training is None:
        raise DomainError(f"pelatihan #{record_id} tidak ada")
    count = select(func.count()).where(AttendanceRow.training_id == record_id)
    return training.name if (await session.exec(count)).one() > 0 else None
