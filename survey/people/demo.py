"""A clearly marked demo roster and period, for a first `make run` on an empty database."""

from __future__ import annotations

from datetime import date

from survey.people.bidang import Bidang
from survey.people.model import Role
from survey.ports import UnitOfWork
from survey.questionnaire.model import DEFAULT_VERSION
from survey.tables import PeriodRow, PersonRow

DEMO_PEOPLE: tuple[tuple[str, Role, str | None], ...] = (
    *((f"Anggota Demo {i} (DEMO)", Role.ANGGOTA, None) for i in range(1, 7)),
    ("Kabid Persidangan Demo (DEMO)", Role.KABID, Bidang.PERSIDANGAN),
    ("Kabid Fasilitasi Demo (DEMO)", Role.KABID, Bidang.FASILITASI),
    ("Staf Demo (DEMO)", Role.STAF, Bidang.PERSIDANGAN),
    ("Sekretaris Demo (DEMO)", Role.SEKRETARIS, None),
)


async def seed_demo(db: UnitOfWork, today: date) -> str:
    """Insert the demo people and open a demo period; returns the period's name."""
    name = f"Demo {today.year}"
    async with db.transaction() as session:
        for number, (person, role, bidang) in enumerate(DEMO_PEOPLE, start=1):
            phone = f"+628110000{number:04d}"
            session.add(PersonRow(name=person, phone=phone, role=role, bidang=bidang, demo=True))
        session.add(PeriodRow(name=name, starts_on=today, questionnaire_version=DEFAULT_VERSION))
    return name
