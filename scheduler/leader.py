"""Exactly one scheduler at a time: a PostgreSQL advisory lock held on a dedicated connection.

The lock belongs to the connection: when the leading process dies, its connection closes, the
lock is released, and a waiting process takes over. The leader checks every `check` seconds,
on that same connection, that it still holds the lock: a PostgreSQL restart (or a terminated
backend) drops the connection and the lock with it, and a leader that did not look would go on
scheduling beside the process that took the lock next. On such a loss the leader steps down
(its work is told to stop, and it logs so) and, like any follower, tries again every `retry`
seconds. Between the loss and the next check two processes may both schedule for a few
seconds; the outbox keys still queue each message once and its claim hands each row to one
sender.

SQLite has no such lock: every process leads, so a second process on the same file runs the
jobs too; the outbox's keys and claim keep each message to one delivery there as well.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

LOCK_KEY = 41_711_117  # any constant shared by every process of this app
#: The lock as pg_locks shows it while this backend holds it (a one-bigint key: high and low
#: 32 bits in classid and objid, objsubid 1).
HELD = (
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
    f" AND classid = {LOCK_KEY >> 32} AND objid = {LOCK_KEY & 0xFFFFFFFF} AND objsubid = 1"
    " AND pid = pg_backend_pid()"
)
LEADS = "scheduler: this process is the leader"
log = logging.getLogger(__name__)
Work = Callable[[asyncio.Event], Awaitable[None]]


async def lead(
    engine: AsyncEngine, stop: asyncio.Event, work: Work, retry: float = 5.0, check: float = 5.0
) -> None:
    """Until `stop`: whenever this process leads, run `work(step_down)`; `step_down` is set
    when `stop` is, or when the lock is lost, and `work` must then return."""
    if engine.dialect.name != "postgresql":
        log.info("%s (SQLite: every process leads)", LEADS)
        await work(stop)
        return
    while not stop.is_set():
        connection = await _acquire(engine, stop, retry)
        if connection is None:
            return
        step_down = asyncio.Event()
        log.info(LEADS, extra={"event": "leader"})
        watcher = asyncio.create_task(_watch(connection, stop, step_down, check))
        try:
            await work(step_down)
        finally:
            step_down.set()
            await watcher
            await _release(connection)
        if not stop.is_set():
            log.warning(
                "scheduler: this process is no longer the leader; it stopped scheduling and "
                "tries again in %.0f s",
                retry,
                extra={"event": "follower"},
            )
            await _pause(stop, retry)


async def _acquire(
    engine: AsyncEngine, stop: asyncio.Event, retry: float
) -> AsyncConnection | None:
    """A connection holding the lock, or None when `stop` came first. Database failures (down,
    restarting) are waited out, with one line each time the reason changes."""
    said = ""
    while not stop.is_set():
        connection: AsyncConnection | None = None
        try:
            connection = await engine.connect()
            result = await connection.exec_driver_sql(f"SELECT pg_try_advisory_lock({LOCK_KEY})")
            if result.scalar():
                await connection.commit()
                return connection
            await connection.rollback()
            await _release(connection, unlock=False)
        except Exception as exc:  # unreachable, restarting, connection dropped
            reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            if reason != said:
                log.warning("scheduler: cannot try to lead now (%s); trying again", reason)
                said = reason
            if connection is not None:
                await _release(connection, unlock=False)
        await _pause(stop, retry)
    return None


async def _watch(
    connection: AsyncConnection, stop: asyncio.Event, step_down: asyncio.Event, check: float
) -> None:
    """Every `check` seconds, is the lock still held on `connection`? If not, `step_down`."""
    while not step_down.is_set():
        await _pause(step_down, check)
        if step_down.is_set() or stop.is_set():
            step_down.set()
            return
        try:
            held = (await connection.exec_driver_sql(HELD)).scalar()
            await connection.rollback()
        except Exception as exc:  # the connection dropped: its lock went with it
            _lost(f"the connection to the database dropped: {type(exc).__name__}")
        else:
            if held:
                continue
            _lost("the lock is not held any more")
        step_down.set()


def _lost(reason: str) -> None:
    log.warning(
        "scheduler: leadership lost (%s); stepping down", reason, extra={"event": "leader_lost"}
    )


async def _release(connection: AsyncConnection, *, unlock: bool = True) -> None:
    """Unlock and close; a broken connection is discarded instead (its lock is gone anyway)."""
    try:
        if unlock:
            await connection.exec_driver_sql(f"SELECT pg_advisory_unlock({LOCK_KEY})")
            await connection.commit()
        await connection.close()
    except Exception:
        with contextlib.suppress(Exception):
            await connection.invalidate()
        with contextlib.suppress(Exception):
            await connection.close()


async def _pause(event: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, or less if `event` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), seconds)
