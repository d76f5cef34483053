"""Performance targets, each measured against a baseline taken in the same run (`make bench`).

1. `ikm score` on a 200,000 × 6 answers CSV, as a whole process, against a bare
   `pandas.read_csv` plus column means of the same file (also a whole process): ≤ 1.5×.
2. The IKM of a period with 1,000,002 stored answers (`ResultService.period_result`) against
   the raw SQL GROUP BY on the same engine: ≤ 2×, on SQLite, and on PostgreSQL when
   IKM_TEST_DATABASE_URL is set (its `public` schema is dropped, used and dropped again).

Every figure is the median of 5 runs after one warm-up; ours and the baseline alternate so
that drift in the machine's load hits both. Data lives in a temporary directory that is
removed at the end. Exits 1 when a target fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import text

from ikm import migrate
from ikm.db import Database, create_engine
from survey.results import ResultService
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


def timed_process(args: Sequence[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time of a whole process and its stdout; a non-zero exit is fatal."""
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
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


def main() -> None:
    """Run every target, print the table, exit 1 when one fails."""
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="ikm-bench-") as tmp:
        folder = Path(tmp)
        outcomes.append(bench_score(folder))
        outcomes.append(bench_sqlite(folder))
        if PG_URL:
            outcomes.append(bench_postgres(PG_URL))
        else:
            log("postgresql: skipped (IKM_TEST_DATABASE_URL not set)")
    print(table(outcomes))
    print(f"({RUNS} runs each after a warm-up, medians; {time.perf_counter() - started:.0f} s)")
    if not all(o.passed for o in outcomes):
        sys.exit(1)


if __name__ == "__main__":
    main()
