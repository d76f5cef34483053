"""The roster: import people all-or-nothing, find them, deactivate those who leave office."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.people.model import Person, Role
from survey.people.phone import normalize_phone
from survey.people.roster_file import RosterRow
from survey.ports import Clock, DomainError, UnitOfWork
from survey.tables import PersonRow, utcnow


class ChangeKind(StrEnum):
    """What an import does to one person."""

    NEW = "baru"
    UPDATED = "diubah"
    REACTIVATED = "diaktifkan kembali"
    UNCHANGED = "tetap"


@dataclass(frozen=True)
class RosterChange:
    """One row of an import plan."""

    kind: ChangeKind
    row: RosterRow
    fields: tuple[str, ...] = ()


def person_of(row: PersonRow) -> Person:
    """The domain view of a person row."""
    assert row.id is not None
    return Person(row.id, row.name, row.phone, Role(row.role), row.bidang, row.active)


def _plan_one(row: RosterRow, existing: PersonRow | None) -> RosterChange:
    if existing is None:
        return RosterChange(ChangeKind.NEW, row)
    wanted = {"nama": row.name, "peran": row.role.value, "bidang": row.bidang}
    have = {"nama": existing.name, "peran": existing.role, "bidang": existing.bidang}
    fields = tuple(k for k in wanted if wanted[k] != have[k])
    if not existing.active:
        return RosterChange(ChangeKind.REACTIVATED, row, fields)
    return RosterChange(ChangeKind.UPDATED if fields else ChangeKind.UNCHANGED, row, fields)


class DemoRoster(DomainError):
    """A real roster may not join the console's DEMO people in one database."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"basis data ini berisi roster DEMO ({count} orang, dibuat oleh konsol demo); roster "
            "sungguhan tidak dicampur dengannya. Impor ke basis data yang bersih: tanpa "
            "IKM_DATABASE_URL (data/ikm.db; demo konsol ada di data/demo.db) atau "
            "IKM_DATABASE_URL lain yang kosong"
        )


class RosterService:
    """Reads and changes the roster."""

    def __init__(self, db: UnitOfWork, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def import_rows(self, rows: Sequence[RosterRow], *, dry_run: bool) -> list[RosterChange]:
        """Insert or update by phone in one transaction; with `dry_run` only the plan.
        Refused (DemoRoster) where the console's DEMO people are: the two never mix."""
        async with self.db.transaction() as session:
            demo = await session.exec(select(func.count()).where(col(PersonRow.demo)))
            if count := demo.one():
                raise DemoRoster(count)
            by_phone = await self._by_phone(session, [r.phone for r in rows])
            plan = [_plan_one(r, by_phone.get(r.phone)) for r in rows]
            if not dry_run:
                for change in plan:
                    self._apply(session, change, by_phone.get(change.row.phone))
            return plan

    async def _by_phone(self, session: AsyncSession, phones: list[str]) -> dict[str, PersonRow]:
        found = await session.exec(select(PersonRow).where(col(PersonRow.phone).in_(phones)))
        return {p.phone: p for p in found}

    def _apply(self, session: AsyncSession, change: RosterChange, row: PersonRow | None) -> None:
        if change.kind is ChangeKind.UNCHANGED:
            return
        now = self.clock()
        person = row or PersonRow(name="", phone=change.row.phone, role="", created_at=now)
        person.name = change.row.name
        person.role = change.row.role.value
        person.bidang = change.row.bidang
        person.active = True
        person.deactivated_at = None
        person.updated_at = now
        session.add(person)

    async def set_active(self, phone: str, active: bool) -> Person:
        """Deactivate a person who left office (history stays), or bring them back."""
        phone = normalize_phone(phone)
        async with self.db.transaction() as session:
            row = (await session.exec(select(PersonRow).where(PersonRow.phone == phone))).first()
            if row is None:
                raise DomainError(f"nomor {phone} tidak ada di daftar")
            row.active = active
            row.deactivated_at = None if active else self.clock()
            row.updated_at = self.clock()
            session.add(row)
            return person_of(row)

    async def people(self, *, include_inactive: bool = False) -> list[Person]:
        """Everyone on the roster, by role then name."""
        async with self.db.transaction() as session:
            query = select(PersonRow).order_by(col(PersonRow.role), col(PersonRow.name))
            if not include_inactive:
                query = query.where(col(PersonRow.active).is_(True))
            return [person_of(r) for r in await session.exec(query)]

    async def get(self, person_id: int) -> Person | None:
        """A person by id."""
        async with self.db.transaction() as session:
            row = await session.get(PersonRow, person_id)
            return None if row is None else person_of(row)

    async def is_empty(self) -> bool:
        """No person at all (a fresh database)."""
        async with self.db.transaction() as session:
            return (await session.exec(select(PersonRow.id).limit(1))).first() is None
