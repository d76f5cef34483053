"""`ikm records list`: one kind of record in a range as aligned columns, numbered for
`ikm records hapus/ubah` (P12, T3, R5)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from survey.dates import format_date
from survey.records.model import Entity, record_number

if TYPE_CHECKING:
    from survey.indicators.ranges import DateRange
    from survey.records.service import RecordService

Table = list[tuple[str, ...]]


async def listing(records: RecordService, kind: str, span: DateRange) -> list[str]:
    """The header and one line per record of `kind` whose date lies in `span`."""
    if kind == Entity.TRAINING.value:
        trainings = sorted(await records.trainings(), key=lambda t: (t.starts_on, t.id))
        rows: Table = [("NOMOR", "PELATIHAN", "MULAI", "SELESAI", "PENYELENGGARA", "PESERTA")]
        rows += [
            (
                record_number(Entity.TRAINING, t.id),
                t.name,
                format_date(t.starts_on),
                format_date(t.ends_on),
                t.organiser or "–",
                str(t.attendees),
            )
            for t in trainings
            if span.start <= t.starts_on <= span.end
        ]
    elif kind == Entity.TASK.value:
        tasks = await records.tasks(due_from=span.start, due_to=span.end)
        rows = [("NOMOR", "TUGAS", "JENIS", "BIDANG", "JATUH TEMPO", "LAPORAN DITERIMA")]
        rows += [
            (
                record_number(Entity.TASK, t.id),
                t.name,
                t.kind,
                t.bidang,
                format_date(t.due_on),
                "belum"
                if t.report is None
                else f"{format_date(t.report.received_on)} ({t.report.received_by})",
            )
            for t in tasks
        ]
    else:
        meetings = await records.meetings()
        rows = [("NOMOR", "AGENDA", "RENCANA", "DILAKSANAKAN", "SESUAI STANDAR")]
        rows += [
            (
                record_number(Entity.MEETING, m.id),
                m.agenda,
                format_date(m.planned_on),
                "belum" if m.held_on is None else format_date(m.held_on),
                "–" if m.standard_met is None else ("ya" if m.standard_met else "tidak"),
            )
            for m in meetings
            if span.start <= m.planned_on <= span.end
        ]
    return aligned(rows)


def aligned(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Rows as lines with each column padded to its widest cell (the last one unpadded)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
