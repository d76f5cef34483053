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
    from ikm.settings import Settings
    from survey.publication import Institution
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
    from survey.publication import Institution

    logo = config.institution_logo.read_bytes() if config.institution_logo else None
    return Institution(config.institution_name, config.institution_address, logo)


def with_services(
    work: Callable[[Services, Settings], Awaitable[T]], config: Settings | None = None
) -> T:
    """Migrate, then run `work` with services on a database that is closed afterwards."""
    import asyncio

    from ikm import migrate
    from ikm.db import Database
    from survey.services import Services

    config = config or settings()
    migrate.upgrade(config.database_url, create_folder=config.database_folder_may_be_created)

    async def main() -> T:
        db = Database.from_url(config.database_url)
        services = Services.build(
            db, min_responses=config.min_responses, institution=institution_of(config)
        )
        try:
            return await work(services, config)
        finally:
            await services.pool.erased()  # a release's erasure is never left for later
            await db.dispose()

    return asyncio.run(main())
