"""Delivers the outbox through a channel port, with backoff; permanent failures are recorded."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Protocol

from scheduler.outbox import Outbox, Queued

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
#: Messages claimed per round, and sends in flight at once.
BATCH = 50
PARALLEL = 8


class Undeliverable(Exception):
    """The message can never be delivered (the person blocked the bot, has no chat account)."""


class TryLater(Exception):
    """Delivery failed for now; `after` says when to try again (429's retry_after, or backoff);
    `unsure`: the API did not answer in time, so the message may have arrived all the same."""

    def __init__(
        self, reason: str, after: timedelta | None = None, *, unsure: bool = False
    ) -> None:
        super().__init__(reason)
        self.after = after
        self.unsure = unsure


class Channel(Protocol):
    """What the sender needs of a chat channel."""

    async def deliver(self, message: Queued) -> str:
        """Send the message to its person; returns the form used (e.g. "telegram")."""
        ...


#: Brings a message up to date just before its send; None: nothing left to send.
Prepare = Callable[[Queued], Awaitable[Queued | None]]


def backoff(attempts: int) -> timedelta:
    """2, 4, 8 … seconds, at most ten minutes."""
    return timedelta(seconds=min(2 ** (attempts + 1), 600))


class Sender:
    """Claims due rows and delivers them, several at a time, then records sent / retry / failed.

    Up to `parallel` sends are in flight at once (the channel's own limiter paces them), and
    more rows are claimed as soon as fewer are: a long queue drains at the channel's rate.
    """

    def __init__(
        self,
        outbox: Outbox,
        channel: Channel,
        *,
        parallel: int = PARALLEL,
        prepare: Prepare | None = None,
    ) -> None:
        self.outbox = outbox
        self.channel = channel
        self.prepare = prepare
        self.gate = asyncio.Semaphore(parallel)
        self.parallel = parallel

    async def run_once(self, limit: int = BATCH) -> int:
        """Deliver what is due now; returns how many were sent."""
        messages = await self.outbox.claim(limit)
        outcomes = await asyncio.gather(*map(self._gated, messages), return_exceptions=True)
        _report(outcomes)
        return sum(o for o in outcomes if isinstance(o, int))

    async def run(self, stop: asyncio.Event, interval: float = 2.0) -> None:
        """Deliver until `stop` is set; with nothing due, look again every `interval` seconds."""
        flying: set[asyncio.Task[int]] = set()
        while not stop.is_set():
            done = {task for task in flying if task.done()}
            flying -= done
            _report([task.exception() or task.result() for task in done])
            if len(flying) < self.parallel:
                fresh = await self._claim(BATCH - len(flying))
                flying |= {asyncio.create_task(self._gated(m)) for m in fresh}
                if not fresh:  # nothing more due: until a send ends, `stop`, or `interval`
                    await _first(flying, stop, interval)
                    continue
            await asyncio.wait(flying, return_when=asyncio.FIRST_COMPLETED)
        _report(await asyncio.gather(*flying, return_exceptions=True))

    async def _claim(self, limit: int) -> list[Queued]:
        try:
            return await self.outbox.claim(limit)
        except Exception:  # a database hiccup must not end delivery for good
            log.exception("outbox: claiming due messages failed")
            return []

    async def _gated(self, message: Queued) -> int:
        async with self.gate:
            return await self._deliver(message)

    async def _deliver(self, message: Queued) -> int:
        if self.prepare is not None:
            prepared = await self.prepare(message)
            if prepared is None:
                await self.outbox.dropped(message.id)
                return 0
            if prepared != message:
                await self.outbox.rewritten(message.id, prepared.body, prepared.buttons)
            message = prepared
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
            after = exc.after or backoff(message.attempts)
            await self.outbox.retry(message.id, str(exc), after, unsure=exc.unsure)
            return 0
        await self.outbox.sent(message.id, form)
        return 1


async def _first(flying: set[asyncio.Task[int]], stop: asyncio.Event, timeout: float) -> None:
    """Wait until a send ends, `stop` is set, or `timeout` seconds pass."""
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait(
            {*flying, stopping}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        stopping.cancel()


def _report(outcomes: Sequence[int | BaseException]) -> None:
    """Log sends that failed outside the channel's classification (the row stays leased)."""
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            log.error("outbox delivery failed", exc_info=outcome)
