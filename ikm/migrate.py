"""Schema migrations (Alembic), run from code by `ikm run` and `ikm db upgrade`."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from ikm.settings import SettingsError

HERE = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config for `url` without an ini file."""
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
    logging.getLogger("alembic").setLevel(logging.WARNING)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Take the schema back to `revision` ("base" removes every table)."""
    command.downgrade(alembic_config(url), revision)
