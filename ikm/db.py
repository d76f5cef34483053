"""The database: an async engine per URL form, SQLite pragmas, one transaction per call.

This is the one module that talks to the drivers (sqlite3 under the synchronous engines of a
SQLite file, asyncpg under SQLAlchemy): everything else goes through `Database`, its unit of
work and its prepared statements, and reads rows by column name."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import sqlalchemy
from sqlalchemy import Connection, Engine, Select, event
from sqlalchemy.engine import URL, Dialect, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase
from sqlmodel.ext.asyncio.session import AsyncSession

T = TypeVar("T")
#: What `Database.first` and `Database.execute` run: a SELECT, INSERT, UPDATE or DELETE.
Statement = Select[Any] | UpdateBase
log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 10000


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
        url = engine.url
        # A SQLite file also gets synchronous engines of its own (see `run`).
        on_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
        self._twins = _Twins(url.set(drivername="sqlite")) if on_file else None
        self._prepared: dict[Statement, _Prepared] = {}
        self._scrubbing: set[asyncio.Task[Any]] = set()
        self._closed = False

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
        twins = self._twins
        if twins is not None:
            try:
                return twins.run_now(work)
            except (OperationalError, sqlite3.OperationalError) as exc:
                if not _is_busy(exc):
                    raise
            return await asyncio.to_thread(_run_on, twins.waiting, work)
        async with self.engine.begin() as conn:
            return await conn.run_sync(work)

    def first(
        self, conn: Connection, statement: Statement, params: Mapping[str, Any]
    ) -> Mapping[str, Any] | None:
        """Run `statement` inside `work` (see `run`): its first row by column name, or None."""
        prepared = self._fast(conn, statement)
        if prepared is None:
            found = conn.execute(statement, params).mappings().first()
            return cast("Mapping[str, Any] | None", found)
        return prepared.first(conn, params)

    def execute(self, conn: Connection, statement: Statement, params: Mapping[str, Any]) -> None:
        """Run a statement that returns no rows inside `work` (see `run`)."""
        prepared = self._fast(conn, statement)
        if prepared is None:
            conn.execute(statement, params)
        else:
            prepared.execute(conn, params)

    def _fast(self, conn: Connection, statement: Statement) -> _Prepared | None:
        # The hot statements of a survey step cost more in SQLAlchemy's execution machinery
        # than in SQLite itself. On a twin's connection they are compiled once and run on the
        # sqlite3 cursor, with the same bind and result conversions SQLAlchemy would apply.
        if self._twins is None or conn.dialect.driver != "pysqlite":
            return None
        prepared = self._prepared.get(statement)
        if prepared is None:
            prepared = self._prepared[statement] = _Prepared.of(statement, conn.dialect)
        return prepared

    async def scrub(self, tables: Sequence[str]) -> None:
        """Erase for real what was deleted from `tables` (see survey/periods/pool.py): on
        PostgreSQL the tables are rewritten (VACUUM FULL: no dead row version, no stale free
        space); a SQLite file already zeroes deleted rows (secure_delete) and here has its
        write-ahead log checkpointed and truncated, so no earlier page image stays in the
        -wal file."""
        if self._closed:  # closing: the next start-up erases what is left (pool.settle)
            return
        task = asyncio.current_task()
        if task is not None:
            self._scrubbing.add(task)
        try:
            await self._scrub(tables)
        finally:
            if task is not None:
                self._scrubbing.discard(task)

    async def _scrub(self, tables: Sequence[str]) -> None:
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
        """Close every pooled connection, once an erasure under way has finished (so none of
        its connections is left open); no erasure starts after this."""
        self._closed = True
        running = [t for t in self._scrubbing if t is not asyncio.current_task()]
        if running:
            await asyncio.wait(running)
        if self._twins is not None:
            self._twins.dispose()
        await self.engine.dispose()


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


Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Prepared:
    """A Core statement compiled once for pysqlite: its text, its parameters in order with
    their bind conversions, and its result columns' conversions (dates, booleans…)."""

    sql: str
    names: tuple[str, ...]
    fixed: Mapping[str, Any]
    binds: tuple[Processor, ...]
    results: tuple[Processor, ...]

    @classmethod
    def of(cls, statement: Statement, dialect: Dialect) -> _Prepared:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler) and compiled.positiontup is not None
        if compiled.post_compile_params or compiled.literal_execute_params:
            raise ValueError("a prepared statement cannot expand parameters")
        names = tuple(compiled.positiontup)
        binds = tuple(
            compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in names
        )
        columns = getattr(statement, "exported_columns", ())
        results = tuple(
            c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns
        )
        return cls(str(compiled), names, dict(compiled.params), binds, results)

    def _cursor(self, conn: Connection, params: Mapping[str, Any]) -> Any:
        values = []
        for name, bind in zip(self.names, self.binds, strict=True):
            value = params[name] if name in params else self.fixed[name]
            values.append(value if bind is None else bind(value))
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        return dbapi.execute(self.sql, values)

    def first(self, conn: Connection, params: Mapping[str, Any]) -> Mapping[str, Any] | None:
        cursor = self._cursor(conn, params)
        try:
            found = cursor.fetchone()
            names = [column[0] for column in cursor.description or ()]
        finally:
            cursor.close()
        if found is None:
            return None
        values = (v if p is None else p(v) for v, p in zip(found, self.results, strict=True))
        return dict(zip(names, values, strict=True))

    def execute(self, conn: Connection, params: Mapping[str, Any]) -> None:
        self._cursor(conn, params).close()


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
    # Extended codes such as SQLITE_BUSY_SNAPSHOT keep the primary code in the low byte.
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


# SQLite files as files, for backups (ikm/backup.py): the driver's own copy, check and restore.


class SqliteFileError(Exception):
    """A file SQLite cannot read as a database."""


def sqlite_copy_into(database: Path, target: Path, *, busy_seconds: float) -> None:
    """A consistent, compacted copy of a live file (VACUUM INTO reads one snapshot)."""
    source = sqlite3.connect(database, isolation_level=None, timeout=busy_seconds)
    try:
        source.execute("VACUUM INTO ?", (str(target),))
    finally:
        source.close()


def sqlite_check(path: Path, query: str) -> tuple[bool, list[tuple[Any, ...]]]:
    """Open `path` read-only: whether it passes SQLite's integrity check, and the rows of
    `query` (none when the query fails, e.g. its table is missing)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            return False, []
        try:
            return True, conn.execute(query).fetchall()
        except sqlite3.DatabaseError:
            return True, []
    except sqlite3.DatabaseError as exc:
        raise SqliteFileError(str(exc)) from None
    finally:
        conn.close()


def sqlite_replace(backup: Path, database: Path, *, busy_seconds: float) -> None:
    """Replace a live file's content with `backup`'s in one step other connections see whole
    (the online backup API, under the write lock); then checkpoint and truncate the WAL, so
    no page of the replaced content stays in it."""
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(database, isolation_level=None, timeout=busy_seconds)
    try:
        target.execute("PRAGMA secure_delete=ON")
        target.execute("PRAGMA journal_mode=WAL")
        source.backup(target)
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        source.close()
        target.close()
