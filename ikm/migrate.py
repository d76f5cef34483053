"""Schema migrations (Alembic), run from code by `ikm run`, `ikm db upgrade` and every command
that opens the database.

A database already at the newest revision is recognised without Alembic (a quarter of a second
to load, its scripts and environment as much again): the revisions are read from the scripts'
`revision`/`down_revision` lines, the database's from `alembic_version`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url

from ikm.settings import SettingsError

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^(down_)?revision(?:: [^=]+)? = (?:\"(\w+)\"|'(\w+)'|None)$", re.M)


def alembic_config(url: str) -> Config:
    """An Alembic config for `url` without an ini file."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def prepare_sqlite_file(url: str, *, create_folder: bool = False) -> None:
    """Create a SQLite file database readable by its owner only (0600; SQLite gives its -wal
    and -shm files the same mode). Its folder must exist: a mistyped path is refused rather
    than created, except with `create_folder` (the default `data/`, made 0700 for a fresh
    clone's quick start)."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    if not path.parent.is_dir():
        if not create_folder:
            raise SettingsError(
                f"pengaturan IKM_DATABASE_URL tidak sah: folder {path.parent} tidak ada "
                "(basis data tidak dibuat; buat foldernya dulu atau periksa ejaannya)"
            )
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def upgrade(url: str, revision: str = "head", *, create_folder: bool = False) -> None:
    """Bring the schema to `revision` (blocking: call from a thread inside an event loop);
    a SQLite file is created first as `prepare_sqlite_file` says."""
    prepare_sqlite_file(url, create_folder=create_folder)
    if revision == "head" and asyncio.run(applied_revisions(url)) == head_revisions():
        return
    from alembic import command

    logging.getLogger("alembic").setLevel(logging.WARNING)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Take the schema back to `revision` ("base" removes every table)."""
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def head_revisions(folder: Path = HERE / "versions") -> set[str]:
    """The newest revisions of the scripts in `folder`: those no other script revises; none
    where a script does not name exactly one revision (then Alembic decides)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in folder.glob("*.py"):
        found = _REVISION.findall(script.read_text("utf-8"))
        names = [a or b for down, a, b in found if not down]
        if len(names) != 1:
            return set()
        revisions.update(names)
        revised.update(a or b for down, a, b in found if down and (a or b))
    return revisions - revised


async def applied_revisions(url: str) -> set[str]:
    """The revisions in the database's `alembic_version` (none in a database never migrated)."""
    from ikm.db import create_engine

    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_versions)
    finally:
        await engine.dispose()


def _versions(conn: Connection) -> set[str]:
    if not inspect(conn).has_table("alembic_version"):
        return set()
    return {
        str(v) for v in conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
    }
