"""Who still has to answer: the members a reminder is for."""

from __future__ import annotations

from sqlmodel import col, select

from survey.people.model import Person, Role
from survey.people.roster import person_of
from survey.ports import UnitOfWork
from survey.tables import ParticipationRow, PersonRow


async def unanswered(db: UnitOfWork, period_id: int) -> list[Person]:
    """Active members with no response in the period, by name."""
    async with db.transaction() as session:
        answered = select(ParticipationRow.person_id).where(
            ParticipationRow.period_id == period_id
        )
        query = (
            select(PersonRow)
            .where(
                PersonRow.role == Role.ANGGOTA,
                col(PersonRow.active).is_(True),
                col(PersonRow.id).not_in(answered),
            )
            .order_by(col(PersonRow.name))
        )
        return [person_of(r) for r in await session.exec(query)]


async def people_with_role(db: UnitOfWork, role: Role) -> list[Person]:
    """Active people holding `role`."""
    async with db.transaction() as session:
        query = select(PersonRow).where(PersonRow.role == role, col(PersonRow.active).is_(True))
        return [person_of(r) for r in await session.exec(query.order_by(col(PersonRow.id)))]
