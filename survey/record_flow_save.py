"""Saving a confirmed recording flow, and undoing one save, each inside the caller's transaction.

A save may write several audit rows (a new training and each attendee); they are one change for
the person, so the undo button carries the first and last audit id and undoes them all, newest
first, or none of them.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.dates import format_date
from survey.follow_up import flow as follow_up
from survey.ports import DomainError
from survey.record_flow_actions import encode_undo
from survey.record_flow_model import MEETING_CHECKLIST, Fact, Facts, FlowKind, FlowState, Saved
from survey.record_flow_steps import Desk
from survey.record_tables import AuditRow, MeetingRow, TaskRow
from survey.records_audit import same_actor
from survey.records_model import Action
from survey.records_ops import Recorder
from survey.records_rules import check_held_in_plan_year, clean_text, missed_items
from survey.records_undo import undo_change


async def save(
    recorder: Recorder, state: FlowState, desk: Desk
) -> tuple[Saved, tuple[int, int] | None]:
    """Write what the flow collected, as `recorder`'s actor; what was saved and its audit ids."""
    session, received_by = recorder.session, desk.person.name
    before = (await session.exec(select(func.max(AuditRow.id)))).one() or 0
    if state.kind is FlowKind.FOLLOW_UP:
        facts: Facts = tuple(await follow_up.save(desk, state, recorder.actor))
    elif state.kind is FlowKind.TRAINING:
        facts = await _training(recorder, state)
    elif state.kind is FlowKind.REPORT:
        facts = await _report(recorder, state, received_by)
    else:
        facts = await _meeting(recorder, state)
    query = select(AuditRow.id).where(col(AuditRow.id) > before, AuditRow.actor == recorder.actor)
    ids = [i for i in await session.exec(query) if i is not None]
    if not ids:  # nothing changed (every attendee was already recorded): nothing to undo
        return Saved(state.kind, facts, None), None
    first, last = min(ids), max(ids)
    return Saved(state.kind, facts, encode_undo(first, last)), (first, last)


def _day(value: object) -> date:
    return date.fromisoformat(str(value))


def _ids(value: object) -> list[int]:
    return [int(str(i)) for i in value] if isinstance(value, list) else []


async def _training(recorder: Recorder, state: FlowState) -> Facts:
    data = state.data
    training_id = int(str(data.get("training") or 0))
    if not training_id:
        organiser = str(data["organiser"]) if data.get("organiser") else None
        training = await recorder.add_training(
            name=str(data["name"]),
            starts_on=_day(data["starts"]),
            ends_on=_day(data["ends"]),
            organiser=organiser,
        )
        training_id = training.id
    result = await recorder.attend(training_id, _ids(data.get("ticked")))
    facts = [
        (Fact.TRAINING, result.training.name),
        (Fact.ATTENDEES, ", ".join(p.name for p in result.added) or "–"),
    ]
    if result.already:
        facts.append((Fact.ALREADY, ", ".join(p.name for p in result.already)))
    return tuple(facts)


async def _report(recorder: Recorder, state: FlowState, received_by: str) -> Facts:
    task_id = int(str(state.data["task"]))
    report = await recorder.report(
        task_id, received_on=_day(state.data["received"]), received_by=received_by
    )
    task = await recorder.session.get(TaskRow, task_id)
    return (
        (Fact.TASK, task.name if task is not None else f"#{task_id}"),
        (Fact.RECEIVED, format_date(report.received_on)),
        (Fact.RECEIVED_BY, report.received_by),
    )


async def _meeting(recorder: Recorder, state: FlowState) -> Facts:
    data = state.data
    missed = [MEETING_CHECKLIST[i - 1] for i in _ids(data.get("missed"))]
    held = _day(data["held"])
    if data.get("meeting"):
        meeting = await recorder.facilitate(
            int(str(data["meeting"])), held_on=held, standard_met=not missed, items=missed
        )
        agenda = meeting.agenda
    else:
        agenda = await _held_meeting(
            recorder, str(data["agenda"]), _day(data["planned"]), held, missed
        )
    facts = [(Fact.AGENDA, agenda), (Fact.HELD, format_date(held))]
    facts.append((Fact.STANDARD, "tidak" if missed else "ya"))
    if missed:
        facts.append((Fact.MISSED, "; ".join(missed)))
    return tuple(facts)


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
