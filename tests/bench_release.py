"""`make bench` target `release`: a batch of 50 sealed responses released in under 1 s.

Each run seals 50 responses (not timed), then times `ResponsePool.release()` as a submit calls
it: the batch moved to the result tables in random order under fresh ids, the pool rows
deleted, and the erasure (SQLite: WAL checkpoint and truncation, with secure_delete on;
PostgreSQL: VACUUM FULL of the pool and draft tables). The database already holds 5,000
released responses and 40 drafts in progress, as a busy period would. An absolute limit, no
baseline: the median of RUNS runs after a warm-up. On a SQLite file, and on PostgreSQL when
IKM_TEST_DATABASE_URL is set (its `public` schema is dropped, used and dropped again).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from sqlalchemy import Connection

from ikm import migrate
from ikm.db import Database
from survey.people.model import Role
from survey.people.roster_file import RosterRow
from survey.periods.pool import ResponsePool, seal
from survey.services import Services
from survey.tables import DraftRow

BATCH = 50
EARLIER = 5_000
DRAFTS = 40
RUNS = 5
LIMIT = 1.0
CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")


@dataclass(frozen=True)
class Release:
    """The median time of one release of BATCH responses, against the absolute limit."""

    name: str
    seconds: float

    @property
    def passed(self) -> bool:
        return self.seconds < LIMIT


def log(message: str) -> None:
    """Progress on stderr, so that stdout is the table."""
    print(message, file=sys.stderr, flush=True)


def _fill(period_id: int, count: int, conn: Connection) -> None:
    for n in range(count):
        answers = [(c, 1 + (n + i) % 4) for i, c in enumerate(CODES)]
        seal(conn, period_id=period_id, version="dprd-6-v1", answers=answers, saran=f"saran {n}")


async def _prepare(db: Database) -> int:
    services = Services.build(db)
    rows = [
        RosterRow(n + 2, f"Anggota {n}", f"+62813{n:08d}", Role.ANGGOTA, None)
        for n in range(DRAFTS)
    ]
    await services.roster.import_rows(rows, dry_run=False)
    period = await services.periods.open("Bench", version="dprd-6-v1", starts_on=date(2026, 7, 1))
    await db.run(partial(_fill, period.id, EARLIER))
    await ResponsePool(db, 1).release()
    async with db.transaction() as session:
        for person in await services.roster.people():
            session.add(
                DraftRow(person_id=person.id, period_id=period.id, stage="question", saran="x")
            )
    return period.id


async def _time(url: str, name: str) -> Release:
    db = Database.from_url(url)
    try:
        period_id = await _prepare(db)
        pool = ResponsePool(db, BATCH)
        times = []
        for _ in range(RUNS + 1):
            await db.run(partial(_fill, period_id, BATCH))
            started = time.perf_counter()
            assert await pool.release() == BATCH
            times.append(time.perf_counter() - started)
        return Release(name, statistics.median(times[1:]))
    finally:
        await db.dispose()


def bench_release(folder: Path, pg_url: str | None) -> list[Release]:
    """The target on a SQLite file, then on PostgreSQL when given."""
    from tests.conftest import reset_postgres

    url = f"sqlite:///{folder / 'release.db'}"
    migrate.upgrade(url)
    log("release: SQLite")
    outcomes = [asyncio.run(_time(url, f"release {BATCH} (SQLite)"))]
    if pg_url:
        log("release: PostgreSQL")
        asyncio.run(reset_postgres(pg_url))
        try:
            outcomes.append(asyncio.run(_time(pg_url, f"release {BATCH} (PostgreSQL)")))
        finally:
            asyncio.run(reset_postgres(pg_url))
    return outcomes


def release_table(rows: list[Release]) -> str:
    """The release target's table."""
    lines = [f"{'target':<36} {'median':>9}   {'limit':>6}  result"]
    for r in rows:
        result = "PASS" if r.passed else "FAIL"
        lines.append(f"{r.name:<36} {r.seconds * 1000:>6.1f} ms   {LIMIT:>4.1f} s  {result}")
    return "\n".join(lines)
