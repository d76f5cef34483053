"""The weekly reminder of records due, end to end: `ikm run` (one process, or two on
PostgreSQL) against the fake Bot API, each kabid their own bidang's items once, one tap to
record, a stale tap, catch-up within IKM_CATCH_UP_HOURS and not after, opt-in and mute."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from ikm.db import Database
from scheduler.tables import OutboxRow
from scheduler.weekly import KIND
from survey.people.model import Role
from survey.services import Services
from tests.cli import run_ikm
from tests.e2e.fake_bot_api import Call, FakeBotApi, User
from tests.e2e.telegram_process import (
    KABID,
    MEMBERS,
    SECRETARY,
    STAFF,
    Chatter,
    button,
    seeded_database,
)
from tests.e2e.test_scheduler_processes import RunProcess
from tests.integration.helpers import row

WITA = ZoneInfo("Asia/Makassar")
SITI, AHMAD, BUDI, RAHMAH = (
    User(5001, "Siti"),
    User(5002, "Ahmad"),
    User(5003, "Budi"),
    User(5004, "Rahmah"),
)
FITRI, YUSUF = User(5005, "Fitri"), User(5006, "Yusuf")
FITRI_ROW = ("Fitri Kabid", "+6281300000002")
HEADER = "Pengingat mingguan pencatatan kinerja"
CATCHING_UP = "catching up pengingat-kabid"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def bound() -> dict[int, str]:
    people = [(SITI, MEMBERS[0]), (AHMAD, MEMBERS[1]), (BUDI, KABID), (RAHMAH, SECRETARY)]
    return {user.id: phone for user, (_, phone) in people} | {YUSUF.id: STAFF[1]}


def database(kind: str, folder: Path) -> str:
    """The seeded database with a second kabid (fasilitasi) and everyone bound on Telegram."""
    from tests.e2e.telegram_process import bind

    url = seeded_database(kind, folder, bound())
    run_services(
        url,
        lambda s: s.roster.import_rows(
            [row(7, *FITRI_ROW, Role.KABID, "fasilitasi")], dry_run=False
        ),
    )
    bind(url, FITRI.id, FITRI_ROW[1])
    return url


def run_services(url: str, work) -> object:
    async def run() -> object:
        db = Database.from_url(url)
        try:
            return await work(Services.build(db))
        finally:
            await db.dispose()

    return asyncio.run(run())


def today() -> date:
    return datetime.now(WITA).date()


def week_of_records(url: str) -> None:
    """Overdue and due tasks of both bidang, a missed meeting, a training without attendance."""
    day = today()

    async def work(services: Services) -> None:
        records = services.records
        for name, bidang, due in (
            ("Kunker Komisi I", "persidangan", day - timedelta(days=3)),
            ("Reses", "persidangan", day + timedelta(days=2)),
            ("Pengawasan APBD", "fasilitasi", day + timedelta(days=1)),
        ):
            await records.add_task("cli", name=name, kind="kunker", bidang=bidang, due_on=due)
        await records.plan_meeting("cli", agenda="Raperda RTRW", planned_on=day - timedelta(2))
        await records.add_training(
            "cli", name="Bimtek Keuangan", starts_on=day - timedelta(6), ends_on=day - timedelta(5)
        )

    run_services(url, work)


def schedule(minutes_ago: int, window_hours: int) -> dict[str, str]:
    """Settings under which the weekly reminder fired `minutes_ago`."""
    fired = datetime.now(WITA) - timedelta(minutes=minutes_ago)
    return {
        "IKM_KABID_REMINDER_DAY": DAYS[fired.weekday()],
        "IKM_KABID_REMINDER_TIME": f"{fired:%H:%M}",
        "IKM_CATCH_UP_HOURS": str(window_hours),
    }


def reminders(fake: FakeBotApi) -> list[Call]:
    return [
        c
        for c in fake.calls("sendMessage", ok=True)
        if str(c.params.get("text", "")).startswith(HEADER)
    ]


def wait_for_reminders(fake: FakeBotApi, chats: set[int]) -> dict[int, Call]:
    """Until each of `chats` has a reminder, then 3 s more for a second copy to show; by chat."""
    deadline = time.monotonic() + 40
    while {c.params["chat_id"] for c in reminders(fake)} != chats:
        assert time.monotonic() < deadline, [c.params for c in reminders(fake)]
        time.sleep(0.2)
    time.sleep(3)
    found = reminders(fake)
    assert Counter(c.params["chat_id"] for c in found) == Counter(dict.fromkeys(chats, 1))
    return {c.params["chat_id"]: c for c in found}


def queued_people(url: str) -> Counter[int]:
    """How many weekly reminders each person has in the outbox."""

    async def read(services: Services) -> Counter[int]:
        async with services.db.transaction() as session:
            found = await session.exec(select(OutboxRow.person_id).where(OutboxRow.kind == KIND))
            return Counter(found)

    return run_services(url, read)  # type: ignore[return-value]


def buttons(call: Call) -> list[tuple[str, str]]:
    markup = call.params["reply_markup"]
    return [(b["text"], b["callback_data"]) for r in markup["inline_keyboard"] for b in r]


@pytest.mark.parametrize(
    ("kind", "processes"),
    [("sqlite", 1), pytest.param("postgresql", 2, marks=pytest.mark.postgres)],
)
def test_each_kabid_gets_their_bidang_once_and_one_tap_records_the_report(
    fake: FakeBotApi, tmp_path: Path, kind: str, processes: int
) -> None:
    url = database(kind, tmp_path)
    week_of_records(url)
    env = schedule(minutes_ago=5, window_hours=1)
    running = [RunProcess(fake, url, tmp_path / f"p{n}", env) for n in range(processes)]
    try:
        sent = wait_for_reminders(fake, {BUDI.id, FITRI.id, RAHMAH.id})
        budi_text = str(sent[BUDI.id].params["text"])
        for item in ("Kunker Komisi I", "Reses", "Raperda RTRW", "Bimtek Keuangan"):
            assert item in budi_text
        assert "Pengawasan APBD" not in budi_text
        assert [b for b, _ in buttons(sent[FITRI.id])] == ["Laporan diterima: Pengawasan APBD"]
        assert len(buttons(sent[RAHMAH.id])) == 5
        people = queued_people(url)
        assert sorted(people.values()) == [1, 1, 1]  # nobody else: no anggota, no staf
        budi = Chatter(fake, BUDI)
        month = f"{today() - timedelta(days=3):%Y-%m}"
        before = budi.say(f"/indikator {month}", "IK2")
        tap = dict(buttons(sent[BUDI.id]))["Laporan diterima: Kunker Komisi I"]
        reminder_id = int(sent[BUDI.id].result["message_id"])
        budi.press(tap, "Kapan laporan diterima?", message_id=reminder_id)
        budi.press(button(fake, BUDI, "Hari ini"), "Periksa")
        budi.press(button(fake, BUDI, "Ya, simpan"), "Tersimpan: laporan tugas diterima")
        after = budi.say(f"/indikator {month}", "IK2")
        assert _ik2(before) != _ik2(after), (before, after)
        toast = budi.press_for_toast(tap, reminder_id)
        assert "'Kunker Komisi I' sudah dicatat" in toast
        rahmah = Chatter(fake, RAHMAH)  # the Sekretaris's copy of the same item: stale as well
        rahmah_tap = dict(buttons(sent[RAHMAH.id]))["Laporan diterima: Kunker Komisi I"]
        rahmah_id = int(sent[RAHMAH.id].result["message_id"])
        assert "sudah dicatat" in rahmah.press_for_toast(rahmah_tap, rahmah_id)
        assert queued_people(url) == people  # and nothing queued twice
    finally:
        for process in running:
            process.stop()


def test_nothing_due_nothing_sent_though_the_run_was_caught_up(
    fake: FakeBotApi, tmp_path: Path
) -> None:
    url = database("sqlite", tmp_path)
    process = RunProcess(fake, url, tmp_path / "p", schedule(minutes_ago=5, window_hours=1))
    try:
        process.wait_for_log(CATCHING_UP)
        time.sleep(3)
        assert reminders(fake) == []
        assert queued_people(url) == Counter()
    finally:
        process.stop()


def test_no_catch_up_past_the_window_then_opt_in_and_mute_by_role(
    fake: FakeBotApi, tmp_path: Path
) -> None:
    url = database("sqlite", tmp_path)
    week_of_records(url)
    process = RunProcess(fake, url, tmp_path / "p", schedule(minutes_ago=120, window_hours=1))
    try:
        siti, yusuf, budi = Chatter(fake, SITI), Chatter(fake, YUSUF), Chatter(fake, BUDI)
        siti.say("/pengingat on", "hanya untuk staf, Kepala Bidang dan Sekretaris")
        yusuf.say("/pengingat nyala", "Pengingat mingguan aktif")
        budi.say("/pengingat mati", "selalu menerima pengingat mingguan")
        budi.say("/pengingat off", "selalu menerima pengingat mingguan")  # the old word too
        budi.say("/pengingat bisu", "dibisukan sampai")
        plan = ikm(url, tmp_path, "--uji-coba")
        assert "== Yusuf Staf (staf)" in plan and "Drs. Budi Santoso" not in plan
        assert "[1] Laporan diterima: Kunker Komisi I" in plan
        assert reminders(fake) == []  # the run was two hours ago, the window one: not caught up
        assert CATCHING_UP not in process.logged()
        queued = ikm(url, tmp_path, "--kirim")
        assert "Yusuf Staf: diantrekan" in queued
        sent = wait_for_reminders(fake, {YUSUF.id, FITRI.id, RAHMAH.id})
        assert "Kunker Komisi I" in str(sent[YUSUF.id].params["text"])
        assert "sudah ada di outbox pekan ini" in ikm(url, tmp_path, "--kirim")
        yusuf.say("/pengingat", "Pengingat mingguan")  # the same list, now, with its buttons
        assert button(fake, YUSUF, "Hadir pelatihan: Bimtek Keuangan").startswith("ingat:")
    finally:
        process.stop()


def ikm(url: str, folder: Path, flag: str) -> str:
    done = run_ikm("pengingat", flag, database_url=url, cwd=folder)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _ik2(answer: str) -> str:
    return next(line for line in answer.splitlines() if "IK2" in line)
