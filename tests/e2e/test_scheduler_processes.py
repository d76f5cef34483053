"""Two `ikm run` processes on one database deliver each scheduled message exactly once.

On PostgreSQL one of them leads (an advisory lock) and runs the scheduler and the outbox; the
other waits and takes over when the leader is killed. On SQLite both run the scheduler: the
outbox keys queue each message once and the claim of a row hands it to one sender only.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.chat import texts
from ikm.db import Database
from scheduler.jobs import DAY_HOURS
from scheduler.tables import OutboxRow
from survey.indicators.ranges import DateRange
from tests.cli import run_ikm
from tests.e2e.fake_bot_api import FakeBotApi, User
from tests.e2e.ikm_process import LoggedRun
from tests.e2e.telegram_process import KABID, MEMBERS, SECRETARY, seeded_database

WITA = ZoneInfo("Asia/Makassar")
BUDI, RAHMAH = User(5003, "Budi"), User(5004, "Rahmah")
SITI, AHMAD = User(5001, "Siti"), User(5002, "Ahmad")
READY = "Telegram: polling as"
ONCE = Counter({BUDI.id: 1, RAHMAH.id: 1})
LEADS = "this process is the leader"


class RunProcess(LoggedRun):
    """`python -m ikm run` on Telegram (the fake) with its log in a file, once it polls."""

    def __init__(self, fake: FakeBotApi, url: str, folder: Path, env: dict[str, str]) -> None:
        assert not folder.exists()  # a folder per process: each its own log
        settings = {"IKM_TELEGRAM_TOKEN": fake.token, "IKM_TELEGRAM_API_URL": fake.base_url}
        super().__init__(url, folder, env | settings)
        self.wait_for_log(READY)

    def stop(self, timeout: float = 30) -> str:
        """SIGTERM, as a service manager would; the log stays in its file."""
        return super().stop(timeout)


def schedule_due_now() -> tuple[dict[str, str], datetime]:
    """Settings under which the recap and the reminder fired minutes ago (caught up on start),
    and when they fired."""
    fired = datetime.now(WITA) - timedelta(minutes=5)
    if fired.day > 28:  # IKM_RECAP_DAY is 1–28: the 28th, within the 72-hour window
        fired = fired.replace(day=28, hour=23, minute=59)
    return fired, {
        "IKM_RECAP_DAY": str(fired.day),
        "IKM_RECAP_TIME": f"{fired:%H:%M}",
        "IKM_REMINDER_DAYS": "mon,tue,wed,thu,fri,sat,sun",
        "IKM_REMINDER_TIME": f"{fired:%H:%M}",
        "IKM_CATCH_UP_HOURS": "72",
    }


def months_back(count: int) -> date:
    """The first day of the month `count` months before this one (in WITA)."""
    month = datetime.now(WITA).date().replace(day=1)
    for _ in range(count):
        month = (month - timedelta(days=1)).replace(day=1)
    return month


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A seeded database (roster, open period) whose kabid, Sekretaris and members use Telegram."""
    people = [(BUDI, KABID), (RAHMAH, SECRETARY), (SITI, MEMBERS[0]), (AHMAD, MEMBERS[1])]
    return seeded_database(request.param, tmp_path, {u.id: phone for u, (_, phone) in people})


def recaps(fake: FakeBotApi, month: date) -> tuple[Counter[int], Counter[int]]:
    """How many recap texts, and recap charts after their text, of `month` each chat got."""
    label = DateRange.month(month.year, month.month).label()
    header = texts.RECAP_HEADER.split("{", 1)[0]
    caption = texts.RECAP_CHART_CAPTION.format(month=label)
    text_at: dict[int, int] = {}
    found: tuple[Counter[int], Counter[int]] = Counter(), Counter()
    for n, call in enumerate(fake.calls(ok=True)):
        chat, shown = call.params.get("chat_id"), str(call.params.get("text", ""))
        if call.is_("sendMessage") and shown.startswith(header) and label in shown[:80]:
            found[0][chat] += 1
            text_at.setdefault(chat, n)
        elif call.is_("sendPhoto") and call.params.get("caption") == caption:
            found[1][chat] += 1 if chat in text_at else 100  # a chart before its text counts foul
    return found


