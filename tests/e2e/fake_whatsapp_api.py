"""A loopback fake of the WhatsApp Cloud (Graph) API: a standard-library HTTP server for tests.

Point pywa at it with `IKM_WHATSAPP_API_URL=fake.base_url`. It accepts the two paths pywa uses
for our bot, `POST /v{version}/{phone_id}/messages` (JSON) and `POST /v{version}/{phone_id}/media`
(multipart), checks the bearer token and the Cloud API's documented limits (three reply buttons
with titles of at most 20 characters, ten list rows with titles of at most 24 and descriptions
of at most 72, row ids of at most 200 characters, bodies of at most 1,024 characters in
interactive messages), the 24-hour customer service window (free-form messages only to someone
who wrote in the last 24 hours: `record_inbound`), and approved templates with their parameter
counts. Violations answer like the real API: HTTP 400 with `{"error": {"code": …}}`.

    with FakeWhatsAppApi() as fake:
        ...
        sent = fake.wait_for(lambda m: m.to == "6281200000001" and m.type == "text")

Binds 127.0.0.1 only; nothing here reaches the network.
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from tests.e2e.loopback import LoopbackApi, Reply, Request, multipart_parts

PHONE_ID = "109876543210987"
TOKEN = "EAAG-test-whatsapp-token-0123456789"
WINDOW = 24 * 3600.0
JSONDict = dict[str, Any]

_PATH = re.compile(r"/v(?P<version>\d+\.\d+)/(?P<phone>\d+)/(?P<edge>messages|media)/?")


@dataclass(frozen=True)
class Sent:
    """One accepted `/messages` request: the JSON body and the id the fake gave it."""

    body: JSONDict
    id: str

    @property
    def to(self) -> str:
        """The recipient (`to`, or the BSUID in `recipient`)."""
        return str(self.body.get("to") or self.body.get("recipient") or "")

    @property
    def type(self) -> str:
        """`text`, `interactive`, `image`, `document` or `template`."""
        return str(self.body.get("type"))

    @property
    def text(self) -> str:
        """What a person reads first: the text, the interactive body or the caption."""
        match self.type:
            case "text":
                return str(self.body["text"]["body"])
            case "interactive":
                return str(self.body["interactive"]["body"]["text"])
            case "image" | "document":
                return str(self.body[self.type].get("caption") or "")
            case "template":
                return " ".join(self.template_params)
        return ""

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(title, id) of the reply buttons or list rows of an interactive message."""
        if self.type != "interactive":
            return []
        action = self.body["interactive"]["action"]
        if "buttons" in action:
            return [(b["reply"]["title"], b["reply"]["id"]) for b in action["buttons"]]
        return [(r["title"], r["id"]) for s in action["sections"] for r in s["rows"]]

    @property
    def kind(self) -> str:
        """`button` or `list` for interactive messages, else the type."""
        if self.type == "interactive":
            return str(self.body["interactive"]["type"])
        return self.type

    @property
    def template_params(self) -> list[str]:
        """The body parameters of a template message."""
        if self.type != "template":
            return []
        components = self.body["template"].get("components", [])
        return [
            str(p["text"])
            for c in components
            if str(c["type"]).lower() == "body"
            for p in c["parameters"]
        ]


@dataclass(frozen=True)
class Upload:
    """One accepted media upload."""

    id: str
    filename: str
    mime_type: str
    data: bytes


@dataclass
class _Fault:
    status: int
    code: int
    remaining: int


