"""Wires the scheduler for `ikm run`: outbox, jobs with the channels' wording, leadership."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta

from bot.chat import texts
from bot.chat.answers import ikm_text
from bot.chat.due_reminder import compose
from bot.chat.recap import recap_chart, recap_wording
from ikm.db import Database
from ikm.settings import Settings
from scheduler.clockwork import Clockwork, Plan
from scheduler.health import SCHEDULER, Heartbeats
from scheduler.jobs import Jobs, Wording
from scheduler.leader import lead
from scheduler.outbox import Outbox, Queued
from scheduler.sender import Channel, Sender
from scheduler.weekly import WeeklyReminder
from survey.services import Services

WORDING = Wording(
    reminder=lambda name, period: texts.REMINDER.format(name=name, period=period.name),
    period_closed=lambda result: texts.PERIOD_CLOSED.format(
        period=result.period.name, result=ikm_text(result)
    ),
)


def recap_wordings(services: Services) -> Wording:
    """WORDING with the monthly recap's text and chart."""
    return replace(WORDING, recap=recap_wording(services), recap_chart=recap_chart(services))


def plan_of(settings: Settings) -> Plan:
    """The schedule from the settings."""
    return Plan(
        reminder_days=settings.reminder_days,
        reminder_time=settings.reminder_time,
        recap_day=settings.recap_day,
        recap_time=settings.recap_time,
        catch_up=timedelta(hours=settings.catch_up_hours),
        kabid_day=settings.kabid_reminder_day,
        kabid_time=settings.kabid_reminder_time,
    )


def weekly_reminder(services: Services, outbox: Outbox) -> WeeklyReminder:
    """The weekly reminder of records due, worded for the chat channels."""
    return WeeklyReminder(services.dues, services.roster, outbox, compose, zone=services.zone)


def scheduled(
    db: Database, services: Services, settings: Settings, stop: asyncio.Event
) -> Callable[[Channel], Awaitable[None]]:
    """What runs beside the chat channels: the scheduler, once this process leads; it delivers
    through `channel` (a ChannelRouter over every configured channel)."""

    async def run(channel: Channel) -> None:
        outbox = Outbox(db, services.clock)
        wording = recap_wordings(services)
        jobs = Jobs(
            services,
            outbox,
            wording,
            max_reminders=settings.reminder_max,
            keep_pictures=timedelta(days=settings.outbox_attachment_days),
        )
        heartbeats = Heartbeats(db, services.clock)
        weekly = weekly_reminder(services, outbox)

        async def prepare(message: Queued) -> Queued | None:
            return await weekly.refresh(message, services.clock())

        async def schedule(step_down: asyncio.Event) -> None:
            clockwork = Clockwork(
                jobs,
                Sender(outbox, channel, prepare=prepare),
                plan_of(settings),
                services.zone,
                services.clock,
                beat=lambda: heartbeats.beat(SCHEDULER),
                weekly=weekly,
            )
            await clockwork.run(step_down)

        await lead(db.engine, stop, schedule)

    return run
