"""`ikm run` on a PostgreSQL server that goes away: after a restart exactly one process leads
(and scheduled work is still done once); while it is down `/healthz` and `ikm status` say so.

Each test runs its own PostgreSQL server (tests/e2e/private_postgres.py), so it can stop and
restart it without touching anyone else's database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from ikm.db import Database
from scheduler.leader import LEADS, LOCK_KEY
from tests.cli import run_ikm
from tests.e2e.ikm_process import LoggedRun
from tests.e2e.loopback import free_port
from tests.e2e.private_postgres import PrivatePostgres, binaries
from tests.e2e.telegram_process import KABID, MEMBERS, SECRETARY, bind, seed
from tests.e2e.test_running import telegram, wait_health
from tests.e2e.test_scheduler_processes import (
    AHMAD,
    BUDI,
    ONCE,
    RAHMAH,
    SITI,
    months_back,
    recap_command,
    schedule_due_now,
    wait_for_recaps,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
LOST = ("leadership lost", "no longer the leader")


@pytest.fixture
def server() -> Iterator[PrivatePostgres]:
    found = binaries()
    if found is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed")
    instance = PrivatePostgres(found)
    try:
        instance.start()
        yield instance
    finally:
        instance.remove()


def seeded(url: str) -> str:
    seed(url)
    people = [(BUDI, KABID), (RAHMAH, SECRETARY), (SITI, MEMBERS[0]), (AHMAD, MEMBERS[1])]
    for user, (_, phone) in people:
        bind(url, user.id, phone)
    return url


def leads(process: LoggedRun) -> bool:
    """Whether the process's latest word on leadership is that it leads."""
    log = process.logged()
    won = log.rfind(LEADS)
    return won >= 0 and all(log.rfind(lost) < won for lost in LOST)


def lock_holders(url: str) -> int:
    """How many backends hold the scheduler's advisory lock."""

    async def count() -> int:
        db = Database.from_url(url)
        try:
            async with db.engine.connect() as conn:
                held = await conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    f" AND objid = {LOCK_KEY}"
                )
                return int(held.scalar_one())
        finally:
            await db.dispose()

    return asyncio.run(count())


def until(condition, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.2)


def test_after_a_database_restart_exactly_one_process_leads(server, fake, tmp_path):
    url = seeded(server.url)
    _, env = schedule_due_now()
    settings = telegram(fake) | env
    processes = [LoggedRun(url, tmp_path / name, settings) for name in ("first", "second")]
    try:
        for process in processes:
            process.wait_for_log("Telegram: polling as")
        caught_up = months_back(1)
        assert wait_for_recaps(fake, caught_up) == (ONCE, ONCE)
        until(lambda: sum(map(leads, processes)) == 1)
        leader = next(p for p in processes if leads(p))
        server.restart()
        leader.wait_for_log("leadership lost")
        until(lambda: sum(map(leads, processes)) == 1 and lock_holders(url) == 1)
        time.sleep(12)  # two more rounds of checks and retries: nobody else takes it
        assert sum(map(leads, processes)) == 1, [p.logged() for p in processes]
        assert lock_holders(url) == 1
        later = months_back(3)
        recap_command(later, url, tmp_path)
        assert wait_for_recaps(fake, later) == (ONCE, ONCE)
        assert wait_for_recaps(fake, caught_up) == (ONCE, ONCE)  # the new leader caught up too
        assert all(p.proc.poll() is None for p in processes)
    finally:
        for process in processes:
            process.stop()
    assert all(process.proc.returncode == 0 for process in processes)


def test_healthz_and_ikm_status_while_the_database_is_down(server, fake, tmp_path):
    url = seeded(server.url)
    port = free_port()
    process = LoggedRun(url, tmp_path / "run", telegram(fake, IKM_HEALTH_PORT=str(port)))
    try:
        process.wait_for_log("Telegram: polling as")
        wait_health(port, lambda status, body: status == 200)
        server.stop()
        _, body = wait_health(port, lambda status, body: status == 503)
        assert body["database"]["reachable"] is False and body["database"]["error"]
        assert body["healthy"] is False and body["outbox"] is None
        assert body["channels"] == {"telegram": {"running": True}}
        shown = run_ikm("status", database_url=url, cwd=tmp_path, env=telegram(fake))
        assert shown.returncode == 1, shown.stdout + shown.stderr
        assert shown.stdout.startswith("Basis data: TIDAK terjangkau")
        assert shown.stdout.splitlines()[-1] == "Status: TIDAK SEHAT"
        server.start()
        wait_health(port, lambda status, body: status == 200, timeout=60)
    finally:
        process.stop()
    assert process.proc.returncode == 0, process.logged()
