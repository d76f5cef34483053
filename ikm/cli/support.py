"""What every `ikm` subcommand shares: the one-line Failure, the settings, and services on a
migrated database, built once per command. Its own module, so that cli.py imports the
subcommand modules and they import this, never cli.py back.

Database, settings and survey modules are imported inside the functions: `ikm score` and
`--help` must not pay for SQLAlchemy and Alembic at start-up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from ikm.db import Database
    from ikm.settings import Settings
    from survey.publication.institution import Institution
    from survey.services import Services


T = TypeVar("T")


class Failure(Exception):
    """A one-line message for the user; the command exits non-zero."""


def settings() -> Settings:
    """The settings, or a one-line failure naming the bad variable."""
    from ikm.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        raise Failure(str(exc)) from None


def institution_of(config: Settings) -> Institution:
    """Who publishes, from the settings (the logo read once, here)."""
    from survey.publication.institution import Institution

    logo = config.institution_logo.read_bytes() if config.institution_logo else None
    return Institution(config.institution_name, config.institution_address, logo)


def services_of(db: Database, config: Settings) -> Services:
    """Every service on `db`, built once, as the settings say: the zone local dates are read
    in (IKM_TIMEZONE), the results threshold, the institution, the extra bidang."""
    from survey.services import Services

    return Services.build(
        db,
        zone=config.zone,
        min_responses=config.min_responses,
        institution=institution_of(config),
        extra_bidang=config.extra_bidang,
    )


def with_database(
    work: Callable[[Database, Services, Settings], Awaitable[T]], config: Settings | None = None
) -> T:
    """Migrate, then run `work` with the database and the services built on it; the database
    is closed afterwards."""
    import asyncio

    from ikm import migrate
    from ikm.db import Database

    config = config or settings()
    migrate.upgrade(config.database_url, create_folder=config.database_folder_may_be_created)

    async def main() -> T:
        db = Database.from_url(config.database_url)
        services = services_of(db, config)
        try:
            return await work(db, services, config)
        finally:
            await services.pool.erased()  # a release's erasure is never left for later
            await db.dispose()

    return asyncio.run(main())


def with_services(
    work: Callable[[Services, Settings], Awaitable[T]], config: Settings | None = None
) -> T:
    """Migrate, then run `work` with services on a database that is closed afterwards."""
    return with_database(lambda _db, services, given: work(services, given), config)
