"""The LKjIP performance table over the plan's years: the bot's own numbers first, the
imported history where the bot has none; targets set in the bot first, then imported ones.

One year of one indicator (realisasi):
- IKU: the released results of the survey periods starting that year (only those shown, with
  at least k responses, as everywhere else); several periods give the exact mean of their
  skor, rounded half-up to 2 decimals. Nothing per respondent is read.
- IK1–IK3: the year (up to today for the current year) counted from the records, when the
  bot holds records of that year (the same test as `ikm riwayat impor`'s warning).
- Otherwise the imported result of the year: its whole-year row, else its period rows
  (IK: numerators and denominators added when all have them, else the mean of the values).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from scoring.ikm import compute_ikm
from scoring.indicators import Ratio
from scoring.numbers import round_half_up
from scoring.performance import IndicatorTrend, YearFigure
from survey.indicators.definitions import CODES, definitions
from survey.indicators.history import HistoryEntry, bot_data_years, stored_history
from survey.indicators.queries import count_ik1, count_ik2, count_ik3
from survey.indicators.ranges import DateRange
from survey.indicators.service import IndicatorService
from survey.indicators.targets import check_year, year_targets
from survey.periods.results import period_tallies
from survey.questionnaire.model import load_questionnaire
from survey.tables import PeriodRow

UNITS = {"ikm_score": "nilai IKM (25–100)", "percent": "%"}


@dataclass(frozen=True)
class Realised:
    """A realisation with where it came from and how many records are behind it."""

    value: Decimal
    source: str
    records: int | None
    imported: bool


class PerformanceService:
    """The four indicators' target, realisation and capaian per year; one transaction a call."""

    def __init__(self, indicators: IndicatorService, min_responses: int) -> None:
        self.indicators = indicators
        self.min_responses = min_responses

    def years(self) -> range:
        """The plan's years (2021–2026)."""
        return range(definitions().first_year, definitions().last_year + 1)

    async def trends(self) -> list[IndicatorTrend]:
        """IKU, IK1, IK2, IK3, each with one figure per year of the plan."""
        async with self.indicators.db.transaction() as session:
            years = [await self._year(session, year) for year in self.years()]
        return [
            IndicatorTrend(code, i.name, UNITS[i.kind], tuple(y[index] for y in years))
            for index, (code, i) in enumerate((c, definitions().get(c)) for c in CODES)
        ]

    async def year(self, year: int) -> list[YearFigure]:
        """The four indicators' figures of one year of the plan, in order IKU, IK1–IK3."""
        check_year(year)
        async with self.indicators.db.transaction() as session:
            return await self._year(session, year)

    async def _year(self, session: AsyncSession, year: int) -> list[YearFigure]:
        today = self.indicators.today()
        history = [e for e in await stored_history(session) if e.year == year]
        targets = await year_targets(session, year)
        figures = []
        for code in CODES:
            held = year in await bot_data_years(session, code)
            own = await self._own(session, code, year, today, held)
            past = [e for e in history if e.code == code]
            figures.append(_figure(year, own, past, targets.get(code)))
        return figures

    async def _own(
        self, session: AsyncSession, code: str, year: int, today: date, held: bool
    ) -> Realised | None:
        if not held or year > today.year:
            return None
        if code == "IKU":
            return await self._iku(session, year)
        span = DateRange(date(year, 1, 1), min(date(year, 12, 31), today))
        ratio = await _count(session, code, span, self.indicators)
        if ratio.percent is None:
            return None
        noun = {"IK1": "anggota", "IK2": "tugas", "IK3": "rapat"}[code]
        source = f"catatan bot {span.label()}: {ratio.numerator} dari {ratio.denominator} {noun}"
        return Realised(ratio.percent, source, ratio.denominator, imported=False)

    async def _iku(self, session: AsyncSession, year: int) -> Realised | None:
        """The mean skor of the periods starting in `year` whose released results are shown."""
        periods = await session.exec(
            select(PeriodRow)
            .where(col(PeriodRow.starts_on) >= date(year, 1, 1))
            .where(col(PeriodRow.starts_on) <= date(year, 12, 31))
            .order_by(col(PeriodRow.starts_on), col(PeriodRow.id))
        )
        scores: list[Fraction] = []
        named: list[str] = []
        total = 0
        for row in periods.all():
            assert row.id is not None
            codes = load_questionnaire(row.questionnaire_version).codes
            respondents, tallies = await period_tallies(session, row.id, codes)
            if respondents < self.min_responses:
                continue  # hidden below k, as in /ikm and the reports
            score = compute_ikm(tallies, respondents).score
            if score is None:
                continue
            scores.append(score)
            named.append(f"{row.name} ({respondents} responden)")
            total += respondents
        if not scores:
            return None
        mean = sum(scores, Fraction(0)) / len(scores)
        how = "survei bot" if len(scores) == 1 else f"survei bot, rata-rata {len(scores)} periode"
        return Realised(round_half_up(mean, 2), f"{how}: {', '.join(named)}", total, False)