def wait_for_recaps(fake: FakeBotApi, month: date) -> tuple[Counter[int], Counter[int]]:
    """Until the kabid and the Sekretaris both have the recap of `month` and its chart, then 3 s
    more (for a second copy to show up if there were one); recaps and charts per chat."""
    deadline = time.monotonic() + 40
    while any(set(found) != {BUDI.id, RAHMAH.id} for found in recaps(fake, month)):
        assert time.monotonic() < deadline, f"recaps of {month}: {recaps(fake, month)}"
        time.sleep(0.2)
    time.sleep(3)
    return recaps(fake, month)


def outbox(url: str) -> list[tuple[str, object]]:
    """(key, sent_at) of every outbox row."""

    async def read() -> list[tuple[str, object]]:
        db = Database.from_url(url)
        try:
            async with db.transaction() as session:
                found = await session.exec(select(OutboxRow.key, OutboxRow.sent_at))
                return [(key, sent) for key, sent in found]
        finally:
            await db.dispose()

    return asyncio.run(read())


def reminded(fake: FakeBotApi, url: str) -> Counter[int]:
    """Reminders delivered per chat, after checking each queued one was delivered."""
    sent = Counter(
        call.params["chat_id"]
        for call in fake.calls("sendMessage", ok=True)
        if str(call.params["text"]).startswith(texts.REMINDER.split("{", 1)[0])
    )
    queued = [key for key, _ in outbox(url) if key.startswith("pengingat:")]
    assert sum(sent.values()) == len(queued), (sent, queued)
    return sent


def reminders_expected(fired: datetime) -> set[frozenset[int]]:
    """Who may have been reminded: both bound members by day, nobody at night (08:00–20:00
    WITA only). Both answers are allowed when the fire time and now straddle 08:00 or 20:00."""
    members = frozenset({SITI.id, AHMAD.id})
    hours = {fired.hour, datetime.now(WITA).hour}
    return {members if hour in DAY_HOURS else frozenset() for hour in hours}


def recap_command(month: date, url: str, folder: Path) -> None:
    """`ikm recap --bulan … --kirim` while the bots run: queued, to be sent by the leader."""
    done = run_ikm("recap", "--bulan", f"{month:%Y-%m}", "--kirim", database_url=url, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("diantrekan") == 2


def test_two_processes_deliver_each_recap_once_and_the_survivor_takes_over(
    fake: FakeBotApi, url: str, tmp_path: Path
) -> None:
    fired, env = schedule_due_now()
    first = RunProcess(fake, url, tmp_path / "first", env)
    second = RunProcess(fake, url, tmp_path / "second", env)
    processes = [first, second]
    try:
        caught_up = months_back(1)  # the run's month is now's
        assert wait_for_recaps(fake, caught_up) == (ONCE, ONCE)
        by_hand = months_back(2)
        recap_command(by_hand, url, tmp_path)
        assert wait_for_recaps(fake, by_hand) == (ONCE, ONCE)
        sent = reminded(fake, url)
        assert all(n == 1 for n in sent.values()), sent
        assert frozenset(sent) in reminders_expected(fired), (sent, fired)
        leader = next(p for p in processes if LEADS in p.logged())
        leader.kill9()
        survivor = second if leader is first else first
        later = months_back(3)
        recap_command(later, url, tmp_path)
        assert wait_for_recaps(fake, later) == (ONCE, ONCE)
        assert LEADS in survivor.logged() and survivor.proc.poll() is None
        assert all(sent is not None for _, sent in outbox(url))
        assert fake.token not in survivor.logged()
    finally:
        for process in processes:
            process.stop()
