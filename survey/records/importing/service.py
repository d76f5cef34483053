"""Import activity records from a spreadsheet (CSV or XLSX), all rows or none.

Columns (header names in any case; dates as 2026-01-05, 05/01/2026 or 5 Januari 2026):

- pelatihan: `pelatihan, mulai, selesai, penyelenggara, anggota`, one row per attendee; a
  training is created once per distinct name and dates (or reused when already recorded);
  `anggota` is a member's name as on the roster (any case or spacing); `penyelenggara` may be
  blank.
- tugas: `tugas, jenis, bidang, jatuh_tempo, laporan_diterima, penerima`; the last two
  (optional, together) record the report received for that task.
- rapat: `agenda, rencana, dilaksanakan, sesuai_standar, catatan`; `dilaksanakan` may be blank
  (planned only); when held, `sesuai_standar` is `ya` or `tidak` and `catatan` lists the missed
  checklist items separated by `;` (required with `tidak`, empty with `ya`).

The same rules as the chat apply (members in office on a training's start, one report per
task, meetings held within their plan year), and a row repeating an earlier one is refused.
Every bad row is reported with its number before anything is written; records already in the
database are reused, so importing a file twice adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from survey.ports import Clock, DomainError, UnitOfWork
from survey.records.audit import check_recorder
from survey.records.importing.apply import Outcome, apply_lines
from survey.records.importing.file import KINDS, Kind, RecordFileError, read_records
from survey.records.model import RACED, Actor
from survey.records.ops import Recorder

__all__ = ["KINDS", "ImportReport", "Kind", "RecordFileError", "import_records"]


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, in a dry run, would do): a line per row and the counts."""

    kind: str
    dry_run: bool
    lines: tuple[str, ...]
    counts: Mapping[str, int]


class _DryRun(Exception):
    """Rolls a dry run's transaction back while carrying its report out."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("uji coba")
        self.report = report


async def import_records(
    db: UnitOfWork,
    kind: Kind,
    path: Path,
    *,
    dry_run: bool,
    actor: Actor,
    clock: Clock,
    zone: tzinfo,
    extra_bidang: Iterable[str] = (),
) -> ImportReport:
    """Import the file in one transaction; RecordFileError lists every bad row, nothing saved.
    `RecordService.import_file` calls it with the service's clock and zone.

    Each row is applied with the service's own rules; a dry run applies them too, then rolls
    the transaction back, so its report is exactly what the import would do.
    """
    today = clock().astimezone(zone).date()
    lines, problems = read_records(kind, path, today, extra_bidang)
    try:
        async with db.transaction() as session:
            recorder = Recorder(
                session, actor=await check_recorder(session, actor), now=clock(), zone=zone
            )
            outcomes, more = await apply_lines(recorder, lines)
            if problems + more:
                raise RecordFileError(sorted(problems + more, key=lambda p: p.row or 0))
            report = _report(kind, dry_run, outcomes)
            if dry_run:
                raise _DryRun(report)
            return report
    except _DryRun as dry:
        return dry.report
    except IntegrityError:  # a racing call recorded the same thing first (PostgreSQL)
        raise DomainError(RACED) from None


def _report(kind: str, dry_run: bool, outcomes: list[Outcome]) -> ImportReport:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        for label in outcome.counted:
            counts[label] = counts.get(label, 0) + 1
    lines = tuple(f"baris {o.row}: {o.text}" for o in outcomes)
    return ImportReport(kind, dry_run, lines, counts)


def check_kind(text: str) -> Kind:
    """The kind of records named by `text` (any case); DomainError for an unknown one."""
    for kind in KINDS:
        if text.strip().casefold() == kind:
            return kind
    raise DomainError(f"jenis tidak dikenal: '{text}' (pilihan: {', '.join(KINDS)})")
