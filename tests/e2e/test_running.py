"""Running it for real (issue 14): a clean exit on SIGTERM and SIGINT, a non-zero exit on a
revoked token, each Telegram update handled once, and `/healthz` and `ikm status`, against the
running `ikm run` and the loopback fake Bot API."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

from ikm.db import Database
from scheduler.outbox import Outbox
from survey.people.model import Role
from survey.services import Services
from tests.cli import run_ikm
from tests.e2e.fake_bot_api import FakeBotApi, User
from tests.e2e.ikm_process import LoggedRun
from tests.e2e.loopback import free_port
from tests.e2e.telegram_process import MEMBERS, bind, seed, seeded_database, webhook_settings

pytestmark = pytest.mark.slow

SECRET = "rahasia-webhook-0123456789"
SITI = User(5001, "Siti")
RECORD = re.compile(r"\d{4}-\d\d-\d\d \S+ (\w+) ")
FAILED = 3  # ikm/runner.py CHANNEL_FAILED


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A seeded database (roster, open period) where Siti uses Telegram."""
    return seeded_database(request.param, tmp_path, {SITI.id: MEMBERS[0][1]})


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The same on SQLite only (behaviour that does not depend on the database)."""
    database = f"sqlite:///{tmp_path / 'ikm.db'}"
    seed(database)
    bind(database, SITI.id, MEMBERS[0][1])
    return database


def telegram(fake: FakeBotApi, **extra: str) -> dict[str, str]:
    return {"IKM_TELEGRAM_TOKEN": fake.token, "IKM_TELEGRAM_API_URL": fake.base_url} | extra


def webhook(port: int) -> dict[str, str]:
    return webhook_settings(port, SECRET)


def started(fake: FakeBotApi, url: str, folder: Path, **extra: str) -> LoggedRun:
    """`ikm run` on Telegram, once it polls or listens."""
    process = LoggedRun(url, folder, telegram(fake, **extra))
    hook = extra.get("IKM_TELEGRAM_WEBHOOK_PORT")
    process.wait_for_log("Telegram: webhook on port" if hook else "Telegram: polling as")
    if hook:
        wait_listening(int(hook))
    return process


def wait_listening(port: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on {port}"
            time.sleep(0.05)


def records(log: str, *levels: str) -> list[str]:
    """The log records (not traceback lines) at `levels`."""
    return [line for line in log.splitlines() if (m := RECORD.match(line)) and m[1] in levels]


def bantuan_update(update_id: int) -> bytes:
    """Siti's `/bantuan` as Telegram posts it to a webhook."""
    chat = {"id": SITI.id, "type": "private", "first_name": SITI.first_name}
    message = {
        "message_id": update_id,
        "from": SITI.to_json(),
        "chat": chat,
        "date": int(time.time()),
        "text": "/bantuan",
        "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
    }
    return json.dumps({"update_id": update_id, "message": message}).encode()


def post_update(port: int, body: bytes) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    endpoint = f"http://127.0.0.1:{port}/telegram"
    return httpx.post(endpoint, content=body, headers=headers, timeout=10).status_code


def replies_to_siti(fake: FakeBotApi) -> int:
    return len([c for c in fake.calls("sendMessage") if c.params.get("chat_id") == SITI.id])


def healthz(port: int) -> tuple[int, dict]:
    answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
    return answer.status_code, answer.json()


def wait_health(port: int, check, timeout: float = 30) -> tuple[int, dict]:
    """Poll /healthz until `check(status, body)` holds; the last answer."""
    deadline = time.monotonic() + timeout
    while True:
        status, body = healthz(port)
        if check(status, body):
            return status, body
        assert time.monotonic() < deadline, (status, body)
        time.sleep(0.3)


# --- signals -------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_a_signal_stops_ikm_run_cleanly_with_exit_code_zero(fake, sqlite_url, tmp_path, mode, sig):
    extra = webhook(free_port()) if mode == "webhook" else {}
    process = started(fake, sqlite_url, tmp_path / "run", **extra)
    time.sleep(1)  # the scheduler and the outbox sender are running too
    process.proc.send_signal(sig)
    assert process.exit_code() == 0, process.logged()
    log = process.logged()
    assert "Traceback" not in log and "still running" not in log, log
    assert records(log, "ERROR", "CRITICAL") == [], log


# --- a revoked token -----------------------------------------------------------------------


def assert_one_clear_line(log: str, token: str) -> None:
    assert records(log, "ERROR", "CRITICAL") == [
        line for line in log.splitlines() if "rejected the token" in line
    ], log
    assert len(records(log, "ERROR", "CRITICAL")) == 1, log
    assert "Traceback" not in log and "still running" not in log, log
    assert token not in log and token.split(":")[1] not in log


def test_a_token_revoked_while_polling_ends_the_process_non_zero(fake, sqlite_url, tmp_path):
    process = started(fake, sqlite_url, tmp_path / "run")
    fake.revoke()
    assert process.exit_code() == FAILED, process.logged()
    assert_one_clear_line(process.logged(), fake.token)


def test_a_token_rejected_at_start_ends_the_process_non_zero(fake, sqlite_url, tmp_path):
    fake.revoke()
    process = LoggedRun(sqlite_url, tmp_path / "run", telegram(fake))
    assert process.exit_code() == FAILED, process.logged()
    assert_one_clear_line(process.logged(), fake.token)


