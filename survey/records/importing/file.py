"""Read a records spreadsheet (pelatihan, tugas or rapat) into typed lines; see records_import.

Problems of form (blank cells, unknown dates, duplicate rows) are collected here with their row
numbers; the rules that need the database are checked when the lines are applied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from survey.dates import parse_date
from survey.people.bidang import canonical_bidang
from survey.ports import DomainError
from survey.records.rules import check_not_future, check_span
from survey.sheets import RowProblem, Sheet, SheetError, problem_lines, read_sheet

Kind = Literal["pelatihan", "tugas", "rapat"]
KINDS: tuple[Kind, ...] = ("pelatihan", "tugas", "rapat")
# Required columns, then optional ones, of each kind of file.
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pelatihan": (("pelatihan", "mulai", "selesai", "anggota"), ("penyelenggara",)),
    "tugas": (("tugas", "jenis", "bidang", "jatuh_tempo"), ("laporan_diterima", "penerima")),
    "rapat": (("agenda", "rencana"), ("dilaksanakan", "sesuai_standar", "catatan")),
}
YES, NO = frozenset({"ya", "y", "true", "1"}), frozenset({"tidak", "t", "false", "0"})


class RecordFileError(DomainError):
    """A records file with problems; str() lists every one, a line each, in row order."""

    def __init__(self, problems: Iterable[RowProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.row or 0)
        super().__init__(problem_lines(self.problems))


@dataclass(frozen=True)
class TrainingLine:
    """A row of a pelatihan file: one member attending one training."""

    row: int
    name: str
    starts_on: date
    ends_on: date
    organiser: str | None
    member: str


@dataclass(frozen=True)
class TaskLine:
    """A row of a tugas file: a planned task and, optionally, its report."""

    row: int
    name: str
    kind: str
    bidang: str
    due_on: date
    received_on: date | None
    received_by: str | None


@dataclass(frozen=True)
class MeetingLine:
    """A row of a rapat file: a planned meeting and, optionally, how it was held."""

    row: int
    agenda: str
    planned_on: date
    held_on: date | None
    standard_met: bool | None
    missed: tuple[str, ...]


Line = TrainingLine | TaskLine | MeetingLine


def key(text: str) -> str:
    """Text compared as people mean it: any case, any spacing."""
    return " ".join(text.split()).casefold()


class _Cells:
    """The cells of one row, read with the reasons they are wrong collected."""

    def __init__(
        self, values: Mapping[str, str], today: date | None = None, bidang: Iterable[str] = ()
    ) -> None:
        self.values = values
        self.today = today
        self.extra_bidang = tuple(bidang)
        self.reasons: list[str] = []

    def bidang(self, column: str) -> str:
        """A bidang of the decree or of IKM_BIDANG_LAIN, as stored; else a reason."""
        raw = self.text(column)
        if not raw:
            return raw
        try:
            return canonical_bidang(raw, self.extra_bidang)
        except DomainError as exc:  # its text names the column already
            self.reasons.append(str(exc))
            return raw

    def text(self, column: str, *, required: bool = True) -> str:
        value = " ".join(self.values.get(column, "").split())
        if required and not value:
            self.reasons.append(f"{column} kosong")
        return value

    def day(self, column: str, *, required: bool = True, past: bool = False) -> date | None:
        """The date in `column`; with `past`, one after today is a reason (what happened)."""
        raw = self.text(column, required=required)
        if not raw:
            return None
        try:
            day = parse_date(raw)
            if past and self.today is not None:
                check_not_future(day, self.today, column)
            return day
        except DomainError as exc:
            self.reasons.append(f"{column}: {exc}" if column not in str(exc) else str(exc))
            return None

    def yes_no(self, column: str) -> bool | None:
        raw = self.text(column).casefold()
        if raw and raw not in YES | NO:
            self.reasons.append(f"{column} harus 'ya' atau 'tidak', bukan '{raw}'")
        return True if raw in YES else False if raw in NO else None


def _training(number: int, cells: _Cells) -> tuple[TrainingLine | None, tuple[object, ...]]:
    name, member = cells.text("pelatihan"), cells.text("anggota")
    starts, ends = cells.day("mulai", past=True), cells.day("selesai", past=True)
    organiser = cells.text("penyelenggara", required=False) or None
    if starts is not None and ends is not None:
        try:
            check_span(starts, ends)
        except DomainError as exc:
            cells.reasons.append(str(exc))
    if cells.reasons or starts is None or ends is None:
        return None, ()
    line = TrainingLine(number, name, starts, ends, organiser, member)
    return line, (key(name), starts, ends, key(member))


def _task(number: int, cells: _Cells) -> tuple[TaskLine | None, tuple[object, ...]]:
    name, kind, bidang = cells.text("tugas"), cells.text("jenis"), cells.bidang("bidang")
    due = cells.day("jatuh_tempo")
    received = cells.day("laporan_diterima", required=False, past=True)
    by = cells.text("penerima", required=False) or None
    if (received is None) != (by is None) and not cells.reasons:
        cells.reasons.append("laporan_diterima dan penerima diisi bersama, atau keduanya kosong")
    if cells.reasons or due is None:
        return None, ()
    return TaskLine(number, name, kind, bidang, due, received, by), (key(name), key(bidang), due)


def _meeting(number: int, cells: _Cells) -> tuple[MeetingLine | None, tuple[object, ...]]:
    agenda, planned = cells.text("agenda"), cells.day("rencana")
    held = cells.day("dilaksanakan", required=False, past=True)
    standard = cells.yes_no("sesuai_standar") if held else None
    missed = tuple(i for i in cells.text("catatan", required=False).split(";") if i.strip())
    written = cells.text("dilaksanakan", required=False)
    if not written and (cells.text("sesuai_standar", required=False) or missed):
        cells.reasons.append("sesuai_standar dan catatan hanya diisi bila dilaksanakan diisi")
    if cells.reasons or planned is None:
        return None, ()
    return MeetingLine(number, agenda, planned, held, standard, missed), (key(agenda), planned)


READERS: dict[str, Callable[[int, _Cells], tuple[Line | None, tuple[object, ...]]]] = {
    "pelatihan": _training,
    "tugas": _task,
    "rapat": _meeting,
}
SAME = {"pelatihan": "pelatihan dan anggota", "tugas": "tugas", "rapat": "rapat"}


def read_records(
    kind: str, path: Path, today: date | None = None, extra_bidang: Iterable[str] = ()
) -> tuple[list[Line], list[RowProblem]]:
    """The valid lines of a records file and the problems of the others; with `today` (local),
    a training, report or meeting dated after it is a problem (plans may lie ahead); a task's
    bidang is the decree's or one of `extra_bidang`.

    Raise RecordFileError when the file itself cannot be used (unreadable, a required column
    missing, no data rows). A row repeating an earlier row's record is a problem.
    """
    if kind not in READERS:
        raise RecordFileError([RowProblem(None, f"jenis tidak dikenal: '{kind}'")])
    sheet = _sheet(kind, path)
    lines: list[Line] = []
    problems: list[RowProblem] = []
    first: dict[tuple[object, ...], int] = {}
    for sheet_row in sheet.rows:
        cells = _Cells(sheet_row.values, today, extra_bidang)
        line, identity = READERS[kind](sheet_row.number, cells)
        problems += [RowProblem(sheet_row.number, reason) for reason in cells.reasons]
        if line is None:
            continue
        earlier = first.setdefault(identity, sheet_row.number)
        if earlier != sheet_row.number:
            reason = f"{SAME[kind]} sama dengan baris {earlier} (baris ganda)"
            problems.append(RowProblem(sheet_row.number, reason))
        else:
            lines.append(line)
    return lines, problems


def _sheet(kind: str, path: Path) -> Sheet:
    try:
        sheet = read_sheet(path)
    except SheetError as exc:
        raise RecordFileError([RowProblem(None, str(exc))]) from exc
    required, _ = COLUMNS[kind]
    missing = [column for column in required if column not in sheet.header]
    if missing:
        found = ", ".join(sheet.header) or "-"
        reason = f"kolom wajib tidak ada: {', '.join(missing)} (kolom yang ada: {found})"
        raise RecordFileError([RowProblem(None, reason)])
    if not sheet.rows:
        raise RecordFileError([RowProblem(None, "tidak ada baris data di bawah baris judul")])
    return sheet
