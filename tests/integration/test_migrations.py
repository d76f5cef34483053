"""Migrations: the stairway (upgrade, downgrade, upgrade) and the models matching the schema."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import bot.telegram.tables  # (each import registers its tables)
import bot.whatsapp.tables  # noqa: F401
import scheduler.tables  # noqa: F401
import survey.records.flow.tables
import survey.records.follow_up.tables
import survey.records.reminder_tables
import survey.records.tables
import survey.tables  # noqa: F401
from ikm import migrate
from ikm.db import create_engine


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


async def test_stairway_upgrade_downgrade_upgrade_each_revision(database_url):
    await asyncio.to_thread(migrate.downgrade, database_url, "base")
    previous = "base"
    for revision in revisions():
        await asyncio.to_thread(migrate.upgrade, database_url, revision)
        await asyncio.to_thread(migrate.downgrade, database_url, previous)
        await asyncio.to_thread(migrate.upgrade, database_url, revision)
        previous = revision


async def test_models_and_migrations_agree(database_url):
    engine = create_engine(database_url)

    def diff(connection):
        return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)

    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(diff) == []
    finally:
        await engine.dispose()


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    url = f"sqlite:///{tmp_path / 'wal.db'}"
    await asyncio.to_thread(migrate.upgrade, url)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            journal = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
    finally:
        await engine.dispose()
    assert (journal, keys) == ("wal", 1)


def test_the_scripts_newest_revision_is_read_as_alembic_reads_it():
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert migrate.head_revisions() == set(script.get_heads())


def test_a_script_whose_revision_cannot_be_read_leaves_the_head_to_alembic(tmp_path):
    (tmp_path / "0001_a.py").write_text('revision: str = "0001"\ndown_revision = None\n')
    (tmp_path / "0002_b.py").write_text('revision = "0002"\ndown_revision: str = "0001"\n')
    assert migrate.head_revisions(tmp_path) == {"0002"}
    (tmp_path / "0003_c.py").write_text("revision = make_id()\ndown_revision = '0002'\n")
    assert migrate.head_revisions(tmp_path) == set()


async def test_upgrade_to_head_skips_nothing_a_database_lacks(database_url):
    (head,) = migrate.head_revisions()
    assert await migrate.applied_revisions(database_url) == {head}
    await asyncio.to_thread(migrate.downgrade, database_url, "-1")
    assert await migrate.applied_revisions(database_url) != {head}
    await asyncio.to_thread(migrate.upgrade, database_url)
    assert await migrate.applied_revisions(database_url) == {head}
    await asyncio.to_thread(migrate.upgrade, database_url)  # at head: nothing to do
    assert await migrate.applied_revisions(database_url) == {head}
    await asyncio.to_thread(migrate.downgrade, database_url, "base")
    assert await migrate.applied_revisions(database_url) == set()
    await asyncio.to_thread(migrate.upgrade, database_url)
    assert await migrate.applied_revisions(database_url) == {head}
