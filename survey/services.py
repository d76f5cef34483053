"""The services a channel needs, bundled so the composition root builds them once."""

from __future__ import annotations

from dataclasses import dataclass

from survey.accounts import AccountService
from survey.conversation import SurveyService
from survey.due_records import DueRecords
from survey.follow_up.service import FollowUpService
from survey.periods import PeriodService
from survey.pool import ResponsePool
from survey.ports import Clock, UnitOfWork
from survey.publication import Institution, PublicationService
from survey.record_flow import RecordFlowService
from survey.records import RecordService
from survey.results import ResultService
from survey.roster import RosterService
from survey.tables import utcnow


@dataclass(frozen=True)
class Services:
    """Every service, sharing one unit of work and one clock."""

    survey: SurveyService
    roster: RosterService
    periods: PeriodService
    accounts: AccountService
    results: ResultService
    records: RecordService
    record_flows: RecordFlowService
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
        min_responses: int = 3,
        institution: Institution | None = None,
    ) -> Services:
        """Wire the services to a database and a clock; `min_responses` is both the threshold
        for showing results and the smallest batch the sealed pool releases; `institution`
        is who publishes the results."""
        pool = ResponsePool(db, min_responses)
        results = ResultService(db, min_responses)
        follow_ups = FollowUpService(db, clock, min_responses=min_responses)
        return cls(
            results=results,
            survey=SurveyService(db, pool, clock),
            roster=RosterService(db, clock),
            periods=PeriodService(db, pool, clock),
            accounts=AccountService(db, clock),
            records=RecordService(db, clock),
            record_flows=RecordFlowService(db, clock, min_responses=min_responses),
            follow_ups=follow_ups,
            publication=PublicationService(results, follow_ups, institution),
            pool=pool,
            dues=DueRecords(db),
        )
