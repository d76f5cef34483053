"""The audit log of the records: who may record, one row per change, and reading it back."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.dates import format_date
from survey.people.model import Person, Role
from survey.ports import DomainError
from survey.records.model import (
    LETTERS,
    RECORDER_ROLES,
    Action,
    Actor,
    AuditEntry,
    Entity,
    NotARecorder,
    record_number,
)
from survey.records.tables import AuditRow
from survey.tables import PersonRow

BOOKKEEPING = frozenset({"created_at", "recorded_at"})
ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# How the log shows a record's fields: the spreadsheet column names people know.
LABELS = {
    "name": "nama",
    "starts_on": "mulai",
    "ends_on": "selesai",
    "organiser": "penyelenggara",
    "training_id": "pelatihan",
    "person_id": "anggota",
    "kind": "jenis",
    "due_on": "jatuh_tempo",
    "task_id": "tugas",
    "received_on": "diterima",
    "received_by": "penerima",
    "planned_on": "rencana",
    "held_on": "dilaksanakan",
    "standard_met": "sesuai_standar",
    "missed_items": "catatan",
    "period_id": "periode",
    "element": "unsur",
    "action": "tindakan",
    "note": "catatan",
}
_PERSON_LABEL = re.compile(r"\(#(\d+)\)$")


def actor_label(actor: Actor) -> str:
    """How the audit log names an actor: `Nama (#id)` for a person, else the label itself."""
    if isinstance(actor, Person):
        return f"{actor.name[:180]} (#{actor.id})"
    label = " ".join(actor.split())
    if not label:
        raise DomainError("pencatat tidak dikenal")
    return label[:200]


def same_actor(label: str, other: str) -> bool:
    """Whether two audit labels name the same actor (a person by id, even if renamed)."""

    def identity(text: str) -> tuple[str, str]:
        found = _PERSON_LABEL.search(text)
        return ("orang", found[1]) if found else ("label", text)

    return identity(label) == identity(other)


async def check_recorder(session: AsyncSession, actor: Actor) -> str:
    """The actor's audit label, once the roster (read now) says they may record."""
    if isinstance(actor, Person):
        row = await session.get(PersonRow, actor.id)
        if row is None or not row.active or Role(row.role) not in RECORDER_ROLES:
            raise NotARecorder
    return actor_label(actor)


def snapshot(row: SQLModel) -> dict[str, Any]:
    """A record's fields as JSON values (dates ISO), without bookkeeping timestamps."""
    fields = row.model_dump(mode="json", exclude=set(BOOKKEEPING))
    # Declaration order: a table row dumps in its instance dict order, which SQLAlchemy shuffles.
    return {name: fields[name] for name in type(row).model_fields if name in fields}


def audit_row(
    *,
    at: datetime,
    actor: str,
    action: Action,
    entity: Entity,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditRow:
    """A new audit row; `before`/`after` become JSON."""
    return AuditRow(
        at=at,
        actor=actor,
        action=action.value,
        entity=entity.value,
        entity_id=entity_id,
        before=_dumps(before),
        after=_dumps(after),
    )


def _dumps(fields: dict[str, Any] | None) -> str | None:
    return None if fields is None else json.dumps(fields, ensure_ascii=False)


def entry_of(row: AuditRow) -> AuditEntry:
    """The domain view of an audit row."""
    assert row.id is not None
    before = None if row.before is None else json.loads(row.before)
    after = None if row.after is None else json.loads(row.after)
    action = Action(row.action)
    return AuditEntry(row.id, row.at, row.actor, action, row.entity, row.entity_id, before, after)


async def entries(session: AsyncSession, *, limit: int, entity: str | None) -> list[AuditEntry]:
    """The newest `limit` audit entries, newest first, of one entity kind or all."""
    query = select(AuditRow).order_by(col(AuditRow.id).desc()).limit(max(limit, 0))
    if entity is not None:
        query = query.where(AuditRow.entity == entity)
    return [entry_of(row) for row in await session.exec(query)]


def describe(entry: AuditEntry, width: int = 90) -> str:
    """The change in short: `nama=…, mulai=…` for an addition, `kolom: lama → baru` otherwise."""
    before, after = entry.before or {}, entry.after or {}
    if not before or not after:
        shown = after or before
        mark = "" if after else "dihapus: "
        filled = {k: v for k, v in shown.items() if k != "id" and v not in (None, "")}
        text = mark + ", ".join(f"{_label(k)}={_value(v)}" for k, v in filled.items())
    else:
        changed = [k for k in after if before.get(k) != after[k]]
        text = "; ".join(
            f"{_label(k)}: {_value(before.get(k))} → {_value(after[k])}" for k in changed
        )
    return text if len(text) <= width else text[: width - 1] + "…"


def _label(field: str) -> str:
    return LABELS.get(field, field)


def record_label(entry: AuditEntry) -> str:
    """The record an entry is about, as people know it: `pelatihan P12`, `tugas T3`, `rapat R5`;
    an attendance or a report by the training or task it belongs to; else the kind alone."""
    kind = next((e for e in Entity if e.value == entry.entity), None)
    if kind in LETTERS and entry.entity_id.isdigit():
        return f"{entry.entity} {record_number(kind, int(entry.entity_id))}"
    owners = {
        Entity.ATTENDANCE: (Entity.TRAINING, "training_id"),
        Entity.REPORT: (Entity.TASK, "task_id"),
    }
    if kind not in owners:
        return entry.entity
    parent, key = owners[kind]
    owner = (entry.after or entry.before or {}).get(key)
    if owner is None or not str(owner).isdigit():
        return entry.entity
    return f"{entry.entity} {record_number(parent, int(str(owner)))}"


def _value(value: object) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, str) and ISO_DAY.fullmatch(value):
        return format_date(date.fromisoformat(value))
    return str(value).replace("\n", "; ")
