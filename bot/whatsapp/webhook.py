"""The WhatsApp webhook: a small Starlette app on `/whatsapp`, served by uvicorn inside `ikm run`.

GET answers Meta's verification challenge when the verify token matches (constant-time compare).
POST without `X-Hub-Signature-256` gets 401 before a byte of the body is read; the body is then
read up to 1 MiB (more: 413), and checked against the app secret through pywa (a wrong
signature: 403); a signed body that is not a webhook object gets 400. Nothing refused is
processed. A good update is acknowledged at once and handled right after the answer (Starlette's
background task), so a slow database never makes WhatsApp resend it; shutting down waits for
updates in hand.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from pywa_async import utils
from pywa_async.client import WhatsApp
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

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

CHANNEL = "whatsapp"
PATH = "/whatsapp"
log = logging.getLogger(__name__)


def webhook_app(wa: WhatsApp, verify_token: str, health: HealthCheck | None = None) -> Starlette:
    """The ASGI app receiving Meta's GET challenge and POSTed updates on `/whatsapp` (and
    `/healthz` with `health`)."""
    expected = verify_token.encode()

    async def challenge(request: Request) -> Response:
        params = request.query_params
        given = params.get(utils.HUB_VT, "").encode()
        if params.get("hub.mode") != "subscribe" or not hmac.compare_digest(given, expected):
            return PlainTextResponse("Forbidden", status_code=403)
        return PlainTextResponse(params.get(utils.HUB_CH, ""))

    async def receive(request: Request) -> Response:
        signature = request.headers.get(utils.HUB_SIG)
        if not signature:
            return PlainTextResponse("Unauthorized", status_code=401)
        try:
            body = await capped_body(request)
        except TooLarge:
            return PlainTextResponse("Payload Too Large", status_code=413)
        refused = await wa.webhook_update_validator(body, signature)
        if refused is not None:
            return PlainTextResponse(refused[0], status_code=refused[1])
        update = json_object(body)
        if update is None or not is_webhook(update):
            log.warning("WhatsApp: a signed body that is not a webhook object, refused (400)")
            return PlainTextResponse("Bad Request", status_code=400)
        singles = one_by_one(with_user_ids(update))
        return PlainTextResponse("ok", background=BackgroundTask(_handle, wa, singles))

    routes = [Route(PATH, challenge, methods=["GET"]), Route(PATH, receive, methods=["POST"])]
    return Starlette(routes=routes + ([health_route(health)] if health else []))


def is_webhook(update: dict[str, Any]) -> bool:
    """Meta's envelope: `entry` a list of objects, each with `changes` a list of objects
    holding a `field` name and a `value` object (pywa reads the first entry's first change)."""
    entries = update.get("entry")
    if not isinstance(entries, list) or not entries:
        return False
    for entry in entries:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list) or not changes:
            return False
        for change in changes:
            if not isinstance(change, dict) or not isinstance(change.get("field"), str):
                return False
            if not isinstance(change.get("value"), dict):
                return False
    return True


def with_user_ids(update: dict[str, Any]) -> dict[str, Any]:
    """Meta's documented payloads before the BSUID (and numbers not yet given one) have contacts
    without `user_id`, which pywa 4.5 requires; such a contact gets an empty one. We answer by
    `wa_id`; a contact with neither stays as it is (there is nobody to answer)."""
    for entry in update["entry"]:
        for change in entry["changes"]:
            contacts = change["value"].get("contacts")
            if not isinstance(contacts, list):
                continue
            for contact in contacts:
                if isinstance(contact, dict) and "user_id" not in contact and contact.get("wa_id"):
                    contact["user_id"] = ""
    return update


#: The lists of a change's value that each hold one update per item.
BATCHED = ("messages", "statuses")


def one_by_one(update: dict[str, Any]) -> list[dict[str, Any]]:
    """Meta may batch several entries, changes, messages or statuses in one body; pywa reads
    only the first of each, so each goes on as a body of its own, in the order sent."""
    singles: list[dict[str, Any]] = []
    for entry in update["entry"]:
        for change in entry["changes"]:
            value = change["value"]
            batched = [k for k in BATCHED if isinstance(value.get(k), list) and value[k]]
            items: list[tuple[str | None, Any]] = [(k, i) for k in batched for i in value[k]]
            for key, item in items or [(None, None)]:
                alone = {k: v for k, v in value.items() if k not in batched}
                if key is not None:
                    alone[key] = [item]
                one_change = {**change, "value": alone}
                singles.append({**update, "entry": [{**entry, "changes": [one_change]}]})
    return singles


async def _handle(wa: WhatsApp, updates: list[dict[str, Any]]) -> None:
    """pywa's dispatch, after the answer, one update at a time; a failure is logged here,
    never left to uvicorn, and does not keep the rest from being handled."""
    for update in updates:
        try:
            await wa.webhook_update_handler(json.dumps(update).encode())
        except Exception:
            log.exception("WhatsApp: update could not be handled")


async def serve_webhook(
    wa: WhatsApp,
    *,
    verify_token: str,
    listen: str,
    port: int,
    stop: asyncio.Event,
    states: ChannelStates | None = None,
    health: HealthCheck | None = None,
) -> None:
    """Serve the webhook on `listen:port` until `stop`, then finish the updates in hand; a
    server that ends by itself first stops the channel for good."""
    states = states or ChannelStates(stop, [CHANNEL])
    app = webhook_app(wa, verify_token, health)
    uvicorn_server = server(app, host=listen, port=port)
    log.info("WhatsApp: webhook on port %d%s", port, PATH)
    ended_by_stop = await serve_until(uvicorn_server, stop, lambda: states.started(CHANNEL))
    states.stopped(CHANNEL)
    if not ended_by_stop:
        states.failed(CHANNEL, "the webhook server stopped by itself")
