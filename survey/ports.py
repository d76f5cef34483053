"""Ports the services need from the outside: a unit of work and a clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

if TYPE_CHECKING:  # only for the annotation: keeps `ikm score` from loading SQLAlchemy
    from sqlalchemy import Connection, Select
    from sqlalchemy.sql.dml import UpdateBase
    from sqlmodel.ext.asyncio.session import AsyncSession

Clock = Callable[[], datetime]
#: A claim made inside another unit of work's transaction (sync Core on its connection):
#: False when this input was handled before, and the work then changes nothing.
Once = Callable[["Connection"], bool]
T = TypeVar("T")
#: A SELECT, INSERT, UPDATE or DELETE for `UnitOfWork.first` and `UnitOfWork.execute`.
Statement: TypeAlias = "Select[Any] | UpdateBase"


class UnitOfWork(Protocol):
    """Gives one transaction per service call: committed on success, rolled back on error."""

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[AsyncSession]:
        """Open a transaction."""
        ...

    async def run(self, work: Callable[[Connection], T]) -> T:
        """Run `work` (sync Core statements) in one transaction, committed when it returns."""
        ...

    def first(
        self, conn: Connection, statement: Statement, params: Mapping[str, Any]
    ) -> Mapping[str, Any] | None:
        """Inside `run`'s work: the statement's first row by column name, or None. The
        statements of the survey's hot path go through here (and `execute`), which may run
        them faster than `conn.execute` (see ikm/db.py)."""
        ...

    def execute(self, conn: Connection, statement: Statement, params: Mapping[str, Any]) -> None:
        """Inside `run`'s work: a statement that returns no rows."""
        ...

    async def scrub(self, tables: Sequence[str]) -> None:
        """Erase for real what was deleted from `tables`: no freed page, journal or dead row
        version keeps it readable in the database files."""
        ...


class DomainError(Exception):
    """A rule of the domain said no; the message is Indonesian and safe to show."""
