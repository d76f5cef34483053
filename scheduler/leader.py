"""Exactly one scheduler at a time: a PostgreSQL advisory lock held on a dedicated connection.

The lock belongs to the connection: when the leading process dies, its connection closes, the
lock is released, and a waiting process takes over. SQLite has no such lock: every process
leads, so a second process on the same file runs the jobs too; their outbox keys queue each
message once and the outbox's claim hands each row to one sender, so nothing is sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

LOCK_KEY = 41_711_117  # any constant shared by every process of this app
log = logging.getLogger(__name__)


async def _try_lock(connection: AsyncConnection) -> bool:
    result = await connection.exec_driver_sql(f"SELECT pg_try_advisory_lock({LOCK_KEY})")
    return bool(result.scalar())


@contextlib.asynccontextmanager
async def leadership(
    engine: AsyncEngine, stop: asyncio.Event, retry: float = 5.0
) -> AsyncIterator[bool]:
    """Wait until this process leads (yields True) or `stop` is set first (yields False)."""
    if engine.dialect.name != "postgresql":
        log.info("scheduler: this process is the leader (SQLite: every process leads)")
        yield True
        return
    async with engine.connect() as connection:
        while not await _try_lock(connection):
            await connection.rollback()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), retry)
            if stop.is_set():
                yield False
                return
        await connection.commit()
        log.info("scheduler: this process is the leader")
        try:
            yield True
        finally:
            with contextlib.suppress(Exception):
                await connection.exec_driver_sql(f"SELECT pg_advisory_unlock({LOCK_KEY})")
