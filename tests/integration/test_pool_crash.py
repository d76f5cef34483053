"""Crashes around the sealed pool: between a submit and its release, and inside a release."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

from ikm.db import Database
from survey.conversation.events import Answer, Skip, Start, Submit
from survey.conversation.service import SurveyService
from survey.periods.pool import ResponsePool
from survey.services import Services
from tests.integration.helpers import members, open_period

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")


async def counts(db: Database) -> tuple[int, int, int]:
    """(sealed, released, released answers)."""
    async with db.transaction() as session:
        found = []
        for table in ("sealed_response", "response", "response_answer"):
            found.append((await session.exec(text(f"SELECT count(*) FROM {table}"))).one()[0])  # type: ignore[call-overload]
        return found[0], found[1], found[2]


async def walk(survey: SurveyService, person_id: int, value: int) -> list:
    await survey.handle(person_id, Start())
    for code in CODES:
        await survey.handle(person_id, Answer(code, value))
    await survey.handle(person_id, Skip())
    return await survey.handle(person_id, Submit())


async def test_a_crash_after_the_submit_is_released_at_start_up(db: Database, clock):
    services = Services.build(db, clock, min_responses=3)
    people = await members(services, 3)
    await open_period(services)
    await walk(services.survey, people[0].id, 1)
    await walk(services.survey, people[1].id, 2)
    # The third submit commits, then the process dies before it can release: a service whose
    # pool never releases leaves exactly what that crash leaves.
    dying = SurveyService(db, ResponsePool(db, minimum=10**6), clock)
    assert (await walk(dying, people[2].id, 3))[0].note.value == "thanks"
    assert await counts(db) == (3, 0, 0)
    restarted = Services.build(Database.from_url(str(db.engine.url)), clock, min_responses=3)
    try:
        assert await restarted.pool.settle() == 3
        assert await counts(db) == (0, 3, 18)
        assert await restarted.pool.settle() == 0  # nothing twice
        assert (await restarted.survey.handle(people[2].id, Submit()))[0].note.value == (
            "already_submitted"
        )
        result = await restarted.results.period_result()
        assert result.respondents == 3 and result.result is not None
    finally:
        await restarted.pool.db.dispose()  # type: ignore[attr-defined]


async def test_closing_releases_a_remainder_smaller_than_k(db: Database, clock):
    services = Services.build(db, clock, min_responses=3)
    people = await members(services, 2)
    await open_period(services)
    for n, person in enumerate(people):
        await walk(services.survey, person.id, n + 1)
    assert await counts(db) == (2, 0, 0)
    await services.periods.close()
    assert await counts(db) == (0, 2, 12)
    answer = await services.results.period_result()
    assert answer.respondents == 2 and answer.result is None  # still below the threshold


SEAL_AND_RELEASE = textwrap.dedent(
    """
    import asyncio, sys
    from functools import partial
    from ikm.db import Database
    from survey.periods.pool import ResponsePool, seal

    async def main(url, period_id, count):
        db = Database.from_url(url)
        answers = [(c, 1 + i % 4) for i, c in enumerate(CODES_HERE)]
        def fill(conn):
            for n in range(count):
                seal(conn, period_id=period_id, version="dprd-6-v1", answers=answers,
                     saran=f"saran {n}")
        await db.run(fill)
        print("sealed", flush=True)
        await ResponsePool(db, 3).release()
        print("released", flush=True)
        await db.dispose()

    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
    """
).replace("CODES_HERE", repr(CODES))


async def test_kill_9_inside_a_release_loses_and_doubles_nothing(db: Database, clock, tmp_path):
    services = Services.build(db, clock, min_responses=3)
    await services.periods.open("Uji", version="dprd-6-v1", starts_on=date(2026, 7, 1))
    await services.periods.close()
    period_id = (await services.periods.list())[0].id
    script = tmp_path / "seal_and_release.py"
    script.write_text(SEAL_AND_RELEASE)
    env = os.environ | {"PYTHONPATH": str(Path(__file__).parents[2])}
    per_run, interrupted, released_before = 2000, 0, 0
    pauses = [0.0, 0.01, 0.03, random.Random(7).uniform(0.0, 0.3)]  # the first lands early
    for run, pause in enumerate(pauses):
        child = subprocess.Popen(
            [sys.executable, str(script), str(db.engine.url), str(period_id), str(per_run)],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "sealed"
        time.sleep(pause)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        sealed, released, answers = await counts(db)
        assert sealed + released == per_run * (run + 1)  # nothing lost, nothing doubled
        assert answers == 6 * released
        if sealed:  # killed inside: the release's one transaction left no trace of itself
            assert released == released_before
            interrupted += 1
        released_before = released
    assert interrupted >= 1  # at least one kill really landed before a release committed
    await services.pool.settle()
    assert await counts(db) == (0, 4 * per_run, 24 * per_run)


async def test_the_scheduler_sweep_releases_a_batch_a_racing_submit_left(db: Database, clock):
    from tests.integration.test_scheduler import jobs_for

    services = Services.build(db, clock, min_responses=3)
    people = await members(services, 3)
    await open_period(services)
    dying = SurveyService(db, ResponsePool(db, minimum=10**6), clock)  # as if it missed it
    for n, person in enumerate(people):
        await walk(dying, person.id, n + 1)
    assert await counts(db) == (3, 0, 0)
    jobs, _ = jobs_for(services, clock)
    assert await jobs.release_answers(clock()) == 3
    assert await counts(db) == (0, 3, 18)
    assert await jobs.release_answers(clock()) == 0
    await services.pool.erased()
