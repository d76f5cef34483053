"""The indicators' overview: targets, status, change since last month, what to act on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from survey.indicators.service import IndicatorService
from survey.ports import DomainError
from tests.integration.test_indicators import TODAY, meeting, person, task, training, wita

pytestmark = pytest.mark.zones

MEMBERS = ("Ani", "Budi", "Cici", "Dedi", "Eka", "Fajar", "Gita")


async def seed(db) -> None:
    """Seven members in office all year and Hadi, who left in June; tasks, meetings."""
    ids = {name: await person(db, name) for name in MEMBERS}
    hadi = await person(db, "Hadi", left=wita(date(2026, 6, 15)))
    await training(db, date(2026, 3, 10), [ids["Ani"], hadi])
    await training(db, date(2026, 11, 5), [ids["Budi"]])
    await task(db, "Rapat kerja", date(2026, 9, 30), reported=date(2026, 10, 1))
    await task(db, "Kunker Jakarta", date(2026, 10, 5), reported=date(2026, 10, 9))
    await task(db, "Reses I", date(2026, 10, 20))
    await task(db, "Konsultasi anggaran", date(2026, 11, 10), bidang="fasilitasi")
    await task(db, "Kunker Bandung", TODAY)  # due today: not late yet
    await task(db, "Reses II", date(2026, 12, 5))  # after today: not counted yet
    await meeting(db, "Raperda RTRW", date(2026, 10, 2), held=date(2026, 10, 2), standard=True)
    await meeting(
        db, "Raperda Pajak", date(2026, 10, 9), held=date(2026, 10, 9), standard=False,
        missed="Undangan terlambat\nRisalah belum dibagikan",
    )  # fmt: skip
    await meeting(db, "Raperda Air", date(2026, 11, 2), held=date(2026, 11, 2), standard=True)


@pytest.fixture
async def indicators(db, services) -> IndicatorService:
    await seed(db)
    service = services.indicators
    await service.set_target("IK1", 2026, "30")
    await service.set_target("IK2", 2026, "90")
    return service


async def test_year_to_date_against_targets_with_change_and_act_on(indicators):
    assert indicators.today() == TODAY
    ik1, ik2, ik3 = await indicators.overview(date(2026, 1, 1), TODAY, today=TODAY)
    assert (ik1.value.ratio.text(), ik1.target, ik1.achieved) == ("37,50%", Decimal(30), True)
    assert ik1.previous is not None and ik1.previous.ratio.text() == "25,00%"
    assert ik1.change == Decimal("12.50")
    assert ik1.act_on.untrained == ("Cici", "Dedi", "Eka", "Fajar", "Gita")
    assert (ik2.value.ratio.numerator, ik2.value.ratio.denominator) == (2, 5)
    assert (ik2.achieved, ik2.change) == (False, Decimal("-26.67"))
    assert [(t.name, t.due_on, t.bidang) for t in ik2.act_on.overdue] == [
        ("Reses I", date(2026, 10, 20), "persidangan"),
        ("Konsultasi anggaran", date(2026, 11, 10), "fasilitasi"),
    ]
    assert (ik3.value.ratio.text(), ik3.target, ik3.achieved) == ("66,67%", None, None)
    [pajak] = ik3.act_on.below_standard
    assert pajak.agenda == "Raperda Pajak"
    assert pajak.missed_items == ("Undangan terlambat", "Risalah belum dibagikan")


async def test_a_whole_year_is_counted_up_to_today(indicators):
    year = await indicators.overview(date(2026, 1, 1), date(2026, 12, 31), today=TODAY)
    to_date = await indicators.overview(date(2026, 1, 1), TODAY, today=TODAY)
    assert year == to_date


async def test_a_month_compares_with_the_month_before(indicators):
    ik1, ik2, _ = await indicators.overview(date(2026, 10, 1), date(2026, 10, 31), today=TODAY)
    assert ik1.value.ratio.text() == "0,00%" and ik1.value.ratio.denominator == 7
    assert ik1.change == 0
    assert ik1.act_on.untrained == ("Cici", "Dedi", "Eka", "Fajar", "Gita")  # this year
    assert ik2.value.ratio.text() == "50,00%" and ik2.previous is not None
    assert ik2.previous.ratio.text() == "100,00%"
    assert ik2.change == Decimal("-50.00")
    assert [t.name for t in ik2.act_on.overdue] == ["Reses I"]


async def test_a_bidang_sees_its_own_tasks(indicators):
    [own] = await indicators.overview(
        date(2026, 1, 1), TODAY, today=TODAY, scopes=[("IK2", "fasilitasi")]
    )
    assert own.value.bidang == "fasilitasi" and own.value.ratio.text() == "0,00%"
    assert [t.name for t in own.act_on.overdue] == ["Konsultasi anggaran"]


async def test_ranges_across_years_have_no_target_and_future_ranges_are_refused(indicators):
    statuses = await indicators.overview(date(2025, 12, 1), date(2026, 1, 31), today=TODAY)
    assert all(s.target is None and s.achieved is None and s.previous is None for s in statuses)
    with pytest.raises(DomainError, match="belum dimulai"):
        await indicators.overview(date(2026, 12, 1), date(2026, 12, 31), today=TODAY)


async def test_a_planned_meeting_whose_date_passed_unrecorded_is_listed_to_act_on(indicators, db):
    await meeting(db, "Raperda Retribusi", date(2026, 11, 5))  # passed, nothing recorded
    await meeting(db, "Raperda Perubahan APBD", date(2026, 12, 10))  # still ahead
    *_, ik3 = await indicators.overview(date(2026, 1, 1), TODAY, today=TODAY)
    assert [(m.agenda, m.planned_on) for m in ik3.act_on.not_held] == [
        ("Raperda Retribusi", date(2026, 11, 5))
    ]
    assert ik3.value.ratio.text() == "50,00%"  # counted as not facilitated to standard
