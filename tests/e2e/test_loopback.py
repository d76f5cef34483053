"""The loopback server both fake chat APIs stand on: it listens before `start()` returns, records
what its subclass records, and the Bot API fake tells a webhook registered too early."""

from __future__ import annotations

import socket
import threading

import httpx
import pytest

from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.fake_whatsapp_api import FakeWhatsAppApi
from tests.e2e.loopback import LoopbackApi, Part, Reply, Request, accepts, multipart_parts


class Echo(LoopbackApi[Request]):
    """The smallest fake: records each request and answers its body back."""

    record_name = "echo"

    def answer(self, request: Request) -> Reply:
        self.record(request)
        return Reply(201, request.body, "text/plain")


def test_a_started_fake_accepts_connections_and_a_stopped_one_does_not():
    echo = Echo().start()
    origin = echo.origin
    assert accepts(origin)
    answer = httpx.post(f"{origin}/a/b?c=1", content=b"halo")
    assert (answer.status_code, answer.text) == (201, "halo")
    (request,) = echo.recorded()
    assert (request.method, request.path, request.query, request.body) == (
        "POST",
        "/a/b",
        "c=1",
        b"halo",
    )

    echo.stop()
    assert not accepts(origin)
    with pytest.raises(RuntimeError, match="not running"):
        _ = echo.port


def test_wait_for_names_the_record_kind_when_it_times_out():
    with Echo() as echo:
        threading.Timer(0.05, httpx.get, args=(f"{echo.origin}/late",)).start()
        assert echo.wait_for(lambda r: r.path == "/late", timeout=2).method == "GET"
        with pytest.raises(TimeoutError, match=r"no matching echo within 0.05 s; 1 recorded"):
            echo.wait_for(lambda r: r.path == "/never", timeout=0.05)


def test_a_fake_cannot_be_started_twice():
    with Echo() as echo, pytest.raises(RuntimeError, match="already running"):
        echo.start()


def test_multipart_parts_tell_files_from_fields_and_keep_bytes():
    body = (
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="chat_id"\r\n\r\n'
        b"42\r\n"
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="photo"; filename="a.png"\r\n'
        b"Content-Type: image/png\r\n\r\n"
        b"\x89PNG\r\n--\x00\xff\r\n"
        b"--XyZ--\r\n"
    )
    assert multipart_parts(body, "XyZ") == [
        Part("chat_id", None, b"42"),
        Part("photo", "a.png", b"\x89PNG\r\n--\x00\xff"),
    ]


def test_set_webhook_records_whether_its_url_listened_at_that_moment():
    with FakeBotApi() as fake, socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        open_port = listening.getsockname()[1]
        with socket.socket() as bound_only:
            bound_only.bind(("127.0.0.1", 0))  # bound, not listening: refuses connections
            closed_port = bound_only.getsockname()[1]
            set_webhook = f"{fake.base_url}{fake.token}/setWebhook"
            httpx.post(set_webhook, data={"url": f"http://127.0.0.1:{closed_port}/telegram"})
        httpx.post(set_webhook, data={"url": f"http://127.0.0.1:{open_port}/telegram"})

        assert fake.webhook_listening == [False, True]


def test_the_whatsapp_fake_answers_only_posts_to_its_phone():
    with FakeWhatsAppApi() as fake:
        wrong_method = httpx.get(f"{fake.base_url}/v21.0/{fake.phone_id}/messages")
        wrong_phone = httpx.post(f"{fake.base_url}/v21.0/1/messages", json={})
        with pytest.raises(TimeoutError, match=r"no matching message within 0.01 s; sent: \[\]"):
            fake.wait_for(lambda sent: True, timeout=0.01)

    assert (wrong_method.status_code, wrong_phone.status_code) == (404, 404)
    assert wrong_phone.json()["error"]["code"] == 100
    assert [code for _, code in fake.rejected] == [100, 100]


class Gate(LoopbackApi[str]):
    """Answers only once the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def answer(self, request: Request) -> Reply:
        self.gate.wait(5)
        return Reply(200, b"{}")


def test_wait_in_flight_sees_requests_being_answered():
    with Gate() as gate:
        with pytest.raises(TimeoutError, match="0 of 1 requests in flight"):
            gate.wait_in_flight(1, timeout=0.01)
        callers = [threading.Thread(target=httpx.get, args=(gate.origin,)) for _ in range(2)]
        for caller in callers:
            caller.start()
        gate.wait_in_flight(2)
        gate.gate.set()
        for caller in callers:
            caller.join()
