"""`ikm run`: start every configured channel; with none, the console on this terminal."""

from __future__ import annotations

import logging
import sys
from datetime import datetime

from bot.console import Console, stdin_reader
from ikm.settings import Settings
from survey.demo import seed_demo
from survey.ports import DomainError
from survey.questionnaire import available_versions, load_questionnaire
from survey.services import Services

log = logging.getLogger(__name__)


async def run_channels(services: Services, settings: Settings) -> None:
    """Run the channels until they end (the console ends with its input)."""
    if settings.telegram_enabled or settings.whatsapp_enabled:
        raise DomainError(
            "kanal Telegram/WhatsApp belum tersedia di versi ini; kosongkan IKM_TELEGRAM_TOKEN "
            "dan IKM_WHATSAPP_* untuk memakai konsol"
        )
    for version in available_versions():
        load_questionnaire(version)  # a broken definition stops start-up with its reason
    if await services.roster.is_empty():
        name = await seed_demo(services.roster.db, datetime.now(settings.zone).date())
        sys.stdout.write(
            f"Basis data masih kosong: roster DEMO dan periode '{name}' dibuat untuk mencoba.\n\n"
        )
    await Console(services, stdin_reader(sys.stdin), sys.stdout).run()
