"""Chat accounts bound to roster people: who is writing, on which channel, and how they bind."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import partial

import sqlalchemy as sa
from sqlalchemy import Connection, bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.people.model import Person, Role
from survey.people.phone import InvalidPhone, normalize_phone
from survey.people.roster import person_of
from survey.ports import Clock, DomainError, UnitOfWork
from survey.tables import ChatAccountRow, InviteRow, PersonRow, utcnow

INVITE_DAYS = 7
PERSON = PersonRow.__table__  # type: ignore[attr-defined]
ACCOUNT = ChatAccountRow.__table__  # type: ignore[attr-defined]
BOUND_PERSON = (
    sa.select(PERSON)
    .join(ACCOUNT, ACCOUNT.c.person_id == PERSON.c.id)
    .where(ACCOUNT.c.channel == bindparam("channel"))
    .where(ACCOUNT.c.external_id == bindparam("external_id"))
)


def token_hash(token: str) -> str:
    """The stored form of an invite token: a leaked table gives no working link."""
    return hashlib.sha256(token.encode()).hexdigest()


#: The channels on which a person binds a chat account of their own.
RELEASABLE_CHANNELS = ("telegram", "whatsapp")


class NotOnRoster(DomainError):
    """A shared phone number that no active roster person has: a stranger, refused politely."""

    def __init__(self) -> None:
        super().__init__("nomor tersebut tidak terdaftar di roster")


class AccountService:
    """Looks up and binds chat accounts."""

    def __init__(self, db: UnitOfWork, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def person_for(self, channel: str, external_id: str) -> Person | None:
        """The active roster person behind a chat account, if bound."""
        return await self.db.run(partial(active_person, channel, external_id))

    async def external_id(self, channel: str, person_id: int) -> str | None:
        """The chat account id of a person on a channel, if they have bound one."""
        async with self.db.transaction() as session:
            query = select(ChatAccountRow.external_id).where(
                ChatAccountRow.channel == channel, ChatAccountRow.person_id == person_id
            )
            return (await session.exec(query)).first()

    async def reachable(self, person_id: int) -> bool:
        """Whether the person has a chat account the bot can write to."""
        for channel in RELEASABLE_CHANNELS:
            if await self.external_id(channel, person_id) is not None:
                return True
        return False

    async def bind_phone(self, channel: str, external_id: str, phone: str) -> Person:
        """Bind the account to the roster person with this (own, verified) phone number."""
        try:
            phone = normalize_phone(phone)
        except InvalidPhone:
            raise NotOnRoster from None
        async with self.db.transaction() as session:
            row = (await session.exec(select(PersonRow).where(PersonRow.phone == phone))).first()
            if row is None or not row.active:
                raise NotOnRoster
            return await self._bind(session, channel, external_id, row)

    async def create_invite(self, phone: str) -> tuple[str, Person]:
        """A new single-use token for the person with `phone`, valid for seven days."""
        phone = normalize_phone(phone)
        token = secrets.token_urlsafe(24)
        async with self.db.transaction() as session:
            row = (await session.exec(select(PersonRow).where(PersonRow.phone == phone))).first()
            if row is None or row.id is None or not row.active:
                raise DomainError(f"nomor {phone} tidak ada di roster (atau nonaktif)")
            expires = self.clock() + timedelta(days=INVITE_DAYS)
            session.add(
                InviteRow(person_id=row.id, token_hash=token_hash(token), expires_at=expires)
            )
            return token, person_of(row)

    async def redeem_invite(self, channel: str, external_id: str, token: str) -> Person:
        """Bind the account through an invite token; each token works once, within its week."""
        async with self.db.transaction() as session:
            invite = (
                await session.exec(
                    select(InviteRow)
                    .where(InviteRow.token_hash == token_hash(token))
                    .with_for_update()
                )
            ).first()
            now = self.clock()
            if invite is None or invite.used_at is not None or invite.expires_at <= now:
                raise DomainError("tautan undangan tidak berlaku (sudah dipakai atau kedaluwarsa)")
            row = await session.get(PersonRow, invite.person_id)
            if row is None or not row.active:
                raise DomainError("tautan undangan tidak berlaku")
            person = await self._bind(session, channel, external_id, row)
            invite.used_at = now
            session.add(invite)
            return person

    async def _bind(
        self, session: AsyncSession, channel: str, external_id: str, row: PersonRow
    ) -> Person:
        current = await _bound_person(session, channel, external_id)
        if current is not None:
            if current.id == row.id:
                return person_of(row)
            raise DomainError("akun ini sudah terhubung dengan orang lain; hubungi staf")
        taken = await session.exec(
            select(ChatAccountRow.id).where(
                ChatAccountRow.channel == channel, ChatAccountRow.person_id == row.id
            )
        )
        if taken.first() is not None:
            raise DomainError(f"{row.name} sudah terhubung dengan akun lain; hubungi staf")
        assert row.id is not None
        session.add(ChatAccountRow(channel=channel, external_id=external_id, person_id=row.id))
        try:
            await session.flush()
        except IntegrityError:
            raise DomainError("akun ini baru saja terhubung; coba lagi") from None
        return person_of(row)

    async def unbind(self, channel: str, phone: str) -> int:
        """Staff only: release a person's account on a channel so they can bind anew; a
        channel people cannot bind on (`sms`) is refused rather than 'released' as 0."""
        channel = channel.strip().lower()
        if channel not in RELEASABLE_CHANNELS:
            raise DomainError(
                f"kanal '{channel}' tidak dikenal; pilih {' atau '.join(RELEASABLE_CHANNELS)}"
            )
        phone = normalize_phone(phone)
        async with self.db.transaction() as session:
            row = (await session.exec(select(PersonRow).where(PersonRow.phone == phone))).first()
            if row is None:
                raise DomainError(f"nomor {phone} tidak ada di daftar")
            result = await session.exec(
                delete(ChatAccountRow).where(
                    col(ChatAccountRow.channel) == channel, col(ChatAccountRow.person_id) == row.id
                )
            )
            return int(result.rowcount or 0)

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


async def _bound_person(session: AsyncSession, channel: str, external_id: str) -> PersonRow | None:
    query = (
        select(PersonRow)
        .join(ChatAccountRow, col(ChatAccountRow.person_id) == col(PersonRow.id))
        .where(ChatAccountRow.channel == channel, ChatAccountRow.external_id == external_id)
    )
    return (await session.exec(query)).first()


def active_person(channel: str, external_id: str, conn: Connection) -> Person | None:
    """The active person bound to the account, read with one Core statement."""
    params = {"channel": channel, "external_id": external_id}
    row = conn.execute(BOUND_PERSON, params).first()
    if row is None or not row.active:
        return None
    return Person(row.id, row.name, row.phone, Role(row.role), row.bidang, row.active)
