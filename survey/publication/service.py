"""What is published about the IKM (the infographic, the public page): released results of
shown periods, their trend and follow-up plan, in the institution's name. Nothing per
respondent is read, and never a saran."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scoring.infographic import ActionLine, ElementBar, Infographic, TrendPoint
from survey.dates import format_date
from survey.periods.results import PeriodResult, ResultService
from survey.ports import DomainError
from survey.publication.institution import Institution
from survey.questionnaire.model import load_questionnaire
from survey.records.follow_up import store
from survey.records.follow_up.service import FollowUpService

TREND_PERIODS = 6


class PublicationService:
    """Gathers what may be published, from the results and the follow-up plan."""

    def __init__(
        self,
        results: ResultService,
        follow_ups: FollowUpService,
        institution: Institution | None = None,
    ) -> None:
        self.results = results
        self.follow_ups = follow_ups
        self.institution = institution or Institution()

    async def shown_names(self) -> list[str]:
        """The periods whose results are shown, newest first."""
        async with self.results.db.transaction() as session:
            shown = await store.shown_periods(session, self.results.min_responses)
        return [p.name for p in shown]

    async def infographic(self, period: str | None, published: date) -> Infographic:
        """The infographic of `period` (default: the latest shown); refused below k."""
        institution = self.institution
        names = await self.shown_names()
        name = self._chosen(names, period)
        answer = await self.results.period_result(name)
        result = answer.result
        if result is None or result.score_display is None or result.ikm_display is None:
            raise DomainError(f"hasil IKM periode {name} belum dapat dihitung")
        grade, label = result.grade or "", result.label or ""
        return Infographic(
            institution=institution.name,
            address=institution.address,
            logo=institution.logo,
            period=answer.period.name,
            score=result.score_display,
            ikm=result.ikm_display,
            grade=grade,
            label=label,
            respondents=answer.respondents,
            population=answer.population,
            published=format_date(published),
            elements=_bars(answer),
            trend=await self._trend(names, answer.period.name),
            actions=await self.actions_of(answer.period.name),
        )

    def _chosen(self, names: list[str], period: str | None) -> str:
        if period is None:
            if not names:
                raise DomainError("belum ada periode dengan hasil IKM yang ditampilkan")
            return names[0]
        wanted = " ".join(period.split()).casefold()
        found = next((n for n in names if n.casefold() == wanted), None)
        if found is None:
            raise DomainError(
                f"hasil IKM periode {period} belum ditampilkan atau periode itu tidak ada "
                f"(minimal {self.results.min_responses} jawaban dirilis); yang dapat "
                f"diterbitkan: {', '.join(names) or 'belum ada'}"
            )
        return found

    async def _trend(self, names: list[str], current: str) -> tuple[TrendPoint, ...]:
        """The shown periods up to `current`, oldest first, at most TREND_PERIODS."""
        upto = names[names.index(current) :][:TREND_PERIODS]
        points = []
        for name in reversed(upto):
            result = (await self.results.period_result(name)).result
            if result is not None and result.score_display is not None:
                points.append(TrendPoint(name, result.score_display))
        return tuple(points)

    async def actions_of(self, period: str) -> tuple[ActionLine, ...]:
        """A period's follow-up actions as published."""
        plan = await self.follow_ups.plan(period)
        return tuple(
            ActionLine(a.element_name, a.action, a.bidang, format_date(a.due_on), a.status)
            for a in plan.actions
        )


def _bars(answer: PeriodResult) -> tuple[ElementBar, ...]:
    assert answer.result is not None
    names = {
        e.code: e.name for e in load_questionnaire(answer.period.questionnaire_version).elements
    }
    return tuple(
        ElementBar(names.get(e.code, e.code), e.nrr_display) for e in answer.result.elements
    )


@dataclass(frozen=True)
class HistoryRow:
    """A shown period's headline for the public page."""

    period: str
    score: str
    grade: str
    label: str
    respondents: int


@dataclass(frozen=True)
class PublishedAction:
    """A follow-up action as published, with its period."""

    period: str
    line: ActionLine


@dataclass(frozen=True)
class Site:
    """What the public page shows: the latest period's infographic data, the history of shown
    periods (newest first) and every follow-up action of those periods."""

    latest: Infographic
    history: tuple[HistoryRow, ...]
    actions: tuple[PublishedAction, ...]


async def site(service: PublicationService, published: date) -> Site:
    """The public page's data; refused while no period's results are shown."""
    latest = await service.infographic(None, published)
    history, actions = [], []
    for name in await service.shown_names():
        result = (await service.results.period_result(name)).result
        if result is None or result.score_display is None:
            continue
        respondents = result.respondents
        shown = format(result.score_display, "f").replace(".", ",")
        history.append(
            HistoryRow(name, shown, result.grade or "", result.label or "", respondents)
        )
        actions += [PublishedAction(name, line) for line in await service.actions_of(name)]
    return Site(latest, tuple(history), tuple(actions))
