"""`make bench` target `outbox`: 3,000 reminders through the outbox to a rate-limited Bot API.

The real `Jobs.remind` queues a reminder for each of 3,000 members (each bound to a Telegram
account); the real `Sender` delivers them through the `ChannelRouter` and `TelegramOutbox` on the
bot of `TelegramChannel.application()` (python-telegram-bot's HTTP stack and our
`RetryingRateLimiter`, as `ikm run` builds them) to the loopback fake Bot API, which allows
ALLOWED_RATE sends per chat-bearing call in any 1 s window and answers 429 with `retry_after`
past it: Telegram's own overall limit for bots (about 30 messages/s), so a run takes ~100 s per
database. Target: the achieved rate, from the sender's start to the last accepted send, is at
least 90% of the allowed rate, with no message lost and none doubled (counted in the fake's log
per chat, and in the outbox rows). On a SQLite file, and on PostgreSQL when
IKM_TEST_DATABASE_URL is set (its `public` schema is dropped, used and dropped again).
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import col, func, select

from ikm import migrate
from ikm.db import Database, create_engine
from scheduler.tables import OutboxRow
from survey.services import Services
from tests.e2e.fake_bot_api import FakeBotApi

REMINDERS = 3_000
ALLOWED_RATE = 30.0
TARGET = 0.9
USER_BASE = 700_000_000
MONDAY_NINE_WITA = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def log(message: str) -> None:
    """Progress on stderr, so that stdout is the table."""
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Delivery:
    """One run: how many were accepted in how long, and what was lost or doubled."""

    name: str
    seconds: float
    sent: int
    lost: int
    doubled: int
    refused: int  # 429 answers of the fake

    @property
    def achieved(self) -> float:
        """Accepted sends per second."""
        return self.sent / self.seconds

    @property
    def ratio(self) -> float:
        """The achieved rate over the allowed one."""
        return self.achieved / ALLOWED_RATE

    @property
    def passed(self) -> bool:
        return self.ratio >= TARGET and self.lost == 0 and self.doubled == 0


async def seed(url: str) -> tuple[Database, set[int]]:
    """REMINDERS members bound to Telegram users, an open period, their reminders queued; the
    database and the members' chat ids."""
    from ikm.scheduling import WORDING
    from scheduler.jobs import Jobs
    from scheduler.outbox import Outbox
    from survey.people.model import Role
    from survey.people.roster_file import RosterRow
    from survey.tables import ChatAccountRow

    await asyncio.to_thread(migrate.upgrade, url)
    db = Database.from_url(url)
    services = Services.build(db)
    rows = [
        RosterRow(
            row=n + 2, name=f"Anggota {n}", phone=f"+62813{n:08d}", role=Role.ANGGOTA, bidang=None
        )
        for n in range(REMINDERS)
    ]
    await services.roster.import_rows(rows, dry_run=False)
    await services.periods.open(
        "Semester II 2026", version="dprd-6-v1", starts_on=date(2026, 7, 1)
    )
    people = await services.roster.people()
    async with db.transaction() as session:
        session.add_all(
            ChatAccountRow(channel="telegram", external_id=str(USER_BASE + p.id), person_id=p.id)
            for p in people
        )
    jobs = Jobs(services, Outbox(db), WORDING, max_reminders=3)
    queued = await jobs.remind(MONDAY_NINE_WITA)
    if queued != REMINDERS:
        raise SystemExit(f"outbox: {queued} reminders queued, not {REMINDERS}")
    return db, {USER_BASE + p.id for p in people}


async def deliver(db: Database, fake: FakeBotApi) -> float:
    """Run the sender as `ikm run` does until the fake accepted every reminder; the seconds."""
    from bot.chat.channel_router import ChannelRouter
    from bot.telegram.channel import TelegramChannel
    from bot.telegram.outbox import TelegramOutbox
    from scheduler.outbox import Outbox
    from scheduler.sender import Sender

    services = Services.build(db)
    app = TelegramChannel(services).application(fake.token, fake.base_url, polling=False)
    telegram = TelegramOutbox(app.bot, services.accounts)
    sender = Sender(Outbox(db), ChannelRouter(services.accounts, {"telegram": telegram}))
    stop = asyncio.Event()
    async with app:
        start = time.monotonic()
        running = asyncio.create_task(sender.run(stop))
        deadline = start + 4 * REMINDERS / ALLOWED_RATE
        while len(fake.calls("sendMessage", ok=True)) < REMINDERS and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
        await asyncio.sleep(2)  # time for a doubled send to show up and the last rows to settle
        stop.set()
        await running
    accepted = fake.calls("sendMessage", ok=True)
    return (accepted[-1].at if accepted else time.monotonic()) - start


async def measure(name: str, url: str) -> Delivery:
    """Seed, deliver against a fresh rate-limited fake, count what arrived."""
    started = time.perf_counter()
    db, chats = await seed(url)
    log(f"outbox ({name}): seeded in {time.perf_counter() - started:.0f} s")
    try:
        with FakeBotApi() as fake:
            fake.rate_limit(ALLOWED_RATE)
            seconds = await deliver(db, fake)
            per_chat = Counter(c.params["chat_id"] for c in fake.calls("sendMessage", ok=True))
            refused = len(fake.calls("sendMessage", ok=False))
        async with db.transaction() as session:
            query = select(func.count()).where(col(OutboxRow.sent_at).is_not(None))
            recorded = int((await session.exec(query)).one())
    finally:
        await db.dispose()
    lost = sum(1 for chat in chats if per_chat[chat] == 0)
    doubled = sum(1 for count in per_chat.values() if count > 1)
    if recorded != REMINDERS:
        log(f"outbox ({name}): {recorded} rows recorded as sent")
        lost = max(lost, REMINDERS - recorded)
    return Delivery(name, seconds, sum(per_chat.values()), lost, doubled, refused)


async def drop_schema(url: str) -> None:
    """A clean `public` schema on PostgreSQL."""
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        await conn.exec_driver_sql("CREATE SCHEMA public")
    await engine.dispose()


def bench_outbox(folder: Path, pg_url: str | None) -> list[Delivery]:
    """The target on a SQLite file in `folder`, and on PostgreSQL when `pg_url` is given."""
    results = [asyncio.run(measure("SQLite file", f"sqlite:///{folder / 'outbox.db'}"))]
    if pg_url:
        asyncio.run(drop_schema(pg_url))
        try:
            results.append(asyncio.run(measure("PostgreSQL", pg_url)))
        finally:
            asyncio.run(drop_schema(pg_url))
    return results


def delivery_table(rows: Sequence[Delivery]) -> str:
    """Allowed and achieved rate, their ratio, lost and doubled, pass/fail against 90%."""
    lines = [
        f"{'outbox: 3,000 reminders to a rate-limited fake':<48} {'allowed':>8} {'achieved':>9} "
        f"{'ratio':>6} {'lost':>5} {'doubled':>7} {'429s':>5}  result"
    ]
    for r in rows:
        lines.append(
            f"{r.name + f' ({r.sent} in {r.seconds:.1f} s)':<48} {ALLOWED_RATE:>6.1f}/s "
            f"{r.achieved:>7.2f}/s {r.ratio:>6.2f} {r.lost:>5} {r.doubled:>7} {r.refused:>5}  "
            f"{'PASS' if r.passed else 'FAIL'} (≥ {TARGET:.0%})"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ikm-bench-outbox-") as tmp:
        outcome = bench_outbox(Path(tmp), os.environ.get("IKM_TEST_DATABASE_URL"))
    print(delivery_table(outcome))
    sys.exit(0 if all(r.passed for r in outcome) else 1)
