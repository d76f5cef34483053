"""`ikm db backup` while the bot writes, and `ikm db restore` to a consistent database."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import func, select

from ikm.db import Database
from survey.conversation.events import Cancel, SaranText, Start
from survey.people.model import Role
from survey.people.roster_file import RosterRow
from survey.services import Services
from survey.tables import AnswerRow, ParticipationRow, ResponseRow, SealedResponseRow
from tests.cli import run_ikm

MEMBERS = 400


async def seed(url: str, members: int = MEMBERS) -> None:
    """A roster of anggota and an open period."""
    db = Database.from_url(url)
    services = Services.build(db)
    rows = [
        RosterRow(n + 2, f"Anggota {n}", f"+62813{n:08d}", Role.ANGGOTA, None)
        for n in range(members)
    ]
    await services.roster.import_rows(rows, dry_run=False)
    await services.periods.open("Semester II", version="dprd-6-v1", starts_on=date(2026, 7, 1))
    await db.dispose()


class Writer:
    """tests/integration/survey_writer.py in a subprocess; `committed` grows as it prints."""

    def __init__(self, url: str) -> None:
        self.committed: list[int] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.survey_writer", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.committed.append(int(line))

    def snapshot(self) -> set[int]:
        """Who had committed a submit by now."""
        return set(self.committed[:])

    def wait_for(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.committed) < count:
            assert self.proc.poll() is None, self.proc.stderr and self.proc.stderr.read()
            assert time.monotonic() < deadline, f"only {len(self.committed)} submits"
            time.sleep(0.02)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(timeout=20)
        self.reader.join(timeout=5)
        for pipe in (self.proc.stdout, self.proc.stderr):
            assert pipe is not None
            pipe.close()


async def survey_state(url: str) -> tuple[set[int], int, int, int]:
    """(members who took part, sealed responses, released responses, their answers)."""
    db = Database.from_url(url)
    try:
        async with db.transaction() as session:
            people = set((await session.exec(select(ParticipationRow.person_id))).all())
            counts = [
                (await session.exec(select(func.count()).select_from(table))).one()
                for table in (SealedResponseRow, ResponseRow, AnswerRow)
            ]
        return people, *counts
    finally:
        await db.dispose()


def restore_target(database_url: str, tmp_path: Path) -> str:
    """Where to restore: a fresh SQLite file; on PostgreSQL the same database (emptied)."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored' / 'ikm.db'}"
    return database_url


