"""Performance targets, each measured against a baseline taken in the same run (`make bench`).

1. `ikm score` on a 200,000 × 6 answers CSV, as a whole process, against a bare
   `pandas.read_csv` plus column means of the same file (also a whole process): ≤ 1.5×.
2. The IKM of a period with 1,000,002 stored answers (`ResultService.period_result`) against
   the raw SQL GROUP BY on the same engine: ≤ 2×, on SQLite, and on PostgreSQL when
   IKM_TEST_DATABASE_URL is set (its `public` schema is dropped, used and dropped again).
3. The Telegram update path: 300 members, each bound to a Telegram account, do /survei, six
   answers as button presses, Lewati and Kirim (2,700 updates) through the real channel's
   `Application.process_update`, SQLite file database, against an echo bot (text and button
   data sent straight back) in the same kind of Application: cost per update ≤ 3×. Both bots
   talk to an offline Bot API (a `BaseRequest` answering every call at once with a canned
   success), and both keep our retrying limiter with its flood pacing off, which would cap
   both at 30 sends/s.
4. Resident memory of an idle `ikm run` on Telegram (a loopback fake Bot API, a migrated
   SQLite file), polling for 2 s: < 150 MB. An absolute limit, no baseline.
5. `outbox`: 3,000 reminders through the outbox to a rate-limited fake Bot API, ≥ 90% of the
   allowed rate, none lost, none doubled (tests/bench_outbox.py; one run, no baseline).
6. `release`: a batch of 50 sealed responses released to the results and the pool erased,
   < 1 s, on SQLite and PostgreSQL (tests/bench_release.py; an absolute limit).
7. `startup`: a read-only command, `ikm period list` on a migrated SQLite file with one
   period, as a whole process, against `python -c "import sqlalchemy"`: ≤ 3×. Both with
   their bytecode cached (PYTHONDONTWRITEBYTECODE removed; the warm-up writes it), as on a
   server.

Every figure is the median of 5 runs after one warm-up; ours and the baseline alternate so
that drift in the machine's load hits both. Data lives in a temporary directory that is
removed at the end. Exits 1 when a target fails.

`python -m tests.bench [score] [sqlite] [postgresql] [telegram] [memory] [outbox] [release]
[startup]`
runs only the targets named (all by default).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import text

from ikm import migrate
from ikm.db import Database, create_engine
from survey.periods.results import ResultService
from tests.conftest import reset_postgres

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
QUESTIONNAIRE = "dprd-6-v1"
CSV_RESPONDENTS = 200_000
CSV_BLANK_SHARE = 0.02
DB_RESPONSES = 166_667  # × 6 unsur = 1,000,002 stored answers
RUNS = 5
BATCH = 100_000
SEED = 20261127
PG_URL = os.environ.get("IKM_TEST_DATABASE_URL")

GROUP_BY = text(
    "SELECT element, SUM(value), COUNT(*) FROM response_answer "
    "WHERE period_id = :p GROUP BY element"
)


@dataclass(frozen=True)
class Outcome:
    """One target: our median time against the baseline's, and the allowed ratio."""

    name: str
    ours: float
    baseline: float
    limit: float

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline

    @property
    def passed(self) -> bool:
        return self.ratio <= self.limit


def log(message: str) -> None:
    """Progress on stderr, so that stdout is the table."""
    print(message, file=sys.stderr, flush=True)


def median_pair(ours: Callable[[], float], baseline: Callable[[], float]) -> tuple[float, float]:
    """One warm-up each, then RUNS alternating runs each; the medians (seconds)."""
    ours()
    baseline()
    a: list[float] = []
    b: list[float] = []
    for _ in range(RUNS):
        a.append(ours())
        b.append(baseline())
    return statistics.median(a), statistics.median(b)


async def median_pair_async(
    ours: Callable[[], Awaitable[float]], baseline: Callable[[], Awaitable[float]]
) -> tuple[float, float]:
    """`median_pair` for coroutines, in the running event loop."""
    await ours()
    await baseline()
    a: list[float] = []
    b: list[float] = []
    for _ in range(RUNS):
        a.append(await ours())
        b.append(await baseline())
    return statistics.median(a), statistics.median(b)


