"""Long polling that a garbled getUpdates answer cannot make spin.

python-telegram-bot's polling loop backs off on a `TelegramError` (1 s, then ×1.5 up to 30 s)
but retries at once, logging a traceback each time, when parsing the answer fails: a server or
proxy answering `"result": "surprise"` or updates without `update_id` made it call thousands of
times a second. The request object used for getUpdates checks the answer first: anything but a
list is a `GarbledUpdates` error (so the loop backs off); entries without an integer
`update_id` are dropped (all of them dropped: the same error); an update that python-telegram-bot
cannot read is cut down to its `update_id`, so it is confirmed and skipped instead of blocking
every later update.

Both request objects (getUpdates' and every other call's) watch for a rejected token: Telegram
answers 401 Unauthorized once the token is revoked. python-telegram-bot then logs "Invalid
token. Aborting retry loop." and its polling task ends while the process stays up, listening to
nothing. Here the first 401 calls `TokenWatch.on_rejected` (the channel stops for good and the
process exits non-zero) and raises `TokenRejected`, which the polling loop treats as an ordinary
failure; from then on getUpdates is answered here with no updates (nothing can be fetched or
confirmed with that token), so shutting down is quiet and clean.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)
JSONDict = dict[str, Any]


#: What getUpdates answers here once the token was rejected, and the pause before it (so the
#: polling loop does not spin until it is stopped).
NOTHING = json.dumps({"ok": True, "result": []}).encode()
REJECTED_PAUSE = 0.2


class GarbledUpdates(TelegramError):
    """getUpdates answered something that is not a list of updates."""


class TokenRejected(TelegramError):
    """The Bot API answered 401 Unauthorized: the token was revoked (or never valid)."""

    def __init__(self) -> None:
        super().__init__("the Bot API rejected the token (401 Unauthorized)")


class TokenWatch:
    """Shared by the request objects of one bot: whether its token was rejected."""

    def __init__(self, on_rejected: Callable[[str], None] | None = None) -> None:
        self.on_rejected = on_rejected
        self.rejected = False

    def reject(self, reason: str) -> None:
        """The first rejection tells `on_rejected`; later ones change nothing."""
        if not self.rejected:
            self.rejected = True
            if self.on_rejected is not None:
                self.on_rejected(reason)


def checked_updates(result: object) -> list[JSONDict]:
    """The updates of a getUpdates `result` that can be confirmed; GarbledUpdates if none of a
    non-empty answer can (or it is not a list at all)."""
    if not isinstance(result, list):
        raise GarbledUpdates(f"getUpdates answered {type(result).__name__}, not a list")
    kept = [u for u in result if isinstance(u, dict) and type(u.get("update_id")) is int]
    if result and not kept:
        raise GarbledUpdates(f"getUpdates answered {len(result)} entries without update_id")
    if len(kept) < len(result):
        log.warning("Telegram: %d entries without update_id skipped", len(result) - len(kept))
    return [_readable(update) for update in kept]


def _readable(update: JSONDict) -> JSONDict:
    try:
        Update.de_json(update, None)
    except Exception:  # PTB raises what the shape makes it raise (TypeError, KeyError, …)
        log.warning("Telegram: update %d cannot be read, skipped", update["update_id"])
        return {"update_id": update["update_id"]}
    return update


class WatchedRequest(HTTPXRequest):
    """The HTTPX request of every Bot API call but getUpdates (PTB's default pool of 256),
    raising TokenRejected on 401."""

    def __init__(self, watch: TokenWatch, connection_pool_size: int = 256) -> None:
        super().__init__(connection_pool_size=connection_pool_size)
        self.watch = watch

    async def do_request(self, url: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """The HTTP answer; 401 tells the watch and raises TokenRejected."""
        code, payload = await super().do_request(url, *args, **kwargs)
        if code == HTTPStatus.UNAUTHORIZED:
            rejected = TokenRejected()
            self.watch.reject(str(rejected))
            raise rejected
        return code, payload


class CheckedUpdatesRequest(WatchedRequest):
    """The HTTPX request of getUpdates, with the answer checked. Two connections: at shutdown
    PTB confirms the last updates with one more getUpdates while the cancelled long poll may
    still hold the first, and with one connection that call timed out under load (an ERROR
    with a traceback on a clean SIGTERM)."""

    def __init__(self, watch: TokenWatch | None = None) -> None:
        super().__init__(watch or TokenWatch(), connection_pool_size=2)

    async def do_request(self, url: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """The HTTP answer; a successful getUpdates keeps only updates that can be confirmed."""
        if self.watch.rejected:
            await asyncio.sleep(REJECTED_PAUSE)
            return HTTPStatus.OK, NOTHING
        code, payload = await super().do_request(url, *args, **kwargs)
        if code != HTTPStatus.OK or url.rsplit("/", 1)[-1].lower() != "getupdates":
            return code, payload
        try:
            answer = json.loads(payload)
        except (ValueError, RecursionError):
            raise GarbledUpdates("getUpdates answered something that is not JSON") from None
        if not isinstance(answer, dict) or answer.get("ok") is not True:
            raise GarbledUpdates("getUpdates answered 200 without ok: true")
        answer["result"] = checked_updates(answer.get("result"))
        return code, json.dumps(answer).encode()


def polling_failed(exc: TelegramError) -> None:
    """One line per failed poll (the loop's own default logs a traceback each time); nothing
    for a rejected token (the channel already said it stopped for good)."""
    if not isinstance(exc, TokenRejected):
        log.warning("Telegram: getUpdates failed, retrying later: %s", exc)


#: How often the token is checked with getMe (polling notices a revoked token at once; a
#: webhook only when something is sent, or by this).
PROBE_INTERVAL = 60.0


async def probe_token(bot: Bot, stop: asyncio.Event, interval: float = PROBE_INTERVAL) -> None:
    """getMe every `interval` seconds until `stop` or a rejected token (which the request's
    watch reports); any other failure is left to the next round."""
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), interval)
            return
        except TimeoutError:
            pass
        try:
            await bot.get_me()
        except TokenRejected:
            return
        except TelegramError as exc:
            log.warning("Telegram: getMe failed, trying again later: %s", exc)
