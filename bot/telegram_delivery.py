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


class RetryingRateLimiter(AIORateLimiter):
    """PTB's flood limiter (which honours 429 `retry_after`), plus backoff on 5xx and refused
    connections.

    A timeout is not retried: Telegram may have delivered the message already, and a second
    send would show it twice.
    """

    def __init__(self, *, retries: int = 4, backoff: float = 0.5) -> None:
        super().__init__(max_retries=retries)
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
