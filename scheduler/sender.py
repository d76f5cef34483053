"""Delivers the outbox through a channel port, with backoff; permanent failures are recorded."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Protocol

from scheduler.outbox import Outbox, Queued

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


class Undeliverable(Exception):
    """The message can never be delivered (the person blocked the bot, has no chat account)."""


class TryLater(Exception):
    """Delivery failed for now; `after` says when to try again (429's retry_after, or backoff)."""

    def __init__(self, reason: str, after: timedelta | None = None) -> None:
        super().__init__(reason)
        self.after = after


class Channel(Protocol):
    """What the sender needs of a chat channel."""

    async def deliver(self, message: Queued) -> str:
        """Send the message to its person; returns the form used (e.g. "telegram")."""
        ...


def backoff(attempts: int) -> timedelta:
    """2, 4, 8 … seconds, at most ten minutes."""
    return timedelta(seconds=min(2 ** (attempts + 1), 600))


class Sender:
    """Takes due rows and delivers each, then records sent / retry / failed."""

    def __init__(self, outbox: Outbox, channel: Channel) -> None:
        self.outbox = outbox
        self.channel = channel

    async def run_once(self, limit: int = 50) -> int:
        """Deliver what is due now; returns how many were sent."""
        delivered = 0
        for message in await self.outbox.due(limit):
            delivered += await self._deliver(message)
        return delivered

    async def _deliver(self, message: Queued) -> int:
        try:
            form = await self.channel.deliver(message)
        except Undeliverable as exc:
            log.warning("outbox %s: undeliverable (%s)", message.key, exc)
            await self.outbox.failed(message.id, str(exc))
            return 0
        except TryLater as exc:
            if message.attempts + 1 >= MAX_ATTEMPTS:
                await self.outbox.failed(message.id, f"menyerah setelah {MAX_ATTEMPTS}x: {exc}")
                return 0
            await self.outbox.retry(message.id, str(exc), exc.after or backoff(message.attempts))
            return 0
        await self.outbox.sent(message.id, form)
        return 1

    async def run(self, stop: asyncio.Event, interval: float = 2.0) -> None:
        """Deliver until `stop` is set, looking for due rows every `interval` seconds."""
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:  # a database hiccup must not end delivery for good
                log.exception("outbox delivery round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
