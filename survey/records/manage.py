"""Records as the command line manages them: numbered by kind (P12, T3, R5), deleted or
corrected one at a time under the same rules as a new record, each change in the audit log."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.dates import parse_date
from survey.people.bidang import canonical_bidang
from survey.ports import DomainError
from survey.records.audit import snapshot
from survey.records.model import PREFIXES, Action, Entity, record_number
from survey.records.ops import Recorder
from survey.records.rules import (
    check_held_in_plan_year,
    check_not_future,
    check_span,
    clean_text,
    missed_items,
    optional_text,
)
from survey.records.tables import AttendanceRow, MeetingRow, TaskReportRow, TaskRow, TrainingRow

#: The columns `ubah` takes per kind: the import file's own column names.
COLUMNS = {
    Entity.TRAINING: ("pelatihan", "mulai", "selesai", "penyelenggara"),
    Entity.TASK: ("tugas", "jenis", "bidang", "jatuh_tempo", "laporan_diterima", "penerima"),
    Entity.MEETING: ("agenda", "rencana", "dilaksanakan", "sesuai_standar", "catatan"),
}
YES, NO = frozenset({"ya", "y"}), frozenset({"tidak", "t"})
Record = TrainingRow | TaskRow | MeetingRow


def parse_number(text: str) -> tuple[Entity, int]:
    """The kind and id a number such as `P12` names; DomainError otherwise."""
    found = re.fullmatch(r"\s*([PTRptr])\s*#?(\d{1,9})\s*", text)
    if found is None:
        raise DomainError(
            f"nomor catatan tidak dikenal: '{text}' (contoh: P12 pelatihan, T3 tugas, "
            "R5 rapat; lihat ikm records list)"
        )
    return PREFIXES[found[1].upper()], int(found[2])


async def _record(session: AsyncSession, kind: Entity, record_id: int) -> Record:
    row: Record | None
    if kind is Entity.TRAINING:
        row = await session.get(TrainingRow, record_id)
    elif kind is Entity.TASK:
        row = await session.get(TaskRow, record_id)
    else:
        row = await session.get(MeetingRow, record_id)
    if row is None:
        raise DomainError(f"catatan {record_number(kind, record_id)} tidak ada")
    return row


async def delete_record(recorder: Recorder, kind: Entity, record_id: int) -> int:
    """Delete a record and what hangs on it (a training's attendance, a task's report), each
    with an audit row; how many rows went."""
    session = recorder.session
    row = await _record(session, kind, record_id)
    children: list[tuple[Entity, str, AttendanceRow | TaskReportRow]] = []
    if kind is Entity.TRAINING:
        query = select(AttendanceRow).where(AttendanceRow.training_id == record_id)
        children += [
            (Entity.ATTENDANCE, f"{a.training_id}/{a.person_id}", a)
            for a in await session.exec(query)
        ]
    if kind is Entity.TASK:
        query_report = select(TaskReportRow).where(TaskReportRow.task_id == record_id)
        children += [(Entity.REPORT, str(r.id), r) for r in await session.exec(query_report)]
    for entity, key, child in children:
        recorder.log(Action.DELETE, entity, key, snapshot(child))
        await session.delete(child)
    await session.flush()
    recorder.log(Action.DELETE, kind, str(record_id), snapshot(row))
    await session.delete(row)
    await session.flush()
    return len(children) + 1


async def change_record(
    recorder: Recorder,
    kind: Entity,
    record_id: int,
    values: Mapping[str, str],
    *,
    bidang_extra: Iterable[str] = (),
) -> bool:
    """Correct the named columns of a record; False when nothing changed."""
    unknown = [name for name in values if name not in COLUMNS[kind]]
    if unknown:
        raise DomainError(
            f"kolom {', '.join(unknown)} tidak ada pada {kind.value} "
            f"(kolom: {', '.join(COLUMNS[kind])})"
        )
    row = await _record(recorder.session, kind, record_id)
    before = snapshot(row)
    if isinstance(row, TrainingRow):
        _training(row, values, recorder.today)
    elif isinstance(row, TaskRow):
        _task(row, values, bidang_extra)
        if {"laporan_diterima", "penerima"} & values.keys():
            await _report(recorder, row, values)
    else:
        _meeting(row, values, recorder.today)
    if snapshot(row) == before:
        return "laporan_diterima" in values or "penerima" in values
    recorder.session.add(row)
    recorder.log(Action.CHANGE, kind, str(record_id), before, snapshot(row))
    await recorder.session.flush()
    return True


def _training(row: TrainingRow, values: Mapping[str, str], today: date) -> None:
    if "pelatihan" in values:
        row.name = clean_text(values["pelatihan"], "nama pelatihan", 200)
    if "mulai" in values:
        row.starts_on = parse_date(values["mulai"])
    if "selesai" in values:
        row.ends_on = parse_date(values["selesai"])
    if "penyelenggara" in values:
        row.organiser = optional_text(values["penyelenggara"], "penyelenggara", 200)
    check_span(row.starts_on, row.ends_on)
    check_not_future(row.ends_on, today, "tanggal selesai pelatihan")


def _task(row: TaskRow, values: Mapping[str, str], bidang_extra: Iterable[str]) -> None:
    if "tugas" in values:
        row.name = clean_text(values["tugas"], "nama tugas", 200)
    if "jenis" in values:
        row.kind = clean_text(values["jenis"], "jenis tugas", 50).lower()
    if "bidang" in values:
        row.bidang = canonical_bidang(values["bidang"], bidang_extra)
    if "jatuh_tempo" in values:
        row.due_on = parse_date(values["jatuh_tempo"])


async def _report(recorder: Recorder, task: TaskRow, values: Mapping[str, str]) -> None:
    """Add, correct or (both columns blank) remove the task's report."""
    session = recorder.session
    query = select(TaskReportRow).where(col(TaskReportRow.task_id) == task.id)
    report = (await session.exec(query)).first()
    received = values.get("laporan_diterima")
    by = values.get("penerima")
    if (received is not None and not received.strip()) and (by is None or not by.strip()):
        if report is not None:
            recorder.log(Action.DELETE, Entity.REPORT, str(report.id), snapshot(report))
            await session.delete(report)
        return
    if report is None:
        if not (received and received.strip() and by and by.strip()):
            raise DomainError("laporan baru perlu laporan_diterima dan penerima")
        assert task.id is not None
        report = TaskReportRow(
            task_id=task.id, received_on=date.min, received_by="", created_at=recorder.now
        )
        old = None
    else:
        old = snapshot(report)
    if received is not None:
        day = check_not_future(parse_date(received), recorder.today, "tanggal diterima")
        report.received_on = day
    if by is not None:
        report.received_by = clean_text(by, "penerima laporan", 200)
    if old is None:
        await recorder.added(report)
    elif snapshot(report) != old:
        session.add(report)
        recorder.log(Action.CHANGE, Entity.REPORT, str(report.id), old, snapshot(report))


