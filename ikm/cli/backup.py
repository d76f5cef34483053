"""`ikm db backup` and `ikm db restore`: the commands around ikm/backup.py and backup_pg.py."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from sqlalchemy.engine import make_url

from ikm.cli.support import Failure, settings

if TYPE_CHECKING:  # ikm/backup.py loads Alembic: imported by the two commands, not at start-up
    from ikm.backup import Written

#: Other sessions on the database, which a restore would pull the floor from under.
OTHERS = (
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def kind_and_file(url: str) -> tuple[str, Path | None]:
    """("sqlite", the file) or ("postgresql", None); an in-memory SQLite has nothing to keep."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    kind = parsed.get_backend_name()
    if kind == "postgresql":
        return kind, None
    if parsed.database in (None, "", ":memory:"):
        raise Failure("basis data SQLite di memori tidak dapat dicadangkan")
    return kind, Path(parsed.database)


def backup(
    berkas: Annotated[
        Path | None,
        typer.Argument(help="Berkas cadangan (bawaan: IKM_BACKUP_DIR/ikm-TANGGAL-JAM.…)"),
    ] = None,
    simpan: Annotated[
        int | None,
        typer.Option("--simpan", min=1, help="Simpan N cadangan terbaru di folder itu saja"),
    ] = None,
) -> None:
    """Cadangkan basis data (aman saat bot berjalan): SQLite utuh dan ringkas, PostgreSQL
    dengan pg_dump (format custom). Berkas 0600, folder baru 0700."""
    from ikm.backup import BackupError, default_target, private_folder, prune

    config = settings()
    kind, database = kind_and_file(config.database_url)
    file = berkas
    if file is None:
        private_folder(config.backup_dir)
        file = default_target(config.backup_dir, kind, datetime.now(config.zone))
    try:
        written = _write(kind, database, config.database_url, file)
        removed = prune(file.parent, simpan) if simpan is not None else []
    except BackupError as exc:
        raise Failure(str(exc)) from None
    typer.echo(f"Cadangan dibuat: {written.path} ({_size(written.size)}).")
    for path in removed:
        typer.echo(f"Cadangan lama dihapus: {path}")


def _write(kind: str, database: Path | None, url: str, file: Path) -> Written:
    from ikm.backup import backup_sqlite

    if database is not None:
        return backup_sqlite(database, file)
    from ikm.backup_pg import backup_postgres

    return backup_postgres(url, file)


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def restore(
    berkas: Annotated[Path, typer.Argument(help="Berkas cadangan dari `ikm db backup`")],
    ya: Annotated[
        bool, typer.Option("--ya", help="Ya, timpa seluruh isi basis data dengan cadangan ini")
    ] = False,
) -> None:
    """Pulihkan basis data dari cadangan: seluruh isinya diganti. Hentikan bot dulu."""
    from ikm import migrate
    from ikm.backup import BackupError, check_revision, restore_sqlite

    config = settings()
    kind, database = kind_and_file(config.database_url)
    file = berkas
    if not file.is_file():
        raise Failure(f"berkas {file} tidak ada")
    try:
        revision = _revision(kind, file)
        check_revision(revision, config.database_url)
        if not ya:
            raise Failure(
                f"{file} adalah cadangan {kind} yang sah (skema {revision}). Pemulihan MENIMPA "
                "seluruh isi basis data sekarang. Hentikan bot dulu, lalu ulangi dengan --ya."
            )
        if database is not None:
            migrate.prepare_sqlite_file(config.database_url)
            restore_sqlite(file, database)
        else:
            _restore_postgres(file, config.database_url)
    except BackupError as exc:
        raise Failure(str(exc)) from None
    migrate.upgrade(config.database_url)  # a backup of an older version is brought up to date
    typer.echo(f"Basis data dipulihkan dari {file} (skema {revision}, lalu diperbarui).")


def _revision(kind: str, file: Path) -> str:
    from ikm.backup import sqlite_revision

    if kind == "sqlite":
        return sqlite_revision(file)
    from ikm.backup_pg import postgres_revision

    return postgres_revision(file)


def _restore_postgres(file: Path, url: str) -> None:
    from ikm.backup import BackupError
    from ikm.backup_pg import restore_postgres

    others = asyncio.run(_other_sessions(url))
    if others:
        raise BackupError(
            f"masih ada {others} koneksi lain ke basis data (bot masih berjalan?); "
            "hentikan semua proses ikm dulu"
        )
    restore_postgres(file, url)


async def _other_sessions(url: str) -> int:
    from ikm.db import create_engine

    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return int((await conn.exec_driver_sql(OTHERS)).scalar_one())
    finally:
        await engine.dispose()
