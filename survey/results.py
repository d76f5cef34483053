"""Results of a period from the database: tallies aggregated in SQL, scored by `scoring`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from scoring.ikm import ElementTally, IkmResult, compute_ikm
from scoring.numbers import krejcie_morgan
from survey.periods import Period, period_of
from survey.ports import DomainError, UnitOfWork
from survey.questionnaire import load_questionnaire
from survey.tables import AnswerRow, PeriodRow, PersonRow, ResponseRow


@dataclass(frozen=True)
class PeriodResult:
    """A period's IKM with what a reader needs around it."""

    period: Period
    respondents: int
    min_responses: int
    population: int
    result: IkmResult | None
    previous: tuple[Period, IkmResult] | None

    @property
    def shown(self) -> bool:
        """Enough responses to show results without identifying anyone."""
        return self.respondents >= self.min_responses

    @property
    def minimum_sample(self) -> int:
        """Krejcie & Morgan's minimum for the members in office."""
        return krejcie_morgan(self.population)


async def period_tallies(
    session: AsyncSession, period_id: int, codes: tuple[str, ...]
) -> tuple[int, list[ElementTally]]:
    """Respondents and per-unsur sum and count, from one GROUP BY over the answers."""
    grouped = await session.exec(
        select(AnswerRow.element, func.sum(AnswerRow.value), func.count())
        .where(AnswerRow.period_id == period_id)
        .group_by(col(AnswerRow.element))
    )
    sums = {element: (int(total), int(n)) for element, total, n in grouped}
    respondents = await session.exec(
        select(func.count()).select_from(ResponseRow).where(ResponseRow.period_id == period_id)
    )
    tallies = [ElementTally(c, *sums.get(c, (0, 0))) for c in codes]
    return respondents.one(), tallies


class ResultService:
    """Computes the IKM of a period, gated by the confidentiality threshold."""

    def __init__(self, db: UnitOfWork, min_responses: int) -> None:
        self.db = db
        self.min_responses = min_responses

    async def period_result(self, name: str | None = None) -> PeriodResult:
        """The named period (default: the open one, else the latest) and the one before it."""
        async with self.db.transaction() as session:
            periods = (
                await session.exec(
                    select(PeriodRow).order_by(
                        col(PeriodRow.starts_on).desc(), col(PeriodRow.id).desc()
                    )
                )
            ).all()
            index = _pick(periods, name)
            respondents, result = await self._score(session, periods[index])
            previous = None
            if index + 1 < len(periods):
                before_n, before = await self._score(session, periods[index + 1])
                if before is not None and before_n >= self.min_responses:
                    previous = (period_of(periods[index + 1], before_n), before)
            population = await session.exec(
                select(func.count())
                .select_from(PersonRow)
                .where(PersonRow.role == "anggota", col(PersonRow.active).is_(True))
            )
            return PeriodResult(
                period=period_of(periods[index], respondents),
                respondents=respondents,
                min_responses=self.min_responses,
                population=population.one(),
                result=result if respondents >= self.min_responses else None,
                previous=previous,
            )

    async def _score(self, session: AsyncSession, row: PeriodRow) -> tuple[int, IkmResult | None]:
        assert row.id is not None
        codes = load_questionnaire(row.questionnaire_version).codes
        respondents, tallies = await period_tallies(session, row.id, codes)
        if respondents == 0:
            return 0, None
        return respondents, compute_ikm(tallies, respondents)


def _pick(periods: Sequence[PeriodRow], name: str | None) -> int:
    if not periods:
        raise DomainError("belum ada periode survei")
    if name is None:
        opened = [i for i, p in enumerate(periods) if p.status == "open"]
        return opened[0] if opened else 0
    wanted = " ".join(name.split()).casefold()
    for index, period in enumerate(periods):
        if period.name.casefold() == wanted:
            return index
    raise DomainError(f"periode '{name}' tidak ditemukan")
