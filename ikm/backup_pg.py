"""PostgreSQL backups with pg_dump (custom format) and restores with pg_restore through psql.

pg_dump reads one snapshot (a repeatable-read transaction), so a backup is consistent while the
bot writes, and it holds rows only: no dead row versions, no transaction ids. A restore runs as
one transaction in psql — the old schema dropped, the backup's created and filled — so it either
lands whole or leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from ikm.backup import BackupError, Written, private_temporary

PG_MAGIC = b"PGDMP"
#: Where Debian and Ubuntu put the client programs of each PostgreSQL version.
PG_BIN = Path("/usr/lib/postgresql")
CLEAN_SCHEMA = "DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
TIMEOUT = 3600


def tool(name: str) -> str:
    """The path of a PostgreSQL client program: on PATH, else the newest under PG_BIN."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(PG_BIN.glob(f"*/bin/{name}"), key=lambda p: _major(p.parent.parent.name))
    if versions:
        return str(versions[-1])
    raise BackupError(
        f"program {name} tidak ditemukan; pasang klien PostgreSQL yang versinya sama dengan "
        "server atau lebih baru (Debian/Ubuntu: apt-get install postgresql-client)"
    )


def _major(name: str) -> int:
    return int(name) if name.isdigit() else 0


def connection(url: str) -> tuple[str, dict[str, str]]:
    """The libpq URI for `url` (no driver, no password) and the environment carrying the
    password (PGPASSWORD), so that it never shows in a process list."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(command, input=stdin, capture_output=True, env=env, timeout=TIMEOUT)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["(tanpa pesan)"]
        raise BackupError(f"{what} gagal: {reason[-1][:300]}")
    return done.stdout


def backup_postgres(url: str, target: Path) -> Written:
    """`pg_dump --format=custom` of the database at `target` (owner-only)."""
    dsn, env = connection(url)
    pg_dump = tool("pg_dump")
    with private_temporary(target) as temporary:
        command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges"]
        _run([*command, "--file", str(temporary), "--dbname", dsn], env, "pg_dump")
        postgres_listing(temporary)
    return Written(target, target.stat().st_size)


def postgres_listing(path: Path) -> str:
    """pg_restore's table of contents of a backup, after checking it is one of ours: a
    custom-format archive holding our migrations' version table."""
    with path.open("rb") as file:
        if file.read(len(PG_MAGIC)) != PG_MAGIC:
            raise BackupError(f"{path} bukan cadangan PostgreSQL ikm-bot (bukan pg_dump -Fc)")
    listing = _run([tool("pg_restore"), "--list", str(path)], dict(os.environ), "pg_restore")
    text = listing.decode("utf-8", "replace")
    if "TABLE DATA public alembic_version" not in text:
        raise BackupError(f"{path} bukan cadangan ikm-bot (tidak ada versi skema)")
    return text


def postgres_revision(path: Path) -> str:
    """The schema revision a PostgreSQL backup of ours carries."""
    postgres_listing(path)
    only = ["--data-only", "--table=alembic_version", "--file=-", str(path)]
    script = _run([tool("pg_restore"), *only], dict(os.environ), "pg_restore").decode()
    lines = script.split("FROM stdin;\n", 1)[-1].split("\n\\.", 1)[0].splitlines()
    if len(lines) != 1 or not lines[0].strip():
        raise BackupError(f"{path} bukan cadangan ikm-bot (versi skema tidak terbaca)")
    return lines[0].strip()


def restore_postgres(backup: Path, url: str) -> None:
    """Replace the `public` schema with the backup's, in one transaction."""
    postgres_listing(backup)
    dsn, env = connection(url)
    script = _run(
        [tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(backup)],
        env,
        "pg_restore",
    )
    psql = [tool("psql"), "--quiet", "--no-psqlrc", "--single-transaction"]
    psql += ["--set=ON_ERROR_STOP=1", "--dbname", dsn, "--file=-"]
    _run(psql, env, "psql", stdin=CLEAN_SCHEMA.encode() + script)
