"""IK1–IK3 from real records: who is in office, what is in range, exact values, targets."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from survey.indicators.service import IndicatorService
from survey.ports import DomainError
from survey.records.tables import AttendanceRow, MeetingRow, TaskReportRow, TaskRow, TrainingRow
from survey.tables import PersonRow
from survey.zone import local_date
from tests.zones import WIB, WITA

pytestmark = pytest.mark.zones
TODAY = date(2026, 11, 27)
_phones = itertools.count(1)


def wita(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """An instant at a WITA wall-clock time, as UTC (how instants are stored)."""
    return datetime.combine(day, time(hour, minute), WITA).astimezone(UTC)


async def person(db, name: str, *, role="anggota", bidang=None, left: datetime | None = None):
    """A roster person; `left` deactivates them at that instant."""
    row = PersonRow(
        name=name,
        phone=f"+62811{next(_phones):07d}",
        role=role,
        bidang=bidang,
        active=left is None,
        deactivated_at=left,
    )
    async with db.transaction() as session:
        session.add(row)
        await session.flush()
        return row.id


async def training(db, day: date, attendees: Sequence[int] = (), name="Bimtek") -> int:
    async with db.transaction() as session:
        row = TrainingRow(name=name, starts_on=day, ends_on=day)
        session.add(row)
        await session.flush()
        for person_id in attendees:
            session.add(AttendanceRow(training_id=row.id, person_id=person_id))
        return row.id


async def task(db, name: str, due: date, *, bidang="persidangan", reported: date | None = None):
    async with db.transaction() as session:
        row = TaskRow(name=name, kind="kunjungan kerja", bidang=bidang, due_on=due)
        session.add(row)
        await session.flush()
        if reported is not None:
            session.add(TaskReportRow(task_id=row.id, received_on=reported, received_by="Staf"))
        return row.id


async def meeting(db, agenda: str, planned: date, *, held=None, standard=None, missed=""):
    async with db.transaction() as session:
        row = MeetingRow(
            agenda=agenda, planned_on=planned, held_on=held, standard_met=standard,
            missed_items=missed,
        )  # fmt: skip
        session.add(row)
        return None


@pytest.fixture
def indicators(services) -> IndicatorService:
    return services.indicators


async def value(indicators, code, start, end, bidang=None) -> str:
    return (await indicators.compute(code, start, end, bidang=bidang)).ratio.text()


async def test_ik1_counts_distinct_members_in_office(db, indicators):
    ani = await person(db, "Ani")
    budi = await person(db, "Budi", left=wita(date(2026, 6, 15)))  # left office mid-June
    await person(db, "Cici")  # in office, never trained
    gone = await person(db, "Dedi", left=wita(date(2025, 12, 1)))  # left before 2026
    staf = await person(db, "Staf Eka", role="staf", bidang="persidangan")
    await training(db, date(2026, 3, 10), [ani, budi, staf])
    await training(db, date(2026, 4, 1), [ani])  # Ani again: still one member
    await training(db, date(2026, 5, 1), [])  # a training nobody attended
    await training(db, date(2025, 11, 2), [gone])
    year = await indicators.compute("IK1", date(2026, 1, 1), date(2026, 12, 31))
    assert (year.ratio.numerator, year.ratio.denominator) == (2, 3)  # Budi counts for 2026
    assert year.ratio.text() == "66,67%"
    assert await value(indicators, "IK1", date(2026, 4, 1), date(2026, 4, 30)) == "33,33%"
    assert await value(indicators, "IK1", date(2026, 5, 1), date(2026, 5, 31)) == "0,00%"
    july = await indicators.compute("IK1", date(2026, 7, 1), date(2026, 7, 31))
    assert july.ratio.denominator == 2  # Budi left in June: not in office in July
    assert await value(indicators, "IK1", date(2025, 11, 1), date(2025, 11, 30)) == "25,00%"


async def test_a_member_who_leaves_on_the_first_day_does_not_count(db, indicators):
    await person(db, "Ani")
    await person(db, "Budi", left=wita(date(2026, 7, 1), 8))
    july = await indicators.compute("IK1", date(2026, 7, 1), date(2026, 7, 31))
    june = await indicators.compute("IK1", date(2026, 6, 1), date(2026, 6, 30))
    assert (july.ratio.denominator, june.ratio.denominator) == (1, 2)


async def test_the_year_turns_at_local_midnight(db, indicators, zone):
    ani = await person(db, "Ani")
    # 1 Jan 2026 23:30 WITA is still 1 Jan in UTC too, but 2 Jan 00:30 WITA is 1 Jan in UTC:
    # deactivation instants are read as local dates, so in WITA Budi left on 1 Jan, Cici on
    # 2 Jan; in WIB (an hour behind) both left on 1 Jan, at 22:30 and 23:30.
    await person(db, "Budi", left=datetime(2026, 1, 1, 15, 30, tzinfo=UTC))
    cici = await person(db, "Cici", left=datetime(2026, 1, 1, 16, 30, tzinfo=UTC))
    # A training reported at 2025-12-31T16:30Z took place on 1 January 2026 in WITA, on
    # 31 December 2025 in WIB: times are turned into local dates on input, and the date
    # decides the year.
    held = local_date(datetime(2025, 12, 31, 16, 30, tzinfo=UTC), zone)
    assert held == {WITA: date(2026, 1, 1), WIB: date(2025, 12, 31)}[zone]
    await training(db, held, [ani, cici])
    y2026 = await indicators.compute("IK1", date(2026, 1, 1), date(2026, 12, 31))
    y2025 = await indicators.compute("IK1", date(2025, 1, 1), date(2025, 12, 31))
    counted = [(y.ratio.numerator, y.ratio.denominator) for y in (y2026, y2025)]
    assert counted == {WITA: [(2, 2), (0, 3)], WIB: [(0, 1), (2, 3)]}[zone]


async def test_ik2_counts_reports_of_tasks_due_in_range(db, indicators):
    await task(db, "Kunker Jakarta", date(2026, 10, 5), reported=date(2026, 10, 9))
    await task(db, "Reses I", date(2026, 10, 20))
    await task(db, "Kunker Banjarmasin", date(2026, 11, 3), reported=date(2026, 10, 30))
    await task(db, "Rapat kerja", date(2026, 9, 30), reported=date(2026, 10, 2))
    await task(db, "Konsultasi anggaran", date(2026, 10, 7), bidang="fasilitasi")
    october = await indicators.compute("IK2", date(2026, 10, 1), date(2026, 10, 31))
    assert (october.ratio.numerator, october.ratio.denominator) == (1, 3)
    assert october.ratio.text() == "33,33%"
    fasilitasi = await indicators.compute(
        "IK2", date(2026, 10, 1), date(2026, 10, 31), bidang="Fasilitasi"
    )
    assert fasilitasi.ratio.text() == "0,00%" and fasilitasi.bidang == "fasilitasi"
    assert await value(indicators, "IK2", date(2026, 8, 1), date(2026, 8, 31)) == (
        "tidak dapat dihitung"
    )


@pytest.mark.parametrize(("reported", "expected"), [(1, "12,50%"), (5, "62,50%")])
async def test_ik2_eighths_round_half_up(db, indicators, reported, expected):
    for i in range(8):
        done = date(2026, 3, 20) if i < reported else None
        await task(db, f"Tugas {i}", date(2026, 3, 10 + i), reported=done)
    assert await value(indicators, "IK2", date(2026, 3, 1), date(2026, 3, 31)) == expected


async def test_ik3_counts_meetings_held_to_standard_over_planned(db, indicators):
    await meeting(db, "Raperda RTRW", date(2026, 10, 2), held=date(2026, 10, 2), standard=True)
    await meeting(
        db, "Raperda Pajak", date(2026, 10, 9), held=date(2026, 10, 9), standard=False,
        missed="Undangan terlambat",
    )  # fmt: skip
    await meeting(db, "Raperda Pasar", date(2026, 10, 23))  # planned, not held
    await meeting(db, "Raperda Air", date(2026, 11, 2), held=date(2026, 11, 2), standard=True)
    assert await value(indicators, "IK3", date(2026, 10, 1), date(2026, 10, 31)) == "33,33%"
    assert await value(indicators, "IK3", date(2026, 1, 1), date(2026, 12, 31)) == "50,00%"
    assert await value(indicators, "IK3", date(2026, 9, 1), date(2026, 9, 30)) == (
        "tidak dapat dihitung"
    )


async def test_zero_denominators_cannot_be_computed(indicators):
    for code in ("IK1", "IK2", "IK3"):
        found = await indicators.compute(code, date(2026, 1, 1), date(2026, 12, 31))
        assert found.percent is None and found.ratio.text() == "tidak dapat dihitung"


async def test_iku_and_split_indicators_are_refused(indicators):
    with pytest.raises(DomainError, match="/ikm"):
        await indicators.compute("IKU", date(2026, 1, 1), date(2026, 1, 31))
    with pytest.raises(DomainError, match="tidak dibagi per bidang"):
        await indicators.compute("IK3", date(2026, 1, 1), date(2026, 1, 31), bidang="umum")


async def test_targets_are_set_replaced_listed_and_validated(indicators):
    assert [t.value for t in await indicators.targets(2026)] == [None] * 4
    await indicators.set_target("ik1", 2026, "80")
    await indicators.set_target("IK1", 2026, "82,5")
    await indicators.set_target("IKU", 2026, "88.31")
    await indicators.set_target("IK3", 2025, "70")
    found = {t.code: t.value for t in await indicators.targets(2026)}
    assert found == {"IKU": Decimal("88.31"), "IK1": Decimal("82.5"), "IK2": None, "IK3": None}
    for code, year, text, message in [
        ("IK1", 2027, "80", "2021–2026"),
        ("IK2", 2026, "120", "antara 0 dan 100"),
        ("IKU", 2026, "20", "antara 25 dan 100"),
        ("IK9", 2026, "20", "tidak dikenal"),
    ]:
        with pytest.raises(DomainError, match=message):
            await indicators.set_target(code, year, text)
    with pytest.raises(DomainError, match="2021–2026"):
        await indicators.targets(2020)
