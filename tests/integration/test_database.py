"""The database layer: its unit of work, its prepared statements and its lock handling."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from ikm.db import Database, _is_busy
from survey.conversation.events import Answer, Start
from survey.conversation.store import READ, UPDATE_DRAFT
from survey.services import Services
from tests.integration.helpers import members, open_period


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh migrated SQLite file, for what exists only there."""
    path = tmp_path / "ikm.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


async def read_both_ways(db: Database, statement, params):
    """The row through `Database.first` and through SQLAlchemy's own execution."""

    def work(conn):
        return db.first(conn, statement, params), conn.execute(
            statement, params
        ).mappings().first()

    return await db.run(work)


async def test_first_reads_the_survey_row_by_name_as_sqlalchemy_would(services, db):
    (person, *_) = await members(services)
    await services.periods.open(
        "Semester II 2026",
        version="dprd-6-v1",
        starts_on=date(2026, 7, 1),
        ends_on=date(2099, 12, 31),
    )
    await services.survey.handle(person.id, Start())
    await services.survey.handle(person.id, Answer("prosedur", 3))

    fast, slow = await read_both_ways(db, READ[int], {"person_id": person.id})

    assert fast is not None and slow is not None
    assert dict(fast) == dict(slow)
    assert list(fast) == list(slow.keys())  # every column, by its name, in the statement's order
    assert fast["starts_on"] == date(2026, 7, 1) and fast["ends_on"] == date(2099, 12, 31)
    assert fast["active"] is True and fast["editing"] is False  # converted, not 1 and 0
    assert fast["answers"] == '{"prosedur": 3}' and fast["position"] == 1


async def test_first_gives_none_when_there_is_no_row(db):
    fast, slow = await read_both_ways(db, READ[int], {"person_id": 424242})
    assert fast is None and slow is None


async def test_execute_writes_what_sqlalchemy_reads_back(services, db):
    (person, *_) = await members(services)
    await open_period(services)
    await services.survey.handle(person.id, Start())
    draft_id = await db.run(
        lambda conn: conn.execute(sa.text("SELECT id FROM survey_draft")).scalar_one()
    )
    when = datetime(2026, 11, 30, 16, 30, 5, 123456, tzinfo=UTC)
    values = {
        "draft_id": draft_id,
        "stage": "review",
        "position": 5,
        "answers": '{"prosedur": 4}',
        "saran": "Lebih cepat, ya",
        "editing": True,
        "confirming_cancel": False,
        "updated_at": when,
    }
    await db.run(lambda conn: db.execute(conn, UPDATE_DRAFT, values))

    _, row = await read_both_ways(db, READ[int], {"person_id": person.id})
    assert row is not None
    assert (row["stage"], row["position"], row["saran"]) == ("review", 5, "Lebih cepat, ya")
    assert row["editing"] is True and row["confirming_cancel"] is False
    stored = await db.run(
        lambda conn: conn.execute(sa.text("SELECT updated_at FROM survey_draft")).scalar_one()
    )
    # Stored as SQLAlchemy itself stores an aware instant (UTC, no offset), on either database.
    assert str(stored).startswith("2026-11-30 16:30:05.123456")


async def test_a_statement_that_expands_its_parameters_is_not_prepared(sqlite_url):
    db = Database.from_url(sqlite_url)
    person = sa.table("person", sa.column("id"))
    expanding = sa.select(person.c.id).where(person.c.id.in_(sa.bindparam("ids", expanding=True)))
    try:
        with pytest.raises(ValueError, match="expand"):
            await db.run(lambda conn: db.first(conn, expanding, {"ids": [1, 2]}))
    finally:
        await db.dispose()


async def test_two_databases_on_one_file_keep_their_own_connections(sqlite_url, clock):
    first, second = Database.from_url(sqlite_url), Database.from_url(sqlite_url)
    await members(Services.build(first, clock))
    count = sa.text("SELECT COUNT(*) FROM person")
    try:
        assert await first.run(lambda conn: conn.execute(count).scalar_one()) == 3
        await first.dispose()  # nothing of `first` is shared with `second`
        assert await second.run(lambda conn: conn.execute(count).scalar_one()) == 3
    finally:
        await second.dispose()


async def test_a_write_waits_for_the_lock_another_connection_holds(sqlite_url):
    db = Database.from_url(sqlite_url)
    beat = sa.text("INSERT INTO heartbeat (name, beat_at) VALUES ('uji', '2026-12-01 00:00:00')")
    other = sqlite3.connect(Path(db.engine.url.database or ""), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # the write lock, held by someone else
        waiting = asyncio.create_task(db.run(lambda conn: conn.execute(beat).rowcount))
        await asyncio.sleep(0.3)
        assert not waiting.done()  # busy at once: handed to the engine that waits, not failed
        other.execute("COMMIT")
        assert await waiting == 1
        count = sa.text("SELECT COUNT(*) FROM heartbeat")
        assert await db.run(lambda conn: conn.execute(count).scalar_one()) == 1
    finally:
        other.close()
        await db.dispose()


def sqlite_error(code: int, text: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(text)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("error", "busy"),
    [
        (sqlite_error(sqlite3.SQLITE_BUSY, "database is locked"), True),
        (sqlite_error(sqlite3.SQLITE_LOCKED, "database table is locked"), True),
        (sqlite_error(517, "database is locked"), True),  # SQLITE_BUSY_SNAPSHOT
        (sqlite_error(sqlite3.SQLITE_READONLY, "attempt to write a readonly database"), False),
        # The wording alone does not make an error a busy one: only SQLite's code does.
        (sqlite3.OperationalError("table locked_out has no column x"), False),
        (OperationalError("SELECT 1", {}, sqlite_error(sqlite3.SQLITE_BUSY, "busy")), True),
    ],
)
def test_busy_is_told_by_sqlites_error_code_only(error, busy):
    assert _is_busy(error) is busy


async def test_dispose_waits_for_an_erasure_under_way_and_then_starts_none(db, monkeypatch):
    erasing = asyncio.create_task(db.scrub(["survey_draft"]))
    await asyncio.sleep(0)  # the erasure has begun and holds its connection
    assert not erasing.done()
    await db.dispose()
    assert erasing.done() and erasing.exception() is None  # finished, not cut off

    started = []
    monkeypatch.setattr(db, "_scrub", lambda tables: started.append(tables))
    await db.scrub(["survey_draft"])  # after closing: the next start-up erases instead
    assert started == []
