"""Wires the scheduler for `ikm run`: outbox, jobs with the channel's wording, leadership."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Bot

from bot import texts
from bot.answers import ikm_text
from bot.telegram_outbox import TelegramOutbox
from ikm.db import Database
from ikm.settings import Settings
from scheduler.clockwork import Clockwork, Plan
from scheduler.jobs import Jobs, Wording
from scheduler.leader import leadership
from scheduler.outbox import Outbox
from scheduler.sender import Sender
from survey.services import Services
from survey.tables import utcnow

WORDING = Wording(
    reminder=lambda name, period: texts.REMINDER.format(name=name, period=period.name),
    period_closed=lambda result: texts.PERIOD_CLOSED.format(
        period=result.period.name, result=ikm_text(result)
    ),
)


def plan_of(settings: Settings) -> Plan:
    """The schedule from the settings."""
    return Plan(
        reminder_days=settings.reminder_days,
        reminder_time=settings.reminder_time,
        catch_up=timedelta(hours=settings.catch_up_hours),
    )


def scheduled(
    db: Database, services: Services, settings: Settings, stop: asyncio.Event
) -> Callable[[Bot], Awaitable[None]]:
    """What runs beside the Telegram channel: the scheduler, once this process leads."""

    async def run(bot: Bot) -> None:
        async with leadership(db.engine, stop) as leads:
            if not leads:
                return
            outbox = Outbox(db, utcnow)
            jobs = Jobs(
                services, outbox, WORDING, zone=settings.zone, max_reminders=settings.reminder_max
            )
            sender = Sender(outbox, TelegramOutbox(bot, services.accounts))
            await Clockwork(jobs, sender, plan_of(settings), settings.zone, utcnow).run(stop)

    return run
