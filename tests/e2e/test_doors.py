"""The doors of `ikm run`: webhook bodies, malformed updates and garbled polling answers, against
the running subprocess and the loopback fakes."""

from __future__ import annotations

import json
import re
import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.fake_bot_api import FakeBotApi, User
from tests.e2e.loopback import free_port
from tests.e2e.telegram_process import MEMBERS, BotProcess, bind, webhook_settings
from tests.e2e.whatsapp_process import APP_SECRET, VERIFY_TOKEN, sign

pytestmark = pytest.mark.slow

HUGE = 200 * 1024 * 1024
CHUNK = 256 * 1024
SECRET = "rahasia-webhook-0123456789"
SITI = User(5001, "Siti")
MALFORMED = [b"[]", b"null", b'"teks"', b"123", b"{", b"\xff\xfe", b"[" * 100_000, b"{}"]


@pytest.fixture
def hook(fake: FakeBotApi, url: str, tmp_path: Path) -> Iterator[tuple[BotProcess, str]]:
    port = free_port()
    process = BotProcess(fake, url, tmp_path, webhook_settings(port, SECRET))
    assert fake.webhook_listening == [True]  # registered only once its server listened
    yield process, f"http://127.0.0.1:{port}/telegram"
    process.stop()


def rss_kib(pid: int) -> int:
    """The process's resident set size now (VmRSS of /proc/PID/status), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


class RssWatch:
    """Samples a process's RSS every 20 ms in a thread; `peak` is the largest seen."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._done = pid, rss_kib(pid), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._done.wait(0.02):
            self.peak = max(self.peak, rss_kib(self.pid))

    def __enter__(self) -> RssWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def stream_post(endpoint: str, headers: dict[str, str], total: int) -> tuple[int, int]:
    """POST `total` bytes chunked, stopping as soon as the server answers; (status, bytes sent).

    A raw socket: an HTTP client writes the whole body before it reads, and the point here is
    that the server answers (and stops reading) long before the body ends."""
    parsed = httpx.URL(endpoint)
    head = [f"POST {parsed.path} HTTP/1.1", f"Host: {parsed.host}", "Transfer-Encoding: chunked"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    chunk = f"{CHUNK:x}\r\n".encode() + b"x" * CHUNK + b"\r\n"
    sent = 0
    with socket.create_connection((parsed.host, parsed.port), timeout=10) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        try:
            while sent < total and not select.select([sock], [], [], 0)[0]:
                sock.sendall(chunk)
                sent += CHUNK
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed; its answer is in our receive buffer
        answer = sock.recv(4096)
    return int(answer.split(b" ", 2)[1]), sent


def post(endpoint: str, body: bytes, headers: dict[str, str]) -> int:
    return httpx.post(endpoint, content=body, headers=headers, timeout=10).status_code


# --- WhatsApp ------------------------------------------------------------------------------


def test_whatsapp_refuses_a_huge_unsigned_body_without_reading_it(whatsapp):
    idle = rss_kib(whatsapp.proc.pid)
    with RssWatch(whatsapp.proc.pid) as watch:
        status, sent = stream_post(whatsapp.endpoint, {}, HUGE)
    assert status == 401
    assert sent < HUGE // 4
    assert watch.peak - idle < 20_000, (idle, watch.peak)


def test_whatsapp_cuts_a_huge_body_with_any_signature_at_one_mib(whatsapp):
    idle = rss_kib(whatsapp.proc.pid)
    with RssWatch(whatsapp.proc.pid) as watch:
        status, sent = stream_post(whatsapp.endpoint, {"X-Hub-Signature-256": "sha256=0"}, HUGE)
    assert status == 413
    assert sent < HUGE // 4
    assert watch.peak - idle < 20_000, (idle, watch.peak)
    declared = {"X-Hub-Signature-256": sign(b"x" * (2 << 20)), "Content-Type": "text/plain"}
    assert post(whatsapp.endpoint, b"x" * (2 << 20), declared) == 413


def test_whatsapp_answers_malformed_signed_bodies_400_without_a_traceback(whatsapp):
    for body in MALFORMED:
        assert whatsapp.post(body, sign(body)).status_code == 400, body[:20]
    not_meta = json.dumps({"object": "x", "entry": [{"changes": [{"field": 1}]}]}).encode()
    assert whatsapp.post(not_meta, sign(not_meta)).status_code == 400
    assert whatsapp.post(b"[]", None).status_code == 401
    assert whatsapp.post(b"[]", sign(b"[]", "another-secret")).status_code == 403
    err = whatsapp.stop()
    assert "Traceback" not in err and " 500 " not in err, err
    assert "refused (400)" in err
    assert APP_SECRET not in err and VERIFY_TOKEN not in err


def test_meta_documented_text_message_without_user_id_is_answered(wa_fake, whatsapp):
    # Meta's messages webhook reference example (no contacts[].user_id), with our phone id and a
    # roster number as sender, as the platform would send it to us.
    wa_id = MEMBERS[0][1].removeprefix("+")
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": wa_fake.phone_id},
        "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": wa_id}],
        "messages": [
            {
                "from": wa_id,
                "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
                "timestamp": str(int(time.time())),
                "type": "text",
                "text": {"body": "Does it come in another color?"},
            }
        ],
    }
    change = {"value": value, "field": "messages"}
    envelope = {"id": "102290129340398", "changes": [change]}
    body = json.dumps({"object": "whatsapp_business_account", "entry": [envelope]}).encode()
    wa_fake.record_inbound(wa_id)
    assert whatsapp.post(body, sign(body)).status_code == 200
    welcome = wa_fake.wait_for(lambda m: m.to == wa_id)
    assert "Siti Aminah" in welcome.text
    err = whatsapp.stop()
    assert "KeyError" not in err and "Traceback" not in err, err


