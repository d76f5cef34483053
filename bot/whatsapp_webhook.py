"""The WhatsApp webhook: a small Starlette app on `/whatsapp`, served by uvicorn inside `ikm run`.

GET answers Meta's verification challenge when the verify token matches (constant-time compare).
POST checks `X-Hub-Signature-256` against the app secret through pywa before anything else:
no signature → 401, a wrong one → 403, and nothing is processed. A good update is acknowledged
at once and handled right after the answer (Starlette's background task), so a slow database
never makes WhatsApp resend it; shutting down waits for updates in hand.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging

import uvicorn
from pywa_async import utils
from pywa_async.client import WhatsApp
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

PATH = "/whatsapp"
log = logging.getLogger(__name__)


def webhook_app(wa: WhatsApp, verify_token: str) -> Starlette:
    """The ASGI app receiving Meta's GET challenge and POSTed updates on `/whatsapp`."""
    expected = verify_token.encode()

    async def challenge(request: Request) -> Response:
        params = request.query_params
        given = params.get(utils.HUB_VT, "").encode()
        if params.get("hub.mode") != "subscribe" or not hmac.compare_digest(given, expected):
            return PlainTextResponse("Forbidden", status_code=403)
        return PlainTextResponse(params.get(utils.HUB_CH, ""))

    async def receive(request: Request) -> Response:
        body = await request.body()
        refused = await wa.webhook_update_validator(body, request.headers.get(utils.HUB_SIG))
        if refused is not None:
            return PlainTextResponse(refused[0], status_code=refused[1])
        try:
            json.loads(body)
        except ValueError:
            return PlainTextResponse("Bad Request", status_code=400)
        return PlainTextResponse("ok", background=BackgroundTask(wa.webhook_update_handler, body))

    return Starlette(
        routes=[Route(PATH, challenge, methods=["GET"]), Route(PATH, receive, methods=["POST"])]
    )


async def serve_webhook(
    wa: WhatsApp, *, verify_token: str, listen: str, port: int, stop: asyncio.Event
) -> None:
    """Serve the webhook on `listen:port` until `stop`, then finish the updates in hand."""
    app = webhook_app(wa, verify_token)
    server = uvicorn.Server(uvicorn.Config(app, host=listen, port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    log.info("WhatsApp: webhook on port %d%s", port, PATH)
    await stop.wait()
    server.should_exit = True
    await task