async def _count(
    session: AsyncSession, code: str, span: DateRange, indicators: IndicatorService
) -> Ratio:
    if code == "IK1":
        return await count_ik1(session, span, indicators.zone)
    if code == "IK2":
        return await count_ik2(session, span, None)
    return await count_ik3(session, span)


def _figure(
    year: int, own: Realised | None, past: Sequence[HistoryEntry], target: Decimal | None
) -> YearFigure:
    """The bot's realisation first, then the imported one; the bot's target, then imported."""
    realised = own if own is not None else imported_realisation(past)
    imported_target = next((e.target for e in _by_preference(past) if e.target is not None), None)
    chosen_target = target if target is not None else imported_target
    if realised is None:
        note = "tidak ada data"
        if target is None and imported_target is not None:
            note += f"; target dari {_sources(past)} (impor)"
        return YearFigure(year, chosen_target, None, note)
    source = realised.source
    if target is None and imported_target is not None and not realised.imported:
        source += f"; target dari {_sources(past)} (impor)"
    return YearFigure(
        year, chosen_target, realised.value, source, realised.imported, realised.records
    )


def _by_preference(past: Sequence[HistoryEntry]) -> list[HistoryEntry]:
    """The whole-year row first, then the period rows in their stored order."""
    return sorted(past, key=lambda e: e.period != "")


def _sources(past: Sequence[HistoryEntry]) -> str:
    return ", ".join(dict.fromkeys(e.source for e in past))


def imported_realisation(past: Sequence[HistoryEntry]) -> Realised | None:
    """The imported value of a year: its whole-year row, else its period rows combined."""
    whole = next((e for e in past if e.period == "" and e.value is not None), None)
    if whole is not None and whole.value is not None:
        return Realised(whole.value, whole.source, _records(whole), True)
    parts = [e for e in past if e.value is not None]
    if not parts:
        return None
    names = ", ".join(e.period for e in parts)
    counted = [e for e in parts if e.numerator is not None and e.denominator]
    if len(counted) == len(parts) and parts[0].code != "IKU":
        top = sum(e.numerator or 0 for e in parts)
        bottom = sum(e.denominator or 0 for e in parts)
        value = Ratio(top, bottom).percent
        how = f"{_sources(parts)}: {names}, dijumlahkan ({top}/{bottom})"
        return None if value is None else Realised(value, how, bottom, True)
    mean = sum((Fraction(e.value) for e in parts if e.value is not None), Fraction(0)) / len(parts)
    records = [_records(e) for e in parts]
    total = None if None in records else sum(r or 0 for r in records)
    how = f"{_sources(parts)}: rata-rata {names}"
    return Realised(round_half_up(mean, 2), how, total, True)


def _records(entry: HistoryEntry) -> int | None:
    return entry.respondents if entry.code == "IKU" else entry.denominator


def performance_workbook(trends: Sequence[IndicatorTrend], year: int) -> bytes:
    """The Pengukuran Kinerja workbook of `year` (openpyxl loads on first use)."""
    from scoring.performance_workbook import build_performance_workbook

    return build_performance_workbook(trends, year)
