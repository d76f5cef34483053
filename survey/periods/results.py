"""Results of a period from the database: tallies aggregated in SQL, scored by `scoring`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from scoring.ikm import ElementTally, IkmResult, compute_ikm
from scoring.numbers import krejcie_morgan
from survey.people.model import Role
from survey.periods.service import Period, period_of
from survey.ports import DomainError, UnitOfWork
from survey.questionnaire.model import load_questionnaire
from survey.tables import AnswerRow, ParticipationRow, PeriodRow, PersonRow, ResponseRow


@dataclass(frozen=True)
class PeriodResult:
    """A period's IKM with what a reader needs around it."""

    period: Period
    respondents: int
    min_responses: int
    population: int
    result: IkmResult | None
    previous: tuple[Period, IkmResult] | None
    participants: int = 0  # who has submitted; `respondents` counts released responses only

    @property
    def shown(self) -> bool:
        """Enough responses to show results without identifying anyone."""
        return self.respondents >= self.min_responses

    @property
    def minimum_sample(self) -> int:
        """Krejcie & Morgan's minimum for the members in office."""
        return krejcie_morgan(self.population)


@dataclass(frozen=True)
class PeriodSheet:
    """A period's anonymous answers for a report: (code, name) of its unsur in order, one
    dict code → 1..4 per response (a missing code = unanswered) ordered by the random response
    id, so the order reveals nothing; the non-empty saran in the same order; the result."""

    elements: tuple[tuple[str, str], ...]
    rows: tuple[dict[str, int], ...]
    saran: tuple[str, ...]
    result: PeriodResult

    @property
    def period(self) -> Period:
        """The period."""
        return self.result.period

    @property
    def respondents(self) -> int:
        """The number of responses (one per respondent)."""
        return len(self.rows)


async def period_answers(
    session: AsyncSession, period_id: int, codes: tuple[str, ...]
) -> tuple[tuple[dict[str, int], ...], tuple[str, ...]]:
    """Every response of the period as code → value, and its non-empty saran, by response id."""
    responses = (
        await session.exec(
            select(ResponseRow.id, ResponseRow.saran)
            .where(ResponseRow.period_id == period_id)
            .order_by(col(ResponseRow.id))
        )
    ).all()
    answers = await session.exec(
        select(AnswerRow.response_id, AnswerRow.element, AnswerRow.value).where(
            AnswerRow.period_id == period_id, col(AnswerRow.element).in_(codes)
        )
    )
    rows: dict[str, dict[str, int]] = {response_id: {} for response_id, _ in responses}
    for response_id, element, value in answers:
        rows[response_id][element] = value
    saran = tuple(text.strip() for _, text in responses if text and text.strip())
    return tuple(rows.values()), saran


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
            return await self._period_result(session, name)

    async def period_in_range(self, start: date, end: date, zone: tzinfo) -> PeriodResult | None:
        """The IKU of a range: the latest closed period that ended in it (its `ends_on`, else
        the local date it was closed), else the open period when it overlaps the range; None
        when the range has neither (the answer says so rather than show another range's)."""
        async with self.db.transaction() as session:
            periods = (
                await session.exec(
                    select(PeriodRow).order_by(
                        col(PeriodRow.starts_on).desc(), col(PeriodRow.id).desc()
                    )
                )
            ).all()
            chosen = _in_range(periods, start, end, zone)
            return None if chosen is None else await self._period_result(session, chosen)

    async def period_sheet(self, name: str | None = None) -> PeriodSheet:
        """The period's anonymous answers for a report, with its result (same selection as
        `period_result`, same transaction); refused below `min_responses`, like the IKM."""
        async with self.db.transaction() as session:
            answer = await self._period_result(session, name)
            if not answer.shown:
                taken = max(answer.participants, answer.respondents)
                more = max(self.min_responses - taken, 0)
                raise DomainError(
                    f"laporan periode {answer.period.name} belum dapat dibuat: baru {taken} "
                    f"anggota mengisi, perlu {more} lagi (minimal {self.min_responses}) agar "
                    "jawaban tidak dapat ditelusuri ke orangnya"
                    if more
                    else f"laporan periode {answer.period.name} sedang disiapkan; coba lagi"
                )
            questionnaire = load_questionnaire(answer.period.questionnaire_version)
            rows, saran = await period_answers(session, answer.period.id, questionnaire.codes)
            return PeriodSheet(
                elements=tuple((e.code, e.name) for e in questionnaire.elements),
                rows=rows,
                saran=saran,
                result=answer,
            )

    async def _period_result(self, session: AsyncSession, name: str | None) -> PeriodResult:
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
            .where(PersonRow.role == Role.ANGGOTA, col(PersonRow.active).is_(True))
        )
        participants = await session.exec(
            select(func.count())
            .select_from(ParticipationRow)
            .where(ParticipationRow.period_id == periods[index].id)
        )
        return PeriodResult(
            period=period_of(periods[index], respondents),
            respondents=respondents,
            min_responses=self.min_responses,
            population=population.one(),
            result=result if respondents >= self.min_responses else None,
            previous=previous,
            participants=participants.one(),
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


def _in_range(periods: Sequence[PeriodRow], start: date, end: date, zone: tzinfo) -> str | None:
    def ended(row: PeriodRow) -> date | None:
        if row.ends_on is not None:
            return row.ends_on
        return None if row.closed_at is None else row.closed_at.astimezone(zone).date()

    closed = [p for p in periods if p.status == "closed" and start <= (ended(p) or end) <= end]
    if closed:
        return max(closed, key=lambda p: ended(p) or end).name
    for row in periods:
        if row.status == "open" and row.starts_on <= end and (row.ends_on or end) >= start:
            return row.name
    return None
