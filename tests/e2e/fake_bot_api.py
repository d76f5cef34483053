"""A loopback fake of the Telegram Bot API: a standard-library HTTP server for end-to-end tests.

Point python-telegram-bot at it with `base_url=fake.base_url` (or a subprocess with
`IKM_TELEGRAM_API_URL=fake.base_url`): requests arrive at `/bot<token>/<method>`. The fake
records every call, answers with Bot API shaped JSON, feeds pushed updates to `getUpdates`
long polling and can inject failures (429 flood control, 502 from the front, a rate limit).

    with FakeBotApi() as fake:
        fake.text_message(User(7, "Ani"), "/start")
        call = fake.wait_for(lambda c: c.method == "sendMessage")

Binds 127.0.0.1 only; nothing here reaches the network.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from http import HTTPStatus
from typing import Any, Self
from urllib.parse import parse_qsl

from tests.e2e.loopback import LoopbackApi, Reply, Request, accepts, multipart_parts

FAKE_TOKEN = "123456:TEST-fake-token"
BOT_USERNAME = "ikm_test_bot"

JSONDict = dict[str, Any]
ChatId = int | str
Files = dict[str, tuple[str, bytes]]
Keyboard = list[list[tuple[str, str | None]]]

_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)/?")
_INTEGER = re.compile(r"-?\d+")
# Form fields that are free text or string ids: never JSON- or int-decoded.
_VERBATIM = frozenset(
    {"text", "caption", "title", "description", "question", "url", "parse_mode"}
    | {"callback_query_id", "inline_message_id", "business_connection_id", "language_code"}
)
_INT_FIELDS = frozenset({"offset", "limit", "timeout", "max_connections", "cache_time"})
_MESSAGE_METHODS = frozenset(
    {"sendmessage", "sendphoto", "senddocument", "editmessagetext", "editmessagereplymarkup"}
)
_TEXT_METHODS = frozenset({"sendmessage", "editmessagetext"})
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_NGINX_PAGE = (
    "<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)


# --- values tests build and read ---------------------------------------------------------


@dataclass(frozen=True)
class User:
    """A Telegram user a test plays."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str = "id"

    def to_json(self) -> JSONDict:
        """The Bot API `User` object."""
        data: JSONDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        return data | {"language_code": self.language_code}


@dataclass(frozen=True)
class Chat:
    """A chat other than the user's private chat (e.g. a group)."""

    id: int
    type: str = "group"
    title: str = "Grup uji"

    def to_json(self) -> JSONDict:
        """The Bot API `Chat` object."""
        return {"id": self.id, "type": self.type, "title": self.title}


@dataclass(frozen=True)
class Call:
    """One recorded request; `at` is `time.monotonic()` on arrival, `result` the answer."""

    method: str
    params: JSONDict
    files: Files
    at: float
    status: int = HTTPStatus.OK
    result: Any = None

    @property
    def ok(self) -> bool:
        """Whether the fake answered 200 (not a failure, fault or rate limit)."""
        return self.status == HTTPStatus.OK

    def is_(self, method: str) -> bool:
        """Whether this is a call of `method` (Bot API method names ignore case)."""
        return self.method.lower() == method.lower()


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    content_type: str = "application/json"
    result: Any = None


@dataclass
class _Fault:
    reply: _Reply
    remaining: int


