"""Telegram in webhook mode: a small Starlette app that checks the secret and queues updates.

The secret token header is compared in constant time before a byte of the body is read;
anything else gets 403 and is not processed. The body is read up to 1 MiB (more: 413); one that is
not an update object gets 400. A valid update is put on the Application's queue and acknowledged
at once, so a slow database never makes Telegram resend it.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Bot, Update
from telegram.ext import Application

from bot.telegram.polling import TokenRejected, probe_token
from bot.webhook_door import (
    HealthCheck,
    TooLarge,
    capped_body,
    health_route,
    json_object,
    serve_until,
    server,
)
from scheduler.health import ChannelStates

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATH = "/telegram"
log = logging.getLogger(__name__)
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def webhook_app(
    application: AnyApplication, secret: str, health: HealthCheck | None = None
) -> Starlette:
    """The ASGI app receiving Telegram's POSTs on `/telegram` (and `/healthz` with `health`)."""
    expected = secret.encode()

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return Response(status_code=403)
        try:
            update = parse_update(await capped_body(request), application.bot)
        except TooLarge:
            return Response(status_code=413)
        if update is None:
            log.warning("Telegram: a body that is not an update, refused (400)")
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    routes = [Route(PATH, receive, methods=["POST"])]
    return Starlette(routes=routes + ([health_route(health)] if health else []))


def parse_update(body: bytes, bot: Bot) -> Update | None:
    """The update in `body`, or None when it is not a JSON object with an integer update_id
    that python-telegram-bot can read."""
    data = json_object(body)
    if data is None or type(data.get("update_id")) is not int:
        return None
    try:
        return Update.de_json(data, bot)
    except Exception:  # PTB raises what the shape makes it raise (TypeError, KeyError, …)
        return None


async def serve_webhook(
    application: AnyApplication,
    *,
    url: str,
    secret: str,
    listen: str,
    port: int,
    stop: asyncio.Event,
    alongside: Callable[[Bot], Awaitable[None]] | None = None,
    states: ChannelStates | None = None,
    health: HealthCheck | None = None,
) -> None:
    """Serve the webhook on `listen:port` until `stop`, and register it with Telegram once the
    server accepts connections (Telegram's first delivery would otherwise be refused and retried
    for minutes). A rejected token (at start or later) ends it quietly: the token watch already
    told `states`, which stops everything."""
    states = states or ChannelStates(stop, [CHANNEL])
    uvicorn_server = server(webhook_app(application, secret, health), host=listen, port=port)
    listening = asyncio.Event()

    def on_listen() -> None:
        states.started(CHANNEL)
        listening.set()

    async def register() -> None:
        await listening.wait()
        try:
            await application.bot.set_webhook(
                url.rstrip("/") + PATH, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
        except TokenRejected:
            return  # `stop` is set: the server ends too
        log.info("Telegram: webhook on port %d", port)

    try:
        async with application:  # getMe first: a token rejected at start ends it here
            await application.start()
            try:
                serving = _serve(uvicorn_server, stop, on_listen, states)
                beside: list[Awaitable[None]] = [register(), probe_token(application.bot, stop)]
                beside += [] if alongside is None else [alongside(application.bot)]
                await asyncio.gather(serving, *beside)
            finally:
                states.stopped(CHANNEL)
                await application.stop()
    except TokenRejected:
        return


async def _serve(
    uvicorn_server: Any, stop: asyncio.Event, started: Callable[[], None], states: ChannelStates
) -> None:
    if not await serve_until(uvicorn_server, stop, started):
        states.failed(CHANNEL, "the webhook server stopped by itself")
