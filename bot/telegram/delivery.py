"""Sending to Telegram without losing or doubling a message: flood limits, retries, backoff."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]
#: Sends per second over all chats: just under Telegram's ~30, evenly spaced (see below).
PACE = 29.0


class RetryingRateLimiter(AIORateLimiter):
    """PTB's flood limiter (which honours 429 `retry_after`), plus backoff on 5xx and refused
    connections.

    The overall limit is a bucket of one send refilled PACE times a second, not PTB's default
    bucket of 30 a second: that one lets 30 go at once and then 30 more within the same second,
    which Telegram answers with 429 and a pause of a second or more for every chat.

    A timeout is not retried: Telegram may have delivered the message already, and a second
    send would show it twice.
    """

    def __init__(self, *, retries: int = 4, backoff: float = 0.5) -> None:
        super().__init__(overall_max_rate=1, overall_time_period=1 / PACE, max_retries=retries)
        self.retries = retries
        self.backoff = backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Send through the flood limiter; on a server or connection error, wait and resend."""
        for attempt in range(self.retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (TimedOut, BadRequest):  # BadRequest is a NetworkError too: a 400 stays a 400
                raise
            except NetworkError as exc:
                if attempt == self.retries:
                    raise
                delay = self.backoff * 2**attempt
                log.warning("%s failed (%s); retry %d in %.1fs", endpoint, exc, attempt + 1, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")