class _ApiError(Exception):
    """A Bot API error answer raised by a method implementation."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _ok_reply(result: Any) -> _Reply:
    body = json.dumps({"ok": True, "result": result}, ensure_ascii=False).encode()
    return _Reply(HTTPStatus.OK, body, result=result)


def _error_reply(status: int, description: str, retry_after: int | None = None) -> _Reply:
    data: JSONDict = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        data["parameters"] = {"retry_after": retry_after}
    return _Reply(status, json.dumps(data).encode())


def _html_reply(status: int) -> _Reply:
    page = _NGINX_PAGE.format(status=status, phrase=HTTPStatus(status).phrase)
    return _Reply(status, page.encode(), "text/html")


# --- request bodies -----------------------------------------------------------------------


def parse_request(query: str, content_type: str, body: bytes) -> tuple[JSONDict, Files]:
    """Params and uploaded files of a query string plus a JSON, form or multipart body."""
    params = _decode_fields(parse_qsl(query, keep_blank_values=True))
    header = EmailMessage()
    header["Content-Type"] = content_type or "application/octet-stream"
    kind = header.get_content_type()
    if kind == "application/json" and body.strip():
        decoded = json.loads(body)
        if not isinstance(decoded, dict):
            raise ValueError("a JSON body must be an object")
        return params | decoded, {}
    if kind == "application/x-www-form-urlencoded":
        pairs = parse_qsl(body.decode(), keep_blank_values=True)
        return params | _decode_fields(pairs), {}
    if kind == "multipart/form-data":
        fields, files = _parse_multipart(body, str(header.get_param("boundary")))
        return params | _decode_fields(fields), files
    return params, {}


def _parse_multipart(body: bytes, boundary: str) -> tuple[list[tuple[str, str]], Files]:
    """Form fields and uploaded files of a multipart body."""
    fields: list[tuple[str, str]] = []
    files: Files = {}
    for part in multipart_parts(body, boundary):
        if part.filename is not None:
            files[part.name] = (part.filename, part.content)
        else:
            fields.append((part.name, part.content.decode()))
    return fields, files


def _decode_fields(pairs: Iterable[tuple[str, str]]) -> JSONDict:
    return {name: _decode_field(name, value) for name, value in pairs}


def _decode_field(name: str, value: str) -> Any:
    """Form values are strings; PTB JSON-encodes objects, arrays, numbers and booleans."""
    if name in _VERBATIM:
        return value
    if (name.endswith("_id") or name in _INT_FIELDS) and _INTEGER.fullmatch(value):
        return int(value)
    if value in ("true", "false") or value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# --- pieces of Bot API objects ------------------------------------------------------------


def _now() -> int:
    return int(time.time())


def _command_entities(text: str) -> list[JSONDict]:
    """A `bot_command` entity for a leading `/command` (offsets in UTF-16 code units)."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


def _inline_markup(params: JSONDict) -> JSONDict | None:
    """The reply_markup a message keeps: Telegram echoes inline keyboards only."""
    markup = params.get("reply_markup")
    return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None


def _keyboard_rows(markup: Any) -> Keyboard:
    if not isinstance(markup, dict):
        return []
    rows = markup.get("inline_keyboard", [])
    return [[(button["text"], button.get("callback_data")) for button in row] for row in rows]


def _required(params: JSONDict, name: str, label: str | None = None) -> Any:
    value = params.get(name)
    if value is None or value == "":
        raise _ApiError(HTTPStatus.BAD_REQUEST, f"Bad Request: {label or name} is empty")
    return value


def _scope_key(scope: Any) -> str:
    """`default`, `all_private_chats`, `chat:42`, `chat_member:42:7`, …"""
    if not isinstance(scope, dict):
        return "default"
    parts = [str(scope.get("type", "default"))]
    parts += [str(scope[key]) for key in ("chat_id", "user_id") if key in scope]
    return ":".join(parts)


def _private_chat(user: User) -> JSONDict:
    chat: JSONDict = {"id": user.id, "type": "private", "first_name": user.first_name}
    return chat | ({"username": user.username} if user.username else {})


def _update_kind(update: JSONDict) -> str:
    return next((key for key in update if key != "update_id"), "")


# --- the fake -----------------------------------------------------------------------------