def test_a_token_revoked_under_a_webhook_ends_the_process_when_it_answers(
    fake, sqlite_url, tmp_path
):
    port = free_port()
    process = started(fake, sqlite_url, tmp_path / "run", **webhook(port))
    fake.revoke()
    assert post_update(port, bantuan_update(900)) == 200
    assert process.exit_code() == FAILED, process.logged()
    assert_one_clear_line(process.logged(), fake.token)


# --- each update once ----------------------------------------------------------------------


def test_an_update_posted_twice_is_handled_once_even_after_a_restart(fake, url, tmp_path):
    port = free_port()
    first = started(fake, url, tmp_path / "first", **webhook(port))
    try:
        assert post_update(port, bantuan_update(4242)) == 200
        fake.wait_for(lambda c: c.is_("sendMessage") and c.params["chat_id"] == SITI.id, 15)
        assert post_update(port, bantuan_update(4242)) == 200
        time.sleep(2)
        assert replies_to_siti(fake) == 1
        assert "update 4242 was handled before, skipped" in first.logged()
    finally:
        first.stop()
    second = started(fake, url, tmp_path / "second", **webhook(port))
    try:
        assert post_update(port, bantuan_update(4242)) == 200
        assert post_update(port, bantuan_update(4243)) == 200
        fake.wait_for(lambda c: replies_to_siti(fake) == 2, 15)
        time.sleep(1)
        assert replies_to_siti(fake) == 2
    finally:
        second.stop()


# --- health --------------------------------------------------------------------------------


def queue_for_siti(url: str, key: str) -> None:
    async def work() -> None:
        db = Database.from_url(url)
        try:
            people = await Services.build(db).roster.people()
            siti = next(p for p in people if p.role is Role.ANGGOTA and p.phone == MEMBERS[0][1])
            assert await Outbox(db).enqueue(key, siti.id, "notice", "Pemberitahuan uji")
        finally:
            await db.dispose()

    asyncio.run(work())


def test_healthz_in_polling_mode_shows_the_parts_and_counts_outbox_failures(fake, url, tmp_path):
    port = free_port()
    process = started(fake, url, tmp_path / "run", IKM_HEALTH_PORT=str(port))
    try:
        status, body = wait_health(port, lambda s, b: s == 200)
        assert body["healthy"] is True
        assert body["database"] == {"reachable": True, "error": None}
        assert 0 <= body["scheduler"]["heartbeat_age_seconds"] < 90
        assert body["outbox"]["backlog"] == 0 and body["outbox"]["failed_24h"] == 0
        assert body["channels"] == {"telegram": {"running": True}}
        fake.fail_next(
            "sendMessage", status=403, description="Forbidden: bot was blocked by the user"
        )
        queue_for_siti(url, "uji:diblokir")
        status, body = wait_health(port, lambda s, b: b["outbox"]["failed_24h"] == 1)
        assert "403" in body["outbox"]["last_error"]
        assert body["outbox"]["backlog"] == 0
        assert status == 200  # a person who blocked the bot is counted, not a failure of ours
        shown = run_ikm("status", database_url=url, cwd=tmp_path, env=telegram(fake))
        assert shown.returncode == 0, shown.stdout + shown.stderr
        assert "Basis data: terjangkau" in shown.stdout
        assert "Telegram: berjalan" in shown.stdout
        assert "1 gagal dalam 24 jam" in shown.stdout and "Status: SEHAT" in shown.stdout
    finally:
        process.stop()


def test_healthz_on_the_webhook_port(fake, sqlite_url, tmp_path):
    port = free_port()
    process = started(fake, sqlite_url, tmp_path / "run", **webhook(port))
    try:
        _, body = wait_health(port, lambda s, b: s == 200)
        assert body["channels"] == {"telegram": {"running": True}}
    finally:
        process.stop()


def test_ikm_status_is_unhealthy_when_nothing_ever_ran(fake, sqlite_url, tmp_path):
    shown = run_ikm("status", database_url=sqlite_url, cwd=tmp_path, env=telegram(fake))
    assert shown.returncode == 1, shown.stdout + shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "Basis data: terjangkau"
    assert "Penjadwal: belum pernah berdetak" in lines
    assert any(line.startswith("Telegram: TIDAK berjalan") for line in lines)
    assert lines[-1] == "Status: TIDAK SEHAT"


def test_json_logs_carry_one_object_per_line_with_the_update_and_no_secret(
    fake, sqlite_url, tmp_path
):
    port = free_port()
    process = started(fake, sqlite_url, tmp_path / "run", IKM_LOG_FORMAT="json", **webhook(port))
    try:
        assert post_update(port, bantuan_update(77)) == 200
        assert post_update(port, bantuan_update(77)) == 200
        process.wait_for_log('"event": "duplicate"')
    finally:
        process.stop()
    lines = [json.loads(line) for line in process.logged().splitlines()]
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    skipped = next(line for line in lines if line.get("event") == "duplicate")
    assert skipped["channel"] == "telegram" and skipped["update_id"] == 77
    assert fake.token not in process.logged() and SECRET not in process.logged()
