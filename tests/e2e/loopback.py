"""The loopback HTTP server both fake chat APIs stand on (fake_bot_api.py, fake_whatsapp_api.py).

`LoopbackApi` binds 127.0.0.1 on an ephemeral port, serves from a daemon thread (a thread per
request), returns from `start()` only once the port accepts connections, records what its
subclass chooses under one condition variable (`wait_for` blocks on it) and stops cleanly. A
subclass keeps only its platform's behaviour: `answer()` turns one request into a `Reply`.

    class FakeApi(LoopbackApi[Sent]):
        def answer(self, request: Request) -> Reply: ...

Binds 127.0.0.1 only; nothing here reaches the network.
"""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Generic, Self, TypeVar
from urllib.parse import urlsplit

Record = TypeVar("Record")


@dataclass(frozen=True)
class Request:
    """One HTTP request as a fake sees it."""

    method: str
    path: str
    query: str
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        """The Content-Type header as sent ("" when there is none)."""
        return str(self.headers.get("Content-Type", ""))


@dataclass(frozen=True)
class Reply:
    """One HTTP answer."""

    status: int
    body: bytes
    content_type: str = "application/json"


@dataclass(frozen=True)
class Part:
    """One part of a multipart/form-data body: a field (no filename) or a file."""

    name: str
    filename: str | None
    content: bytes


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def accepts(url: str, timeout: float = 1.0) -> bool:
    """Whether the host and port of `url` accept a TCP connection right now."""
    parsed = urlsplit(url)
    default = 443 if parsed.scheme == "https" else 80
    try:
        with socket.create_connection((parsed.hostname or "", parsed.port or default), timeout):
            return True
    except OSError:
        return False


def multipart_parts(body: bytes, boundary: str) -> list[Part]:
    """The parts of a multipart body, split by hand (binary safe); only the part headers go
    through the `email` parser."""
    parts = []
    for chunk in body.split(b"--" + boundary.encode())[1:-1]:
        head, _, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers = BytesHeaderParser(policy=policy.HTTP).parsebytes(head + b"\r\n\r\n")
        disposition = headers["Content-Disposition"]
        filename = disposition.params.get("filename")
        name = str(disposition.params["name"])
        content = content.removesuffix(b"\r\n")
        parts.append(Part(name, None if filename is None else str(filename), content))
    return parts


class LoopbackApi(Generic[Record]):
    """An HTTP API on 127.0.0.1:<ephemeral port>, in a background thread; thread-safe.

    Subclasses implement `answer`, call `record` for what tests should see, and guard their own
    state with `self._changed` (the condition `wait_for` waits on)."""

    #: Seconds `wait_for` waits by default.
    wait_timeout = 5.0
    #: What one record is called in a timeout message.
    record_name = "request"

    def __init__(self) -> None:
        self._changed = threading.Condition()  # guards the records and the subclass's state
        self._records: list[Record] = []
        self._in_flight = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def answer(self, request: Request) -> Reply:
        """Answer one request (called from a handler thread)."""
        raise NotImplementedError

    # lifecycle

    def start(self) -> Self:
        """Bind 127.0.0.1 on an ephemeral port, serve in a daemon thread; returns once the port
        accepts connections."""
        if self._server is not None:
            raise RuntimeError(f"{type(self).__name__} is already running")
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=type(self).__name__,
            daemon=True,
        )
        self._thread.start()
        if not accepts(self.origin, timeout=5):
            self.stop()
            raise RuntimeError(f"{type(self).__name__} does not accept connections")
        return self

    def stop(self) -> None:
        """Wake whoever waits (see `_wake`), stop serving, join the handler threads, close."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        with self._changed:
            self._wake()
            self._changed.notify_all()
        server.shutdown()
        thread.join()
        server.server_close()
        self._server = self._thread = None

    def _wake(self) -> None:
        """Called under the lock as the server stops: let blocked handlers return (a subclass
        with long polls sets its flag here)."""

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (only while running)."""
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not running")
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT` (only while running)."""
        return f"http://127.0.0.1:{self.port}"

    # recording

    def record(self, item: Record) -> None:
        """Keep `item` for tests and wake `wait_for` (call under `self._changed` or not)."""
        with self._changed:
            self._records.append(item)
            self._changed.notify_all()

    def recorded(self, predicate: Callable[[Record], bool] | None = None) -> list[Record]:
        """The records in arrival order (those matching `predicate`, if given)."""
        with self._changed:
            return [item for item in self._records if predicate is None or predicate(item)]

    def wait_for(
        self, predicate: Callable[[Record], bool], timeout: float | None = None
    ) -> Record:
        """Block until a record satisfies `predicate`; the first such record."""
        timeout = self.wait_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        with self._changed:
            while (found := self._find(predicate)) is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(timeout))
                self._changed.wait(remaining)
            return found

    async def wait_for_async(
        self, predicate: Callable[[Record], bool], timeout: float | None = None
    ) -> Record:
        """`wait_for` for async tests: polls without blocking the event loop."""
        timeout = self.wait_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while (found := self._find(predicate)) is None:
            if time.monotonic() > deadline:
                raise TimeoutError(self._timeout_message(timeout))
            await asyncio.sleep(0.01)
        return found

    def wait_in_flight(self, count: int, timeout: float | None = None) -> None:
        """Block until `count` requests are being answered at once (e.g. long polls blocked
        in the server)."""
        deadline = time.monotonic() + (self.wait_timeout if timeout is None else timeout)
        with self._changed:
            while self._in_flight < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{self._in_flight} of {count} requests in flight")
                self._changed.wait(remaining)

    def _answering(self, change: int) -> None:
        with self._changed:
            self._in_flight += change
            self._changed.notify_all()

    def _find(self, predicate: Callable[[Record], bool]) -> Record | None:
        with self._changed:
            return next((item for item in self._records if predicate(item)), None)

    def _timeout_message(self, timeout: float) -> str:
        return f"no matching {self.record_name} within {timeout} s; {self._summary()}"

    def _summary(self) -> str:
        """What was recorded, shortly, for a timeout message."""
        return f"{len(self.recorded())} recorded"


# --- HTTP plumbing ------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    """One thread per request; server_close() joins them all (block_on_close)."""

    daemon_threads = True

    def __init__(self, api: LoopbackApi[Any]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.api = api

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # the client hung up (e.g. a cancelled long poll): nothing to report
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """HTTP/1.0: one request per connection, so no idle keep-alive threads outlive a test."""

    server: _Server
    timeout = 10  # seconds a silent client may hold a handler thread

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        request = Request(self.command, url.path, url.query, self.headers, self._read_body())
        api = self.server.api
        api._answering(+1)
        try:
            reply = api.answer(request)
        finally:
            api._answering(-1)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _read_chunked(self) -> bytes:
        chunks = []
        while size := int(self.rfile.readline().split(b";")[0], 16):
            chunks.append(self.rfile.read(size))
            self.rfile.readline()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass  # trailers
        return b"".join(chunks)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read the recorded requests instead of an access log."""
