"""The auditor's attacks on storage: after a release, nothing links a response to a person.

Each member answers a vector no one else gives, so the true who → what mapping is known to the
test and an attack's output can be scored against it.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from ikm.db import Database
from survey.conversation.events import Answer, Change, SaranText, Skip, Start, Submit
from survey.people.model import Person
from survey.services import Services
from tests.integration.helpers import members

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
K = 4


def vector(index: int) -> tuple[int, ...]:
    """A distinct answer vector per member (base-4 digits of the index)."""
    return tuple(1 + (index >> (2 * d)) % 4 for d in range(len(CODES)))


async def submit(services: Services, person: Person, values, saran: str | None = None) -> None:
    await services.survey.handle(person.id, Start())
    for code, value in zip(CODES, values, strict=True):
        await services.survey.handle(person.id, Answer(code, value))
    await services.survey.handle(person.id, SaranText(saran) if saran else Skip())
    assert (await services.survey.handle(person.id, Submit()))[0].note.value == "thanks"


async def rows(db: Database, sql: str) -> list[tuple]:
    async with db.transaction() as session:
        return [tuple(r) for r in (await session.exec(text(sql))).all()]  # type: ignore[call-overload]


async def released_vectors(db: Database, order: str) -> list[tuple[int, ...]]:
    """Each released response's answers, in the response table's `order`."""
    ids = [r[0] for r in await rows(db, f"SELECT id FROM response ORDER BY {order}")]
    answers: dict[str, dict[str, int]] = {}
    for response_id, element, value in await rows(
        db, "SELECT response_id, element, value FROM response_answer"
    ):
        answers.setdefault(response_id, {})[element] = value
    return [tuple(answers[i][c] for c in CODES) for i in ids]


async def one_period(services: Services, people: list[Person], seed: int, name: str) -> dict:
    """Open a period, let everyone submit in a seeded random order, close it; the truth."""
    await services.periods.open(name, version="dprd-6-v1", starts_on=date(2026, 7, 1))
    order = list(range(len(people)))
    random.Random(seed).shuffle(order)
    for index in order:
        await submit(services, people[index], vector(seed * 100 + index))
    await services.periods.close()
    return {people[i].id: vector(seed * 100 + i) for i in order}


@pytest.fixture
def anonymous(db: Database, clock) -> Services:
    return Services.build(db, clock, min_responses=K)


async def test_order_attacks_link_no_better_than_chance(anonymous: Services, db: Database):
    people = await members(anonymous, 8)
    correct, runs = 0, 5
    for seed in range(runs):
        truth = await one_period(anonymous, people, seed, f"Uji {seed}")
        period_id = (await anonymous.periods.list())[0].id
        # storage order of who (no rowid, no id: this is all an attacker has) ...
        who = [
            r[0]
            for r in await rows(
                db, f"SELECT person_id FROM participation WHERE period_id = {period_id}"
            )
        ]
        # ... paired with storage order of what, by each order the database keeps
        orders = ["rowid"] if db.dialect == "sqlite" else ["ctid", "xmin::text::bigint, ctid"]
        for order in orders:
            what = await released_vectors(db, order)
            what = [v for v in what if v in truth.values()]
            assert sorted(what) == sorted(truth.values())  # all released, none doubled
            hits = sum(truth[p] == v for p, v in zip(who, what, strict=True))
            assert hits < len(people)  # never the true mapping
            correct += hits
    # Chance, with batches of K shuffled, is one hit per batch: 2 per period and order.
    orders_per_run = 1 if db.dialect == "sqlite" else 2
    assert correct < runs * orders_per_run * 8 / 2


async def test_no_response_shares_a_transaction_with_a_participation(
    anonymous: Services, db: Database
):
    if db.dialect != "postgresql":
        pytest.skip("xmin is PostgreSQL's")
    people = await members(anonymous, 8)
    await one_period(anonymous, people, 1, "Uji")
    who = {r[0] for r in await rows(db, "SELECT xmin::text FROM participation")}
    what = {r[0] for r in await rows(db, "SELECT xmin::text FROM response")}
    what |= {r[0] for r in await rows(db, "SELECT xmin::text FROM response_answer")}
    assert who and what and not who & what
    assert len(what) == 2  # one transaction per released batch of K


async def test_participation_keeps_no_order_of_submission(anonymous: Services, db: Database):
    columns = await rows(
        db,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'participation'"
        if db.dialect == "postgresql"
        else "SELECT name FROM pragma_table_info('participation')",
    )
    assert sorted(c[0] for c in columns) == ["period_id", "person_id"]
    if db.dialect == "sqlite":
        with pytest.raises(Exception, match="rowid"):
            await rows(db, "SELECT rowid FROM participation")


async def draft_and_pool_traces(anonymous: Services, db: Database) -> tuple[bytes, list[bytes]]:
    """Members submit while one of them types a saran and then replaces it before submitting;
    returns that draft's marker and the ids the pool gave the responses before release."""
    marker = f"DRAFTMARK-{uuid.uuid4().hex}".encode()
    people = await members(anonymous, K)
    await anonymous.periods.open("Uji", version="dprd-6-v1", starts_on=date(2026, 7, 1))
    pool_ids: list[bytes] = []
    first, *rest = people
    await anonymous.survey.handle(first.id, Start())
    for code, value in zip(CODES, vector(1), strict=True):
        await anonymous.survey.handle(first.id, Answer(code, value))
    await anonymous.survey.handle(first.id, SaranText(marker.decode()))
    if db.dialect == "sqlite":  # as an automatic checkpoint would: the draft reaches the file
        with sqlite3.connect(str(db.engine.url.database)) as conn:
            assert conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0] == 0
        assert marker in Path(str(db.engine.url.database)).read_bytes()
    await anonymous.survey.handle(first.id, Change("saran"))
    await anonymous.survey.handle(first.id, SaranText("saran akhir yang dikirim"))
    await anonymous.survey.handle(first.id, Submit())
    for index, person in enumerate(rest[:-1], 2):
        await submit(anonymous, person, vector(index), saran=f"saran {index}")
    pool_ids = [r[0].encode() for r in await rows(db, "SELECT id FROM sealed_response")]
    assert len(pool_ids) == K - 1
    await submit(anonymous, rest[-1], vector(K + 1))  # the K-th: the batch is released
    await anonymous.pool.erased()  # its erasure follows within half a second
    assert await rows(db, "SELECT id FROM sealed_response") == []
    assert len(await rows(db, "SELECT id FROM response")) == K
    return marker, pool_ids