# --- 1. `ikm score` on a big CSV, whole process against whole process ------------------------


def write_answers_csv(path: Path) -> np.ndarray:
    """200,000 respondents × 6 unsur, values 1..4, ~2% blank, with a `responden` column.
    Returns the per-unsur sums and counts (2 × 6) for checking the command's output."""
    rng = np.random.default_rng(SEED)
    values = rng.integers(1, 5, size=(CSV_RESPONDENTS, len(CODES)), dtype=np.int8)
    blank = rng.random(size=values.shape) < CSV_BLANK_SHARE
    frame = pd.DataFrame(
        {code: pd.arrays.IntegerArray(values[:, i], blank[:, i]) for i, code in enumerate(CODES)}
    )
    frame.insert(0, "responden", [f"R{i:06d}" for i in range(1, CSV_RESPONDENTS + 1)])
    frame.to_csv(path, index=False)
    answered = ~blank
    return np.stack([np.where(answered, values, 0).sum(axis=0), answered.sum(axis=0)])


def timed_process(
    args: Sequence[str], env: dict[str, str], cwd: Path | None = None
) -> tuple[float, str]:
    """Wall time of a whole process and its stdout; a non-zero exit is fatal."""
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:4])}… failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def bench_score(folder: Path) -> Outcome:
    """Target 1: `ikm score FILE --json` against read_csv + means, as processes."""
    path = folder / "answers.csv"
    expected = write_answers_csv(path)
    log(f"score: wrote {path.stat().st_size / 1e6:.1f} MB, {CSV_RESPONDENTS} respondents")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IKM_")}
    env["PYTHONIOENCODING"] = "utf-8"
    ours_args = [sys.executable, "-m", "ikm", "score", str(path), "--json"]
    columns = ", ".join(repr(c) for c in CODES)
    base_args = [
        sys.executable,
        "-c",
        f"import pandas as pd, sys; df = pd.read_csv(sys.argv[1]); print(df[[{columns}]].mean())",
        str(path),
    ]

    outputs: list[str] = []

    def ours() -> float:
        elapsed, out = timed_process(ours_args, env)
        outputs.append(out)
        return elapsed

    def baseline() -> float:
        return timed_process(base_args, env)[0]

    a, b = median_pair(ours, baseline)
    result = json.loads(outputs[-1])
    if result["respondents"] != CSV_RESPONDENTS:
        raise SystemExit(f"ikm score: respondents {result['respondents']} != {CSV_RESPONDENTS}")
    got = [(e["code"], e["total"], e["answered"]) for e in result["elements"]]
    want = [(c, int(expected[0, i]), int(expected[1, i])) for i, c in enumerate(CODES)]
    if got != want:
        raise SystemExit(f"ikm score: tallies {got} != {want}")
    log(f"score: ok, IKM {result['ikm']} ({result['grade']})")
    return Outcome(f"ikm score {CSV_RESPONDENTS // 1000}k×6 (process)", a, b, 1.5)


# --- 7. Start-up of a read-only command, whole process against `import sqlalchemy` -----------


def bench_startup(folder: Path) -> Outcome:
    """Target 7: `ikm period list` on a migrated database against `import sqlalchemy`."""
    home = folder / "startup"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IKM_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env |= {"PYTHONIOENCODING": "utf-8", "IKM_DATABASE_URL": f"sqlite:///{home / 'ikm.db'}"}
    ikm = [sys.executable, "-m", "ikm"]
    timed_process([*ikm, "period", "open", "Semester II 2026", "--mulai", "2026-07-01"], env, home)
    listed: list[str] = []

    def ours() -> float:
        elapsed, out = timed_process([*ikm, "period", "list"], env, home)
        listed.append(out)
        return elapsed

    def baseline() -> float:
        return timed_process([sys.executable, "-c", "import sqlalchemy"], env, home)[0]

    a, b = median_pair(ours, baseline)
    if "Semester II 2026" not in listed[-1]:
        raise SystemExit(f"ikm period list: {listed[-1]!r}")
    return Outcome("ikm period list (process) vs import sqlalchemy", a, b, 3.0)


