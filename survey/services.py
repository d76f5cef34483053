"""The services a channel needs, bundled so the composition root builds them once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import tzinfo

from survey.conversation.service import SurveyService
from survey.indicators.due import DueRecords
from survey.indicators.performance import PerformanceService
from survey.indicators.service import IndicatorService
from survey.people.accounts import AccountService
from survey.people.roster import RosterService
from survey.periods.pool import ResponsePool
from survey.periods.results import ResultService
from survey.periods.service import PeriodService
from survey.ports import Clock, UnitOfWork
from survey.publication.service import Institution, PublicationService
from survey.records.flow.service import RecordFlowService
from survey.records.follow_up.service import FollowUpService
from survey.records.service import RecordService
from survey.tables import utcnow
from survey.zone import WITA


@dataclass(frozen=True)
class Services:
    """Every service, sharing one unit of work, one clock and one zone; those three are here
    too, for the scheduler's and the channels' own stores (outbox, inboxes, heartbeats)."""

    db: UnitOfWork
    clock: Clock
    zone: tzinfo
    survey: SurveyService
    roster: RosterService
    periods: PeriodService
    accounts: AccountService
    results: ResultService
    records: RecordService
    record_flows: RecordFlowService
    indicators: IndicatorService
    performance: PerformanceService
    pool: ResponsePool
    dues: DueRecords
    follow_ups: FollowUpService
    publication: PublicationService

    @classmethod
    def build(
        cls,
        db: UnitOfWork,
        clock: Clock = utcnow,
        *,
        zone: tzinfo = WITA,
        min_responses: int = 3,
        institution: Institution | None = None,
        extra_bidang: Iterable[str] = (),
    ) -> Services:
        """Wire the services to a database, a clock and the zone local dates are read in
        (IKM_TIMEZONE); `min_responses` is both the threshold for showing results and the
        smallest batch the sealed pool releases; `institution` is who publishes the results;
        `extra_bidang` are the bidang accepted besides the decree's."""
        pool = ResponsePool(db, min_responses)
        results = ResultService(db, min_responses)
        indicators = IndicatorService(db, clock, zone)
        follow_ups = FollowUpService(
            db, clock, min_responses=min_responses, extra_bidang=extra_bidang
        )
        return cls(
            db=db,
            clock=clock,
            zone=zone,
            results=results,
            survey=SurveyService(db, pool, clock, zone),
            roster=RosterService(db, clock),
            periods=PeriodService(db, pool, clock, zone),
            accounts=AccountService(db, clock),
            records=RecordService(db, clock, zone=zone),
            record_flows=RecordFlowService(db, clock, zone=zone, min_responses=min_responses),
            indicators=indicators,
            performance=PerformanceService(indicators, min_responses),
            follow_ups=follow_ups,
            publication=PublicationService(results, follow_ups, institution),
            pool=pool,
            dues=DueRecords(db),
        )