async def test_sqlite_files_keep_no_draft_and_no_pooled_row_after_release(
    anonymous: Services, db: Database
):
    if db.dialect != "sqlite":
        pytest.skip("the SQLite file and its WAL")
    marker, pool_ids = await draft_and_pool_traces(anonymous, db)
    path = Path(str(db.engine.url.database))
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    stored = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert b"saran akhir yang dikirim" in stored  # the scan does see what is really there
    assert marker not in stored
    for pool_id in pool_ids:
        assert pool_id not in stored


async def raw_pages(db: Database, table: str) -> bytes:
    """Every page of a table as stored, through the pageinspect extension."""
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
        size = (
            await conn.exec_driver_sql(f"SELECT pg_relation_size('{table}') / 8192")
        ).scalar_one()
        pages = b""
        for number in range(int(size)):
            page = await conn.exec_driver_sql(f"SELECT get_raw_page('{table}', {number})")
            pages += bytes(page.scalar_one())
        return pages


async def test_postgresql_pages_keep_no_draft_and_no_pooled_row_after_release(
    anonymous: Services, db: Database
):
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL's pages and dead tuples")
    marker, pool_ids = await draft_and_pool_traces(anonymous, db)
    assert b"saran akhir yang dikirim" in await raw_pages(db, "response")  # the scan sees
    for table in ("survey_draft", "sealed_response"):
        pages = await raw_pages(db, table)
        assert marker not in pages
        for pool_id in pool_ids:
            assert pool_id not in pages
