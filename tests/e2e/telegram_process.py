"""A real `ikm run` on Telegram, talking to the loopback fake Bot API, and its database."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any

import pytest

from ikm import migrate
from ikm.db import Database
from survey.people.model import Role
from survey.services import Services
from tests.conftest import PG_URL, reset_postgres
from tests.e2e.fake_bot_api import Call, FakeBotApi, User
from tests.e2e.ikm_process import IkmRun
from tests.integration.helpers import row

MEMBERS = [("Hj. Siti Aminah", "+6281200000001"), ("H. Ahmad Rizani", "+6281200000002")]
KABID = ("Drs. Budi Santoso", "+6281300000001")
SECRETARY = ("Rahmah, S.E.", "+6281400000001")
STAFF = ("Yusuf Staf", "+6281500000001")


def seed(url: str) -> None:
    """Roster (two members, a kabid, the Sekretaris) and an open period."""
    migrate.upgrade(url)

    async def work() -> None:
        db = Database.from_url(url)
        services = Services.build(db)
        rows = [row(i + 2, n, p) for i, (n, p) in enumerate(MEMBERS)]
        rows.append(row(4, *KABID, Role.KABID, "persidangan"))
        rows.append(row(5, *SECRETARY, Role.SEKRETARIS))
        rows.append(row(6, *STAFF, Role.STAF, "persidangan"))
        await services.roster.import_rows(rows, dry_run=False)
        await services.periods.open(
            "Semester II 2026", version="dprd-6-v1", starts_on=date(2026, 7, 1)
        )
        await db.dispose()

    asyncio.run(work())


def seeded_database(kind: str, folder: Path, bound: dict[int, str]) -> str:
    """A seeded database (roster, open period) of `kind` (sqlite or postgresql, whose schema is
    reset) with the Telegram users `bound` (id → phone) bound; its URL."""
    if kind == "postgresql":
        if not PG_URL:
            pytest.skip("PostgreSQL not configured (IKM_TEST_DATABASE_URL)")
        asyncio.run(reset_postgres(PG_URL))
        database = PG_URL
    else:
        database = f"sqlite:///{folder / 'ikm.db'}"
    seed(database)
    for telegram_id, phone in bound.items():
        bind(database, telegram_id, phone)
    return database


def webhook_settings(port: int, secret: str) -> dict[str, str]:
    """The settings of `ikm run` with its Telegram webhook on 127.0.0.1:`port`."""
    return {
        "IKM_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}",
        "IKM_TELEGRAM_WEBHOOK_SECRET": secret,
        "IKM_TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
        "IKM_TELEGRAM_WEBHOOK_PORT": str(port),
    }


def button(fake: FakeBotApi, user: User, label: str) -> str:
    """The action of the first button on the latest keyboard whose label contains `label`."""
    for row_ in fake.last_keyboard(user.id):
        for text, data in row_:
            if label in text:
                return str(data)
    raise AssertionError(f"no button {label!r} in {fake.last_keyboard(user.id)}")


class BotProcess(IkmRun):
    """`python -m ikm run` with the Telegram settings pointing at the fake."""

    def __init__(
        self,
        fake: FakeBotApi,
        url: str,
        cwd: Path,
        extra: dict[str, str] | None = None,
        stderr: IO[Any] | None = None,
    ) -> None:
        settings = {"IKM_TELEGRAM_TOKEN": fake.token, "IKM_TELEGRAM_API_URL": fake.base_url}
        super().__init__(url, cwd, settings | (extra or {}), stderr)
        self.fake = fake
        ready = "setWebhook" if extra and "IKM_TELEGRAM_WEBHOOK_URL" in extra else "getUpdates"
        fake.wait_for(lambda c: c.is_(ready), timeout=30)


class Chatter:
    """One Telegram user talking to the bot through the fake."""

    def __init__(self, fake: FakeBotApi, user: User) -> None:
        self.fake = fake
        self.user = user

    def _sent_count(self) -> int:
        return len(self._to_me())

    def _to_me(self) -> list[Call]:
        return [
            c
            for c in self.fake.calls(ok=True)
            if c.params.get("chat_id") == self.user.id
            and c.method in ("sendMessage", "sendPhoto", "sendDocument")
        ]

    def say(self, text: str, expect: str) -> str:
        """Send text; wait until a reply containing `expect` arrives; return it."""
        return self._after(lambda: self.fake.text_message(self.user, text), expect)

    def press(self, data: str, expect: str, message_id: int | None = None) -> str:
        """Press a button (on the latest bot message by default) and wait for `expect`."""
        mid = message_id or self.last_message_id()
        return self._after(lambda: self.fake.callback_query(self.user, data, mid), expect)

    def press_for_toast(self, data: str, message_id: int | None = None) -> str:
        """Press a button and return the toast text of its answerCallbackQuery."""
        mid = message_id or self.last_message_id()
        update_id = self.fake.callback_query(self.user, data, mid)
        call = self.fake.wait_for(
            lambda c: (
                c.is_("answerCallbackQuery")
                and c.params.get("callback_query_id") == str(update_id)
            ),
            timeout=15,
        )
        return str(call.params.get("text") or "")

    def share_contact(self, phone: str, owner: int | None, expect: str) -> str:
        """Share a contact card (`owner` None: a contact without a Telegram account)."""
        return self._after(lambda: self.fake.contact_message(self.user, phone, owner), expect)

    def last_message_id(self) -> int:
        """The id of the newest message the bot sent to this user."""
        return int(self._to_me()[-1].result["message_id"])

    def texts(self) -> list[str]:
        """Every text (or caption) the bot sent to this user."""
        return [str(c.params.get("text") or c.params.get("caption") or "") for c in self._to_me()]

    def _after(self, act: Callable[[], object], expect: str) -> str:
        before = self._sent_count()
        act()

        def arrived(_: Call) -> bool:
            return any(expect in t for t in self.texts()[before:])

        self.fake.wait_for(arrived, timeout=15)
        return next(t for t in self.texts()[before:] if expect in t)


def submit_responses(url: str, answers: list[tuple[int, ...]]) -> None:
    """Members answer the whole survey through the service, one per tuple of six values."""
    from survey.conversation.events import Answer, Skip, Start, Submit

    codes = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")

    async def work() -> None:
        db = Database.from_url(url)
        services = Services.build(db)
        extra = [row(10 + i, f"Anggota Tambahan {i}", f"+628129900{i:04d}") for i in range(5)]
        await services.roster.import_rows(extra, dry_run=False)
        people = [p for p in await services.roster.people() if p.role is Role.ANGGOTA]
        for person, values in zip(people, answers, strict=False):
            await services.survey.handle(person.id, Start())
            for code, value in zip(codes, values, strict=True):
                await services.survey.handle(person.id, Answer(code, value))
            await services.survey.handle(person.id, Skip())
            await services.survey.handle(person.id, Submit())
        await db.dispose()

    asyncio.run(work())


def bind(url: str, telegram_id: int, phone: str) -> None:
    """A person registered on Telegram earlier (as sharing their contact would have done)."""

    async def work() -> None:
        db = Database.from_url(url)
        await Services.build(db).accounts.bind_phone("telegram", str(telegram_id), phone)
        await db.dispose()

    asyncio.run(work())
