"""Shared fixtures: a fresh migrated database per test: SQLite always, PostgreSQL when set.

`reset_postgres` (tests/postgres.py) is re-exported here for the e2e helpers and the bench."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ikm import migrate
from ikm.db import Database
from survey.services import Services
from survey.zone import WITA
from tests.postgres import create_database, reset_postgres, worker_url
from tests.zones import ZONES

__all__ = ["PG_URL", "reset_postgres"]

#: The PostgreSQL test database of this process: under pytest-xdist each worker has its own
#: (`<database>_gw0`, …), since every test drops or empties its schema.
PG_URL = worker_url(os.environ.get("IKM_TEST_DATABASE_URL"), os.environ.get("PYTEST_XDIST_WORKER"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """In a module marked `zones`, every test that reaches the `zone` fixture (directly or
    through `services`) runs once per zone, as if IKM_TIMEZONE said so."""
    if "zone" in metafunc.fixturenames and metafunc.definition.get_closest_marker("zones"):
        metafunc.parametrize("zone", list(ZONES.values()), ids=list(ZONES), indirect=True)


def database_params() -> list[object]:
    """SQLite always; PostgreSQL only when IKM_TEST_DATABASE_URL is set."""
    pg = pytest.param("postgresql", marks=pytest.mark.postgres)
    return ["sqlite", pg] if PG_URL else ["sqlite"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "ikm.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session", autouse=True)
def postgres_database() -> None:
    """This process's PostgreSQL test database exists (a worker's is created on first use)."""
    if PG_URL:
        asyncio.run(create_database(PG_URL))


@pytest.fixture(params=database_params())
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """The URL of a fresh, migrated database of the parametrised kind."""
    if request.param == "postgresql":
        assert PG_URL is not None
        asyncio.run(reset_postgres(PG_URL))
        return PG_URL
    path = tmp_path / "ikm.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """An open database on the fresh schema."""
    database = Database.from_url(database_url)
    yield database
    await database.dispose()


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 27, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    """A fixed, controllable clock."""
    return FakeClock()


@pytest.fixture
def zone(request: pytest.FixtureRequest) -> ZoneInfo:
    """The zone local dates are read in (IKM_TIMEZONE): WITA, or each of WITA and WIB in a
    module marked `zones`."""
    return getattr(request, "param", WITA)


@pytest.fixture
async def services(db: Database, clock: FakeClock, zone: ZoneInfo) -> AsyncIterator[Services]:
    """Every service on the test database, in the test's zone. A release's erasure runs in the
    background half a second later: it is awaited here, before the database closes, so no
    connection of it is left to the garbage collector (a ResourceWarning in a later test)."""
    built = Services.build(db, clock, zone=zone)
    yield built
    await built.pool.erased()


@pytest.fixture
def tmp_cwd(tmp_path: Path) -> Iterator[Path]:
    """Run in an empty folder (no stray `.env`)."""
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)
