"""Builders shared by the records tests (no tests here): a roster with every role, table counts."""

from __future__ import annotations

from sqlmodel import func, select

from ikm.db import Database
from survey.people.model import Person, Role
from survey.records.tables import (
    AttendanceRow,
    AuditRow,
    MeetingRow,
    TaskReportRow,
    TaskRow,
    TrainingRow,
)
from survey.services import Services
from tests.integration.helpers import row

TABLES = (TrainingRow, AttendanceRow, TaskRow, TaskReportRow, MeetingRow, AuditRow)
ROSTER = (
    ("H. Ahmad Rizani", Role.ANGGOTA, None),
    ("Hj. Siti Aminah", Role.ANGGOTA, None),
    ("Yusuf Mahmud", Role.ANGGOTA, None),
    ("Drs. Budi Santoso", Role.KABID, "persidangan"),
    ("Rahmah", Role.STAF, None),
    ("Ir. Sekretaris", Role.SEKRETARIS, None),
)


async def roster(services: Services) -> dict[str, Person]:
    """Put ROSTER on the roster; everyone by the first word of their name after any title."""
    rows = [
        row(i + 2, name, f"+62812000001{i:02d}", role, bidang)
        for i, (name, role, bidang) in enumerate(ROSTER)
    ]
    await services.roster.import_rows(rows, dry_run=False)
    people = await services.roster.people(include_inactive=True)
    return {short(p.name): p for p in people}


def short(name: str) -> str:
    """`H. Ahmad Rizani` → `ahmad`, `Rahmah` → `rahmah`."""
    words = [w for w in name.split() if not w.endswith(".")]
    return words[0].lower()


async def counts(db: Database) -> dict[str, int]:
    """How many rows each records table holds."""
    async with db.transaction() as session:
        return {
            table.__tablename__: (
                await session.exec(select(func.count()).select_from(table))
            ).one()
            for table in TABLES
        }
