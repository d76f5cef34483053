"""A period takes answers from its first day to the end of its last (WITA): one scheduled
ahead opens on its day, one whose last day is over is closed by the scheduler with the usual
notice to the Sekretaris, and nobody answers outside those days meanwhile."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.chat import texts
from bot.chat.render import render
from survey.conversation.events import Start
from survey.conversation.screens import Note, Notice, QuestionScreen
from survey.people.model import Role
from survey.ports import DomainError
from tests.integration.helpers import members, row
from tests.integration.test_scheduler import jobs_for, keys

MIDNIGHT_WITA_1_DEC = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)


async def start(services, person_id: int):
    [reply, *_] = await services.survey.handle(person_id, Start())
    return reply


async def test_a_period_starting_later_is_scheduled_and_opens_on_its_day(services, clock, db):
    member, *_ = await members(services, 2)
    period = await services.periods.open(
        "Semester I 2027", version="dprd-6-v1", starts_on=date(2027, 1, 1)
    )
    assert period.state(date(2026, 11, 27)) == "terjadwal"
    assert (await services.periods.list())[0].state(date(2027, 1, 1)) == "terbuka"
    refused = await start(services, member.id)
    assert refused == Notice(Note.PERIOD_NOT_BEGUN, "1 Januari 2027")
    assert render(refused).text == "Periode survei berikutnya dibuka pada 1 Januari 2027. " + (
        "Sampai jumpa!"
    )
    jobs, _ = jobs_for(services, clock)
    monday = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # 09:00 WITA, before the first day
    assert await jobs.remind(monday) == 0
    clock.now = datetime(2026, 12, 31, 15, 59, tzinfo=UTC)  # 23:59 WITA on 31 December
    assert isinstance(await start(services, member.id), Notice)
    clock.now = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # 00:00 WITA on 1 January
    assert isinstance(await start(services, member.id), QuestionScreen)
    assert await jobs.remind(datetime(2027, 1, 4, 1, 0, tzinfo=UTC)) == 2
    assert await keys(db)


async def test_the_end_of_the_last_day_closes_the_period_with_the_close_notice(
    services, clock, db
):
    member, other = await members(services, 2)
    await services.roster.import_rows(
        [row(9, "Sekretaris", "+6281400000009", Role.SEKRETARIS)], dry_run=False
    )
    await services.periods.open(
        "November 2026", version="dprd-6-v1", starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 30),
    )  # fmt: skip
    jobs, _ = jobs_for(services, clock)
    clock.now = MIDNIGHT_WITA_1_DEC - timedelta(minutes=1)  # 23:59 WITA on the last day
    assert isinstance(await start(services, member.id), QuestionScreen)
    assert await jobs.close_ended(clock.now) == 0
    clock.now = MIDNIGHT_WITA_1_DEC
    refused = await start(services, other.id)
    assert render(refused).text == "Periode survei sudah berakhir pada 30 November 2026. " + (
        "Terima kasih."
    )
    assert await jobs.close_ended(clock.now) == 1
    assert await jobs.close_ended(clock.now) == 0
    [closed] = await services.periods.list()
    assert not closed.is_open and closed.closed_at == MIDNIGHT_WITA_1_DEC
    assert [k for k in await keys(db) if k.startswith("periode-ditutup:")] == [
        f"periode-ditutup:{closed.id}:3"
    ]
    assert render(await start(services, other.id)).text == texts.NOTES[Note.NO_OPEN_PERIOD]


async def test_a_period_whose_last_day_has_passed_cannot_be_opened(services):
    with pytest.raises(DomainError) as refused:
        await services.periods.open(
            "Lama", version="dprd-6-v1", starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 31)
        )
    assert str(refused.value) == (
        "tanggal selesai 31 Oktober 2026 sudah lewat (hari ini 27 November 2026); periode itu "
        "tidak dapat menerima jawaban"
    )
    assert await services.periods.list() == []
