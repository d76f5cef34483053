"""Backups of the live database, their folder and retention, and SQLite's backup and restore.

A backup holds only what the database holds at that moment: SQLite's is made with `VACUUM
INTO`, a consistent snapshot rebuilt page by page into a fresh file (no free pages, no
write-ahead log, nothing that was deleted); PostgreSQL's is `pg_dump` (ikm/backup_pg.py), rows
only. Either is written under a temporary name, owner-only (0600), and renamed when complete.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from ikm.db import SqliteFileError, sqlite_check, sqlite_copy_into, sqlite_replace
from ikm.migrate import alembic_config

#: The names `ikm db backup` gives; only such files are ever deleted by `--simpan`.
OURS = re.compile(r"^ikm-\d{8}-\d{6}(-\d+)?\.(sqlite3|dump)$")
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".dump"}
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_SECONDS = 10.0


class BackupError(Exception):
    """A backup or restore that cannot be done; one Indonesian line for the user."""


@dataclass(frozen=True)
class Written:
    """A finished backup: where, how big."""

    path: Path
    size: int


def default_target(folder: Path, kind: str, now: datetime) -> Path:
    """`folder/ikm-YYYYMMDD-HHMMSS.sqlite3` (or `.dump`), numbered if that name is taken."""
    stem, suffix = f"ikm-{now:%Y%m%d-%H%M%S}", SUFFIX[kind]
    path, n = folder / f"{stem}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


def private_folder(folder: Path) -> None:
    """Create `folder` owner-only (0700) if it is missing; an existing one is left as it is."""
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # mkdir's mode passes through the umask


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` of our backups in `folder` (by the time in their
    names); other files are never touched. Returns what was deleted."""
    ours = sorted((p for p in folder.iterdir() if OURS.match(p.name)), key=_age_key)
    old = ours[: max(len(ours) - keep, 0)]
    for path in old:
        path.unlink()
    return old


def _age_key(path: Path) -> tuple[str, int]:
    stem = path.name.split(".", 1)[0]
    parts = stem.split("-")
    return ("-".join(parts[:3]), int(parts[3]) if len(parts) > 3 else 1)


@contextlib.contextmanager
def private_temporary(target: Path) -> Iterator[Path]:
    """An empty owner-only file beside `target` to write into; renamed to `target` when the
    block ends well (and synced to disk), removed when it does not."""
    if target.exists():
        raise BackupError(f"berkas {target} sudah ada; pilih nama lain")
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} tidak ada")
    temporary = target.with_name(f".{target.name}.sementara")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        yield temporary
        _sync(temporary)
        os.replace(temporary, target)
        _sync(target.parent)
    finally:
        temporary.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_sqlite(database: Path, target: Path) -> Written:
    """A consistent, compacted copy of a live SQLite file at `target` (safe while it is written:
    VACUUM INTO reads one snapshot, as any reader in WAL mode does)."""
    if not database.is_file():
        raise BackupError(f"basis data {database} tidak ada")
    with private_temporary(target) as temporary:
        sqlite_copy_into(database, temporary, busy_seconds=BUSY_SECONDS)
        sqlite_revision(temporary)  # what was written reads back as a backup of ours
    return Written(target, target.stat().st_size)


def sqlite_revision(path: Path) -> str:
    """The schema revision of a SQLite backup, after checking it is one: a SQLite file that
    passes its integrity check and carries our migrations' version table."""
    with path.open("rb") as file:
        if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path} bukan cadangan SQLite ikm-bot (bukan berkas SQLite)")
    try:
        intact, found = sqlite_check(path, "SELECT version_num FROM alembic_version")
    except SqliteFileError as exc:
        raise BackupError(f"{path} tidak dapat dibaca sebagai SQLite: {exc}") from None
    if not intact:
        raise BackupError(f"{path} rusak (pemeriksaan integritas SQLite gagal)")
    if len(found) != 1:
        raise BackupError(f"{path} bukan cadangan ikm-bot (tidak ada versi skema)")
    return str(found[0][0])


def check_revision(revision: str, url: str) -> None:
    """Refuse a backup whose schema this version of ikm-bot does not know (made by a newer
    one): restoring it would leave a database the migrations cannot bring up to date."""
    scripts = ScriptDirectory.from_config(alembic_config(url))
    try:
        known = scripts.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise BackupError(
            f"cadangan memakai skema {revision} yang tidak dikenal versi ikm-bot ini "
            "(dibuat versi yang lebih baru?); perbarui ikm-bot dulu"
        )


def restore_sqlite(backup: Path, database: Path) -> None:
    """Replace the live file's content with the backup's, in one step that other connections
    see whole (SQLite's online backup API, under the write lock); then the write-ahead log is
    checkpointed and truncated, so no page of the replaced content stays in it."""
    sqlite_replace(backup, database, busy_seconds=BUSY_SECONDS)