# --- 2. The IKM of a period from 1,000,002 stored answers -------------------------------------


def answer_rows(period_id: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Response rows (id, period_id, version) and answer rows (response_id, element,
    period_id, value); ids sorted so that primary-key inserts append."""
    rng = np.random.default_rng(SEED + 1)
    ids = sorted(uuid.uuid4().hex for _ in range(DB_RESPONSES))
    values = rng.integers(1, 5, size=DB_RESPONSES * len(CODES)).tolist()
    responses = [(rid, period_id, QUESTIONNAIRE) for rid in ids]
    answers = [
        (rid, code, period_id, values[i * len(CODES) + j])
        for i, rid in enumerate(ids)
        for j, code in enumerate(CODES)
    ]
    return responses, answers


def load_sqlite(path: Path) -> int:
    """Fill a migrated SQLite file through plain sqlite3; returns the period id."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA synchronous=OFF")
        con.execute("BEGIN")
        period_id = con.execute(
            "INSERT INTO period (name, starts_on, questionnaire_version, status, opened_at) "
            "VALUES (?, ?, ?, 'open', ?)",
            ("Semester II 2026", "2026-07-01", QUESTIONNAIRE, "2026-07-01 00:00:00.000000"),
        ).lastrowid
        assert period_id is not None
        responses, answers = answer_rows(period_id)
        con.executemany(
            "INSERT INTO response (id, period_id, questionnaire_version) VALUES (?, ?, ?)",
            responses,
        )
        for start in range(0, len(answers), BATCH):
            con.executemany(
                "INSERT INTO response_answer (response_id, element, period_id, value) "
                "VALUES (?, ?, ?, ?)",
                answers[start : start + BATCH],
            )
        con.execute("COMMIT")
        con.execute("ANALYZE")
        return period_id
    finally:
        con.close()


async def drop_postgres_schema(url: str) -> None:
    """Leave the test database empty: drop and recreate the `public` schema."""
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            await conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        await engine.dispose()


async def load_postgres(url: str) -> int:
    """Fill the migrated PostgreSQL database with COPY; returns the period id."""
    import asyncpg  # the driver SQLAlchemy uses; only needed here

    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        period_id = await conn.fetchval(
            "INSERT INTO period (name, starts_on, questionnaire_version, status, opened_at) "
            "VALUES ($1, $2, $3, 'open', $4) RETURNING id",
            "Semester II 2026",
            date(2026, 7, 1),
            QUESTIONNAIRE,
            datetime(2026, 7, 1, tzinfo=UTC),
        )
        responses, answers = answer_rows(period_id)
        # Skip the per-row foreign-key triggers (the rows are consistent by construction):
        # 3× faster COPY. Needs a superuser; without one the load is just slower.
        with contextlib.suppress(asyncpg.InsufficientPrivilegeError):
            await conn.execute("SET session_replication_role = replica")
        async with conn.transaction():
            await conn.copy_records_to_table(
                "response",
                records=responses,
                columns=["id", "period_id", "questionnaire_version"],
            )
            for start in range(0, len(answers), BATCH):
                await conn.copy_records_to_table(
                    "response_answer",
                    records=answers[start : start + BATCH],
                    columns=["response_id", "element", "period_id", "value"],
                )
        await conn.execute("RESET session_replication_role")
        # A live server's autovacuum would have done this: statistics and the visibility map.
        await conn.execute("VACUUM ANALYZE response")
        await conn.execute("VACUUM ANALYZE response_answer")
        return int(period_id)
    finally:
        await conn.close()


async def time_results(url: str, period_id: int, label: str) -> Outcome:
    """Target 2 on one database: period_result() against the bare GROUP BY, same engine."""
    db = Database.from_url(url)
    service = ResultService(db, 3)
    checked: list[int] = []

    async def ours() -> float:
        start = time.perf_counter()
        result = await service.period_result()
        elapsed = time.perf_counter() - start
        checked.append(result.respondents)
        return elapsed

    async def baseline() -> float:
        start = time.perf_counter()
        async with db.engine.connect() as conn:
            rows = (await conn.execute(GROUP_BY, {"p": period_id})).all()
        elapsed = time.perf_counter() - start
        if len(rows) != len(CODES) or sum(n for _, _, n in rows) != DB_RESPONSES * len(CODES):
            raise SystemExit(f"{label}: GROUP BY returned {rows}")
        return elapsed

    try:
        a, b = await median_pair_async(ours, baseline)
    finally:
        await db.dispose()
    if set(checked) != {DB_RESPONSES}:
        raise SystemExit(f"{label}: respondents {sorted(set(checked))} != {DB_RESPONSES}")
    answers = DB_RESPONSES * len(CODES)
    return Outcome(f"period IKM {answers / 1e6:.0f}M answers ({label})", a, b, 2.0)


