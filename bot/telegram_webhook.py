"""Telegram in webhook mode: a small Starlette app that checks the secret and queues updates.

The secret token header is compared in constant time; anything else gets 403 and is not
processed. A valid update is put on the Application's queue and acknowledged at once, so a slow
database never makes Telegram resend it.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Bot, Update
from telegram.ext import Application

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATH = "/telegram"
log = logging.getLogger(__name__)
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def webhook_app(application: AnyApplication, secret: str) -> Starlette:
    """The ASGI app receiving Telegram's POSTs on `/telegram`."""
    expected = secret.encode()

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return Response(status_code=403)
        try:
            update = Update.de_json(json.loads(await request.body()), application.bot)
        except (ValueError, TypeError, KeyError):
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return Starlette(routes=[Route(PATH, receive, methods=["POST"])])


async def serve_webhook(
    application: AnyApplication,
    *,
    url: str,
    secret: str,
    listen: str,
    port: int,
    stop: asyncio.Event,
    alongside: Callable[[Bot], Awaitable[None]] | None = None,
) -> None:
    """Register the webhook with Telegram, serve it on `listen:port` until `stop`."""
    app = webhook_app(application, secret)
    config = uvicorn.Config(app, host=listen, port=port, log_level="warning")
    server = uvicorn.Server(config)
    async with application:
        await application.bot.set_webhook(
            url.rstrip("/") + PATH, secret_token=secret, allowed_updates=Update.ALL_TYPES
        )
        await application.start()
        task = asyncio.create_task(server.serve())
        log.info("Telegram: webhook on port %d", port)
        if alongside is not None:
            await asyncio.gather(stop.wait(), alongside(application.bot))
        await stop.wait()
        server.should_exit = True
        await task
        await application.stop()
