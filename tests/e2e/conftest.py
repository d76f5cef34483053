"""The end-to-end fixtures: the loopback fakes of both chat APIs, a seeded database and `ikm run`
on it (Telegram: `fake`, `bot`; WhatsApp: `wa_fake`, `whatsapp`, and `wa_sender`, pywa's real
client on the fake)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from bot.whatsapp.send import WhatsAppSender, whatsapp_client
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.fake_whatsapp_api import FakeWhatsAppApi
from tests.e2e.telegram_process import BotProcess, seed
from tests.e2e.whatsapp_process import (
    APP_SECRET,
    DUE_TEMPLATE,
    NOTICE_TEMPLATE,
    REMINDER_TEMPLATE,
    VERIFY_TOKEN,
    WhatsAppProcess,
)


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A SQLite database with the seeded roster and an open period (see `seed`)."""
    database = f"sqlite:///{tmp_path / 'ikm.db'}"
    seed(database)
    return database


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    """The fake Telegram Bot API, running."""
    with FakeBotApi() as api:
        yield api


@pytest.fixture
def bot(fake: FakeBotApi, url: str, tmp_path: Path) -> Iterator[BotProcess]:
    """`ikm run` on Telegram (long polling) against `fake`; its log never holds the token."""
    process = BotProcess(fake, url, tmp_path)
    yield process
    err = process.stop()
    assert fake.token not in err


@pytest.fixture
def wa_fake() -> Iterator[FakeWhatsAppApi]:
    """The fake Graph API, running, with the bot's three templates approved."""
    with FakeWhatsAppApi() as api:
        for template in (REMINDER_TEMPLATE, NOTICE_TEMPLATE, DUE_TEMPLATE):
            api.approve_template(*template)
        yield api


@pytest.fixture
def whatsapp(wa_fake: FakeWhatsAppApi, url: str, tmp_path: Path) -> Iterator[WhatsAppProcess]:
    """`ikm run` on WhatsApp against `wa_fake`; its log never holds a secret."""
    process = WhatsAppProcess(wa_fake, url, tmp_path)
    yield process
    err = process.stop()
    assert wa_fake.token not in err and APP_SECRET not in err and VERIFY_TOKEN not in err


@pytest.fixture
async def wa_sender(wa_fake: FakeWhatsAppApi) -> AsyncIterator[WhatsAppSender]:
    """Our sender on pywa's real HTTP client, in this process, talking to `wa_fake`."""
    async with httpx.AsyncClient() as session:
        wa = whatsapp_client(
            phone_id=wa_fake.phone_id,
            token=wa_fake.token,
            app_secret="app-secret",
            verify_token="verify",
            api_url=wa_fake.base_url,
            session=session,
        )
        yield WhatsAppSender(wa)
