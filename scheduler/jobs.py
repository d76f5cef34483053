"""What the scheduler does at its times: queue reminders and notices in the outbox, once each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import col, func, select

from scheduler.outbox import MessageKind, Outbox
from scheduler.outbox_admin import OutboxAdmin
from scheduler.tables import OutboxRow
from survey.people.model import Person, Role
from survey.people.participation import people_with_role, unanswered
from survey.periods.results import PeriodResult
from survey.periods.service import Period
from survey.services import Services

#: Reminders go out only inside these local hours (a caught-up run at night waits for the next).
DAY_HOURS = range(8, 20)


@dataclass(frozen=True)
class Chart:
    """A picture sent after a message, as its own outbox row: PNG bytes and a short caption."""

    png: bytes
    caption: str
    name: str = "grafik.png"


@dataclass(frozen=True)
class Wording:
    """Texts the jobs need, supplied by the channel layer (the catalogue lives in bot/texts)."""

    reminder: Callable[[str, Period], str]
    period_closed: Callable[[PeriodResult], str]
    #: The monthly recap for one person (kabid or Sekretaris) of the month starting on `date`.
    recap: Callable[[Person, date], Awaitable[str]] | None = None
    #: The chart that goes with that recap, or None where a chart would not help.
    recap_chart: Callable[[Person, date], Awaitable[Chart | None]] | None = None


RECIPIENTS = (Role.KABID, Role.SEKRETARIS)


def previous_month(today: date) -> date:
    """The first day of the month before `today`'s."""
    first = today.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


class Jobs:
    """Each job is safe to run twice: the outbox key makes the second run queue nothing."""

    def __init__(
        self,
        services: Services,
        outbox: Outbox,
        wording: Wording,
        *,
        max_reminders: int,
        keep_pictures: timedelta = timedelta(days=7),
    ) -> None:
        self.services = services
        self.outbox = outbox
        self.admin = OutboxAdmin(services.db, services.clock)
        self.wording = wording
        self.zone = services.zone  # reminders' hours and weeks, a recap's month: local
        self.max_reminders = max_reminders
        self.keep_pictures = keep_pictures

    async def remind(self, now: datetime) -> int:
        """Queue this week's reminder for every member who has not answered the open period."""
        if now.astimezone(self.zone).hour not in DAY_HOURS:
            return 0
        period = await self.services.periods.current()
        today = now.astimezone(self.zone).date()
        if period is None or period.state(today) != "terbuka":
            return 0  # none open, or scheduled and not begun: nobody can answer yet
        week = now.astimezone(self.zone).strftime("%G-W%V")
        queued = 0
        for person in await unanswered(self.services.db, period.id):
            prefix = f"{MessageKind.REMINDER}:{period.id}:{person.id}:"
            if await self._count(prefix) >= self.max_reminders:
                continue
            body = self.wording.reminder(person.name, period)
            queued += await self.outbox.enqueue(
                prefix + week, person.id, MessageKind.REMINDER, body
            )
        return queued

    async def close_ended(self, now: datetime) -> int:
        """Close the open period once its last local day is over, then tell the Sekretaris
        as for any close; 1 when a period was closed."""
        if await self.services.periods.close_ended() is None:
            return 0
        await self.notify_closed(now)
        return 1

    async def notify_closed(self, now: datetime) -> int:
        """Tell the Sekretaris the final IKM of each period closed in the last week."""
        queued = 0
        for period in await self.services.periods.list():
            if period.is_open or period.closed_at is None:
                continue
            if now - period.closed_at > timedelta(days=7):
                continue
            result = await self.services.results.period_result(period.name)
            body = self.wording.period_closed(result)
            for person in await people_with_role(self.services.db, Role.SEKRETARIS):
                key = f"{MessageKind.PERIOD_CLOSED}:{period.id}:{person.id}"
                queued += await self.outbox.enqueue(
                    key, person.id, MessageKind.PERIOD_CLOSED, body
                )
        return queued

    async def drop_pictures(self, now: datetime) -> int:
        """Drop the charts of messages delivered (or given up) more than `keep_pictures` ago:
        the outbox keeps what was said, not the pictures, for good."""
        return await self.admin.drop_pictures(now - self.keep_pictures)

    async def release_answers(self, _now: datetime) -> int:
        """The sealed pool's sweep: release a batch that a racing submit left unreleased
        (PostgreSQL) or a crash left behind (see survey/periods/pool.py)."""
        return await self.services.pool.release()

    async def recap(self, now: datetime) -> int:
        """Queue last month's recap for every Kepala Bidang and the Sekretaris."""
        return len(await self.queue_recaps(previous_month(now.astimezone(self.zone).date())))

    async def recap_plan(self, month: date) -> list[tuple[Person, str]]:
        """Who gets which recap for `month` (first day), without queuing anything."""
        assert self.wording.recap is not None
        people = [
            person
            for role in RECIPIENTS
            for person in await people_with_role(self.services.db, role)
        ]
        return [(person, await self.wording.recap(person, month)) for person in people]

    async def recap_chart(self, person: Person, month: date) -> Chart | None:
        """The chart that goes with `person`'s recap of `month`, if any."""
        if self.wording.recap_chart is None:
            return None
        return await self.wording.recap_chart(person, month)

    async def queue_recaps(self, month: date) -> list[tuple[Person, bool]]:
        """Queue the recaps of `month`, each followed by its chart as a photo of its own (one
        call each, so a retry never repeats the text); each pair says whether the recap was new.
        """
        queued = []
        for person, body in await self.recap_plan(month):
            key = f"{MessageKind.RECAP}:{month:%Y-%m}:{person.id}"
            queued.append(
                (person, await self.outbox.enqueue(key, person.id, MessageKind.RECAP, body))
            )
            chart = await self.recap_chart(person, month)
            if chart is not None:  # after the text: the outbox keeps a person's order
                await self.outbox.enqueue(
                    f"{MessageKind.RECAP_CHART}:{month:%Y-%m}:{person.id}",
                    person.id,
                    MessageKind.RECAP_CHART,
                    chart.caption,
                    attachment=chart.png,
                    attachment_name=chart.name,
                )
        return queued

    async def _count(self, prefix: str) -> int:
        async with self.services.db.transaction() as session:
            query = select(func.count()).where(col(OutboxRow.key).startswith(prefix))
            return int((await session.exec(query)).one())