def bench_sqlite(folder: Path) -> Outcome:
    """Target 2 on a SQLite file in the temporary folder."""
    url = f"sqlite:///{folder / 'ikm.db'}"
    start = time.perf_counter()
    migrate.upgrade(url)
    period_id = load_sqlite(folder / "ikm.db")
    elapsed = time.perf_counter() - start
    log(f"sqlite: loaded {DB_RESPONSES * len(CODES)} answers in {elapsed:.1f} s")
    return asyncio.run(time_results(url, period_id, "SQLite"))


def bench_postgres(url: str) -> Outcome:
    """Target 2 on the PostgreSQL test database, whose schema is dropped before and after."""

    async def run() -> Outcome:
        start = time.perf_counter()
        await reset_postgres(url)
        try:
            period_id = await load_postgres(url)
            elapsed = time.perf_counter() - start
            log(f"postgresql: loaded {DB_RESPONSES * len(CODES)} answers in {elapsed:.1f} s")
            return await time_results(url, period_id, "PostgreSQL")
        finally:
            await drop_postgres_schema(url)

    return asyncio.run(run())


# --- 3. The Telegram update path against an echo bot -----------------------------------------

TG_MEMBERS = 300
TG_TOKEN = "123456:BENCH-offline-token"
TG_USER_BASE = 900_000_000
TG_VALUES = (3, 4, 3, 3, 4, 2)
TG_SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
TG_LIMIT = 3.0
MEMORY_LIMIT_MB = 150.0


@dataclass(frozen=True)
class Throughput:
    """Target 3: updates per second of ours and of the echo bot (medians)."""

    name: str
    updates: int
    ours: float  # seconds for all updates
    echo: float
    limit: float

    @property
    def ratio(self) -> float:
        """Our cost per update over the echo bot's."""
        return self.ours / self.echo

    @property
    def passed(self) -> bool:
        return self.ratio <= self.limit


@dataclass(frozen=True)
class Memory:
    """Target 4: resident memory in MB against an absolute limit."""

    name: str
    megabytes: float
    limit: float

    @property
    def passed(self) -> bool:
        return self.megabytes < self.limit


def offline_request() -> Any:
    """PTB's offline pattern: a `BaseRequest` whose `do_request` answers at once, per endpoint
    (getMe: the bot; sends: a message in the chat asked for; anything else: `true`)."""
    from telegram.request import BaseRequest

    me = {"id": 123456, "is_bot": True, "first_name": "IKM Bench", "username": "ikm_bench_bot"}
    get_me = json.dumps({"ok": True, "result": me}).encode()
    ok = b'{"ok": true, "result": true}'
    sent = (
        '{"ok": true, "result": {"message_id": 1, "date": 0, "text": "x", '
        '"chat": {"id": %d, "type": "private"}}}'
    )

    class OfflineRequest(BaseRequest):
        def __init__(self) -> None:
            self.calls: Counter[str] = Counter()

        @property
        def read_timeout(self) -> float | None:
            return None

        async def initialize(self) -> None:
            pass

        async def shutdown(self) -> None:
            pass

        async def do_request(
            self,
            url: str,
            method: str,
            request_data: Any = None,
            read_timeout: Any = None,
            write_timeout: Any = None,
            connect_timeout: Any = None,
            pool_timeout: Any = None,
        ) -> tuple[int, bytes]:
            endpoint = url.rsplit("/", 1)[-1]
            self.calls[endpoint] += 1
            if endpoint == "getMe":
                return 200, get_me
            if endpoint in TG_SENDS and request_data is not None:
                return 200, (sent % int(request_data.parameters["chat_id"])).encode()
            return 200, ok

    return OfflineRequest()


