"""A real `ikm run` on WhatsApp: its webhook on a loopback port, pywa sending to the fake API.

Webhook bodies follow Meta's documented examples (text, interactive `button_reply` and
`list_reply`), with the `contacts[].user_id` (BSUID) that pywa 4 requires, and are signed with
the test app secret as Meta signs them (`X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.fake_whatsapp_api import FakeWhatsAppApi, Sent
from tests.e2e.ikm_process import IkmRun
from tests.e2e.loopback import free_port

APP_SECRET = "test-app-secret-4f1c2a9b7e"
VERIFY_TOKEN = "test-verify-token-8d3e"
WABA_ID = "102290129340398"
DISPLAY_NUMBER = "15550783881"
REMINDER_TEMPLATE = ("ikm_pengingat_survei", "id", 2)
NOTICE_TEMPLATE = ("ikm_pemberitahuan", "id", 1)
DUE_TEMPLATE = ("ikm_pengingat_kabid", "id", 2)
_ids = itertools.count(1)


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    """The `X-Hub-Signature-256` value Meta sends for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def update(phone_id: str, sender: WaUser, message: dict[str, Any]) -> dict[str, Any]:
    """A `messages` webhook as Meta documents it, with one message from `sender`."""
    contact: dict[str, Any] = {"profile": {"name": sender.name}, "user_id": sender.bsuid}
    if sender.wa_id:
        contact["wa_id"] = sender.wa_id
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": DISPLAY_NUMBER, "phone_number_id": phone_id},
        "contacts": [contact],
        "messages": [message],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": WABA_ID, "changes": [{"value": value, "field": "messages"}]}],
    }


@dataclass(frozen=True)
class WaUser:
    """A WhatsApp user a test plays: number (wa_id, may be hidden), BSUID and profile name."""

    wa_id: str | None
    name: str
    bsuid: str = ""

    def __post_init__(self) -> None:
        if not self.bsuid:
            digits = int(hashlib.sha256(self.name.encode()).hexdigest(), 16) % 10**16
            object.__setattr__(self, "bsuid", f"ID.{digits:016d}")


class WhatsAppProcess(IkmRun):
    """`python -m ikm run` with the WhatsApp settings pointing at the fake."""

    def __init__(
        self, fake: FakeWhatsAppApi, url: str, cwd: Path, extra: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        settings = {
            "IKM_WHATSAPP_PHONE_ID": fake.phone_id,
            "IKM_WHATSAPP_TOKEN": fake.token,
            "IKM_WHATSAPP_APP_SECRET": APP_SECRET,
            "IKM_WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
            "IKM_WHATSAPP_PORT": str(self.port),
            "IKM_WHATSAPP_LISTEN": "127.0.0.1",
            "IKM_WHATSAPP_API_URL": fake.base_url,
        }
        self.endpoint = f"http://127.0.0.1:{self.port}/whatsapp"
        super().__init__(url, cwd, settings | (extra or {}))
        self._wait_until_listening()

    def _wait_until_listening(self, timeout: float = 30.0) -> None:
        params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ikm run ended: {self.stop()}")
            try:
                if httpx.get(self.endpoint, params=params, timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"the webhook did not come up: {self.stop()}")

    def post(self, body: bytes, signature: str | None) -> httpx.Response:
        """POST a raw webhook body with the given signature header (None: no header)."""
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-Hub-Signature-256"] = signature
        return httpx.post(self.endpoint, content=body, headers=headers, timeout=10)


class Chatter:
    """One WhatsApp user writing to the bot: each message is signed and posted to the webhook."""

    def __init__(self, fake: FakeWhatsAppApi, bot: WhatsAppProcess, user: WaUser) -> None:
        self.fake = fake
        self.bot = bot
        self.user = user
        self.last_body = b""
        self.mark = 0

    @property
    def number(self) -> str:
        return str(self.user.wa_id or self.user.bsuid)

    def received(self) -> list[Sent]:
        """Every message the bot sent to this user."""
        return self.fake.to(self.number)

    def texts(self) -> list[str]:
        return [m.text for m in self.received()]

    def post(self, message: dict[str, Any], *, sent_at: float | None = None) -> int:
        """Post one message (a fresh id) from this user; returns the HTTP status."""
        at = sent_at or time.time()
        full = {
            "from": self.number,
            "id": f"wamid.TEST{next(_ids):08d}",
            "timestamp": str(int(at)),
        }
        self.fake.record_inbound(self.number, at)
        self.last_body = json.dumps(update(self.fake.phone_id, self.user, full | message)).encode()
        return self.bot.post(self.last_body, sign(self.last_body)).status_code

    def resend(self) -> int:
        """Deliver the last webhook again, byte for byte (a WhatsApp retry)."""
        return self.bot.post(self.last_body, sign(self.last_body)).status_code

    def say(self, text: str, expect: str) -> Sent:
        """Type text; wait for a reply containing `expect`."""
        return self._after(lambda: self.post({"type": "text", "text": {"body": text}}), expect)

    def press(self, action: str, title: str, expect: str) -> Sent:
        """Tap a reply button."""
        reply = {"type": "button_reply", "button_reply": {"id": action, "title": title}}
        return self._after(lambda: self.post(self._interactive(reply)), expect)

    def choose(self, action: str, title: str, expect: str) -> Sent:
        """Pick a list row."""
        reply = {"type": "list_reply", "list_reply": {"id": action, "title": title}}
        return self._after(lambda: self.post(self._interactive(reply)), expect)

    def _interactive(self, reply: dict[str, Any]) -> dict[str, Any]:
        context = {"from": DISPLAY_NUMBER, "id": self._last_id()}
        return {"type": "interactive", "context": context, "interactive": reply}

    def _last_id(self) -> str:
        received = self.received()
        return received[-1].id if received else "wamid.NONE"

    def _after(self, act: Any, expect: str) -> Sent:
        self.mark = len(self.received())
        assert act() == 200
        return self.reply(lambda m: expect in m.text)

    def reply(self, predicate: Callable[[Sent], bool]) -> Sent:
        """Wait for a message to this user, since the last one it sent, that fits `predicate`."""
        return self.fake.wait_for(
            lambda m: m.to == self.number and predicate(m) and m in self.received()[self.mark :]
        )

    def choices(self, *expected: tuple[str, str]) -> Sent:
        """Wait for the reply whose buttons or rows are exactly `expected`."""
        return self.reply(lambda m: m.choices == list(expected))

    def quiet_for(self, seconds: float) -> None:
        """Assert that nothing reaches this user for a while."""
        before = len(self.received())
        time.sleep(seconds)
        assert len(self.received()) == before, self.texts()[before:]


def bind(url: str, wa_id: str, phone: str) -> None:
    """A person registered on WhatsApp earlier (as their first message would have done)."""
    from ikm.db import Database
    from survey.services import Services

    async def work() -> None:
        db = Database.from_url(url)
        await Services.build(db).accounts.bind_phone("whatsapp", wa_id, phone)
        await db.dispose()

    asyncio.run(work())


def wrote_at(url: str, wa_id: str, at: datetime) -> None:
    """The number's last message was at `at` (what the webhook would have recorded)."""
    from bot.whatsapp.inbox import WhatsAppInbox
    from ikm.db import Database

    async def work() -> None:
        db = Database.from_url(url)
        await WhatsAppInbox(db).wrote(wa_id, at)
        await db.dispose()

    asyncio.run(work())
