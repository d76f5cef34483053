"""The services a channel or a command needs, bundled so the composition root builds them once.

Each service is built on first use and then kept, sharing one unit of work, one clock and one
zone: a command loads only the modules of the services it uses (`ikm period list` does not
import the records, the indicators or the recording flows), while everything handed the bundle
still gets the same single instance of each service.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from functools import cached_property
from typing import TYPE_CHECKING

from survey.ports import Clock, UnitOfWork
from survey.tables import utcnow
from survey.zone import WITA

if TYPE_CHECKING:
    from survey.conversation.service import SurveyService
    from survey.indicators.due import DueRecords
    from survey.indicators.performance import PerformanceService
    from survey.indicators.service import IndicatorService
    from survey.people.accounts import AccountService
    from survey.people.roster import RosterService
    from survey.periods.pool import ResponsePool
    from survey.periods.results import ResultService
    from survey.periods.service import PeriodService
    from survey.publication.institution import Institution
    from survey.publication.service import PublicationService
    from survey.records.flow.service import RecordFlowService
    from survey.records.follow_up.service import FollowUpService
    from survey.records.service import RecordService


class Services:
    """Every service, sharing one unit of work, one clock and one zone; those three are here
    too, for the scheduler's and the channels' own stores (outbox, inboxes, heartbeats)."""

    def __init__(
        self,
        db: UnitOfWork,
        clock: Clock,
        zone: tzinfo,
        *,
        min_responses: int,
        institution: Institution | None,
        extra_bidang: Iterable[str],
    ) -> None:
        self.db = db
        self.clock = clock
        self.zone = zone
        self.min_responses = min_responses
        self.institution = institution
        self.extra_bidang = tuple(extra_bidang)

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
        return cls(
            db,
            clock,
            zone,
            min_responses=min_responses,
            institution=institution,
            extra_bidang=extra_bidang,
        )

    @cached_property
    def pool(self) -> ResponsePool:
        from survey.periods.pool import ResponsePool

        return ResponsePool(self.db, self.min_responses)

    @cached_property
    def results(self) -> ResultService:
        from survey.periods.results import ResultService

        return ResultService(self.db, self.min_responses)

    @cached_property
    def survey(self) -> SurveyService:
        from survey.conversation.service import SurveyService

        return SurveyService(self.db, self.pool, self.clock, self.zone)

    @cached_property
    def roster(self) -> RosterService:
        from survey.people.roster import RosterService

        return RosterService(self.db, self.clock)

    @cached_property
    def periods(self) -> PeriodService:
        from survey.periods.service import PeriodService

        return PeriodService(self.db, self.pool, self.clock, self.zone)

    @cached_property
    def accounts(self) -> AccountService:
        from survey.people.accounts import AccountService

        return AccountService(self.db, self.clock)

    @cached_property
    def records(self) -> RecordService:
        from survey.records.service import RecordService

        return RecordService(self.db, self.clock, zone=self.zone)

    @cached_property
    def record_flows(self) -> RecordFlowService:
        from survey.records.flow.service import RecordFlowService

        return RecordFlowService(
            self.db, self.clock, zone=self.zone, min_responses=self.min_responses
        )

    @cached_property
    def indicators(self) -> IndicatorService:
        from survey.indicators.service import IndicatorService

        return IndicatorService(self.db, self.clock, self.zone)

    @cached_property
    def performance(self) -> PerformanceService:
        from survey.indicators.performance import PerformanceService

        return PerformanceService(self.indicators, self.min_responses)

    @cached_property
    def follow_ups(self) -> FollowUpService:
        from survey.records.follow_up.service import FollowUpService

        return FollowUpService(
            self.db, self.clock, min_responses=self.min_responses, extra_bidang=self.extra_bidang
        )

    @cached_property
    def publication(self) -> PublicationService:
        from survey.publication.service import PublicationService

        return PublicationService(self.results, self.follow_ups, self.institution)

    @cached_property
    def dues(self) -> DueRecords:
        from survey.indicators.due import DueRecords

        return DueRecords(self.db)