def unthrottled_limiter() -> Any:
    """Our retrying limiter (retries and backoff as in production) without flood pacing."""
    from telegram.ext import AIORateLimiter

    from bot.telegram.delivery import RetryingRateLimiter

    limiter = RetryingRateLimiter()
    AIORateLimiter.__init__(
        limiter, overall_max_rate=0, group_max_rate=0, max_retries=limiter.retries
    )
    return limiter


def survey_updates(members: int) -> list[dict[str, Any]]:
    """Per member: /survei, six answers, Lewati and Kirim, as Bot API update dicts."""
    updates: list[dict[str, Any]] = []
    bot_user = {"id": 123456, "is_bot": True, "first_name": "IKM Bench"}
    for n in range(members):
        user = {"id": TG_USER_BASE + n, "is_bot": False, "first_name": f"Anggota {n}"}
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        shown = {"message_id": 1, "date": 0, "chat": chat, "from": bot_user, "text": "…"}
        entity = {"type": "bot_command", "offset": 0, "length": 7}
        message = {"message_id": 2, "date": 0, "chat": chat, "from": user, "text": "/survei"}
        updates.append({"message": message | {"entities": [entity]}})
        presses = [f"jawab:{c}:{v}" for c, v in zip(CODES, TG_VALUES, strict=True)]
        for data in [*presses, "lewati", "kirim"]:
            query = {"id": str(len(updates)), "from": user, "message": shown, "data": data}
            updates.append({"callback_query": query | {"chat_instance": "1"}})
    return [{"update_id": i + 1} | u for i, u in enumerate(updates)]


def seed_telegram(path: Path) -> None:
    """A migrated SQLite file: TG_MEMBERS members, each bound to a Telegram user, a period."""
    from survey.people.model import Role
    from survey.people.roster_file import RosterRow
    from survey.services import Services

    url = f"sqlite:///{path}"
    migrate.upgrade(url)

    async def work() -> None:
        db = Database.from_url(url)
        services = Services.build(db)
        rows = [
            RosterRow(
                row=n + 2,
                name=f"Anggota {n}",
                phone=f"+62812{n:08d}",
                role=Role.ANGGOTA,
                bidang=None,
            )
            for n in range(TG_MEMBERS)
        ]
        await services.roster.import_rows(rows, dry_run=False)
        await services.periods.open(
            "Semester II 2026", version=QUESTIONNAIRE, starts_on=date(2026, 7, 1)
        )
        for n in range(TG_MEMBERS):
            await services.accounts.bind_phone("telegram", str(TG_USER_BASE + n), f"0812{n:08d}")
        await db.dispose()

    asyncio.run(work())


async def run_updates(app: Any, updates: list[dict[str, Any]]) -> float:
    """Seconds to process every update in order, as polling would hand them over."""
    from telegram import Update

    async with app:
        start = time.perf_counter()
        for data in updates:
            await app.process_update(Update.de_json(data, app.bot))
        return time.perf_counter() - start


@contextlib.contextmanager
def offline_channel(sends: dict[str, Counter[str]]) -> Iterator[None]:
    """While inside, `TelegramChannel.application()` builds its Application on the offline
    requests (in place of its watched ones) and with an unthrottled limiter; the sends it
    makes are counted in `sends`."""
    import bot.telegram.channel as module

    def ours_request(_watch: Any) -> Any:
        request = offline_request()
        sends["ours"] = request.calls
        return request

    patches = {
        "WatchedRequest": ours_request,
        "CheckedUpdatesRequest": lambda _watch: offline_request(),
        "RetryingRateLimiter": unthrottled_limiter,
    }
    saved = {name: getattr(module, name) for name in patches}
    for name, value in patches.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