class FakeBotApi(LoopbackApi[Call]):
    """The Bot API on 127.0.0.1:<ephemeral port>, in a background thread; thread-safe."""

    record_name = "call"

    def __init__(self, token: str = FAKE_TOKEN, *, max_poll_wait: float = 1.0) -> None:
        super().__init__()  # self._changed guards all state below
        self.token = token
        self.max_poll_wait = max_poll_wait
        self.bot_user: JSONDict = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "IKM Test Bot",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._updates: deque[JSONDict] = deque()
        self._last_update_id = 0
        self._messages: dict[tuple[ChatId, int], JSONDict] = {}
        self._last_message_id: dict[ChatId, int] = {}
        self._chats: dict[ChatId, JSONDict] = {}
        self._file_count = 0
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._webhook_url = ""
        #: For each setWebhook: did its URL accept a connection at that moment? Telegram
        #: delivers at once, so a webhook registered before its server listens loses updates.
        self.webhook_listening: list[bool] = []
        self._faults: dict[str, deque[_Fault]] = {}
        self._per_second: float | None = None
        self._window: deque[float] = deque()
        self._stopping = False
        self._revoked = False
        self._methods: dict[str, Callable[[JSONDict, Files], Any]] = {
            "getme": lambda params, files: self.bot_user,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "sendphoto": self._send_photo,
            "senddocument": self._send_document,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
        }

    # lifecycle

    def start(self) -> Self:
        """Serve (see LoopbackApi.start); long polls block again until `stop`."""
        self._stopping = False
        return super().start()

    def _wake(self) -> None:
        """Blocked long polls return at once when the fake stops."""
        self._stopping = True

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT/bot`: PTB appends `<token>/<method>`."""
        return f"{self.origin}/bot"

    # recording

    def calls(self, method: str | None = None, *, ok: bool | None = None) -> list[Call]:
        """Recorded calls in arrival order, optionally of one method and/or outcome."""
        return self.recorded(
            lambda call: (method is None or call.is_(method)) and (ok is None or call.ok == ok)
        )

    def sent_texts(self, chat_id: ChatId) -> list[str]:
        """Texts of successful sendMessage/editMessageText calls to `chat_id`, in order."""
        return [
            str(call.params.get("text"))
            for call in self.calls(ok=True)
            if call.method.lower() in _TEXT_METHODS and call.params.get("chat_id") == chat_id
        ]

    def last_reply_markup(self, chat_id: ChatId) -> JSONDict | None:
        """The reply_markup param of the latest successful message or edit to `chat_id`."""
        for call in reversed(self.calls(ok=True)):
            if call.method.lower() in _MESSAGE_METHODS and call.params.get("chat_id") == chat_id:
                markup = call.params.get("reply_markup")
                return markup if isinstance(markup, dict) else None
        return None

    def last_keyboard(self, chat_id: ChatId) -> Keyboard:
        """Rows of (text, callback_data) of the latest message/edit's inline keyboard, or []."""
        return _keyboard_rows(self.last_reply_markup(chat_id))

    def message(self, chat_id: ChatId, message_id: int) -> JSONDict | None:
        """A copy of a message as it stands now (after edits); None if unknown or deleted."""
        with self._changed:
            message = self._messages.get((chat_id, message_id))
            return dict(message) if message is not None else None

    def commands_for(
        self, chat_id: int | None = None, *, scope_type: str | None = None, language_code: str = ""
    ) -> list[tuple[str, str]]:
        """(command, description) set by setMyCommands for one scope (chat scope if chat_id)."""
        kind = scope_type or ("chat" if chat_id is not None else "default")
        key = kind if chat_id is None else f"{kind}:{chat_id}"
        with self._changed:
            stored = self._commands.get((key, language_code), [])
            return [(item["command"], item["description"]) for item in stored]

    def clear(self) -> None:
        """Forget the recorded calls (messages, updates and faults stay)."""
        with self._changed:
            self._records.clear()

    def _summary(self) -> str:
        methods = [call.method for call in self.calls() if not call.is_("getUpdates")]
        return f"calls besides getUpdates: {methods}"

    # feeding updates

    @property
    def pending_update_count(self) -> int:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self._changed:
            return len(self._updates)

    def push_update(self, update: JSONDict) -> int:
        """Queue an update (its update_id is assigned here, increasing); returns the id."""
        with self._changed:
            self._last_update_id += 1
            body = {key: value for key, value in update.items() if key != "update_id"}
            self._updates.append({"update_id": self._last_update_id} | body)
            self._changed.notify_all()
            return self._last_update_id

    def text_message(self, user: User, text: str, chat: Chat | None = None) -> int:
        """A text message (with a bot_command entity for `/command`) in the private chat."""
        content: JSONDict = {"text": text}
        if entities := _command_entities(text):
            content["entities"] = entities
        return self.push_update({"message": self._user_message(user, content, chat)})

    def group_text_message(self, user: User, text: str, chat: Chat | None = None) -> int:
        """A text message in a group chat (default `Chat(-4001)`, type "group")."""
        return self.text_message(user, text, chat or Chat(-4001))

    def callback_query(
        self, user: User, data: str, message_id: int, chat_id: ChatId | None = None
    ) -> int:
        """A button press on a message the bot sent; the query id is `str(update_id)`."""
        with self._changed:
            message = self._messages.get((chat_id or user.id, message_id))
            if message is None:
                raise KeyError(f"no message {message_id} in chat {chat_id or user.id}")
            query = {
                "id": str(self._last_update_id + 1),
                "from": user.to_json(),
                "message": message,
                "chat_instance": f"{message['chat']['id']}0{self.bot_user['id']}",
                "data": data,
            }
            return self.push_update({"callback_query": query})

    def contact_message(self, user: User, phone: str, contact_user_id: int | None) -> int:
        """A shared contact; `contact_user_id=user.id` for the sender's own number."""
        contact: JSONDict = {"phone_number": phone, "first_name": user.first_name}
        if contact_user_id is not None:
            contact["user_id"] = contact_user_id
        return self.push_update({"message": self._user_message(user, {"contact": contact})})

    def sticker_message(self, user: User, emoji: str = "👍") -> int:
        """A sticker."""
        sticker = self._file_json() | {"type": "regular", "width": 512, "height": 512}
        sticker |= {"is_animated": False, "is_video": False, "emoji": emoji}
        return self.push_update({"message": self._user_message(user, {"sticker": sticker})})

    def photo_message(self, user: User, caption: str | None = None) -> int:
        """A photo, optionally captioned."""
        content: JSONDict = {"photo": [self._file_json() | {"width": 90, "height": 90}]}
        if caption is not None:
            content["caption"] = caption
        return self.push_update({"message": self._user_message(user, content)})

    def voice_message(self, user: User, duration: int = 2) -> int:
        """A voice note."""
        voice = self._file_json() | {"duration": duration, "mime_type": "audio/ogg"}
        return self.push_update({"message": self._user_message(user, {"voice": voice})})

    def location_message(
        self, user: User, latitude: float = -2.3246, longitude: float = 115.4636
    ) -> int:
        """A shared location (default: Paringin, Balangan)."""
        location = {"latitude": latitude, "longitude": longitude}
        return self.push_update({"message": self._user_message(user, {"location": location})})

    def edited_message(
        self, user: User, message_id: int, text: str, chat_id: ChatId | None = None
    ) -> int:
        """The user edits an earlier message of theirs to `text`."""
        with self._changed:
            key = (chat_id or user.id, message_id)
            if key not in self._messages:
                raise KeyError(f"no message {message_id} in chat {key[0]}")
            edited = self._messages[key] | {"text": text, "edit_date": _now()}
            edited.pop("entities", None)
            if entities := _command_entities(text):
                edited["entities"] = entities
            self._messages[key] = edited
            return self.push_update({"edited_message": edited})

    def _user_message(self, user: User, content: JSONDict, chat: Chat | None = None) -> JSONDict:
        chat_json = chat.to_json() if chat else _private_chat(user)
        with self._changed:
            self._chats[chat_json["id"]] = chat_json
            message: JSONDict = {"message_id": self._next_message_id(chat_json["id"])}
            message |= {"from": user.to_json(), "chat": chat_json, "date": _now()} | content
            self._messages[(chat_json["id"], message["message_id"])] = message
            return message

    def _next_message_id(self, chat_id: ChatId) -> int:
        """Message ids count per chat, shared by the user's and the bot's messages."""
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _file_json(self, size: int = 1024) -> JSONDict:
        with self._changed:
            self._file_count += 1
            number = self._file_count
        return {"file_id": f"fake-{number}", "file_unique_id": f"u{number}", "file_size": size}

    # fault injection

    def fail_next(
        self,
        method: str,
        count: int = 1,
        status: int = HTTPStatus.TOO_MANY_REQUESTS,
        retry_after: int | None = None,
        description: str | None = None,
        *,
        json_body: bool = True,
    ) -> None:
        """Answer the next `count` calls of `method` with `status` (HTML page if not json_body).

        429 defaults to `retry_after=1` and "Too Many Requests: retry after 1", like Telegram.
        """
        if status == HTTPStatus.TOO_MANY_REQUESTS and retry_after is None:
            retry_after = 1
        if description is None:
            description = HTTPStatus(status).phrase
            if retry_after is not None:
                description = f"{description}: retry after {retry_after}"
        reply = (
            _error_reply(status, description, retry_after) if json_body else _html_reply(status)
        )
        with self._changed:
            self._faults.setdefault(method.lower(), deque()).append(_Fault(reply, count))

    def answer_next(self, method: str, result: Any, count: int = 1) -> None:
        """Answer the next `count` calls of `method` with `{"ok": true, "result": result}`,
        whatever it is (a garbled server or proxy: `"surprise"`, updates without update_id)."""
        with self._changed:
            self._faults.setdefault(method.lower(), deque()).append(
                _Fault(_ok_reply(result), count)
            )

    def revoke(self) -> None:
        """The token was revoked (@BotFather): every call from now on gets 401 Unauthorized."""
        with self._changed:
            self._revoked = True

    def rate_limit(self, per_second: float | None) -> None:
        """Answer 429 to calls with a chat_id beyond `per_second` in any 1 s window (None: off)."""
        with self._changed:
            self._per_second = per_second
            self._window.clear()

    def _take_fault(self, method: str) -> _Reply | None:
        faults = self._faults.get(method.lower())
        if not faults:
            return None
        fault = faults[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            faults.popleft()
        return fault.reply

    def _rate_limited(self, params: JSONDict) -> _Reply | None:
        if self._per_second is None or "chat_id" not in params:
            return None
        now = time.monotonic()
        while self._window and self._window[0] <= now - 1:
            self._window.popleft()
        if len(self._window) >= self._per_second:
            retry_after = max(1, math.ceil(self._window[0] + 1 - now))
            description = f"Too Many Requests: retry after {retry_after}"
            return _error_reply(HTTPStatus.TOO_MANY_REQUESTS, description, retry_after)
        self._window.append(now)
        return None

    # answering a request

    def answer(self, request: Request) -> Reply:
        """Answer one HTTP request and record it (called from the handler threads)."""
        reply = self._handle(request)
        return Reply(reply.status, reply.body, reply.content_type)

    def _handle(self, request: Request) -> _Reply:
        at = time.monotonic()
        match = _PATH.fullmatch(request.path)
        if match is None:
            return _error_reply(HTTPStatus.NOT_FOUND, "Not Found")
        try:
            params, files = parse_request(request.query, request.content_type, request.body)
        except (ValueError, KeyError):
            return _error_reply(HTTPStatus.BAD_REQUEST, "Bad Request: can't parse request")
        method = match["method"]
        with self._changed:
            reply = self._answer(match["token"], method, params, files)
            self.record(Call(method, params, files, at, reply.status, reply.result))
        return reply

    def _answer(self, token: str, method: str, params: JSONDict, files: Files) -> _Reply:
        if token != self.token or self._revoked:
            return _error_reply(HTTPStatus.UNAUTHORIZED, "Unauthorized")
        refused = self._take_fault(method) or self._rate_limited(params)
        if refused is not None:
            return refused
        implementation = self._methods.get(method.lower(), self._acknowledge)
        try:
            return _ok_reply(implementation(params, files))
        except _ApiError as error:
            return _error_reply(error.status, error.description)
        except (ValueError, TypeError, KeyError) as error:  # a malformed parameter
            return _error_reply(HTTPStatus.BAD_REQUEST, f"Bad Request: {error!r}")

    # methods: updates and webhook

    def _acknowledge(self, params: JSONDict, files: Files) -> bool:
        """Every method without its own implementation (answerCallbackQuery, close, …)."""
        return True

    def _get_updates(self, params: JSONDict, files: Files) -> list[JSONDict]:
        if self._webhook_url:
            raise _ApiError(
                HTTPStatus.CONFLICT,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self._confirm(int(params.get("offset", 0)))
        limit = min(max(int(params.get("limit", 100)), 1), 100)
        allowed = params.get("allowed_updates") or []
        wait = min(float(params.get("timeout", 0)), self.max_poll_wait)
        deadline = time.monotonic() + wait
        while True:
            self._drop_unwanted(allowed)
            remaining = deadline - time.monotonic()
            if self._updates or self._stopping or remaining <= 0:
                return list(self._updates)[:limit]
            self._changed.wait(remaining)

    def _confirm(self, offset: int) -> None:
        """Positive offset: forget updates below it; negative: keep only the last -offset."""
        if offset > 0:
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
        elif offset < 0:
            while len(self._updates) > -offset:
                self._updates.popleft()

    def _drop_unwanted(self, allowed: list[str]) -> None:
        if allowed:
            wanted = [update for update in self._updates if _update_kind(update) in allowed]
            self._updates = deque(wanted)

    def _set_webhook(self, params: JSONDict, files: Files) -> bool:
        self._webhook_url = str(params.get("url", ""))
        self.webhook_listening.append(accepts(self._webhook_url))
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    def _delete_webhook(self, params: JSONDict, files: Files) -> bool:
        self._webhook_url = ""
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    def _get_webhook_info(self, params: JSONDict, files: Files) -> JSONDict:
        info: JSONDict = {"url": self._webhook_url, "has_custom_certificate": False}
        return info | {"pending_update_count": len(self._updates)}

    # methods: commands

    def _commands_key(self, params: JSONDict) -> tuple[str, str]:
        return _scope_key(params.get("scope")), str(params.get("language_code", ""))

    def _set_my_commands(self, params: JSONDict, files: Files) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: commands must be an array")
        self._commands[self._commands_key(params)] = commands
        return True

    def _get_my_commands(self, params: JSONDict, files: Files) -> list[JSONDict]:
        return self._commands.get(self._commands_key(params), [])

    def _delete_my_commands(self, params: JSONDict, files: Files) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    # methods: messages

    def _send_message(self, params: JSONDict, files: Files) -> JSONDict:
        text = str(_required(params, "text", "message text"))
        if len(text) > 4096:
            raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: message is too long")
        content: JSONDict = {"text": text}
        if isinstance(params.get("entities"), list):
            content["entities"] = params["entities"]
        return self._bot_message(params, content)

    def _send_photo(self, params: JSONDict, files: Files) -> JSONDict:
        size = len(files["photo"][1]) if "photo" in files else 1024
        photo = [self._file_json(size) | {"width": 320, "height": 320}]
        return self._bot_message(params, self._with_caption(params, {"photo": photo}))

    def _send_document(self, params: JSONDict, files: Files) -> JSONDict:
        filename, content = files.get("document", ("document", b""))
        document = self._file_json(len(content)) | {"file_name": filename}
        return self._bot_message(params, self._with_caption(params, {"document": document}))

    def _with_caption(self, params: JSONDict, content: JSONDict) -> JSONDict:
        caption = params.get("caption")
        if caption is None:
            return content
        if len(str(caption)) > 1024:
            raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: message caption is too long")
        return content | {"caption": str(caption)}

    def _bot_message(self, params: JSONDict, content: JSONDict) -> JSONDict:
        chat_id: ChatId = _required(params, "chat_id")
        chat = self._chats.get(chat_id) or {
            "id": chat_id,
            "type": "private" if isinstance(chat_id, int) and chat_id > 0 else "group",
        }
        message: JSONDict = {"message_id": self._next_message_id(chat_id), "from": self.bot_user}
        message |= {"chat": chat, "date": _now()} | content
        if markup := _inline_markup(params):
            message["reply_markup"] = markup
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _stored_message(self, params: JSONDict, action: str) -> JSONDict:
        key: tuple[ChatId, int] = (_required(params, "chat_id"), _required(params, "message_id"))
        if key not in self._messages:
            raise _ApiError(HTTPStatus.BAD_REQUEST, f"Bad Request: message to {action} not found")
        return self._messages[key]

    def _store_edit(self, original: JSONDict, changes: JSONDict, params: JSONDict) -> JSONDict:
        edited = original | changes | {"edit_date": _now()}
        edited.pop("reply_markup", None)
        if markup := _inline_markup(params):
            edited["reply_markup"] = markup
        if all(edited.get(key) == original.get(key) for key in ("text", "reply_markup")):
            raise _ApiError(HTTPStatus.BAD_REQUEST, _NOT_MODIFIED)
        self._messages[(original["chat"]["id"], original["message_id"])] = edited
        return edited

    def _edit_message_text(self, params: JSONDict, files: Files) -> JSONDict | bool:
        if "inline_message_id" in params:
            return True
        original = self._stored_message(params, "edit")
        text = str(_required(params, "text", "message text"))
        changes: JSONDict = {"text": text}
        if isinstance(params.get("entities"), list):
            changes["entities"] = params["entities"]
        return self._store_edit(original, changes, params)

    def _edit_message_reply_markup(self, params: JSONDict, files: Files) -> JSONDict | bool:
        if "inline_message_id" in params:
            return True
        return self._store_edit(self._stored_message(params, "edit"), {}, params)

    def _delete_message(self, params: JSONDict, files: Files) -> bool:
        original = self._stored_message(params, "delete")
        del self._messages[(original["chat"]["id"], original["message_id"])]
        return True
