"""What both webhooks share at the door: a capped body read and uvicorn logging through ours.

A body is read only after the caller has checked the request's credentials header, and never
past `MAX_BODY` bytes: a declared Content-Length above it is refused before reading, a streamed
one is cut at the cap. Memory per request therefore stays around the cap whatever is sent.
"""

from __future__ import annotations

import json
from typing import Any

import uvicorn
from starlette.requests import Request

MAX_BODY = 1024 * 1024  # Telegram and WhatsApp updates are a few KiB; media come by URL or id


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


def server(app: Any, *, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server whose own log lines (errors included) go through the root logger, and
    so through the secret-redaction filter of ikm/logs.py, instead of uvicorn's handlers."""
    # Not access_log=False: that detaches uvicorn.access from the root logger, and a line on it
    # would reach stderr through logging's last resort, unfiltered. Access lines are INFO, which
    # log_level="warning" keeps out.
    config = uvicorn.Config(app, host=host, port=port, log_config=None, log_level="warning")
    return uvicorn.Server(config)
