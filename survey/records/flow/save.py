"""Saving a confirmed recording flow, and undoing one save, each inside the caller's transaction.

A save may write several audit rows (a new training and each attendee); they are one change for
the person, so the undo button carries the first and last audit id and undoes them all, newest
first, or none of them.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.dates import format_date
from survey.ports import DomainError
from survey.records.audit import same_actor
from survey.records.flow.actions import encode_undo
from survey.records.flow.machine import Save
from survey.records.flow.model import MEETING_CHECKLIST, Fact, Facts, Saved
from survey.records.flow.reads import bidang_keys
from survey.records.flow.state import FollowUpFlow, MeetingFlow, ReportFlow, TrainingFlow
from survey.records.follow_up import store
from survey.records.follow_up.model import FollowUpStatus
from survey.records.model import Action
from survey.records.ops import Recorder
from survey.records.rules import check_held_in_plan_year, clean_text, missed_items
from survey.records.tables import AuditRow, MeetingRow, TaskRow
from survey.records.undo import undo_change
from survey.tables import PeriodRow

T = TypeVar("T")


async def save(
    recorder: Recorder, command: Save, received_by: str
) -> tuple[Saved, tuple[int, int] | None]:
    """Write what the flow collected, as `recorder`'s actor; what was saved and its audit ids."""
    session, flow = recorder.session, command.flow
    before = (await session.exec(select(func.max(AuditRow.id)))).one() or 0
    if isinstance(flow, FollowUpFlow):
        facts = await _follow_up(recorder, flow, command.summary)
    elif isinstance(flow, TrainingFlow):
        facts = await _training(recorder, flow)
    elif isinstance(flow, ReportFlow):
        facts = await _report(recorder, flow, received_by)
    else:
        facts = await _meeting(recorder, flow)
    query = select(AuditRow.id).where(col(AuditRow.id) > before, AuditRow.actor == recorder.actor)
    ids = [i for i in await session.exec(query) if i is not None]
    if not ids:  # nothing changed (every attendee was already recorded): nothing to undo
        return Saved(flow.kind, facts, None), None
    first, last = min(ids), max(ids)
    return Saved(flow.kind, facts, encode_undo(first, last)), (first, last)


def _need(value: T | None) -> T:
    assert value is not None  # the flow reached its confirmation: checked on load and by steps
    return value


async def _training(recorder: Recorder, flow: TrainingFlow) -> Facts:
    training_id = flow.training
    if not training_id:
        training = await recorder.add_training(
            name=_need(flow.name),
            starts_on=_need(flow.starts),
            ends_on=_need(flow.ends),
            organiser=flow.organiser or None,
        )
        training_id = training.id
    result = await recorder.attend(training_id, list(flow.ticked))
    facts = [
        (Fact.TRAINING, result.training.name),
        (Fact.ATTENDEES, ", ".join(p.name for p in result.added) or "–"),
    ]
    if result.already:
        facts.append((Fact.ALREADY, ", ".join(p.name for p in result.already)))
    return tuple(facts)


async def _report(recorder: Recorder, flow: ReportFlow, received_by: str) -> Facts:
    task_id = _need(flow.task)
    report = await recorder.report(
        task_id, received_on=_need(flow.received), received_by=received_by
    )
    task = await recorder.session.get(TaskRow, task_id)
    return (
        (Fact.TASK, task.name if task is not None else f"#{task_id}"),
        (Fact.RECEIVED, format_date(report.received_on)),
        (Fact.RECEIVED_BY, report.received_by),
    )


async def _meeting(recorder: Recorder, flow: MeetingFlow) -> Facts:
    missed = [MEETING_CHECKLIST[i - 1] for i in flow.missed]
    held = _need(flow.held)
    if flow.meeting:
        meeting = await recorder.facilitate(
            flow.meeting, held_on=held, standard_met=not missed, items=missed
        )
        agenda = meeting.agenda
    else:
        agenda = await _held_meeting(
            recorder, _need(flow.agenda), _need(flow.planned), held, missed
        )
    facts = [(Fact.AGENDA, agenda), (Fact.HELD, format_date(held))]
    facts.append((Fact.STANDARD, "tidak" if missed else "ya"))
    if missed:
        facts.append((Fact.MISSED, "; ".join(missed)))
    return tuple(facts)


async def _follow_up(recorder: Recorder, flow: FollowUpFlow, summary: Facts) -> Facts:
    """The new action, or the status of the chosen one; what was saved (a new one's number)."""
    session = recorder.session
    period = await session.get(PeriodRow, flow.period)
    if period is None:
        raise DomainError("periode tindak lanjut ini sudah tidak ada")
    if flow.follow_up:
        await store.update_status(
            session,
            actor=recorder.actor,
            now=recorder.now,
            number=flow.follow_up,
            status=FollowUpStatus(_need(flow.status)),
            note=flow.note or None,
        )
        return summary
    row = await store.insert(
        session,
        actor=recorder.actor,
        now=recorder.now,
        period=period,
        element=_need(flow.element),
        action=_need(flow.action),
        bidang=_need(flow.bidang),
        due_on=_need(flow.due),
        extra_bidang=await bidang_keys(session),
    )
    named = f"TL{row.id} {row.action}"
    return tuple((fact, named if fact is Fact.WHAT else value) for fact, value in summary)


async def _held_meeting(
    recorder: Recorder, agenda: str, planned: date, held: date, items: list[str]
) -> str:
    """A meeting that was not on the list yet, planned and held, as one addition (one undo)."""
    check_held_in_plan_year(planned, held)
    row = MeetingRow(
        agenda=clean_text(agenda, "agenda rapat", 300),
        planned_on=planned,
        held_on=held,
        standard_met=not items,
        missed_items="\n".join(missed_items(not items, items)),
        created_at=recorder.now,
    )
    await recorder.added(row)
    return row.agenda


async def undo_save(session: AsyncSession, recorder: Recorder, first: int, last: int) -> int:
    """Undo every change of one save (audit ids `first`..`last`), newest first; how many."""
    query = (
        select(AuditRow)
        .where(col(AuditRow.id) >= first, col(AuditRow.id) <= last)
        .order_by(col(AuditRow.id).desc())
    )
    rows = list(await session.exec(query))
    if not rows:
        raise DomainError(f"perubahan #{first} tidak ada")
    author = rows[-1].actor
    changes = [
        r for r in rows if same_actor(r.actor, author) and r.action in (Action.ADD, Action.CHANGE)
    ]
    if not changes:
        raise DomainError(f"perubahan #{first} tidak dapat dibatalkan")
    for change in changes:
        assert change.id is not None
        await undo_change(session, actor=recorder.actor, now=recorder.now, audit_id=change.id)
    return len(changes)
