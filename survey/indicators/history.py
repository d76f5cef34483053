"""Imported history: past results of the IKU and IK1–IK3 (2021–2025 were on paper), marked as
imported; where the bot has its own data for the same year, its numbers take precedence."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from scoring.indicators import percent_text
from scoring.numbers import format_id
from survey.indicators.history_file import HistoryLine, read_history
from survey.ports import UnitOfWork
from survey.records.tables import HistoryRow, MeetingRow, TaskRow, TrainingRow
from survey.tables import PeriodRow, utcnow


@dataclass(frozen=True)
class HistoryEntry:
    """A stored imported result; ``period`` '' is the whole year."""

    code: str
    year: int
    period: str
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    respondents: int | None
    nrr: dict[str, Decimal]
    target: Decimal | None
    source: str
    imported_at: datetime


@dataclass(frozen=True)
class HistoryReport:
    """What an import stored, and the years where the bot's own data takes precedence."""

    stored: int
    warnings: tuple[str, ...] = field(default=())


async def import_history(
    db: UnitOfWork, path: Path, *, clock: Callable[[], datetime] = utcnow
) -> HistoryReport:
    """Store every line of a valid history file (replacing the same indicator, year and
    period), all or nothing; RecordFileError naming every bad row otherwise."""
    lines = read_history(path)
    now = clock()
    async with db.transaction() as session:
        warnings = [w for line in lines if (w := await _conflict(session, line)) is not None]
        for line in lines:
            await _store(session, line, path.name, now)
    return HistoryReport(len(lines), tuple(warnings))


async def history(db: UnitOfWork) -> list[HistoryEntry]:
    """Every imported result, by indicator, year and period."""
    async with db.transaction() as session:
        return await stored_history(session)


async def stored_history(session: AsyncSession) -> list[HistoryEntry]:
    """Every imported result in the caller's transaction, by indicator, year and period."""
    rows = await session.exec(
        select(HistoryRow).order_by(
            col(HistoryRow.code), col(HistoryRow.year), col(HistoryRow.period)
        )
    )
    return [_entry(row) for row in rows]


def _entry(row: HistoryRow) -> HistoryEntry:
    nrr = {k: Decimal(v) for k, v in json.loads(row.nrr).items()} if row.nrr else {}
    return HistoryEntry(
        row.code,
        row.year,
        row.period,
        None if row.value is None else Decimal(row.value),
        row.numerator,
        row.denominator,
        row.respondents,
        nrr,
        None if row.target is None else Decimal(row.target),
        row.source,
        row.imported_at,
    )


async def _store(session: AsyncSession, line: HistoryLine, source: str, now: datetime) -> None:
    row = await session.get(HistoryRow, (line.code, line.year, line.period))
    if row is None:
        row = HistoryRow(code=line.code, year=line.year, period=line.period, source=source)
    row.value = None if line.value is None else str(line.value)
    row.numerator, row.denominator = line.numerator, line.denominator
    row.respondents = line.respondents
    row.nrr = json.dumps({k: str(v) for k, v in line.nrr.items()}) if line.nrr else None
    row.target = None if line.target is None else str(line.target)
    row.source, row.imported_at = source, now
    session.add(row)


async def bot_data_years(session: AsyncSession, code: str) -> dict[int, str]:
    """The years in which the bot holds its own data for an indicator, with what it holds."""
    if code == "IKU":
        periods = await session.exec(select(col(PeriodRow.name), col(PeriodRow.starts_on)))
        found: dict[int, list[str]] = {}
        for name, starts_on in periods:
            found.setdefault(starts_on.year, []).append(f"'{name}'")
        return {year: f"periode survei {', '.join(names)}" for year, names in found.items()}
    column, what = {
        "IK1": (TrainingRow.starts_on, "pelatihan"),
        "IK2": (TaskRow.due_on, "tugas"),
        "IK3": (MeetingRow.planned_on, "rapat Raperda"),
    }[code]
    dates = await session.exec(select(col(column), func.count()).group_by(col(column)))
    counts: dict[int, int] = {}
    for day, count in dates:
        counts[day.year] = counts.get(day.year, 0) + count
    return {year: f"{count} catatan {what}" for year, count in counts.items()}


async def _conflict(session: AsyncSession, line: HistoryLine) -> str | None:
    """The warning for a line whose year the bot already counts itself, else None."""
    if line.value is None:
        return None
    held = (await bot_data_years(session, line.code)).get(line.year)
    if held is None:
        return None
    return (
        f"Peringatan: {line.code} {period_label(line)} (baris {line.row}): bot sudah punya "
        f"data sendiri ({held}); nilai bot yang dipakai, nilai impor disimpan sebagai riwayat."
    )


def period_label(entry: HistoryEntry | HistoryLine) -> str:
    """ "2023" for a whole year, "2023 (Semester I)" for a period of it."""
    return str(entry.year) if not entry.period else f"{entry.year} ({entry.period})"


def value_text(code: str, value: Decimal | None) -> str:
    """A value as shown: the IKU's converted score "85,20", an IK "84,00%", or "—"."""
    if value is None:
        return "—"
    if code == "IKU":
        return format_id(value.quantize(Decimal("0.01")))
    return percent_text(value)