class GraphError(Exception):
    """An error answer of the Graph API."""

    def __init__(self, code: int, message: str, status: int = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.code = code
        self.status = status

    def body(self) -> bytes:
        """The Graph API error JSON."""
        error = {
            "message": f"(#{self.code}) {self}",
            "type": "OAuthException",
            "code": self.code,
            "error_data": {"messaging_product": "whatsapp", "details": str(self)},
            "fbtrace_id": "AbCdEfFake",
        }
        return json.dumps({"error": error}).encode()


class FakeWhatsAppApi(LoopbackApi[Sent]):
    """The Graph API on 127.0.0.1:<ephemeral port>, in a background thread; thread-safe."""

    wait_timeout = 15.0
    record_name = "message"

    def __init__(self, phone_id: str = PHONE_ID, token: str = TOKEN) -> None:
        super().__init__()
        self.phone_id = phone_id
        self.token = token
        self.templates: dict[tuple[str, str], int] = {}
        self.uploads: list[Upload] = []
        self.rejected: list[tuple[JSONDict, int]] = []
        self._inbound: dict[str, float] = {}
        self._faults: deque[_Fault] = deque()

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`: the Graph API base without the version."""
        return self.origin

    @property
    def sent(self) -> list[Sent]:
        """Every accepted `/messages` request, in order."""
        return self.recorded()

    # what tests set and read

    def approve_template(self, name: str, language: str, parameters: int) -> None:
        """An approved template whose body has `parameters` placeholders."""
        self.templates[(name, language)] = parameters

    def record_inbound(self, wa_id: str, at: float | None = None) -> None:
        """The person wrote at `at` (epoch seconds, default now): opens the 24-hour window."""
        with self._changed:
            self._inbound[wa_id] = max(self._inbound.get(wa_id, 0.0), at or time.time())

    def fail_next(self, count: int, status: int = 500, code: int = 131016) -> None:
        """The next `count` message requests fail with a Graph API error."""
        with self._changed:
            self._faults.append(_Fault(status, code, count))

    def to(self, wa_id: str) -> list[Sent]:
        """Accepted messages to `wa_id`, in order."""
        return self.recorded(lambda sent: sent.to == wa_id)

    def _summary(self) -> str:
        return f"sent: {[sent.text[:40] for sent in self.sent]}"

    # the API

    def answer(self, request: Request) -> Reply:
        """Answer one request (a JSON body, the Graph API's error JSON on a refusal)."""
        status, body = self._handle(request.method, request.path, request.headers, request.body)
        return Reply(status, body)

    def _handle(self, method: str, path: str, headers: Any, body: bytes) -> tuple[int, bytes]:
        try:
            match = _PATH.fullmatch(path)
            if method != "POST":
                raise GraphError(100, f"Unsupported method {method}", HTTPStatus.NOT_FOUND)
            if match is None or match["phone"] != self.phone_id:
                raise GraphError(100, f"Unknown path {path}", HTTPStatus.NOT_FOUND)
            if headers.get("Authorization") != f"Bearer {self.token}":
                raise GraphError(190, "Invalid OAuth access token", HTTPStatus.UNAUTHORIZED)
            if match["edge"] == "media":
                return HTTPStatus.OK, json.dumps(self._upload(headers, body)).encode()
            return HTTPStatus.OK, json.dumps(self._message(json.loads(body))).encode()
        except GraphError as exc:
            with self._changed:
                self.rejected.append(({"path": path}, exc.code))
                self._changed.notify_all()
            return exc.status, exc.body()

    def _upload(self, headers: Any, body: bytes) -> JSONDict:
        boundary = headers.get_param("boundary")
        parts = {
            p.name: (p.filename or "", p.content) for p in multipart_parts(body, str(boundary))
        }
        if parts.get("messaging_product", ("", b""))[1] != b"whatsapp" or "file" not in parts:
            raise GraphError(100, "messaging_product and file are required")
        filename, data = parts["file"]
        mime = parts.get("type", ("", b""))[1].decode()
        with self._changed:
            upload = Upload(str(1000 + len(self.uploads)), filename, mime, data)
            self.uploads.append(upload)
            self._changed.notify_all()
        return {"id": upload.id}

    def _message(self, body: JSONDict) -> JSONDict:
        with self._changed:
            if self._faults:
                fault = self._faults[0]
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.popleft()
                raise GraphError(fault.code, "Service temporarily unavailable", fault.status)
            to = str(body.get("to") or body.get("recipient") or "")
            if body.get("messaging_product") != "whatsapp" or not to:
                raise GraphError(100, "messaging_product and to (or recipient) are required")
            check_message(body, self.templates, {u.id for u in self.uploads})
            if body["type"] != "template" and time.time() - self._inbound.get(to, 0) > WINDOW:
                raise GraphError(131047, "Re-engagement message: more than 24 hours")
            sent = Sent(body, f"wamid.FAKE{len(self._records) + 1:06d}")
            self.record(sent)
        reply: JSONDict = {"id": sent.id}
        if body["type"] == "template":
            reply["message_status"] = "accepted"
        return {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [reply],
        }


def check_message(body: JSONDict, templates: dict[tuple[str, str], int], media: set[str]) -> None:
    """Raise GraphError where the Cloud API would refuse the message."""
    kind = body.get("type")
    content = body.get(str(kind))
    if not isinstance(content, dict):
        raise GraphError(100, f"missing {kind} object")
    match kind:
        case "text":
            _length(content.get("body"), 1, 4096, "text.body")
        case "interactive":
            _interactive(content)
        case "image" | "document":
            if content.get("id") not in media and not content.get("link"):
                raise GraphError(131053, "media id not found")
            _length(content.get("caption", "x"), 1, 1024, "caption")
        case "template":
            _template(content, templates)
        case _:
            raise GraphError(131051, f"unsupported message type {kind}")


def _interactive(content: JSONDict) -> None:
    _length(content.get("body", {}).get("text"), 1, 1024, "interactive.body.text")
    action = content.get("action", {})
    if content.get("type") == "button":
        buttons = action.get("buttons", [])
        if not 1 <= len(buttons) <= 3:
            raise GraphError(131009, "buttons: 1 to 3")
        for button in buttons:
            _length(button["reply"]["title"], 1, 20, "button title")
            _length(button["reply"]["id"], 1, 256, "button id")
        _unique([b["reply"]["id"] for b in buttons] + [b["reply"]["title"] for b in buttons])
        return
    if content.get("type") != "list":
        raise GraphError(131009, "interactive type must be button or list")
    _length(action.get("button"), 1, 20, "list button")
    sections = action.get("sections", [])
    rows = [row for section in sections for row in section["rows"]]
    if not 1 <= len(sections) <= 10 or not 1 <= len(rows) <= 10:
        raise GraphError(131009, "list: 1 to 10 sections and rows")
    for section in sections:
        _length(section.get("title", "x"), 1, 24, "section title")
    for row in rows:
        _length(row.get("title"), 1, 24, "row title")
        _length(row.get("description", "x"), 1, 72, "row description")
        _length(row.get("id"), 1, 200, "row id")
    _unique([row["id"] for row in rows])


def _template(content: JSONDict, templates: dict[tuple[str, str], int]) -> None:
    key = (str(content.get("name")), str(content.get("language", {}).get("code")))
    if key not in templates:
        raise GraphError(132001, f"template {key} does not exist")
    params = [
        p
        for c in content.get("components", [])
        if str(c.get("type")).lower() == "body"
        for p in c.get("parameters", [])
    ]
    if len(params) != templates[key]:
        raise GraphError(132000, "number of parameters does not match")
    for param in params:
        text = param.get("text")
        _length(text, 1, 1024, "template parameter")
        if re.search(r"[\n\t]| {5,}", text):
            raise GraphError(132018, "parameter has new-line, tab or more than 4 spaces")


def _length(value: Any, low: int, high: int, name: str) -> None:
    if not isinstance(value, str) or not low <= len(value) <= high:
        raise GraphError(131009, f"{name} must have {low} to {high} characters: {value!r}")


def _unique(values: list[str]) -> None:
    if len(values) != len(set(values)):
        raise GraphError(131009, f"duplicate ids or titles: {values}")