# --- Telegram webhook ----------------------------------------------------------------------


def test_telegram_webhook_checks_the_secret_first_and_cuts_bodies_at_one_mib(hook):
    process, endpoint = hook
    idle = rss_kib(process.proc.pid)
    with RssWatch(process.proc.pid) as watch:
        refused, sent_refused = stream_post(endpoint, {}, HUGE)
        cut, sent_cut = stream_post(endpoint, {"X-Telegram-Bot-Api-Secret-Token": SECRET}, HUGE)
    assert (refused, cut) == (403, 413)
    assert max(sent_refused, sent_cut) < HUGE // 4
    assert watch.peak - idle < 20_000, (idle, watch.peak)


def test_telegram_webhook_answers_malformed_bodies_400_without_a_traceback(hook):
    process, endpoint = hook
    good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    no_id = json.dumps({"message": {"text": "hai"}}).encode()
    bad_message = json.dumps({"update_id": 5, "message": "teks"}).encode()
    for body in [*MALFORMED, no_id, bad_message]:
        assert post(endpoint, body, good) == 400, body[:20]
    err = process.stop()
    assert "Traceback" not in err, err
    assert SECRET not in err


# --- Telegram polling ----------------------------------------------------------------------


def test_a_button_of_an_inline_mode_message_gets_a_toast_not_an_error(fake, url, tmp_path):
    bind(url, SITI.id, MEMBERS[0][1])
    process = BotProcess(fake, url, tmp_path)
    try:
        query = {
            "id": "inline-1",
            "from": SITI.to_json(),
            "inline_message_id": "1234csdbsk4839",
            "chat_instance": "-1234567890",
            "data": "survei:mulai",
        }
        fake.push_update({"callback_query": query})
        answered = fake.wait_for(lambda c: c.is_("answerCallbackQuery"), timeout=15)
        assert answered.params["callback_query_id"] == "inline-1"
        assert "chat pribadi" in answered.params["text"]
        time.sleep(0.5)
        assert fake.calls("sendMessage") == []
    finally:
        err = process.stop()
    assert "AssertionError" not in err and "update failed" not in err, err


def test_garbled_get_updates_answers_back_off_instead_of_spinning(fake, url, tmp_path):
    garbage = [{"message": {"text": "tanpa update_id"}}]
    process = BotProcess(fake, url, tmp_path)
    try:
        fake.clear()
        fake.answer_next("getUpdates", "surprise", count=3)
        fake.answer_next("getUpdates", garbage, count=10_000)
        time.sleep(6)
        polls = len(fake.calls("getUpdates"))
    finally:
        err = process.stop()
    # Backing off at 1 s, ×1.5 each time (up to 30 s): about five calls in six seconds.
    assert 3 <= polls <= 10, polls
    # One record per failed poll, besides start-up and shutdown (PTB's own last confirming call
    # at shutdown fails the same way once, with its traceback).
    records = [line for line in err.splitlines() if re.match(r"\d{4}-\d\d-\d\d ", line)]
    assert len(records) <= polls + 8, records
    assert "getUpdates failed, retrying later" in err


def test_an_unreadable_update_is_skipped_and_later_ones_still_arrive(fake, url, tmp_path):
    bind(url, SITI.id, MEMBERS[0][1])
    process = BotProcess(fake, url, tmp_path)
    try:
        fake.push_update({"message": "bukan pesan"})
        fake.text_message(SITI, "/bantuan")
        fake.wait_for(lambda c: c.is_("sendMessage") and c.params["chat_id"] == SITI.id, 15)
    finally:
        err = process.stop()
    assert "cannot be read, skipped" in err
