"""The fast PostgreSQL reset of the tests (tests/postgres.py) leaves what a fresh migration
leaves: no rows but the migration's own, sequences at their start, the schema at head; and a
test that changed the schema gets a freshly migrated one."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from ikm import migrate
from ikm.db import create_engine
from tests.conftest import PG_URL
from tests.postgres import _TRUNCATE_ALL, reset_postgres, worker_url

skip_without_postgres = pytest.mark.skipif(
    not PG_URL, reason="PostgreSQL not configured (IKM_TEST_DATABASE_URL)"
)

PERSON = (
    "INSERT INTO person (name, phone, role, active, demo, created_at, updated_at) "
    "VALUES (:name, :phone, 'anggota', true, false, now(), now()) RETURNING id"
)


async def query(url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            result = await conn.execute(text(sql), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        await engine.dispose()


async def state(url: str) -> tuple[object, ...]:
    """Rows of a few tables, the migration's secret, the revision and the next person id."""
    (counts,) = await query(
        url,
        "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM period), "
        "(SELECT string_agg(name || value, ',') FROM installation_secret), "
        "(SELECT version_num FROM alembic_version)",
    )
    (next_id,) = await query(url, PERSON, name="Uji", phone="+6281200009999")
    return (*counts, next_id[0])


@pytest.mark.postgres
@skip_without_postgres
async def test_rows_go_the_migrations_stay_and_ids_start_again():
    assert PG_URL is not None
    await reset_postgres(PG_URL)
    fresh = await state(PG_URL)
    assert fresh[:2] == (0, 0) and fresh[2] and fresh[4] == 1
    for n in range(3):
        await query(PG_URL, PERSON, name=f"Orang {n}", phone=f"+62812000000{n}")
    await query(PG_URL, "DELETE FROM installation_secret")

    await reset_postgres(PG_URL)

    assert await state(PG_URL) == fresh


@pytest.mark.postgres
@skip_without_postgres
async def test_a_changed_schema_is_migrated_afresh():
    assert PG_URL is not None
    await reset_postgres(PG_URL)
    fresh = await state(PG_URL)
    await query(PG_URL, "CREATE TABLE stray (id int)")
    await query(PG_URL, "ALTER TABLE person ADD COLUMN extra int")

    await reset_postgres(PG_URL)

    tables = await query(PG_URL, "SELECT to_regclass('public.stray') IS NULL")
    columns = await query(
        PG_URL,
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'person' AND column_name = 'extra'",
    )
    assert (tables, columns) == ([(True,)], [(0,)])
    people, periods, secret, revision, next_id = await state(PG_URL)
    assert (people, periods, revision, next_id) == (0, 0, fresh[3], 1) and secret


@pytest.mark.postgres
@skip_without_postgres
async def test_a_downgraded_schema_is_migrated_back_to_head():
    assert PG_URL is not None
    await reset_postgres(PG_URL)
    (head,) = await query(PG_URL, "SELECT version_num FROM alembic_version")
    await asyncio.to_thread(migrate.downgrade, PG_URL, "-1")

    await reset_postgres(PG_URL)

    assert await query(PG_URL, "SELECT version_num FROM alembic_version") == [head]


@pytest.mark.postgres
@skip_without_postgres
async def test_truncate_empties_every_table_for_roles_that_cannot_delete_unchecked():
    assert PG_URL is not None
    await reset_postgres(PG_URL)
    await query(PG_URL, PERSON, name="Orang", phone="+6281200000001")
    engine = create_engine(PG_URL)
    try:
        async with engine.begin() as conn:
            await conn.exec_driver_sql(_TRUNCATE_ALL)
    finally:
        await engine.dispose()
    assert await query(PG_URL, "SELECT count(*) FROM person") == [(0,)]
    assert await query(PG_URL, "SELECT count(*) FROM alembic_version") == [(1,)]


def test_each_xdist_worker_has_its_own_database():
    url = "postgresql://postgres@127.0.0.1:5432/test"
    assert worker_url(url, "gw1") == "postgresql://postgres@127.0.0.1:5432/test_gw1"
    assert worker_url(url, None) == url
    assert worker_url(None, "gw0") is None
