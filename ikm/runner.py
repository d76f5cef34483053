"""`ikm run`: start every configured channel; with none, the console on this terminal."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from ikm import logs
from ikm.settings import DEMO_DATABASE_URL, Settings
from scheduler.sender import Channel
from survey.indicators.definitions import definitions
from survey.people.demo import seed_demo
from survey.questionnaire.model import available_versions, load_questionnaire
from survey.services import Services

if TYPE_CHECKING:  # only for annotations: the console does not load the chat libraries
    from telegram import Bot

    from bot.webhook_door import HealthCheck
    from ikm.db import Database
    from scheduler.health import ChannelStates, Health, Heartbeats

log = logging.getLogger(__name__)


#: The exit code of `ikm run` when a channel stopped for good (a revoked token): non-zero, so
#: that a service manager restarts it and someone notices.
CHANNEL_FAILED = 3


async def run_channels(db: Database, services: Services, settings: Settings) -> int:
    """Run the channels until they end (the console with its input, others on a signal) with
    the services built once on `db`; the exit code: 0, or CHANNEL_FAILED when a channel
    stopped for good."""
    for version in available_versions():
        load_questionnaire(version)  # a broken definition stops start-up with its reason
    definitions()  # likewise the indicator definitions of the decree
    await services.pool.settle()  # what a crash left between a submit and its release
    if settings.telegram_enabled or settings.whatsapp_enabled:
        return await _run_chat(db, services, settings)
    await _run_console(db, services, settings)
    return 0


async def _run_chat(db: Database, services: Services, settings: Settings) -> int:
    """Telegram and WhatsApp, each when configured, in this process; the scheduler delivers
    to each person on the channel they are bound to (Telegram first)."""
    from bot.chat.channel_router import ChannelRouter
    from ikm.scheduling import scheduled
    from scheduler.health import ChannelStates, Heartbeats

    logs.configure(
        secrets=settings.secret_values(),
        level=logging.getLevelNamesMapping()[settings.log_level],
        form=settings.log_format,
    )
    for noisy in ("pywa", "pywa_async"):  # one line per update otherwise
        logging.getLogger(noisy).setLevel(logging.WARNING)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    states = ChannelStates(stop, settings.channels)
    heartbeats = Heartbeats(db)

    async def health() -> Health:
        return await heartbeats.check(dict(states.running))

    schedule = scheduled(db, services, settings, stop)
    outboxes: dict[str, Channel] = {}
    running: list[Coroutine[Any, Any, None]] = [_beating(heartbeats, states, stop)]
    if settings.health_port is not None:
        from bot.webhook_door import serve_health

        port, listen = settings.health_port, settings.health_listen
        running.append(serve_health(health, listen=listen, port=port, stop=stop))
    if settings.whatsapp_enabled:
        outboxes["whatsapp"], serving = _whatsapp(db, services, settings, stop, states, health)
        running.append(serving)

    async def alongside(bot: Bot | None) -> None:
        channels: dict[str, Channel] = {}
        if bot is not None:
            from bot.telegram.outbox import TelegramOutbox

            channels["telegram"] = TelegramOutbox(bot, services.accounts)
        await schedule(ChannelRouter(services.accounts, channels | outboxes))

    running.append(
        _telegram(services, settings, stop, alongside, states, health)
        if settings.telegram_enabled
        else alongside(None)
    )
    await asyncio.gather(*running)
    return 0 if states.failure is None else CHANNEL_FAILED


async def _beating(heartbeats: Heartbeats, states: ChannelStates, stop: asyncio.Event) -> None:
    """Every BEAT seconds, a heartbeat for each channel running here (for `ikm status`)."""
    from scheduler.health import BEAT, channel_beat

    failing = False
    while not stop.is_set():
        states.changed.clear()
        names = [channel_beat(name) for name, running in states.running.items() if running]
        try:
            await heartbeats.beat(*names)
            failing = False
        except Exception as exc:  # the database is away; /healthz says so
            if not failing:
                log.warning("health: channel heartbeat not written: %s", type(exc).__name__)
            failing = True
        waits = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(states.changed.wait())}
        await asyncio.wait(waits, timeout=BEAT, return_when=asyncio.FIRST_COMPLETED)
        for waiting in waits:
            waiting.cancel()


async def _telegram(
    services: Services,
    settings: Settings,
    stop: asyncio.Event,
    alongside: Callable[[Bot], Awaitable[None]],
    states: ChannelStates,
    health: HealthCheck,
) -> None:
    from bot.telegram.channel import TelegramChannel, serve
    from bot.telegram.polling import TokenWatch

    assert settings.telegram_token is not None
    token = settings.telegram_token.get_secret_value()
    webhook = settings.telegram_webhook_url
    channel = TelegramChannel(services)
    watch = TokenWatch(lambda reason: states.failed("telegram", reason))
    app = channel.application(
        token, settings.telegram_api_url, polling=webhook is None, watch=watch
    )
    if webhook is None:
        await serve(app, stop, alongside, states)
        return
    from bot.telegram.webhook import serve_webhook

    assert settings.telegram_webhook_secret is not None
    await serve_webhook(
        app,
        url=webhook,
        secret=settings.telegram_webhook_secret.get_secret_value(),
        listen=settings.telegram_webhook_listen,
        port=settings.telegram_webhook_port,
        stop=stop,
        alongside=alongside,
        states=states,
        health=health,
    )


def _whatsapp(
    db: Database,
    services: Services,
    settings: Settings,
    stop: asyncio.Event,
    states: ChannelStates,
    health: HealthCheck,
) -> tuple[Channel, Coroutine[Any, Any, None]]:
    """The WhatsApp channel's outbox port and its webhook server (not yet started)."""
    from bot.whatsapp.channel import WhatsAppChannel
    from bot.whatsapp.inbox import WhatsAppInbox
    from bot.whatsapp.outbox import Templates, WhatsAppOutbox
    from bot.whatsapp.send import WhatsAppSender, whatsapp_client
    from bot.whatsapp.webhook import serve_webhook

    assert settings.whatsapp_phone_id and settings.whatsapp_token
    assert settings.whatsapp_app_secret and settings.whatsapp_verify_token
    verify_token = settings.whatsapp_verify_token.get_secret_value()
    wa = whatsapp_client(
        phone_id=settings.whatsapp_phone_id,
        token=settings.whatsapp_token.get_secret_value(),
        app_secret=settings.whatsapp_app_secret.get_secret_value(),
        verify_token=verify_token,
        api_url=settings.whatsapp_api_url,
    )
    inbox = WhatsAppInbox(db)
    sender = WhatsAppSender(wa, on_revoked=lambda reason: states.failed("whatsapp", reason))
    WhatsAppChannel(services, inbox, sender).register(wa)
    templates = Templates(
        reminder=settings.whatsapp_template_reminder,
        notice=settings.whatsapp_template_recap,
        language=settings.whatsapp_template_language,
        due=settings.whatsapp_template_kabid,
    )
    serving = serve_webhook(
        wa,
        verify_token=verify_token,
        listen=settings.whatsapp_listen,
        port=settings.whatsapp_port,
        stop=stop,
        states=states,
        health=health,
    )
    return WhatsAppOutbox(sender, services, inbox, templates), serving


async def _run_console(db: Database, services: Services, settings: Settings) -> None:
    from bot.console import Console, stdin_reader

    if settings.database_url == DEMO_DATABASE_URL:
        sys.stdout.write(
            "Konsol demo: basis data tersendiri data/demo.db; data sungguhan (data/ikm.db) tidak "
            "disentuh. Hapus demo: rm data/demo.db.\n"
        )
    if await services.roster.is_empty():
        name = await seed_demo(db, services.clock().astimezone(services.zone).date())
        sys.stdout.write(
            f"Basis data masih kosong: roster DEMO dan periode '{name}' dibuat untuk mencoba.\n\n"
        )
    await Console(services, stdin_reader(sys.stdin), sys.stdout).run()
