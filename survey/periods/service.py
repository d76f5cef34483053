"""Survey periods: open, close, list. At most one is open; it freezes its questionnaire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.dates import format_date
from survey.people.model import Person, Role
from survey.people.participation import people_with_role, unanswered
from survey.periods.names import checked_name, file_stem
from survey.periods.pool import ResponsePool
from survey.ports import Clock, DomainError, UnitOfWork
from survey.questionnaire.model import load_questionnaire
from survey.tables import OPEN_STATUS, ParticipationRow, PeriodRow, utcnow
from survey.zone import WITA, local_date


@dataclass(frozen=True)
class Period:
    """A period as services hand it out."""

    id: int
    name: str
    starts_on: date
    ends_on: date | None
    questionnaire_version: str
    is_open: bool
    closed_at: datetime | None
    respondents: int = 0

    def state(self, today: date) -> str:
        """`terjadwal` (open, its first day still ahead), `terbuka` or `ditutup`."""
        if not self.is_open:
            return "ditutup"
        return "terjadwal" if today < self.starts_on else "terbuka"


@dataclass(frozen=True)
class Pending:
    """Who in office has not answered the open period yet, out of how many members."""

    period: Period
    people: tuple[Person, ...]
    in_office: int


def period_of(row: PeriodRow, respondents: int = 0) -> Period:
    """The domain view of a period row."""
    assert row.id is not None
    return Period(
        id=row.id,
        name=row.name,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        questionnaire_version=row.questionnaire_version,
        is_open=row.status == "open",
        closed_at=row.closed_at,
        respondents=respondents,
    )


async def open_row(session: AsyncSession) -> PeriodRow | None:
    """The open period's row, if any."""
    result = await session.exec(select(PeriodRow).where(col(PeriodRow.status) == OPEN_STATUS))
    return result.first()


class PeriodService:
    """Opens, closes and lists survey periods."""

    def __init__(
        self, db: UnitOfWork, pool: ResponsePool, clock: Clock = utcnow, zone: tzinfo = WITA
    ) -> None:
        self.db = db
        self.pool = pool
        self.clock = clock
        self.zone = zone

    def today(self) -> date:
        """Today's local date."""
        return local_date(self.clock(), self.zone)

    async def open(
        self, name: str, *, version: str, starts_on: date, ends_on: date | None = None
    ) -> Period:
        """Open a new period; refused while another is open or when the name is taken. A
        first day after today schedules it: members answer from that (local) day on, until
        the end of `ends_on`, which may not have passed already."""
        name = checked_name(name)
        if ends_on is not None and ends_on < starts_on:
            raise DomainError("tanggal selesai tidak boleh sebelum tanggal mulai")
        if ends_on is not None and ends_on < self.today():
            raise DomainError(
                f"tanggal selesai {format_date(ends_on)} sudah lewat (hari ini "
                f"{format_date(self.today())}); periode itu tidak dapat menerima jawaban"
            )
        load_questionnaire(version)
        try:
            async with self.db.transaction() as session:
                await self._check_free(session, name)
                row = PeriodRow(
                    name=name, starts_on=starts_on, ends_on=ends_on, questionnaire_version=version
                )
                session.add(row)
                await session.flush()
                return period_of(row)
        except IntegrityError:
            raise DomainError("periode lain baru saja dibuka; periksa `ikm period list`") from None

    async def _check_free(self, session: AsyncSession, name: str) -> None:
        current = await open_row(session)
        if current is not None:
            raise DomainError(
                f"periode '{current.name}' masih terbuka; tutup dulu dengan `ikm period close`"
            )
        taken = await session.exec(select(PeriodRow.id).where(PeriodRow.name == name))
        if taken.first() is not None:
            raise DomainError(f"nama periode '{name}' sudah dipakai")
        stem = file_stem(name)
        for other in (await session.exec(select(PeriodRow.name))).all():
            if file_stem(other) == stem:  # only names differing in case: one export file
                raise DomainError(f"nama periode '{name}' terlalu mirip dengan '{other}'")

    async def close(self) -> Period:
        """Close the open period and release its sealed remainder, however small."""
        async with self.db.transaction() as session:
            row = await open_row(session)
            if row is None:
                raise DomainError("tidak ada periode yang sedang terbuka")
            row.status = "closed"
            row.closed_at = self.clock()
            session.add(row)
            closed = period_of(row)
        await self.pool.release()  # a crash before this is caught up at start-up
        await self.pool.erased()
        return closed

    async def close_ended(self) -> Period | None:
        """Close the open period once its last local day is over; None when none is due."""
        async with self.db.transaction() as session:
            row = await open_row(session)
            if row is None or row.ends_on is None or row.ends_on >= self.today():
                return None
        return await self.close()

    async def not_answered(self) -> Pending:
        """The members in office who have not submitted in the open period, by name: nothing
        about when or in what order anyone else submitted."""
        period = await self.current()
        if period is None:
            raise DomainError("tidak ada periode yang sedang terbuka")
        members = await people_with_role(self.db, Role.ANGGOTA)
        return Pending(period, tuple(await unanswered(self.db, period.id)), len(members))

    async def current(self) -> Period | None:
        """The open period, if any."""
        async with self.db.transaction() as session:
            row = await open_row(session)
            return None if row is None else period_of(row)

    async def list(self) -> list[Period]:
        """Every period, newest first, with its respondent count."""
        async with self.db.transaction() as session:
            counts = (
                select(ParticipationRow.period_id, func.count().label("n"))
                .group_by(col(ParticipationRow.period_id))
                .subquery()
            )
            query = (
                select(PeriodRow, counts.c.n)
                .outerjoin(counts, counts.c.period_id == PeriodRow.id)
                .order_by(col(PeriodRow.starts_on).desc(), col(PeriodRow.id).desc())
            )
            rows = (await session.exec(query)).all()
            return [period_of(row, n or 0) for row, n in rows]