def test_a_backup_during_a_stream_of_submits_restores_every_earlier_submit(
    database_url: str, tmp_path: Path
) -> None:
    asyncio.run(seed(database_url))
    writer = Writer(database_url)
    try:
        writer.wait_for(20)
        before = writer.snapshot()
        made = run_ikm("db", "backup", "cadangan.bak", database_url=database_url, cwd=tmp_path)
        until = writer.snapshot()
        writer.wait_for(len(until) + 5)
    finally:
        writer.stop()
    assert made.returncode == 0, made.stderr
    assert "Cadangan dibuat: cadangan.bak" in made.stdout
    assert len(until) > len(before), "the writer kept writing while the backup ran"
    backup = tmp_path / "cadangan.bak"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    target = restore_target(database_url, tmp_path)
    (tmp_path / "restored").mkdir(mode=0o700)
    done = run_ikm("db", "restore", str(backup), "--ya", database_url=target, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    people, sealed, released, answers = asyncio.run(survey_state(target))
    assert before <= people <= until
    assert sealed + released == len(people), "each submit's participation and response together"
    assert answers == 6 * released, "every released response with its six answers"


def test_a_sqlite_backup_is_one_compact_file_without_what_was_deleted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ikm.db'}"
    assert run_ikm("db", "upgrade", database_url=url, cwd=tmp_path).returncode == 0
    asyncio.run(seed(url, members=3))

    async def draft_then_cancel() -> None:
        db = Database.from_url(url)
        services = Services.build(db)
        person = (await services.roster.people())[0]
        await services.survey.handle(person.id, Start())
        await services.survey.handle(person.id, SaranText("RAHASIA-DRAF-7731"))
        await services.survey.handle(person.id, Cancel(True))
        await db.dispose()

    asyncio.run(draft_then_cancel())
    made = run_ikm("db", "backup", database_url=url, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    (backup,) = (tmp_path / "cadangan").iterdir()
    assert stat.S_IMODE((tmp_path / "cadangan").stat().st_mode) == 0o700
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert b"RAHASIA-DRAF-7731" not in backup.read_bytes()
    assert sorted(os.listdir(tmp_path / "cadangan")) == [backup.name]  # no -wal, no -journal
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    finally:
        conn.close()


def test_simpan_keeps_the_newest_backups_and_never_other_files(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ikm.db'}"
    assert run_ikm("db", "upgrade", database_url=url, cwd=tmp_path).returncode == 0
    folder = tmp_path / "cadangan"
    folder.mkdir(mode=0o700)
    for name in ("ikm-20250101-080000.sqlite3", "ikm-20250102-080000.sqlite3", "catatan.txt"):
        (folder / name).write_text("lama")
    made = run_ikm("db", "backup", "--simpan", "2", database_url=url, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert "catatan.txt" in names and "ikm-20250102-080000.sqlite3" in names
    assert "ikm-20250101-080000.sqlite3" not in names and len(names) == 3
    assert "Cadangan lama dihapus: cadangan/ikm-20250101-080000.sqlite3" in made.stdout


def test_restore_asks_for_ya_and_changes_nothing_without_it(
    database_url: str, tmp_path: Path
) -> None:
    asyncio.run(seed(database_url, members=3))
    made = run_ikm("db", "backup", "satu.bak", database_url=database_url, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    asyncio.run(seed_more(database_url))
    done = run_ikm("db", "restore", "satu.bak", database_url=database_url, cwd=tmp_path)
    assert done.returncode == 1
    assert "--ya" in done.stderr and "MENIMPA" in done.stderr
    assert asyncio.run(roster_size(database_url)) == 4


async def seed_more(url: str) -> None:
    db = Database.from_url(url)
    row = RosterRow(9, "Orang Baru", "+6281399999999", Role.ANGGOTA, None)
    await Services.build(db).roster.import_rows([row], dry_run=False)
    await db.dispose()


async def roster_size(url: str) -> int:
    db = Database.from_url(url)
    try:
        return len(await Services.build(db).roster.people())
    finally:
        await db.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup_of_this_kind(
    database_url: str, tmp_path: Path
) -> None:
    wrong_kind = b"PGDMP bukan cadangan" if "sqlite" in database_url else b"x"
    (tmp_path / "bukan.bak").write_bytes(wrong_kind)
    (tmp_path / "sqlite.bak").write_bytes(b"SQLite format 3\x00" + bytes(200))
    for name in ("bukan.bak", "sqlite.bak"):
        done = run_ikm("db", "restore", name, "--ya", database_url=database_url, cwd=tmp_path)
        assert done.returncode == 1
        assert "bukan cadangan" in done.stderr or "tidak dapat dibaca" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.postgres
def test_a_postgres_restore_is_refused_while_another_session_is_connected(
    tmp_path: Path,
) -> None:
    from tests.conftest import PG_URL, reset_postgres

    if not PG_URL:
        pytest.skip("PostgreSQL not configured (IKM_TEST_DATABASE_URL)")
    asyncio.run(reset_postgres(PG_URL))
    made = run_ikm("db", "backup", "pg.bak", database_url=PG_URL, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    parsed = make_url(PG_URL)
    other = subprocess.Popen(
        [
            "psql",
            "-h",
            str(parsed.host),
            "-U",
            str(parsed.username),
            "-d",
            str(parsed.database),
            "-c",
            "SELECT pg_sleep(20)",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1)
        done = run_ikm("db", "restore", "pg.bak", "--ya", database_url=PG_URL, cwd=tmp_path)
    finally:
        other.terminate()
        other.wait(timeout=10)
    assert done.returncode == 1
    assert "koneksi lain" in done.stderr