def _meeting(row: MeetingRow, values: Mapping[str, str], today: date) -> None:
    if "agenda" in values:
        row.agenda = clean_text(values["agenda"], "agenda rapat", 300)
    if "rencana" in values:
        row.planned_on = parse_date(values["rencana"])
    if "dilaksanakan" in values:
        held = values["dilaksanakan"].strip()
        row.held_on = parse_date(held) if held else None
    if row.held_on is None:
        if values.get("sesuai_standar", "").strip() or values.get("catatan", "").strip():
            raise DomainError("sesuai_standar dan catatan hanya diisi bila dilaksanakan diisi")
        row.standard_met, row.missed_items = None, ""
        return
    check_held_in_plan_year(row.planned_on, row.held_on)
    check_not_future(row.held_on, today, "tanggal pelaksanaan")
    met = row.standard_met if row.standard_met is not None else True
    if "sesuai_standar" in values:
        met = _yes_no(values["sesuai_standar"])
    items: Iterable[str] = [i for i in row.missed_items.split("\n") if i]
    if "catatan" in values:
        items = values["catatan"].split(";")
    elif met:
        items = []
    row.standard_met = met
    row.missed_items = "\n".join(missed_items(met, items))


def _yes_no(text: str) -> bool:
    word = text.strip().casefold()
    if word in YES or word in NO:
        return word in YES
    raise DomainError(f"sesuai_standar harus ya atau tidak, bukan '{text}'")
