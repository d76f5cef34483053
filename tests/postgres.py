"""The PostgreSQL test database: one per xdist worker, reset to a freshly migrated schema.

Migrating from nothing takes Alembic about a second; emptying the tables takes a few
milliseconds. So the schema is migrated once per database and process, its shape remembered
(a fingerprint of tables, columns, constraints, indexes, sequences, types, functions, triggers,
views and the Alembic revision) and its rows (a migration writes some: `installation_secret`)
and sequences noted; each later reset empties every table, puts those rows back and sets every
sequence where the migration left it: the database as a fresh migration leaves it. A test that
changed the shape (a downgrade, a stray table) is caught by the fingerprint: the next reset
drops the schema and migrates again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from ikm import migrate
from ikm.db import create_engine


@dataclass(frozen=True)
class _Migrated:
    """A database right after its migration: its shape, and the statements that put back its
    rows and sequences."""

    shape: str
    refill: list[str]


#: Each database migrated by this process.
_MIGRATED: dict[str, _Migrated] = {}

_FINGERPRINT = text(
    """
    SELECT md5(string_agg(line, E'\\n' ORDER BY line)) FROM (
        SELECT format('column %s.%s %s %s %s %s', table_name, column_name, data_type,
                      character_maximum_length, is_nullable, column_default) AS line
        FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL
        SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL
        SELECT format('constraint %s %s %s', conrelid::regclass, conname,
                      pg_get_constraintdef(oid))
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL
        SELECT format('sequence %s %s %s', sequencename, start_value, increment_by)
        FROM pg_sequences WHERE schemaname = 'public'
        UNION ALL
        SELECT format('type %s %s', t.typname, e.enumlabel)
        FROM pg_type t LEFT JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'c')
        UNION ALL
        SELECT format('function %s %s', proname, md5(prosrc))
        FROM pg_proc WHERE pronamespace = 'public'::regnamespace
        UNION ALL
        SELECT format('trigger %s %s', tgrelid::regclass, tgname)
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
        UNION ALL
        SELECT format('view %s %s', viewname, md5(definition))
        FROM pg_views WHERE schemaname = 'public'
        UNION ALL
        SELECT format('relation %s %s', relname, relkind)
        FROM pg_class WHERE relnamespace = 'public'::regnamespace
        UNION ALL
        SELECT format('revision %s', version_num) FROM public.alembic_version
    ) AS shape
    """
)


def worker_url(url: str | None, worker: str | None) -> str | None:
    """The database of one xdist worker (`test` → `test_gw0`); the URL itself outside xdist."""
    if not url or not worker:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


async def create_database(url: str) -> None:
    """Create the database of `url` if it is missing (through the `postgres` database)."""
    parsed = make_url(url)
    maintenance = parsed.set(database="postgres").render_as_string(hide_password=False)
    engine = create_engine(maintenance)
    try:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            found = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            )
            if not found:
                quoted = conn.dialect.identifier_preparer.quote(str(parsed.database))
                await conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
    finally:
        await engine.dispose()


async def reset_postgres(url: str) -> None:
    """Leave `url` as a freshly migrated database: each test starts from nothing."""
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            known = _MIGRATED.get(url)
            if known is not None and await _fingerprint(conn) == known.shape:
                await _empty(conn)
                for statement in known.refill:
                    await conn.exec_driver_sql(statement)
                return
        async with engine.begin() as conn:
            await conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            await conn.exec_driver_sql("CREATE SCHEMA public")
        await asyncio.to_thread(migrate.upgrade, url)
        async with engine.begin() as conn:
            shape = await _fingerprint(conn)
            refill = await _refill(conn)
        assert shape is not None, "a migrated schema has an alembic_version table"
        _MIGRATED[url] = _Migrated(shape, refill)
    finally:
        await engine.dispose()


async def _fingerprint(conn: AsyncConnection) -> str | None:
    """The shape of the public schema, or None where it has no `alembic_version` table."""
    exists = await conn.scalar(text("SELECT to_regclass('public.alembic_version') IS NOT NULL"))
    return str(await conn.scalar(_FINGERPRINT)) if exists else None


async def _refill(conn: AsyncConnection) -> list[str]:
    """The statements that put back the rows of every table but `alembic_version` and set
    every sequence where it stands now."""
    statements = []
    for name in list(await conn.scalars(text(_EVERY_TABLE))):
        rows = text(
            "SELECT format('INSERT INTO public.%I SELECT * FROM "
            "json_populate_recordset(NULL::public.%I, %L)', "
            "CAST(:name AS text), CAST(:name AS text), json_agg(t)) "
            f"FROM public.{conn.dialect.identifier_preparer.quote(name)} t HAVING count(*) > 0"
        )
        if statement := await conn.scalar(rows, {"name": name}):
            statements.append(str(statement))
    sequences = await conn.scalar(
        text(
            "SELECT 'SELECT ' || string_agg(format('setval(%L, %s, %s)', "
            "format('public.%I', sequencename), coalesce(last_value, start_value), "
            "(last_value IS NOT NULL)::text), ', ') FROM pg_sequences WHERE schemaname = 'public'"
        )
    )
    return statements + ([str(sequences)] if sequences else [])


async def _empty(conn: AsyncConnection) -> None:
    """Every table but `alembic_version` emptied.

    DELETE with the foreign-key triggers off (a superuser's `session_replication_role`) is
    many times faster than TRUNCATE on tables this small (no new files to create and sync);
    for other roles, TRUNCATE … CASCADE."""
    superuser = await conn.scalar(text("SELECT current_setting('is_superuser') = 'on'"))
    await conn.exec_driver_sql(_DELETE_ALL if superuser else _TRUNCATE_ALL)


_EVERY_TABLE = (
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
    "AND tablename <> 'alembic_version' ORDER BY tablename"
)
_DELETE_ALL = f"""
DO $$
DECLARE found record;
DECLARE tables text;
BEGIN
    -- as DROP SCHEMA would: wait for whoever still writes (a test's stray connection)
    SELECT string_agg(format('public.%I', tablename), ', ') INTO tables FROM ({_EVERY_TABLE}) t;
    IF tables IS NOT NULL THEN
        EXECUTE 'LOCK TABLE ' || tables || ' IN ACCESS EXCLUSIVE MODE';
    END IF;
    SET LOCAL session_replication_role = replica;
    FOR found IN {_EVERY_TABLE} LOOP
        EXECUTE format('DELETE FROM public.%I', found.tablename);
    END LOOP;
END $$
"""
_TRUNCATE_ALL = f"""
DO $$
DECLARE tables text;
BEGIN
    SELECT string_agg(format('public.%I', tablename), ', ') INTO tables FROM ({_EVERY_TABLE}) t;
    IF tables IS NOT NULL THEN
        EXECUTE 'TRUNCATE TABLE ' || tables || ' CASCADE';
    END IF;
END $$
"""
