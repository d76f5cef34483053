"""Chat accounts bound to roster people: who is writing, on which channel."""

from __future__ import annotations

from sqlmodel import col, delete, select

from survey.people import Person
from survey.ports import UnitOfWork
from survey.roster import person_of
from survey.tables import ChatAccountRow, PersonRow


class AccountService:
    """Looks up and binds chat accounts."""

    def __init__(self, db: UnitOfWork) -> None:
        self.db = db

    async def person_for(self, channel: str, external_id: str) -> Person | None:
        """The active roster person behind a chat account, if bound."""
        async with self.db.transaction() as session:
            query = (
                select(PersonRow)
                .join(ChatAccountRow, col(ChatAccountRow.person_id) == col(PersonRow.id))
                .where(
                    ChatAccountRow.channel == channel,
                    ChatAccountRow.external_id == external_id,
                    col(PersonRow.active).is_(True),
                )
            )
            row = (await session.exec(query)).first()
            return None if row is None else person_of(row)

    async def switch(self, channel: str, external_id: str, person_id: int) -> None:
        """Point the account at another person, replacing both sides' old bindings.

        Only for channels where the operator is trusted to act as anyone (the console).
        """
        async with self.db.transaction() as session:
            await session.exec(
                delete(ChatAccountRow).where(
                    col(ChatAccountRow.channel) == channel,
                    (col(ChatAccountRow.external_id) == external_id)
                    | (col(ChatAccountRow.person_id) == person_id),
                )
            )
            session.add(
                ChatAccountRow(channel=channel, external_id=external_id, person_id=person_id)
            )
