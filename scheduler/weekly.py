"""The weekly reminder of records due: one message per recipient and ISO week, its items
brought up to date just before the send (an item recorded meanwhile drops out; with none left
the message is not sent)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from scheduler.outbox import Buttons, MessageKind, Outbox, Queued
from survey.indicators.due import Digest, DueRecords
from survey.people.roster import RosterService

KIND = MessageKind.RECORDS_DUE


@dataclass(frozen=True)
class Composed:
    """A reminder's text and its buttons (label, action)."""

    body: str
    buttons: Buttons


class WeeklyReminder:
    """Plans, queues and refreshes the weekly reminder."""

    def __init__(
        self,
        dues: DueRecords,
        roster: RosterService,
        outbox: Outbox,
        compose: Callable[[Digest], Composed],
        *,
        zone: tzinfo,
    ) -> None:
        self.dues = dues
        self.roster = roster
        self.outbox = outbox
        self.compose = compose
        self.zone = zone

    async def plan(self, today: date) -> list[tuple[Digest, Composed]]:
        """Who gets what today (nobody with nothing due), without queuing anything."""
        return [(d, self.compose(d)) for d in await self.dues.digests(today)]

    async def queue(self, now: datetime) -> list[tuple[Digest, bool]]:
        """Queue this week's reminders; each pair says whether it was new this week."""
        local = now.astimezone(self.zone)
        week = local.strftime("%G-W%V")
        queued = []
        for digest, composed in await self.plan(local.date()):
            new = await self.outbox.enqueue(
                f"{KIND}:{week}:{digest.person.id}",
                digest.person.id,
                KIND,
                composed.body,
                buttons=composed.buttons,
            )
            queued.append((digest, new))
        return queued

    async def run(self, now: datetime) -> int:
        """The scheduler's job: how many reminders were queued."""
        return sum(new for _, new in await self.queue(now))

    async def refresh(self, message: Queued, now: datetime) -> Queued | None:
        """The message as it should be sent now: items settled since it was queued drop out;
        None when nothing is left. Other messages pass unchanged."""
        if message.kind != KIND:
            return message
        person = await self.roster.get(message.person_id)
        today = now.astimezone(self.zone).date()
        if person is None or not await self.dues.receives(person, today):
            return None  # left the roster, muted or opted out since
        digest = await self.dues.digest(person, today)
        if not digest.items:
            return None
        composed = self.compose(digest)
        return replace(message, body=composed.body, buttons=composed.buttons)
