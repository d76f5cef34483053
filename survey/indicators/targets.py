"""Yearly targets of the indicators: validated text in, exact decimals out (indicator_target)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from scoring.numbers import format_id
from survey.indicators.definitions import CODES, definitions
from survey.ports import DomainError
from survey.records.tables import TargetRow

_DECIMAL = re.compile(r"\d{1,3}(?:[.,]\d{1,2})?")


@dataclass(frozen=True)
class Target:
    """An indicator's target for a year; `value` None means not set yet."""

    code: str
    year: int
    value: Decimal | None


def check_code(code: str) -> str:
    """The indicator code in capitals (IKU, IK1, IK2, IK3); DomainError otherwise."""
    wanted = code.strip().upper()
    if wanted not in CODES:
        raise DomainError(f"indikator '{code.strip()}' tidak dikenal (pilih: {', '.join(CODES)})")
    return wanted


def check_year(year: int) -> int:
    """A year the decree covers (2021–2026); DomainError otherwise."""
    first, last = definitions().first_year, definitions().last_year
    if not first <= year <= last:
        raise DomainError(f"tahun {year} di luar masa keputusan ({first}–{last})")
    return year


def parse_target(code: str, text: str) -> Decimal:
    """A target as typed ("85", "85,5", "88.31"), at most 2 decimals, within the indicator's
    bounds: 0–100 for the IK percentages, 25–100 for the IKU (the IKM's converted score)."""
    indicator = definitions().get(check_code(code))
    raw = text.strip().removesuffix("%").strip()
    if not _DECIMAL.fullmatch(raw):
        raise DomainError(
            f"target tidak valid: '{text.strip()}' (tulis angka dengan paling banyak 2 desimal, "
            "mis. 85 atau 85,5)"
        )
    value = Decimal(raw.replace(",", "."))
    low, high = indicator.target_bounds
    if not low <= value <= high:
        raise DomainError(
            f"target {indicator.code} harus antara {format_id(low)} dan {format_id(high)}, "
            f"bukan {format_id(value)}"
        )
    return value


async def store_target(
    session: AsyncSession, code: str, year: int, value: Decimal, now: datetime
) -> Target:
    """Insert or replace the target of `code` for `year`."""
    row = await session.get(TargetRow, (code, year))
    if row is None:
        row = TargetRow(code=code, year=year, target=str(value), set_at=now)
    else:
        row.target, row.set_at = str(value), now
    session.add(row)
    return Target(code, year, value)


async def year_targets(session: AsyncSession, year: int) -> dict[str, Decimal]:
    """The targets set for `year`, by code."""
    rows = await session.exec(select(TargetRow).where(col(TargetRow.year) == year))
    return {row.code: Decimal(row.target) for row in rows}
