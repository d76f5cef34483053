"""The database: an async engine per URL form, SQLite pragmas, one transaction per call."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
import weakref
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, TypeVar

import sqlalchemy
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

T = TypeVar("T")
log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 10000


class _Twins:
    """A SQLite file's synchronous engines: `now` never waits for a lock, `waiting` does."""

    def __init__(self, url: URL) -> None:
        self.now = _sync_twin(url, 0)
        self.waiting = _sync_twin(url, BUSY_TIMEOUT_MS)
        self._kept: Connection | None = None  # `now`'s one connection, used on the loop only

    def run_now(self, work: Callable[[Connection], T]) -> T:
        """`work` in a transaction on the kept connection; raises at once if the lock is taken."""
        if self._kept is None:
            self._kept = self.now.connect()
        conn = self._kept
        try:
            with conn.begin():
                return work(conn)
        except BaseException:
            if conn.in_transaction() or conn.invalidated:  # unsure state: start afresh
                self._kept = None
                conn.close()
            raise

    def dispose(self) -> None:
        """Close both engines' connections."""
        if self._kept is not None:
            self._kept.close()
            self._kept = None
        self.now.dispose()
        self.waiting.dispose()


# Made with a SQLite file's async engine and disposed with it.
_SYNC_TWINS: weakref.WeakKeyDictionary[AsyncEngine, _Twins] = weakref.WeakKeyDictionary()

ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


def async_url(url: str) -> str:
    """`sqlite:///x.db` → `sqlite+aiosqlite:///x.db`, `postgresql://…` → `postgresql+asyncpg://…`."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in ASYNC_DRIVERS:
        raise ValueError(f"basis data tidak didukung: {backend}")
    return parsed.set(drivername=ASYNC_DRIVERS[backend]).render_as_string(hide_password=False)


def _sqlite_pragmas(
    dbapi_connection: Any, _record: Any, *, busy_timeout: int = BUSY_TIMEOUT_MS
) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout:d}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten with zeros, not left in freed space for a reader of the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Take the write lock up front: every read in the transaction then sees one snapshot and
    # two racing service calls run one after the other instead of interleaving.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_direct(connection: Any) -> None:
    # The same BEGIN IMMEDIATE, straight on the sqlite3 connection: no statement machinery.
    connection.connection.dbapi_connection.execute("BEGIN IMMEDIATE")


def create_engine(url: str) -> AsyncEngine:
    """An async engine for a sync-style URL; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(async_url(url))
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    # pysqlite's own transaction handling is switched off so that BEGIN is ours.
    engine = create_async_engine(
        parsed, connect_args={"isolation_level": None}, hide_parameters=True
    )
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    event.listen(engine.sync_engine, "begin", _sqlite_begin)
    if parsed.database not in (None, "", ":memory:"):
        _SYNC_TWINS[engine] = _Twins(parsed.set(drivername="sqlite"))
    return engine


def _sync_twin(url: URL, busy_timeout: int) -> Engine:
    twin = sqlalchemy.create_engine(
        url, connect_args={"isolation_level": None}, hide_parameters=True
    )
    event.listen(twin, "connect", partial(_sqlite_pragmas, busy_timeout=busy_timeout))
    event.listen(twin, "begin", _sqlite_begin_direct)
    return twin


class Database:
    """The engine and a unit of work: commit on success, roll back on any error."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @classmethod
    def from_url(cls, url: str) -> Database:
        """Open a database by its configured URL."""
        return cls(create_engine(url))

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One session, one transaction: committed when the block ends without error."""
        async with AsyncSession(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def run(self, work: Callable[[Connection], T]) -> T:
        """`work` on a synchronous connection in one transaction, committed when it returns."""
        # On a SQLite file the work runs on a synchronous twin engine (same pragmas, same
        # BEGIN IMMEDIATE) rather than a thread hop per statement through aiosqlite. It runs
        # right here on the event loop when the write lock is free at once — a survey step
        # is a fraction of a millisecond, cheaper than handing it to a thread — and in one
        # worker thread that may wait for the lock when another connection holds it.
        # PostgreSQL runs it on the asyncpg connection.
        twins = _SYNC_TWINS.get(self.engine)
        if twins is not None:
            try:
                return twins.run_now(work)
            except (OperationalError, sqlite3.OperationalError) as exc:
                if not _is_busy(exc):
                    raise
            return await asyncio.to_thread(_run_on, twins.waiting, work)
        async with self.engine.begin() as conn:
            return await conn.run_sync(work)

    async def scrub(self, tables: Sequence[str]) -> None:
        """Erase for real what was deleted from `tables` (see survey/pool.py): on PostgreSQL
        the tables are rewritten (VACUUM FULL: no dead row version, no stale free space); a
        SQLite file already zeroes deleted rows (secure_delete) and here has its write-ahead
        log checkpointed and truncated, so no earlier page image stays in the -wal file."""
        if self.dialect == "postgresql":
            async with self.engine.connect() as conn:
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
                await _quiet_horizon(conn)
                quote = conn.dialect.identifier_preparer.quote
                await conn.exec_driver_sql("VACUUM FULL " + ", ".join(map(quote, tables)))
            return
        path = self.engine.url.database
        if path not in (None, "", ":memory:"):
            await asyncio.to_thread(_truncate_wal, path)

    async def dispose(self) -> None:
        """Close every pooled connection."""
        twins = _SYNC_TWINS.get(self.engine)
        if twins is not None:
            twins.dispose()
        await self.engine.dispose()


def _run_on(engine: Engine, work: Callable[[Connection], T]) -> T:
    with engine.begin() as conn:
        return work(conn)


# Transactions that began before now and still hold a snapshot: VACUUM must keep for them the
# rows they could see, deleted ones included (an autovacuum ANALYZE, a report being read).
_OLDER_SNAPSHOTS = sqlalchemy.text(
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL AND xact_start < :started"
)


async def _quiet_horizon(conn: AsyncConnection, attempts: int = 40) -> None:
    """Wait (2 s at most) until no older transaction could still see the deleted rows."""
    started = (await conn.exec_driver_sql("SELECT clock_timestamp()")).scalar_one()
    for _ in range(attempts):
        if not (await conn.execute(_OLDER_SNAPSHOTS, {"started": started})).scalar_one():
            return
        await asyncio.sleep(0.05)
    log.warning("database: an older transaction is open; erasure completes at the next one")


def _truncate_wal(path: str, attempts: int = 5) -> None:
    """Checkpoint a SQLite file's WAL into it and truncate the WAL to nothing."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        for attempt in range(attempts):
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return
            time.sleep(0.05 * (attempt + 1))  # a reader still on an older snapshot
        log.warning("database: the write-ahead log could not be truncated yet (readers)")
    finally:
        conn.close()


def _is_busy(exc: Exception) -> bool:
    """SQLite said another connection holds the lock (the transaction was rolled back)."""
    cause = getattr(exc, "orig", exc)
    code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(code, int):  # extended codes such as SQLITE_BUSY_SNAPSHOT keep the low byte
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(cause)
