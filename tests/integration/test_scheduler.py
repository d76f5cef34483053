"""The scheduler on a controllable clock: reminders, notices, outbox, catch-up, leadership."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from ikm.db import Database
from scheduler.clockwork import Clockwork, Plan, last_fire, triggers
from scheduler.jobs import Jobs, Wording
from scheduler.leader import LOCK_KEY, lead
from scheduler.outbox import Outbox, Queued
from scheduler.sender import Sender, TryLater, Undeliverable
from scheduler.tables import OutboxRow
from survey.conversation.events import Answer, Skip, Start, Submit
from survey.people.model import Role
from tests.integration.helpers import members, open_period, row
from tests.zones import WITA

pytestmark = pytest.mark.zones
CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
WORDING = Wording(
    reminder=lambda name, period: f"Yth. {name}, survei {period.name} menunggu.",
    period_closed=lambda result: f"Periode {result.period.name} ditutup: {result.respondents}",
)


class ScriptedChannel:
    """A channel whose outcome per message key is scripted: exceptions first, then success."""

    def __init__(self, script: dict[str, list[Exception]] | None = None) -> None:
        self.script = script or {}
        self.delivered: list[str] = []

    async def deliver(self, message: Queued) -> str:
        outcomes = self.script.get(message.key, [])
        if outcomes:
            raise outcomes.pop(0)
        self.delivered.append(message.key)
        return "telegram"


def jobs_for(services, clock, max_reminders=3):
    outbox = Outbox(services.db, clock)
    return Jobs(services, outbox, WORDING, max_reminders=max_reminders), outbox


async def keys(db: Database) -> list[str]:
    async with db.transaction() as session:
        return sorted((await session.exec(select(OutboxRow.key))).all())


async def submit(services, person_id: int) -> None:
    await services.survey.handle(person_id, Start())
    for code in CODES:
        await services.survey.handle(person_id, Answer(code, 3))
    await services.survey.handle(person_id, Skip())
    await services.survey.handle(person_id, Submit())


def test_monday_nine_wita_is_one_utc_and_weekdays_are_names():
    plan = Plan(reminder_days="mon", reminder_time=datetime(2026, 1, 1, 9).time())
    trigger = triggers(plan, WITA)["pengingat"]
    fire = trigger.get_next_fire_time(None, datetime(2026, 11, 28, tzinfo=UTC))  # a Saturday
    assert fire.astimezone(UTC) == datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    assert fire.strftime("%A") == "Monday"


def test_last_fire_finds_a_run_missed_inside_the_window_only():
    trigger = triggers(Plan(), WITA)["pengingat"]
    monday_run = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    assert last_fire(trigger, monday_run + timedelta(hours=2), timedelta(hours=6)) == monday_run
    assert last_fire(trigger, monday_run + timedelta(hours=7), timedelta(hours=6)) is None


async def test_reminders_go_to_members_who_have_not_answered_and_stop_after_submit(
    services, db, clock
):
    first, *_ = await members(services, 3)
    await open_period(services)
    jobs, _ = jobs_for(services, clock, max_reminders=2)
    monday = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # 09:00 WITA
    assert await jobs.remind(monday) == 3
    assert await jobs.remind(monday) == 0  # the same week again: nothing doubled
    await submit(services, first.id)
    assert await jobs.remind(monday + timedelta(days=7)) == 2
    assert await jobs.remind(monday + timedelta(days=14)) == 0  # at most two per period
    sent = await keys(db)
    assert len(sent) == 5 and not any(f":{first.id}:2026-W50" in k for k in sent)


async def test_no_reminder_at_night_or_without_an_open_period(services, clock):
    await members(services, 2)
    jobs, _ = jobs_for(services, clock)
    monday_morning = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    assert await jobs.remind(monday_morning) == 0  # no period
    await open_period(services)
    assert await jobs.remind(datetime(2026, 11, 30, 13, 0, tzinfo=UTC)) == 0  # 21:00 WITA


async def test_closing_a_period_notifies_the_sekretaris_once(services, db, clock):
    await members(services, 1)
    await services.roster.import_rows(
        [row(9, "Sekretaris", "+6281400000009", Role.SEKRETARIS)], dry_run=False
    )
    await open_period(services)
    await services.periods.close()
    jobs, _ = jobs_for(services, clock)
    assert await jobs.notify_closed(clock.now) == 1
    assert await jobs.notify_closed(clock.now) == 0
    assert await jobs.notify_closed(clock.now + timedelta(days=8)) == 0
    assert len(await keys(db)) == 1


async def test_a_send_failing_three_times_then_succeeding_is_delivered_once(services, db, clock):
    person, other = await members(services, 2)
    outbox = Outbox(db, clock)
    assert await outbox.enqueue("k1", person.id, "uji", "halo")
    assert not await outbox.enqueue("k1", person.id, "uji", "halo lagi")
    await outbox.enqueue("k2", other.id, "uji", "halo")
    channel = ScriptedChannel(
        {
            "k1": [TryLater("502"), TryLater("429", timedelta(seconds=1)), TryLater("putus")],
            "k2": [Undeliverable("diblokir (403)")],
        }
    )
    sender = Sender(outbox, channel)
    for _ in range(4):
        await sender.run_once()
        clock.now += timedelta(minutes=1)
    await sender.run_once()
    assert channel.delivered == ["k1"]
    async with db.transaction() as session:
        rows = {r.key: r for r in (await session.exec(select(OutboxRow))).all()}
    assert rows["k1"].sent_at is not None and rows["k1"].attempts == 3
    assert rows["k2"].failed_at is not None and rows["k2"].sent_at is None
    assert "403" in (rows["k2"].last_error or "")


async def test_a_run_missed_while_down_is_caught_up_once_inside_the_grace_window(
    services, db, clock
):
    await members(services, 2)
    await open_period(services)
    jobs, outbox = jobs_for(services, clock)
    clockwork = Clockwork(jobs, Sender(outbox, ScriptedChannel()), Plan(), WITA, clock)
    clock.now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 16:00 WITA, 7 h after the run
    await clockwork.catch_up()
    assert await keys(db) == []
    clock.now = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)  # 11:00 WITA, 2 h after the run
    await clockwork.catch_up()
    await clockwork.catch_up()
    assert len(await keys(db)) == 2


async def test_only_one_process_leads_on_postgresql(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serves one process, which always leads")
    first_db, second_db = Database.from_url(database_url), Database.from_url(database_url)
    first_stop, stop = asyncio.Event(), asyncio.Event()
    leading: list[str] = []

    def work(name):
        async def run(step_down):
            leading.append(name)
            await step_down.wait()
            leading.remove(name)

        return run

    tasks: list[asyncio.Task[None]] = []  # stopped however the test ends, so nothing leaks
    try:
        first = asyncio.create_task(lead(first_db.engine, first_stop, work("first"), retry=0.2))
        tasks.append(first)
        await _until(lambda: leading == ["first"])
        tasks.append(asyncio.create_task(lead(second_db.engine, stop, work("second"), retry=0.2)))
        await asyncio.sleep(0.6)
        assert leading == ["first"]
        first_stop.set()
        await asyncio.wait_for(first, 10)
        await _until(lambda: leading == ["second"])
    finally:
        first_stop.set()
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await first_db.dispose()
        await second_db.dispose()


async def test_a_leader_whose_connection_drops_steps_down_and_the_other_takes_over(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serves one process, which always leads")
    first_db, second_db = Database.from_url(database_url), Database.from_url(database_url)
    stop = asyncio.Event()
    leading: list[str] = []
    stepped_down: list[str] = []

    def work(name):
        async def run(step_down):
            leading.append(name)
            await step_down.wait()
            leading.remove(name)
            if not stop.is_set():
                stepped_down.append(name)

        return run

    async def holder() -> int:
        async with first_db.engine.connect() as conn:
            found = await conn.exec_driver_sql(
                f"SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = {LOCK_KEY}"
                # advisory locks are per database: other test databases on the server have theirs
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            return found.scalar_one()

    tasks: list[asyncio.Task[None]] = []  # stopped however the test ends, so nothing leaks
    try:
        tasks.append(asyncio.create_task(lead(first_db.engine, stop, work("first"), 0.2, 0.2)))
        await _until(lambda: leading == ["first"])
        first_backend = await holder()
        tasks.append(asyncio.create_task(lead(second_db.engine, stop, work("second"), 0.2, 0.2)))
        await asyncio.sleep(0.5)
        assert leading == ["first"]
        async with second_db.engine.connect() as conn:  # as a PostgreSQL restart would do
            await conn.exec_driver_sql(f"SELECT pg_terminate_backend({first_backend})")
        await _until(lambda: stepped_down == ["first"])
        await _until(lambda: len(leading) == 1)
        await asyncio.sleep(1)  # whoever took it keeps it; the other stays a follower
        assert len(leading) == 1 and stepped_down == ["first"]
        assert await holder() != first_backend
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await first_db.dispose()
        await second_db.dispose()


async def _until(condition, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def test_recap_fires_on_the_first_at_eight_wita_which_is_midnight_utc_even_on_a_sunday():
    trigger = triggers(Plan(), WITA)["rekap"]
    fire = trigger.get_next_fire_time(None, datetime(2026, 10, 15, tzinfo=UTC))
    assert fire.astimezone(UTC) == datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
    assert fire.strftime("%A %d %H:%M") == "Sunday 01 08:00"


async def test_monthly_recap_goes_once_to_each_kabid_and_the_sekretaris(services, db, clock):
    await members(services, 2)
    await services.roster.import_rows(
        [
            row(7, "Kabid Sidang", "+6281300000007", Role.KABID, "persidangan"),
            row(8, "Kabid Fasilitasi", "+6281300000008", Role.KABID, "fasilitasi"),
            row(9, "Sekretaris", "+6281400000009", Role.SEKRETARIS),
        ],
        dry_run=False,
    )

    async def recap(person, month):
        return f"Rekap {month:%Y-%m} untuk {person.name}"

    wording = Wording(WORDING.reminder, WORDING.period_closed, recap)
    jobs = Jobs(services, Outbox(db, clock), wording, max_reminders=3)
    first_of_month = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
    assert await jobs.recap(first_of_month) == 3
    plan = await jobs.recap_plan(datetime(2026, 10, 1).date())
    assert [body for _, body in plan] == [
        "Rekap 2026-10 untuk Kabid Sidang",
        "Rekap 2026-10 untuk Kabid Fasilitasi",
        "Rekap 2026-10 untuk Sekretaris",
    ]
    assert [queued for _, queued in await jobs.queue_recaps(datetime(2026, 10, 1).date())] == [
        False,
        False,
        False,
    ]
    assert sorted(k.rsplit(":", 1)[0] for k in await keys(db)) == ["rekap:2026-10"] * 3


async def test_the_recap_is_of_the_month_before_the_local_date(services, db, clock, zone):
    """At 16:30 UTC on 30 November it is 1 December in WITA, so November's recap is due; in
    WIB it is still 30 November, so the latest whole month is October."""
    await services.roster.import_rows(
        [row(9, "Sekretaris", "+6281400000009", Role.SEKRETARIS)], dry_run=False
    )

    async def recap(person, month):
        return f"Rekap {month:%Y-%m}"

    jobs = Jobs(services, Outbox(db, clock), replace(WORDING, recap=recap), max_reminders=3)
    assert await jobs.recap(datetime(2026, 11, 30, 16, 30, tzinfo=UTC)) == 1
    month = date(2026, 11, 1) if zone is WITA else date(2026, 10, 1)
    assert [k.rsplit(":", 1)[0] for k in await keys(db)] == [f"rekap:{month:%Y-%m}"]
