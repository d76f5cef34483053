"""Long polling that a garbled getUpdates answer cannot make spin.

python-telegram-bot's polling loop backs off on a `TelegramError` (1 s, then ×1.5 up to 30 s)
but retries at once, logging a traceback each time, when parsing the answer fails: a server or
proxy answering `"result": "surprise"` or updates without `update_id` made it call thousands of
times a second. The request object used for getUpdates checks the answer first: anything but a
list is a `GarbledUpdates` error (so the loop backs off); entries without an integer
`update_id` are dropped (all of them dropped: the same error); an update that python-telegram-bot
cannot read is cut down to its `update_id`, so it is confirmed and skipped instead of blocking
every later update.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)
JSONDict = dict[str, Any]


class GarbledUpdates(TelegramError):
    """getUpdates answered something that is not a list of updates."""


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


class CheckedUpdatesRequest(HTTPXRequest):
    """The HTTPX request of getUpdates (one connection), with the answer checked."""

    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)

    async def do_request(self, url: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """The HTTP answer; a successful getUpdates keeps only updates that can be confirmed."""
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
    """One line per failed poll (the loop's own default logs a traceback each time)."""
    log.warning("Telegram: getUpdates failed, retrying later: %s", exc)
