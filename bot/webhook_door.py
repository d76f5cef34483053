"""What both webhooks share at the door: a capped body read and uvicorn logging through ours.

A body is read only after the caller has checked the request's credentials header, and never
past `MAX_BODY` bytes: a declared Content-Length above it is refused before reading, a streamed
one is cut at the cap. Memory per request therefore stays around the cap whatever is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from scheduler.health import Health

MAX_BODY = 1024 * 1024  # Telegram and WhatsApp updates are a few KiB; media come by URL or id
HEALTH_PATH = "/healthz"
HealthCheck = Callable[[], Awaitable[Health]]


class TooLarge(Exception):
    """The body is longer than the cap (declared or streamed)."""


async def capped_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, read chunk by chunk; TooLarge as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def json_object(body: bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None for anything else (array, null, bad UTF-8, nesting
    too deep for the parser, invalid JSON)."""
    try:
        decoded = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    return decoded if isinstance(decoded, dict) else None


class _Server(uvicorn.Server):
    """uvicorn without its own signal handlers: SIGTERM and SIGINT are `ikm run`'s, which stops
    every part through one event (uvicorn's own handlers would stop each server by itself,
    before the rest knows, and re-raise the signal afterwards)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Leave the signals to the runner."""
        yield


def server(app: Any, *, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server whose own log lines (errors included) go through the root logger, and
    so through the secret-redaction filter of ikm/logs.py, instead of uvicorn's handlers."""
    # Not access_log=False: that detaches uvicorn.access from the root logger, and a line on it
    # would reach stderr through logging's last resort, unfiltered. Access lines are INFO, which
    # log_level="warning" keeps out.
    config = uvicorn.Config(app, host=host, port=port, log_config=None, log_level="warning")
    return _Server(config)


async def serve_until(
    uvicorn_server: uvicorn.Server, stop: asyncio.Event, started: Callable[[], None] | None = None
) -> bool:
    """Serve until `stop` (True), or until the server ends by itself first (False); `started`
    is called once it listens."""
    task = asyncio.create_task(uvicorn_server.serve())
    while not uvicorn_server.started and not task.done():
        await asyncio.sleep(0.02)
    if uvicorn_server.started and started is not None:
        started()
    stopping = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    uvicorn_server.should_exit = True
    await task
    return stopping in done


def health_route(check: HealthCheck) -> Route:
    """GET `/healthz`: the health as JSON, 200 when healthy, 503 otherwise."""

    async def healthz(request: Request) -> Response:
        health = await check()
        return JSONResponse(health.as_json(), status_code=200 if health.healthy else 503)

    return Route(HEALTH_PATH, healthz, methods=["GET"])


async def serve_health(check: HealthCheck, *, listen: str, port: int, stop: asyncio.Event) -> None:
    """`/healthz` alone on `listen:port` until `stop` (polling mode has no web server)."""
    await serve_until(
        server(Starlette(routes=[health_route(check)]), host=listen, port=port), stop
    )
