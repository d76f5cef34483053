"""Small builders for integration tests."""

from __future__ import annotations

from datetime import date

from survey.people.model import Person, Role
from survey.people.roster_file import RosterRow
from survey.services import Services


def row(number: int, name: str, phone: str, role: Role = Role.ANGGOTA, bidang: str | None = None):
    """A validated roster row as the file reader would give it."""
    return RosterRow(row=number, name=name, phone=phone, role=role, bidang=bidang)


async def members(services: Services, count: int = 3) -> list[Person]:
    """`count` anggota on the roster."""
    rows = [row(i + 2, f"Anggota {i + 1}", f"+62812000000{i:02d}") for i in range(count)]
    await services.roster.import_rows(rows, dry_run=False)
    people = await services.roster.people()
    return [p for p in people if p.role is Role.ANGGOTA]


async def open_period(services: Services, name: str = "Semester II 2026") -> None:
    """Open a period with the default questionnaire."""
    await services.periods.open(name, version="dprd-6-v1", starts_on=date(2026, 7, 1))
