"""Undo a recorded change: only its own author, within a day, and only the latest change."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import SQLModel, col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.ports import DomainError
from survey.records.audit import audit_row, same_actor, snapshot
from survey.records.follow_up.tables import FollowUpRow
from survey.records.model import Action, Entity
from survey.records.tables import (
    AttendanceRow,
    AuditRow,
    MeetingRow,
    TaskReportRow,
    TaskRow,
    TrainingRow,
)

UNDO_WINDOW = timedelta(hours=24)
TABLES: dict[Entity, type[SQLModel]] = {
    Entity.TRAINING: TrainingRow,
    Entity.ATTENDANCE: AttendanceRow,
    Entity.TASK: TaskRow,
    Entity.REPORT: TaskReportRow,
    Entity.MEETING: MeetingRow,
    Entity.FOLLOW_UP: FollowUpRow,
}
# Records that others hang on: undoing their addition would silently delete those too.
DEPENDENTS: dict[Entity, tuple[Any, str]] = {
    Entity.TRAINING: (AttendanceRow.training_id, "pelatihan ini sudah punya peserta"),
    Entity.TASK: (TaskReportRow.task_id, "tugas ini sudah punya laporan"),
}


async def undo_change(session: AsyncSession, *, actor: str, now: datetime, audit_id: int) -> str:
    """Reverse audit entry `audit_id` (delete an addition, restore a change); say what was done."""
    change = await session.get(AuditRow, audit_id)
    if change is None:
        raise DomainError(f"perubahan #{audit_id} tidak ada")
    _check_allowed(change, actor, now)
    await _check_latest(session, change)
    entity = Entity(change.entity)
    record = await session.get(TABLES[entity], _key(change.entity_id))
    if record is None:
        raise DomainError(f"{entity.value} #{change.entity_id} sudah tidak ada")
    before = snapshot(record)
    after = await _reverse(session, change, record)
    session.add(
        audit_row(
            at=now,
            actor=actor,
            action=Action.UNDO,
            entity=entity,
            entity_id=change.entity_id,
            before=before,
            after=after,
        )
    )
    await session.flush()
    return (
        f"Perubahan #{audit_id} ({change.action} {entity.value} #{change.entity_id}) dibatalkan."
    )


async def _reverse(session: AsyncSession, change: AuditRow, record: SQLModel) -> Any:
    """Delete what `change` added or put back what it changed; the record's fields after."""
    if change.action == Action.ADD:
        await _check_no_dependents(session, Entity(change.entity), change.entity_id)
        await session.delete(record)
        return None
    _restore(record, json.loads(change.before or "{}"))
    session.add(record)
    return snapshot(record)


def _check_allowed(change: AuditRow, actor: str, now: datetime) -> None:
    if change.action not in (Action.ADD, Action.CHANGE):
        raise DomainError(f"perubahan #{change.id} ({change.action}) tidak dapat dibatalkan")
    if not same_actor(change.actor, actor):
        raise DomainError(
            f"perubahan #{change.id} dicatat oleh {change.actor}; "
            "hanya pencatatnya yang dapat membatalkannya"
        )
    if now - change.at > UNDO_WINDOW:
        raise DomainError(
            f"perubahan #{change.id} sudah lebih dari 24 jam; tidak dapat dibatalkan lagi"
        )


async def _check_latest(session: AsyncSession, change: AuditRow) -> None:
    """Only the latest change of a record can be undone: later ones were made on top of it."""
    query = (
        select(AuditRow)
        .where(
            AuditRow.entity == change.entity,
            AuditRow.entity_id == change.entity_id,
            col(AuditRow.id) > change.id,
        )
        .order_by(col(AuditRow.id))
    )
    later = (await session.exec(query)).first()
    if later is None:
        return
    if later.action == Action.UNDO:
        raise DomainError(f"perubahan #{change.id} sudah dibatalkan (#{later.id})")
    raise DomainError(
        f"{change.entity} #{change.entity_id} sudah diubah lagi sesudahnya (perubahan #{later.id})"
    )


async def _check_no_dependents(session: AsyncSession, entity: Entity, entity_id: str) -> None:
    if entity not in DEPENDENTS:
        return
    column, reason = DEPENDENTS[entity]
    count = (await session.exec(select(func.count()).where(column == int(entity_id)))).one()
    if count:
        raise DomainError(f"{reason}; batalkan dulu pencatatan itu")


def _key(entity_id: str) -> int | tuple[int, ...]:
    """The primary key of a record from its audit id: `12`, or `3/45` for an attendance."""
    parts = tuple(int(part) for part in entity_id.split("/"))
    return parts[0] if len(parts) == 1 else parts


def _restore(record: SQLModel, fields: dict[str, Any]) -> None:
    """Put back the fields an audit row saved, converted by the table's own types."""
    restored = type(record).model_validate(fields)
    for name in fields:
        setattr(record, name, getattr(restored, name))
