"""`ikm run`: start every configured channel; with none, the console on this terminal."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import datetime

from ikm import logs
from ikm.settings import Settings
from survey.demo import seed_demo
from survey.ports import DomainError
from survey.questionnaire import available_versions, load_questionnaire
from survey.services import Services


async def run_channels(services: Services, settings: Settings) -> None:
    """Run the channels until they end (the console with its input, others on a signal)."""
    for version in available_versions():
        load_questionnaire(version)  # a broken definition stops start-up with its reason
    if settings.whatsapp_enabled:
        raise DomainError(
            "kanal WhatsApp belum tersedia di versi ini; kosongkan IKM_WHATSAPP_* untuk "
            "memakai Telegram atau konsol"
        )
    if settings.telegram_enabled:
        await _run_telegram(services, settings)
        return
    await _run_console(services, settings)


async def _run_telegram(services: Services, settings: Settings) -> None:
    from bot.telegram import TelegramChannel, serve

    assert settings.telegram_token is not None
    token = settings.telegram_token.get_secret_value()
    logs.configure(secrets=[token])
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    webhook = settings.telegram_webhook_url
    channel = TelegramChannel(services, settings.zone)
    app = channel.application(token, settings.telegram_api_url, polling=webhook is None)
    from ikm.db import Database
    from ikm.scheduling import scheduled

    assert isinstance(services.roster.db, Database)
    alongside = scheduled(services.roster.db, services, settings, stop)
    if webhook is None:
        await serve(app, stop, alongside)
        return
    from bot.telegram_webhook import serve_webhook

    assert settings.telegram_webhook_secret is not None
    secret = settings.telegram_webhook_secret.get_secret_value()
    logs.configure(secrets=[token, secret])
    await serve_webhook(
        app,
        url=webhook,
        secret=secret,
        listen=settings.telegram_webhook_listen,
        port=settings.telegram_webhook_port,
        stop=stop,
        alongside=alongside,
    )


async def _run_console(services: Services, settings: Settings) -> None:
    from bot.console import Console, stdin_reader

    if await services.roster.is_empty():
        name = await seed_demo(services.roster.db, datetime.now(settings.zone).date())
        sys.stdout.write(
            f"Basis data masih kosong: roster DEMO dan periode '{name}' dibuat untuk mencoba.\n\n"
        )
    await Console(services, stdin_reader(sys.stdin), sys.stdout, zone=settings.zone).run()
