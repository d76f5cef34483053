"""`ikm run`: start every configured channel; with none, the console on this terminal."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ikm import logs
from ikm.settings import Settings
from scheduler.sender import Channel
from survey.demo import seed_demo
from survey.indicator_definitions import definitions
from survey.questionnaire import available_versions, load_questionnaire
from survey.services import Services

if TYPE_CHECKING:  # only for annotations: the console does not load the chat libraries
    from telegram import Bot


async def run_channels(services: Services, settings: Settings) -> None:
    """Run the channels until they end (the console with its input, others on a signal)."""
    for version in available_versions():
        load_questionnaire(version)  # a broken definition stops start-up with its reason
    definitions()  # likewise the indicator definitions of the decree
    await services.pool.settle()  # what a crash left between a submit and its release
    if settings.telegram_enabled or settings.whatsapp_enabled:
        await _run_chat(services, settings)
        return
    await _run_console(services, settings)


async def _run_chat(services: Services, settings: Settings) -> None:
    """Telegram and WhatsApp, each when configured, in this process; the scheduler delivers
    to each person on the channel they are bound to (Telegram first)."""
    from bot.channel_router import ChannelRouter
    from ikm.db import Database
    from ikm.scheduling import scheduled

    logs.configure(
        secrets=_secrets(settings), level=logging.getLevelNamesMapping()[settings.log_level]
    )
    for noisy in ("pywa", "pywa_async"):  # one line per update otherwise
        logging.getLogger(noisy).setLevel(logging.WARNING)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    assert isinstance(services.roster.db, Database)
    schedule = scheduled(services.roster.db, services, settings, stop)
    outboxes: dict[str, Channel] = {}
    running: list[Coroutine[Any, Any, None]] = []
    if settings.whatsapp_enabled:
        outboxes["whatsapp"], serving = _whatsapp(services, settings, stop)
        running.append(serving)

    async def alongside(bot: Bot | None) -> None:
        channels: dict[str, Channel] = {}
        if bot is not None:
            from bot.telegram_outbox import TelegramOutbox

            channels["telegram"] = TelegramOutbox(bot, services.accounts)
        await schedule(ChannelRouter(services.accounts, channels | outboxes))

    running.append(
        _telegram(services, settings, stop, alongside)
        if settings.telegram_enabled
        else alongside(None)
    )
    await asyncio.gather(*running)


def _secrets(settings: Settings) -> list[str]:
    """Every configured secret, for the log filter."""
    given = (
        settings.telegram_token,
        settings.telegram_webhook_secret,
        settings.whatsapp_token,
        settings.whatsapp_app_secret,
        settings.whatsapp_verify_token,
    )
    return [s.get_secret_value() for s in given if s is not None]


async def _telegram(
    services: Services,
    settings: Settings,
    stop: asyncio.Event,
    alongside: Callable[[Bot], Awaitable[None]],
) -> None:
    from bot.telegram import TelegramChannel, serve

    assert settings.telegram_token is not None
    token = settings.telegram_token.get_secret_value()
    webhook = settings.telegram_webhook_url
    channel = TelegramChannel(services, settings.zone)
    app = channel.application(token, settings.telegram_api_url, polling=webhook is None)
    if webhook is None:
        await serve(app, stop, alongside)
        return
    from bot.telegram_webhook import serve_webhook

    assert settings.telegram_webhook_secret is not None
    await serve_webhook(
        app,
        url=webhook,
        secret=settings.telegram_webhook_secret.get_secret_value(),
        listen=settings.telegram_webhook_listen,
        port=settings.telegram_webhook_port,
        stop=stop,
        alongside=alongside,
    )


def _whatsapp(
    services: Services, settings: Settings, stop: asyncio.Event
) -> tuple[Channel, Coroutine[Any, Any, None]]:
    """The WhatsApp channel's outbox port and its webhook server (not yet started)."""
    from bot.whatsapp import WhatsAppChannel
    from bot.whatsapp_inbox import WhatsAppInbox
    from bot.whatsapp_outbox import Templates, WhatsAppOutbox
    from bot.whatsapp_send import WhatsAppSender, whatsapp_client
    from bot.whatsapp_webhook import serve_webhook

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
    inbox, sender = WhatsAppInbox(services.roster.db), WhatsAppSender(wa)
    WhatsAppChannel(services, inbox, sender, settings.zone).register(wa)
    templates = Templates(
        reminder=settings.whatsapp_template_reminder,
        notice=settings.whatsapp_template_recap,
        language=settings.whatsapp_template_language,
    )
    serving = serve_webhook(
        wa,
        verify_token=verify_token,
        listen=settings.whatsapp_listen,
        port=settings.whatsapp_port,
        stop=stop,
    )
    return WhatsAppOutbox(sender, services, inbox, templates), serving


async def _run_console(services: Services, settings: Settings) -> None:
    from bot.console import Console, stdin_reader

    if await services.roster.is_empty():
        name = await seed_demo(services.roster.db, datetime.now(settings.zone).date())
        sys.stdout.write(
            f"Basis data masih kosong: roster DEMO dan periode '{name}' dibuat untuk mencoba.\n\n"
        )
    await Console(services, stdin_reader(sys.stdin), sys.stdout, zone=settings.zone).run()