async def time_telegram(template: Path, folder: Path) -> Throughput:
    """Target 3: the real channel on a fresh copy of the seeded database, against echo."""
    from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

    from bot.telegram.channel import TelegramChannel
    from survey.services import Services

    updates = survey_updates(TG_MEMBERS)
    sends: dict[str, Counter[str]] = {}

    async def ours() -> float:
        path = folder / "telegram-run.db"
        shutil.copy(template, path)
        db = Database.from_url(f"sqlite:///{path}")
        try:
            services = Services.build(db)
            with offline_channel(sends):
                channel = TelegramChannel(services)
                app = channel.application(TG_TOKEN, "http://offline/bot")
            elapsed = await run_updates(app, updates)
            # Erasures after releases run in the background, half a second after a release:
            # those during the run are counted; the last one, mostly that idle half second,
            # is awaited here outside the timing.
            await services.pool.erased()
            async with db.engine.connect() as conn:
                done = (await conn.execute(text("SELECT COUNT(*) FROM response"))).scalar()
                answers = (
                    await conn.execute(text("SELECT COUNT(*) FROM response_answer"))
                ).scalar()
        finally:
            await db.dispose()
        if (done, answers) != (TG_MEMBERS, TG_MEMBERS * len(CODES)):
            raise SystemExit(f"telegram: {done} responses, {answers} answers stored")
        return elapsed

    async def echo_text(update: Any, context: Any) -> None:
        await context.bot.send_message(update.effective_chat.id, update.effective_message.text)

    async def echo_button(update: Any, context: Any) -> None:
        await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, update.callback_query.data)

    async def echo() -> float:
        request = offline_request()
        sends["echo"] = request.calls
        app = (
            ApplicationBuilder()
            .token(TG_TOKEN)
            .base_url("http://offline/bot")
            .request(request)
            .get_updates_request(offline_request())
            .rate_limiter(unthrottled_limiter())
            .build()
        )
        app.add_handler(MessageHandler(filters.TEXT, echo_text))
        app.add_handler(CallbackQueryHandler(echo_button))
        return await run_updates(app, updates)

    a, b = await median_pair_async(ours, echo)
    for name, calls in sends.items():
        made = calls["sendMessage"] + calls["answerCallbackQuery"]
        if made != len(updates) * 2 - TG_MEMBERS:
            raise SystemExit(f"telegram: {name} made {dict(calls)} calls")
    return Throughput(
        f"Telegram update path vs echo ({TG_MEMBERS}×9 updates)", len(updates), a, b, TG_LIMIT
    )


def bench_telegram(folder: Path) -> Throughput:
    """Target 3 on a SQLite file in the temporary folder."""
    template = folder / "telegram.db"
    start = time.perf_counter()
    seed_telegram(template)
    log(f"telegram: seeded {TG_MEMBERS} bound members in {time.perf_counter() - start:.1f} s")
    return asyncio.run(time_telegram(template, folder))


# --- 4. Resident memory of an idle `ikm run` ------------------------------------------------


