"""Is `ikm run` healthy? The database, the scheduler's heartbeat, the outbox, the channels.

The scheduler (on the leading process) beats every `BEAT` seconds and each process beats for
each channel it runs, in the `heartbeat` table, so that `ikm status`, another process, sees
what `/healthz` of a running process sees. Healthy: the database answers, the scheduler beat
within `SCHEDULER_STALE`, no due message has waited longer than `OUTBOX_STUCK`, and every
configured channel runs. Messages given up (a person who blocked the bot) are counted and
shown, but do not make the process unhealthy: restarting would not deliver them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from scheduler.tables import HeartbeatRow, OutboxRow
from survey.ports import Clock, UnitOfWork
from survey.tables import utcnow

log = logging.getLogger(__name__)
BEAT = 15.0  # seconds between heartbeats
SCHEDULER_STALE = timedelta(seconds=90)
CHANNEL_STALE = timedelta(seconds=60)
OUTBOX_STUCK = timedelta(minutes=15)
FAILED_WINDOW = timedelta(hours=24)
PROBE_TIMEOUT = 5.0
SCHEDULER = "scheduler"


def channel_beat(name: str) -> str:
    """The heartbeat name of a channel."""
    return f"channel:{name}"


class ChannelStates:
    """Which channels this process runs; a channel that stops for good ends the process.

    `failed` logs one line, remembers the first failure (the process exits non-zero with it)
    and sets `stop`, so every other part shuts down cleanly."""

    def __init__(self, stop: asyncio.Event, configured: Iterable[str]) -> None:
        self.stop = stop
        self.running: dict[str, bool] = dict.fromkeys(configured, False)
        self.failure: str | None = None
        self.changed = asyncio.Event()  # for the heartbeat: a channel started or stopped

    def started(self, name: str) -> None:
        """The channel receives and sends."""
        self.running[name] = True
        self.changed.set()

    def stopped(self, name: str) -> None:
        """The channel stopped because the process is stopping."""
        self.running[name] = False
        self.changed.set()

    def failed(self, name: str, reason: str) -> None:
        """The channel stopped for good (e.g. its token was revoked): the process ends."""
        first = self.failure is None
        self.running[name] = False
        if first:
            self.failure = f"{name}: {reason}"
            log.critical(
                "%s: %s; the channel stopped for good, ikm run exits",
                name.capitalize(),
                reason,
                extra={"channel": name, "event": "channel_failed"},
            )
        self.stop.set()


@dataclass(frozen=True)
class OutboxHealth:
    """The outbox: messages waiting, how long the oldest due one waited, given up lately."""

    backlog: int
    retrying: int
    oldest_due_seconds: float | None
    failed_24h: int
    last_error: str | None

    @property
    def stuck(self) -> bool:
        """A due message has waited longer than OUTBOX_STUCK."""
        oldest = self.oldest_due_seconds
        return oldest is not None and oldest > OUTBOX_STUCK.total_seconds()


@dataclass(frozen=True)
class Health:
    """One look at the system; `None` where the database could not tell."""

    database: bool
    database_error: str | None = None
    scheduler_age_seconds: float | None = None
    outbox: OutboxHealth | None = None
    channels: dict[str, bool] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        """Database up, scheduler beating, outbox moving, every configured channel running."""
        age = self.scheduler_age_seconds
        return (
            self.database
            and age is not None
            and age <= SCHEDULER_STALE.total_seconds()
            and self.outbox is not None
            and not self.outbox.stuck
            and all(self.channels.values())
        )

    def as_json(self) -> dict[str, Any]:
        """The JSON body of `/healthz`."""
        return {
            "healthy": self.healthy,
            "database": {"reachable": self.database, "error": self.database_error},
            "scheduler": {
                "heartbeat_age_seconds": _rounded(self.scheduler_age_seconds),
                "stale_after_seconds": SCHEDULER_STALE.total_seconds(),
            },
            "outbox": None
            if self.outbox is None
            else asdict(self.outbox)
            | {
                "oldest_due_seconds": _rounded(self.outbox.oldest_due_seconds),
                "stuck": self.outbox.stuck,
            },
            "channels": {
                name: {"running": running} for name, running in sorted(self.channels.items())
            },
        }


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 1)


class Heartbeats:
    """Writes and reads the `heartbeat` rows, and looks at the whole (`check`)."""

    def __init__(self, db: UnitOfWork, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def beat(self, *names: str) -> None:
        """Now is the last sign of life of each of `names`."""
        if not names:
            return
        insert = postgresql.insert if self.db.dialect == "postgresql" else sqlite.insert
        now = self.clock()
        statement = insert(HeartbeatRow).values([{"name": n, "beat_at": now} for n in names])
        statement = statement.on_conflict_do_update(
            index_elements=["name"], set_={"beat_at": statement.excluded.beat_at}
        )
        async with self.db.transaction() as session:
            await session.exec(statement)

    async def check(
        self, channels: dict[str, bool] | None = None, configured: Iterable[str] = ()
    ) -> Health:
        """The system now. `channels`: a running process's own view of its channels; without
        it (`ikm status`), each `configured` channel runs when some process beat for it within
        CHANNEL_STALE (unknown, so not running, when the database does not answer)."""
        try:
            return await asyncio.wait_for(self._check(channels, configured), PROBE_TIMEOUT)
        except Exception as exc:  # unreachable, refused, timed out, schema missing, …
            reason = _reason(exc)
            log.warning("health: the database did not answer: %s", reason)
            seen = channels if channels is not None else dict.fromkeys(configured, False)
            return Health(database=False, database_error=reason, channels=dict(seen))

    async def _beats(self) -> dict[str, datetime]:
        async with self.db.transaction() as session:
            rows = await session.exec(select(HeartbeatRow.name, HeartbeatRow.beat_at))
            return dict(rows.all())

    async def _check(self, channels: dict[str, bool] | None, configured: Iterable[str]) -> Health:
        now = self.clock()
        beats = await self._beats()
        if channels is None:
            channels = {
                name: (at := beats.get(channel_beat(name))) is not None
                and now - at <= CHANNEL_STALE
                for name in configured
            }
        scheduler = beats.get(SCHEDULER)
        return Health(
            database=True,
            scheduler_age_seconds=None if scheduler is None else (now - scheduler).total_seconds(),
            outbox=await self._outbox(now),
            channels=dict(channels),
        )

    async def _outbox(self, now: datetime) -> OutboxHealth:
        pending = col(OutboxRow.sent_at).is_(None) & col(OutboxRow.failed_at).is_(None)
        retrying = func.sum(case((col(OutboxRow.attempts) > 0, 1), else_=0))
        waiting = select(func.count(), func.coalesce(retrying, 0)).where(pending)
        oldest_due = select(func.min(OutboxRow.next_attempt_at)).where(
            pending, col(OutboxRow.next_attempt_at) <= now
        )
        recent = col(OutboxRow.failed_at) >= now - FAILED_WINDOW
        failed = select(func.count()).where(recent)
        last_error = (
            select(OutboxRow.last_error).where(recent).order_by(col(OutboxRow.failed_at).desc())
        )
        async with self.db.transaction() as session:
            backlog, retries = (await session.exec(waiting)).one()
            due_since = (await session.exec(oldest_due)).one()
            return OutboxHealth(
                backlog=int(backlog),
                retrying=int(retries),
                oldest_due_seconds=None
                if due_since is None
                else (now - due_since).total_seconds(),
                failed_24h=int((await session.exec(failed)).one()),
                last_error=(await session.exec(last_error.limit(1))).first(),
            )


def _reason(exc: BaseException) -> str:
    """One short line naming the failure (never a URL's password: drivers do not print it)."""
    text = (str(exc).strip().splitlines() or [""])[0][:200]
    name = type(exc).__name__
    return f"{name}: {text}" if text else name
