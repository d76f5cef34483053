"""APScheduler 3 inside `ikm run`: cron jobs in local time, a catch-up on start, the sender loop.

Traps avoided (STACK-NOTES §2): weekdays are names ("mon"), never numbers; the scheduler is
started inside the running loop; misfire grace is set (the default of one second would silently
skip a run delayed by a busy loop).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from scheduler.health import BEAT
from scheduler.jobs import Jobs
from scheduler.sender import Sender
from scheduler.weekly import WeeklyReminder
from survey.ports import Clock

log = logging.getLogger(__name__)
Job = Callable[[datetime], Awaitable[int]]


@dataclass(frozen=True)
class Plan:
    """When things happen (configurable through IKM_ settings)."""

    reminder_days: str = "mon"
    reminder_time: time = time(9, 0)
    recap_day: int = 1
    recap_time: time = time(8, 0)
    catch_up: timedelta = timedelta(hours=6)
    kabid_day: str = "mon"
    kabid_time: time = time(8, 0)


def triggers(plan: Plan, zone: tzinfo) -> dict[str, CronTrigger]:
    """The calendar of the jobs, by job name, in the local zone (IKM_TIMEZONE, WITA by default)."""
    at, recap, kabid = plan.reminder_time, plan.recap_time, plan.kabid_time
    return {
        "pengingat-kabid": CronTrigger(
            day_of_week=plan.kabid_day, hour=kabid.hour, minute=kabid.minute, timezone=zone
        ),
        "pengingat": CronTrigger(
            day_of_week=plan.reminder_days, hour=at.hour, minute=at.minute, timezone=zone
        ),
        "rekap": CronTrigger(
            day=plan.recap_day, hour=recap.hour, minute=recap.minute, timezone=zone
        ),
    }


def last_fire(trigger: CronTrigger, now: datetime, window: timedelta) -> datetime | None:
    """The latest time `trigger` fired in (now - window, now], if any: a run missed while down."""
    fire = trigger.get_next_fire_time(None, now - window)
    latest = None
    while fire is not None and fire <= now:
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return latest


class Clockwork:
    """Runs the jobs on their triggers and the outbox sender, until stopped."""

    def __init__(
        self,
        jobs: Jobs,
        sender: Sender,
        plan: Plan,
        zone: tzinfo,
        clock: Clock,
        beat: Callable[[], Awaitable[None]] | None = None,
        weekly: WeeklyReminder | None = None,
    ) -> None:
        self.jobs = jobs
        self.weekly = weekly
        self.sender = sender
        self.plan = plan
        self.zone = zone
        self.clock = clock
        self.beat = beat

    def cron_jobs(self) -> dict[str, tuple[CronTrigger, Job]]:
        """Name → (trigger, job) for every calendar job."""
        calendar = triggers(self.plan, self.zone)
        jobs: dict[str, tuple[CronTrigger, Job]] = {
            "pengingat": (calendar["pengingat"], self.jobs.remind)
        }
        if self.jobs.wording.recap is not None:
            jobs["rekap"] = (calendar["rekap"], self.jobs.recap)
        if self.weekly is not None:
            jobs["pengingat-kabid"] = (calendar["pengingat-kabid"], self.weekly.run)
        return jobs

    async def catch_up(self) -> None:
        """Run once each calendar job whose time passed while the bot was down (within grace)."""
        now = self.clock()
        for name, (trigger, job) in self.cron_jobs().items():
            missed = last_fire(trigger, now, self.plan.catch_up)
            if missed is not None:
                log.info("scheduler: catching up %s of %s", name, missed.isoformat())
                await job(now)

    async def run(self, stop: asyncio.Event) -> None:
        """Catch up, then schedule the jobs and deliver the outbox until `stop`; `beat` (the
        heartbeat of /healthz) at once and every BEAT seconds from the scheduler itself."""
        await self._beat()
        await self.catch_up()
        await self.jobs.close_ended(self.clock())  # a period whose last day ended while down
        await self.jobs.notify_closed(self.clock())  # idempotent: a closed period, told at once
        await self.jobs.drop_pictures(self.clock())
        scheduler = AsyncIOScheduler(
            timezone=self.zone,
            job_defaults={
                "misfire_grace_time": int(self.plan.catch_up.total_seconds()),
                "coalesce": True,
                "max_instances": 1,
            },
        )
        for name, (trigger, job) in self.cron_jobs().items():
            scheduler.add_job(self._now(job), trigger, id=name, replace_existing=True)
        scheduler.add_job(
            self._now(self.jobs.notify_closed), IntervalTrigger(minutes=1), id="periode-ditutup"
        )
        scheduler.add_job(
            self._now(self.jobs.close_ended), IntervalTrigger(minutes=1), id="tutup-periode"
        )
        scheduler.add_job(self._beat, IntervalTrigger(seconds=BEAT), id="detak")
        scheduler.add_job(
            self._now(self.jobs.drop_pictures), IntervalTrigger(hours=1), id="hapus-gambar"
        )
        scheduler.add_job(
            self._now(self.jobs.release_answers), IntervalTrigger(minutes=1), id="rilis-jawaban"
        )
        scheduler.start()
        try:
            await self.sender.run(stop)
        finally:
            scheduler.shutdown(wait=False)

    async def _beat(self) -> None:
        if self.beat is None:
            return
        try:
            await self.beat()
        except Exception as exc:  # the database is away: /healthz will show the age growing
            log.warning("scheduler: heartbeat not written: %s", type(exc).__name__)

    def _now(self, job: Job) -> Callable[[], Awaitable[int]]:
        async def run() -> int:
            return await job(self.clock())

        return run