def resident_mb(pid: int) -> float:
    """VmRSS of a process, in MB (10^6 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise SystemExit(f"no VmRSS for process {pid}")


def bench_memory(folder: Path) -> Memory:
    """Target 4: `python -m ikm run` polling a fake Bot API, idle for 2 s after its first poll."""
    from tests.e2e.fake_bot_api import FakeBotApi

    url = f"sqlite:///{folder / 'idle.db'}"
    migrate.upgrade(url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IKM_")}
    with FakeBotApi() as fake:
        env |= {
            "IKM_DATABASE_URL": url,
            "IKM_TELEGRAM_TOKEN": fake.token,
            "IKM_TELEGRAM_API_URL": fake.base_url,
            "PTB_TIMEDELTA": "true",
            "PYTHONIOENCODING": "utf-8",
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "ikm", "run"],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            fake.wait_for(lambda c: c.is_("getUpdates"), timeout=60)
            time.sleep(2)
            if proc.poll() is not None:
                raise SystemExit(f"ikm run ended ({proc.returncode}) while idle")
            megabytes = resident_mb(proc.pid)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
            try:
                _, err = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"ikm run exited {proc.returncode} on SIGTERM:\n{err.decode()}")
    log(f"memory: ikm run idle at {megabytes:.1f} MB")
    return Memory("Resident memory of an idle `ikm run`", megabytes, MEMORY_LIMIT_MB)


# --- the table ---------------------------------------------------------------------------------


def table(outcomes: Sequence[Outcome]) -> str:
    """The results, one line per target."""
    width = max(36, *(len(o.name) + 2 for o in outcomes))
    lines = [
        f"{'target':<{width}} {'ours':>8}   {'baseline':>8}   {'ratio':>5}  {'limit':>5}  result"
    ]
    for o in outcomes:
        lines.append(
            f"{o.name:<{width}} {o.ours:>6.3f} s   {o.baseline:>6.3f} s   "
            f"{o.ratio:>5.2f}  {o.limit:>5.2f}  {'PASS' if o.passed else 'FAIL'}"
        )
    return "\n".join(lines)


def throughput_table(rows: Sequence[Throughput]) -> str:
    """Target 3: updates per second of ours and the echo bot, the cost ratio."""
    width = max(36, *(len(r.name) + 2 for r in rows))
    lines = [
        f"{'target':<{width}} {'ours':>11}   {'echo':>11}   {'ratio':>5}  {'limit':>5}  result"
    ]
    for r in rows:
        lines.append(
            f"{r.name:<{width}} {r.updates / r.ours:>7.0f} u/s   {r.updates / r.echo:>7.0f} u/s   "
            f"{r.ratio:>5.2f}  {r.limit:>5.2f}  {'PASS' if r.passed else 'FAIL'}"
        )
    return "\n".join(lines)


def memory_table(rows: Sequence[Memory]) -> str:
    """Target 4: megabytes against the limit."""
    width = max(36, *(len(r.name) + 2 for r in rows))
    lines = [f"{'target':<{width}} {'resident':>9}   {'limit':>6}  result"]
    for r in rows:
        lines.append(
            f"{r.name:<{width}} {r.megabytes:>6.1f} MB   {r.limit:>3.0f} MB  "
            f"{'PASS' if r.passed else 'FAIL'}"
        )
    return "\n".join(lines)


TARGETS = ("score", "sqlite", "postgresql", "telegram", "memory", "outbox", "release", "startup")


def main() -> None:
    """Run every target (or those named), print the tables, exit 1 when one fails."""
    chosen = set(sys.argv[1:]) or set(TARGETS)
    if chosen - set(TARGETS):
        raise SystemExit(f"unknown targets {sorted(chosen - set(TARGETS))}; known: {TARGETS}")
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    throughputs: list[Throughput] = []
    memories: list[Memory] = []
    deliveries: list[Any] = []
    releases: list[Any] = []
    tables_after: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ikm-bench-") as tmp:
        folder = Path(tmp)
        if "score" in chosen:
            outcomes.append(bench_score(folder))
        if "startup" in chosen:
            outcomes.append(bench_startup(folder))
        if "sqlite" in chosen:
            outcomes.append(bench_sqlite(folder))
        if "postgresql" in chosen and PG_URL:
            outcomes.append(bench_postgres(PG_URL))
        elif "postgresql" in chosen:
            log("postgresql: skipped (IKM_TEST_DATABASE_URL not set)")
        if "telegram" in chosen:
            throughputs.append(bench_telegram(folder))
        if "memory" in chosen:
            memories.append(bench_memory(folder))
        if "outbox" in chosen:
            from tests.bench_outbox import bench_outbox, delivery_table

            deliveries = bench_outbox(folder, PG_URL)
            tables_after = [delivery_table(deliveries)]
        if "release" in chosen:
            from tests.bench_release import bench_release, release_table

            releases = bench_release(folder, PG_URL)
            tables_after.append(release_table(releases))
    tables = [table(outcomes)] if outcomes else []
    tables += [throughput_table(throughputs)] if throughputs else []
    tables += [memory_table(memories)] if memories else []
    tables += tables_after
    print("\n\n".join(tables))
    runs = f"{RUNS} runs each after a warm-up, medians"
    runs += "; outbox: one run" if deliveries else ""
    print(f"({runs}; {time.perf_counter() - started:.0f} s)")
    passed = [o.passed for o in outcomes] + [t.passed for t in throughputs]
    passed += [r.passed for r in releases]
    if not all(passed + [m.passed for m in memories] + [d.passed for d in deliveries]):
        sys.exit(1)


if __name__ == "__main__":
    main()
