"""The follow-up plan for the `ikm tindaklanjut` command and the answers that point at gaps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from survey.ports import Clock, UnitOfWork
from survey.records.audit import check_recorder
from survey.records.follow_up import store
from survey.records.follow_up.model import FollowUp, FollowUpStatus, weakest_without_action
from survey.records.model import Actor
from survey.tables import PeriodRow, utcnow


@dataclass(frozen=True)
class Plan:
    """A period's follow-up plan: its name and actions."""

    period: str
    actions: tuple[FollowUp, ...]


class FollowUpService:
    """Adds, lists and updates follow-up actions; one transaction per call."""

    def __init__(
        self,
        db: UnitOfWork,
        clock: Clock = utcnow,
        *,
        min_responses: int = 3,
        extra_bidang: Iterable[str] = (),
    ) -> None:
        self.db = db
        self.clock = clock
        self.min_responses = min_responses
        self.extra_bidang = tuple(extra_bidang)

    async def add(
        self,
        actor: Actor,
        *,
        period: str | None,
        element: str,
        action: str,
        bidang: str,
        due_on: date,
    ) -> FollowUp:
        """Add an action for an unsur of a period whose results are shown (default: the latest)."""
        async with self.db.transaction() as session:
            label = await check_recorder(session, actor)
            row = await store.shown_period(session, period, self.min_responses)
            code = store.element_code(await store.element_scores(session, row), element)
            added = await store.insert(
                session,
                actor=label,
                now=self.clock(),
                period=row,
                element=code,
                action=action,
                bidang=bidang,
                due_on=due_on,
                extra_bidang=self.extra_bidang,
            )
            return store.follow_up_of(added, row)

    async def change(
        self, actor: Actor, number: int, *, status: FollowUpStatus, note: str | None
    ) -> FollowUp:
        """Set an action's status (rencana, berjalan, selesai) and its note."""
        async with self.db.transaction() as session:
            label = await check_recorder(session, actor)
            row = await store.update_status(
                session, actor=label, now=self.clock(), number=number, status=status, note=note
            )
            period = await session.get(PeriodRow, row.period_id)
            assert period is not None
            return store.follow_up_of(row, period)

    async def plan(self, period: str | None = None) -> Plan:
        """The actions of a period whose results are shown (default: the latest)."""
        async with self.db.transaction() as session:
            row = await store.shown_period(session, period, self.min_responses)
            assert row.id is not None
            return Plan(row.name, tuple(await store.actions(session, period_id=row.id)))

    async def every(self) -> list[FollowUp]:
        """Every action of every period."""
        async with self.db.transaction() as session:
            return await store.actions(session)

    async def open_for(self, bidang: str | None) -> list[FollowUp]:
        """The actions not done, of one bidang (None: all)."""
        async with self.db.transaction() as session:
            found = await store.actions(session, bidang=bidang)
        return [a for a in found if a.status is not FollowUpStatus.DONE]

    async def unattended(self, period_name: str, weakest: Iterable[str]) -> tuple[str, ...]:
        """Which of a period's weakest unsur no action names yet (all of them for a period the
        plan cannot take, e.g. one not shown)."""
        async with self.db.transaction() as session:
            query = select(PeriodRow).where(PeriodRow.name == period_name)
            period = (await session.exec(query)).first()
            if period is None or period.id is None:
                return tuple(weakest)
            followed = [a.element for a in await store.actions(session, period_id=period.id)]
        return weakest_without_action(weakest, followed)
