"""Property: no stream of Telegram updates breaks the channel or the database.

The real Application (every handler of `TelegramChannel`) runs in-process against the loopback
fake Bot API; generated updates go straight into `Application.process_update`, no polling. Each
hypothesis example is a list of updates from roster people and strangers: typed text (Unicode,
very long, digits, the survey's words), commands with and without arguments, button presses on
the keyboards the bot really sent, forged and out-of-range callback data, contacts (own, foreign,
without an account, on and off the roster), invite links, media, edits, group messages and
update kinds the bot has no handler for.

After every example: no handler raised (errors are recorded by an extra error handler and any
ERROR log fails the example), every button press got exactly one answerCallbackQuery, every
call to the Bot API was well-formed, the chat accounts are exactly those a model of the binding
rules predicts, and the survey tables are consistent (answers 1..4, one participation per
member and period, one response per participation, six answers per response, drafts only for
bound members).

The `db` fixture is shared by the examples of one test run, so every example starts by
deleting what the previous one wrote in the open period.
"""

from __future__ import annotations

import itertools
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import text
from telegram import Update
from telegram.ext import AIORateLimiter

import bot.telegram.channel
from bot.telegram.channel import TelegramChannel
from bot.telegram.delivery import RetryingRateLimiter
from ikm.db import Database
from survey.conversation.events import Answer, Skip, Start, Submit
from survey.people.model import Role
from survey.people.phone import InvalidPhone, normalize_phone
from survey.services import Services
from tests.e2e.fake_bot_api import BOT_USERNAME, Chat, FakeBotApi, User
from tests.integration.helpers import row

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
PREVIOUS_PERIOD = "Semester I 2026"
OPEN_PERIOD = "Semester II 2026"

# name, phone, role, active
ROSTER: list[tuple[str, str, Role, bool]] = [
    ("Anggota Satu", "+6281211110001", Role.ANGGOTA, True),
    ("Anggota Dua", "+6281211110002", Role.ANGGOTA, True),
    ("Anggota Tiga", "+6281211110003", Role.ANGGOTA, True),
    ("Anggota Empat", "+6281211110004", Role.ANGGOTA, True),
    ("Anggota Purna", "+6281211110009", Role.ANGGOTA, False),
    ("Kabid Persidangan", "+6281311110001", Role.KABID, True),
    ("Sekretaris DPRD", "+6281411110001", Role.SEKRETARIS, True),
    ("Staf Umum", "+6281511110001", Role.STAF, True),
]
OFF_ROSTER = ["+6281999990001", "+6285711112222"]

# The Telegram users the examples play; `phone` is the number their own contact card carries.
USERS: list[tuple[User, str]] = [
    (User(7001, "Satu"), ROSTER[0][1]),  # bound deliberately
    (User(7002, "Dua", "dua_dprd"), ROSTER[1][1]),  # bound deliberately
    (User(7003, "Tiga"), ROSTER[2][1]),  # may bind by contact or invite
    (User(7004, "Empat"), ROSTER[3][1]),  # may bind by contact or invite
    (User(7005, "Budi"), ROSTER[5][1]),  # kabid, bound deliberately
    (User(7006, "Rahmah"), ROSTER[6][1]),  # sekretaris, bound deliberately
    (User(7007, "Staf"), ROSTER[7][1]),  # staf, may bind
    (User(7009, "Purna"), ROSTER[4][1]),  # bound, then the member left office
    (User(6601, "Asing", language_code="en"), OFF_ROSTER[0]),  # stranger
    (User(6602, "Tamu 🌴"), OFF_ROSTER[1]),  # stranger
]
DELIBERATE = {7001: ROSTER[0][1], 7002: ROSTER[1][1], 7005: ROSTER[5][1], 7006: ROSTER[6][1]}
BOUND_BEFORE_LEAVING = {7009: ROSTER[4][1]}
ALWAYS_BOUND = DELIBERATE | BOUND_BEFORE_LEAVING
INVITED = [ROSTER[2][1], ROSTER[7][1], ROSTER[0][1]]  # fresh invites per example
GROUPS = [Chat(-4001), Chat(-1001234567890, "supergroup", "Grup DPRD")]
PHONES = [p for _, p, _, _ in ROSTER] + OFF_ROSTER + ["12345", "+1 202 555 0100", "abc", " "]


def phone_forms(phone: str) -> list[str]:
    """How a contact card may carry `phone`: Telegram sends digits without `+`."""
    if not phone.startswith("+62"):
        return [phone]
    national = phone[3:]
    spaced = f"+62 {national[:3]}-{national[3:7]}-{national[7:]}"
    return [phone[1:], phone, "0" + national, spaced]


# --- actions: what a user does; turned into update dicts when the example runs --------------


@dataclass(frozen=True)
class Say:
    user: int
    text: str


@dataclass(frozen=True)
class Command:
    user: int
    text: str


@dataclass(frozen=True)
class StartInvite:
    user: int
    invite: int


@dataclass(frozen=True)
class Press:
    """Press button `button` of the `back`-th latest keyboard the bot sent to this user."""

    user: int
    back: int
    button: int


@dataclass(frozen=True)
class Choose:
    """Press the button of the latest keyboard a person following the screens would: the first
    whose action starts with `want` (`jawab:N` matches any unsur's answer N), else the first."""

    user: int
    want: str


@dataclass(frozen=True)
class Callback:
    """Callback data of our own making, on the latest bot message (or a minimal one)."""

    user: int
    data: str
    minimal: bool


@dataclass(frozen=True)
class Share:
    """A contact card: `owner` "own" (the sender), another user's index, or None."""

    user: int
    phone: int
    form: int
    owner: int | str | None


@dataclass(frozen=True)
class Media:
    user: int
    kind: str
    group: int | None = None


@dataclass(frozen=True)
class Edit:
    user: int
    text: str
    group: int | None


@dataclass(frozen=True)
class InGroup:
    user: int
    group: int
    text: str


@dataclass(frozen=True)
class Odd:
    """An update kind no handler takes (channel post, member status, inline query)."""

    user: int
    kind: str


Action = (
    Say | Command | StartInvite | Press | Choose | Callback | Share | Media | Edit | InGroup | Odd
)

users = st.integers(0, len(USERS) - 1)
members_first = st.sampled_from([0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9])
# Any character, U+0000 included (PostgreSQL cannot store it; the engine strips it).
chars = st.characters()
survey_words = st.sampled_from(
    [
        *("1", "2", "3", "4", "0", "5", "9", " 3 ", "kembali", "Kembali", "lewati", "LEWATI"),
        *("kirim", "Kirim", "ya", "tidak", "batal", "berapa IKM sekarang?", "ikm periode lalu?"),
        *("AC ruang rapat perlu diperbaiki", "Pelayanan sudah baik 👍", "١٢٣", "３"),
    ]
)
long_text = st.builds(
    lambda piece, n: (piece * n)[:5000],
    st.text(chars, min_size=1, max_size=8),
    st.integers(120, 5000),
)
any_text = st.one_of(
    survey_words, survey_words, st.text(chars, min_size=1, max_size=60), long_text, st.just("/")
)
command_names = st.sampled_from(
    [
        *("start", "survei", "survei", "batal", "bantuan", "ikm", "ekspor", "sebagai"),
        *("tidakada", "START", "Survei", "batal_semua"),
    ]
)
command_args = st.one_of(
    st.just(""),
    st.just(""),
    st.sampled_from([PREVIOUS_PERIOD, OPEN_PERIOD, "lalu", "Semester III 2030", "😀"]),
    st.text(chars, min_size=1, max_size=40),
)
command_text = st.builds(
    lambda name, at, arg: f"/{name}{at}" + (f" {arg}" if arg else ""),
    command_names,
    st.sampled_from(["", "", "", f"@{BOT_USERNAME}", "@bot_lain"]),
    command_args,
)
word_codes = st.sampled_from([*CODES, "saran", "tidakada"])
valid_data = st.one_of(
    st.builds(lambda c, v: f"jawab:{c}:{v}", word_codes, st.integers(-1, 6)),
    st.builds(lambda c, v: f"jawab:{c}:{v}", word_codes, st.integers(1, 4)),
    st.builds(lambda c: f"kembali:{c}", word_codes),
    st.builds(lambda c: f"ubah:{c}", word_codes),
    st.sampled_from(["lewati", "kirim", "batal", "batal:ya", "batal:tidak", "mulai"]),
)
random_data = st.text(min_size=1, max_size=64).map(
    lambda s: s.encode()[:64].decode(errors="ignore") or "x"
)
actions: st.SearchStrategy[Action] = st.one_of(
    *[st.builds(Press, members_first, st.sampled_from([0, 0, 0, 1, 3]), st.integers(0, 9))] * 6,
    *[st.builds(Say, members_first, any_text)] * 3,
    *[st.builds(Command, members_first, command_text)] * 2,
    st.builds(Callback, users, st.one_of(valid_data, random_data), st.booleans()),
    st.builds(Callback, members_first, valid_data, st.just(False)),
    st.builds(StartInvite, users, st.integers(0, len(INVITED) - 1)),
    st.builds(
        Share,
        users,
        st.integers(0, len(PHONES) - 1),
        st.integers(0, 3),
        st.one_of(st.just("own"), st.none(), users),
    ),
    st.builds(Share, users, st.just(-1), st.integers(0, 3), st.just("own")),  # their own number
    st.builds(
        Media,
        users,
        st.sampled_from(["sticker", "photo", "voice", "location", "document"]),
        st.one_of(st.none(), st.none(), st.integers(0, len(GROUPS) - 1)),
    ),
    st.builds(Edit, users, any_text, st.one_of(st.none(), st.integers(0, len(GROUPS) - 1))),
    st.builds(InGroup, users, st.integers(0, len(GROUPS) - 1), st.one_of(any_text, command_text)),
    st.builds(Odd, users, st.sampled_from(["channel_post", "my_chat_member", "inline_query"])),
)
members = st.sampled_from([0, 0, 1, 1, 2, 3, 4])  # mostly members; the kabid cannot take it
survey_flow = st.builds(
    lambda user, values, saran, ending: [
        Command(user, "/survei"),
        *(Choose(user, f"jawab:{value}") for value in values),
        Choose(user, "lewati") if saran is None else Say(user, saran),
        Choose(user, ending),
    ],
    members,
    st.lists(st.integers(1, 4), min_size=6, max_size=6),
    st.one_of(st.none(), any_text),
    st.sampled_from(["kirim", "kirim", "kirim", "ubah:saran", "batal"]),
)
leader_question = st.builds(
    lambda user, said: [Say(user, said) if said[0] != "/" else Command(user, said)],
    st.sampled_from([4, 5, 0]),
    st.sampled_from(
        [
            *("/ikm", f"/ikm {PREVIOUS_PERIOD}", f"/ekspor {PREVIOUS_PERIOD}", "/ekspor"),
            *("berapa IKM sekarang?", "nilai ikm periode lalu?", "/ikm Semester III 2030"),
        ]
    ),
)
# A plan is chunks (one update, a whole survey, a leader's question), each with a delay:
# chunk k's i-th update goes at position k + delay + i, so chunks interleave while keeping
# their own order, and removing a chunk while shrinking does not reorder the others.
chunk = st.tuples(
    st.one_of(actions.map(lambda a: [a]), survey_flow, leader_question), st.integers(0, 12)
)


@st.composite
def plans(draw: st.DrawFn) -> list[Action]:
    """About 50 chunks, 70 updates, per example; a drawn count shrinks faster than a list."""
    count = draw(st.integers(1, 100))
    parts = draw(st.lists(chunk, min_size=count, max_size=count))
    ordered = sorted(
        (k + delay + i, k, action)
        for k, (steps, delay) in enumerate(parts)
        for i, action in enumerate(steps)
    )
    return [action for _, _, action in ordered]


# --- the world of one example -----------------------------------------------------------------


def _entities(text_: str) -> list[dict[str, Any]]:
    if not text_.startswith("/"):
        return []
    command = text_.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


def _private_chat(user: User) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": user.id, "type": "private", "first_name": user.first_name}
    return chat | ({"username": user.username} if user.username else {})


def _wanted(action: str, want: str) -> bool:
    if want.startswith("jawab:"):
        return action.startswith("jawab:") and action.endswith(want.removeprefix("jawab"))
    return action.startswith(want)


@dataclass
class BindingModel:
    """The chat accounts the binding rules allow: contacts of one's own, single-use invites."""

    phones: dict[str, tuple[Role, bool]]
    bound: dict[int, str] = field(default_factory=lambda: dict(ALWAYS_BOUND))
    used_invites: set[int] = field(default_factory=set)

    def active(self, user_id: int) -> bool:
        phone = self.bound.get(user_id)
        return phone is not None and self.phones[phone][1]

    def _bind(self, user_id: int, phone: str) -> bool:
        if not self.phones[phone][1]:
            return False
        if user_id in self.bound:
            return self.bound[user_id] == phone
        if phone in self.bound.values():
            return False
        self.bound[user_id] = phone
        return True

    def contact(self, user_id: int, owner: int | None, raw: str) -> None:
        if owner != user_id:
            return
        try:
            phone = normalize_phone(raw)
        except InvalidPhone:
            return
        if phone in self.phones:
            self._bind(user_id, phone)

    def invite(self, user_id: int, index: int) -> None:
        if self.active(user_id) or index in self.used_invites:
            return  # a known person's /start ignores its argument
        if self._bind(user_id, INVITED[index]):
            self.used_invites.add(index)


_WORLDS = itertools.count(1)


@dataclass
class World:
    """One example: the fake, the update counter, the invite tokens and the binding model."""

    fake: FakeBotApi
    tokens: list[str]
    model: BindingModel
    # Update ids only grow, as Telegram's do: the bot claims each id once (telegram_handled),
    # so a new example must not reuse an earlier example's ids.
    next_update: int = field(default_factory=lambda: next(_WORLDS) * 1_000_000)
    next_message: int = 100_000
    callback_ids: list[str] = field(default_factory=list)
    last_user_message: dict[int, int] = field(default_factory=dict)

    def update(self, body: dict[str, Any]) -> dict[str, Any]:
        self.next_update += 1
        return {"update_id": self.next_update} | body

    def message(
        self, user: User, content: dict[str, Any], chat: Chat | None = None
    ) -> dict[str, Any]:
        self.next_message += 1
        chat_json = chat.to_json() if chat else _private_chat(user)
        self.last_user_message[chat_json["id"]] = self.next_message
        base = {"message_id": self.next_message, "from": user.to_json(), "chat": chat_json}
        return base | {"date": int(time.time())} | content

    def text_message(self, user: User, text_: str, chat: Chat | None = None) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text_}
        if entities := _entities(text_):
            content["entities"] = entities
        return self.update({"message": self.message(user, content, chat)})

    def keyboards(self, user: User) -> list[dict[str, Any]]:
        """Bot messages with an inline keyboard in the user's chat, oldest first."""
        return [
            call.result
            for call in self.fake.calls("sendMessage", ok=True)
            if call.params.get("chat_id") == user.id and "reply_markup" in call.result
        ]

    def latest_bot_message(self, user: User) -> dict[str, Any] | None:
        sent = [c.result for c in self.fake.calls(ok=True) if c.params.get("chat_id") == user.id]
        sent = [m for m in sent if isinstance(m, dict) and "message_id" in m]
        return sent[-1] if sent else None

    def callback(self, user: User, data: str, message: dict[str, Any] | None) -> dict[str, Any]:
        if message is None:  # a minimal message, as the fake would store it
            message = {
                "message_id": 1,
                "from": self.fake.bot_user,
                "chat": _private_chat(user),
                "date": int(time.time()),
                "text": "…",
            }
        query_id = str(self.next_update + 1)
        self.callback_ids.append(query_id)
        query = {
            "id": query_id,
            "from": user.to_json(),
            "message": message,
            "chat_instance": f"{user.id}0{self.fake.bot_user['id']}",
            "data": data,
        }
        return self.update({"callback_query": query})

    def media(self, kind: str) -> dict[str, Any]:
        file: dict[str, Any] = {
            "file_id": f"f{self.next_message}",
            "file_unique_id": f"u{self.next_message}",
        }
        contents: dict[str, dict[str, Any]] = {
            "sticker": {
                "sticker": file
                | {"type": "regular", "width": 512, "height": 512, "emoji": "👍"}
                | {"is_animated": False, "is_video": False}
            },
            "photo": {"photo": [file | {"width": 90, "height": 90}], "caption": "foto rapat"},
            "voice": {"voice": file | {"duration": 2, "mime_type": "audio/ogg"}},
            "location": {"location": {"latitude": -2.3246, "longitude": 115.4636}},
            "document": {"document": file | {"file_name": "surat.pdf"}},
        }
        return contents[kind]

    def build(self, action: Action) -> dict[str, Any]:
        """The update dict of one action, applying it to the binding model first."""
        user, own_phone = USERS[action.user]
        match action:
            case Say(_, said):
                return self.text_message(user, said)
            case Command(_, command):
                return self.text_message(user, command)
            case StartInvite(_, index):
                self.model.invite(user.id, index)
                return self.text_message(user, f"/start {self.tokens[index]}")
            case Press(_, back, button):
                keyboards = self.keyboards(user)
                if not keyboards:
                    return self.callback(user, "mulai", None)
                message = keyboards[-1 - back % len(keyboards)]
                buttons = [b for r in message["reply_markup"]["inline_keyboard"] for b in r]
                return self.callback(
                    user, buttons[button % len(buttons)]["callback_data"], message
                )
            case Choose(_, want):
                keyboards = self.keyboards(user)
                if not keyboards:
                    return self.callback(user, "mulai", None)
                message = keyboards[-1]
                buttons = [
                    b["callback_data"]
                    for r in message["reply_markup"]["inline_keyboard"]
                    for b in r
                ]
                chosen = next((b for b in buttons if _wanted(b, want)), buttons[0])
                return self.callback(user, chosen, message)
            case Callback(_, data, minimal):
                latest = None if minimal else self.latest_bot_message(user)
                return self.callback(user, data, latest)
            case Share(_, phone_index, form, owner):
                phone = own_phone if phone_index < 0 else PHONES[phone_index]
                forms = phone_forms(phone)
                raw = forms[form % len(forms)]
                owner_id = user.id if owner == "own" else None
                if isinstance(owner, int):
                    owner_id = USERS[owner][0].id
                self.model.contact(user.id, owner_id, raw)
                contact: dict[str, Any] = {"phone_number": raw, "first_name": user.first_name}
                if owner_id is not None:
                    contact["user_id"] = owner_id
                return self.update({"message": self.message(user, {"contact": contact})})
            case Media(_, kind, group):
                chat = None if group is None else GROUPS[group]
                return self.update({"message": self.message(user, self.media(kind), chat)})
            case Edit(_, said, group):
                chat = None if group is None else GROUPS[group]
                chat_json = chat.to_json() if chat else _private_chat(user)
                message_id = self.last_user_message.get(chat_json["id"], 1)
                edited = {"message_id": message_id, "from": user.to_json(), "chat": chat_json}
                edited |= {"date": int(time.time()) - 60, "edit_date": int(time.time())}
                edited |= {"text": said} | (
                    {"entities": _entities(said)} if _entities(said) else {}
                )
                return self.update({"edited_message": edited})
            case InGroup(_, group, said):
                return self.text_message(user, said, GROUPS[group])
            case Odd(_, "channel_post"):
                channel = {"id": -1009876543210, "type": "channel", "title": "Kanal"}
                post = {"message_id": 5, "chat": channel, "date": int(time.time())}
                return self.update({"channel_post": post | {"text": "pengumuman"}})
            case Odd(_, "my_chat_member"):
                status = {"user": self.fake.bot_user, "status": "kicked", "until_date": 0}
                member: dict[str, Any] = {"chat": _private_chat(user), "from": user.to_json()}
                member |= {"date": int(time.time()), "new_chat_member": status}
                member |= {"old_chat_member": status | {"status": "member"}}
                member["old_chat_member"].pop("until_date")
                return self.update({"my_chat_member": member})
            case Odd():
                inline = {"id": f"i{self.next_update}", "from": user.to_json()}
                return self.update({"inline_query": inline | {"query": "ikm", "offset": ""}})
        raise AssertionError(action)


# --- seeding and resetting the shared database ----------------------------------------------


class Unthrottled(RetryingRateLimiter):
    """Our retrying limiter without flood pacing (30/s, 20/min per group): thousands of sends."""

    def __init__(self, *, backoff: float = 0.5) -> None:
        super().__init__(backoff=backoff)
        AIORateLimiter.__init__(
            self, overall_max_rate=0, group_max_rate=0, max_retries=self.retries
        )


@pytest.fixture
def quick_loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make an in-process fake cheap to call: thousands of sends in one test.

    The fake answers from threads of this process, so each call waits for the GIL to change
    hands (5 ms switch interval by default); and httpcore tries `import sniffio` (not
    installed: anyio 4.16 no longer needs it) several times per request, each a failed import
    that walks sys.path. Neither changes what the bot does.
    """
    monkeypatch.setattr(bot.telegram.channel, "RetryingRateLimiter", Unthrottled)
    monkeypatch.setitem(sys.modules, "sniffio", None)  # httpcore then assumes asyncio
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    yield
    sys.setswitchinterval(interval)


@pytest.fixture
async def roster(services: Services) -> dict[str, tuple[Role, bool]]:
    """The roster, a closed period with three responses, the open period, deliberate bindings."""
    rows = [
        row(i + 2, name, phone, role, "persidangan")
        for i, (name, phone, role, _) in enumerate(ROSTER)
    ]
    await services.roster.import_rows(rows, dry_run=False)
    await services.periods.open(PREVIOUS_PERIOD, version="dprd-6-v1", starts_on=date(2026, 1, 1))
    people = {p.phone: p for p in await services.roster.people()}
    for phone, values in zip(
        [p for _, p, _, _ in ROSTER[:3]], [(3, 4, 3, 3, 4, 2)] * 3, strict=True
    ):
        person = people[phone]
        await services.survey.handle(person.id, Start())
        for code, value in zip(CODES, values, strict=True):
            await services.survey.handle(person.id, Answer(code, value))
        await services.survey.handle(person.id, Skip())
        await services.survey.handle(person.id, Submit())
    await services.periods.close()
    await services.periods.open(OPEN_PERIOD, version="dprd-6-v1", starts_on=date(2026, 7, 1))
    for user_id, phone in ALWAYS_BOUND.items():
        await services.accounts.bind_phone("telegram", str(user_id), phone)
    for _, phone, _, active in ROSTER:
        if not active:
            await services.roster.set_active(phone, False)
    return {phone: (role, active) for _, phone, role, active in ROSTER}


async def rows_of(db: Database, query: str, **params: Any) -> list[tuple[Any, ...]]:
    async with db.engine.connect() as conn:
        return [tuple(r) for r in (await conn.execute(text(query), params)).all()]


async def reset(db: Database) -> None:
    """Forget the previous example: its open-period survey rows, invites and new bindings."""
    kept = ", ".join(f"'{user_id}'" for user_id in ALWAYS_BOUND)
    async with db.transaction() as session:
        period = "(SELECT id FROM period WHERE status = 'open')"
        for statement in (
            f"DELETE FROM response_answer WHERE period_id = {period}",
            f"DELETE FROM response WHERE period_id = {period}",
            f"DELETE FROM sealed_response WHERE period_id = {period}",
            f"DELETE FROM participation WHERE period_id = {period}",
            "DELETE FROM survey_draft",
            "DELETE FROM invite",
            f"DELETE FROM chat_account WHERE external_id NOT IN ({kept})",
        ):
            await session.exec(text(statement))  # type: ignore[call-overload]


async def check_database(db: Database, model: BindingModel) -> None:
    """The invariants of the survey tables and the bindings the model predicts."""
    assert (
        await rows_of(db, "SELECT value FROM response_answer WHERE value NOT BETWEEN 1 AND 4")
        == []
    )
    twice = "SELECT person_id, period_id FROM participation GROUP BY 1, 2 HAVING COUNT(*) > 1"
    assert await rows_of(db, twice) == []
    per_period = await rows_of(
        db,
        "SELECT p.id, (SELECT COUNT(*) FROM response r WHERE r.period_id = p.id) "
        "+ (SELECT COUNT(*) FROM sealed_response s WHERE s.period_id = p.id), "
        "(SELECT COUNT(*) FROM participation t WHERE t.period_id = p.id) FROM period p",
    )
    assert all(responses == taken for _, responses, taken in per_period), per_period
    answers = await rows_of(
        db,
        "SELECT r.id, COUNT(a.element), COUNT(DISTINCT a.element), "
        "SUM(CASE WHEN a.period_id = r.period_id THEN 0 ELSE 1 END) "
        "FROM response r LEFT JOIN response_answer a ON a.response_id = r.id GROUP BY r.id",
    )
    assert all(n == distinct == len(CODES) and wrong == 0 for _, n, distinct, wrong in answers)
    elements = await rows_of(db, "SELECT DISTINCT element FROM response_answer")
    assert {e for (e,) in elements} <= set(CODES)
    bound = await rows_of(
        db,
        "SELECT c.external_id, p.phone FROM chat_account c JOIN person p ON p.id = c.person_id "
        "WHERE c.channel = 'telegram'",
    )
    assert {int(external): phone for external, phone in bound} == model.bound
    members = {p for u, p in model.bound.items() if model.phones[p] == (Role.ANGGOTA, True)}
    drafts = await rows_of(
        db,
        "SELECT p.phone, p.role, d.period_id = (SELECT id FROM period WHERE status = 'open') "
        "FROM survey_draft d JOIN person p ON p.id = d.person_id",
    )
    assert all(phone in members and bool(current) for phone, _, current in drafts), drafts
    taken = await rows_of(
        db,
        "SELECT p.phone FROM participation t JOIN person p ON p.id = t.person_id "
        "WHERE t.period_id = (SELECT id FROM period WHERE status = 'open')",
    )
    assert {phone for (phone,) in taken} <= members


# --- the property -----------------------------------------------------------------------------


@pytest.mark.slow  # about 40 s on SQLite
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_any_stream_of_updates_keeps_the_bot_and_the_database_sound(
    data: st.DataObject,
    db: Database,
    roster: dict[str, tuple[Role, bool]],
    quick_loopback: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await reset(db)
    plan = data.draw(plans(), label="plan")
    channel = TelegramChannel(Services.build(db))
    tokens = [(await channel.services.accounts.create_invite(p))[0] for p in INVITED]
    errors: list[BaseException] = []

    async def record(update: object, context: Any) -> None:
        errors.append(context.error)

    caplog.clear()
    with caplog.at_level(logging.WARNING), FakeBotApi() as fake:
        world = World(fake, tokens, BindingModel(roster))
        app = channel.application(fake.token, fake.base_url)
        app.add_error_handler(record)
        async with app:
            for step, action in enumerate(plan):
                update = world.build(action)
                await app.process_update(Update.de_json(update, app.bot))
                if errors:
                    note(f"update {step}: {update}")
                    raise AssertionError(f"{action!r} raised {errors[0]!r}") from errors[0]
        calls = fake.calls()
    failed = [(c.method, c.status, c.result) for c in calls if not c.ok]
    assert failed == []
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged == []
    answered = Counter(
        str(c.params.get("callback_query_id")) for c in calls if c.is_("answerCallbackQuery")
    )
    assert answered == Counter(world.callback_ids)
    await check_database(db, world.model)


# --- bugs this property found (fixed since): kept as regression tests --------------------------


async def drive(db: Database, fake: FakeBotApi, actions_: list[Action]) -> list[BaseException]:
    """Feed `actions_` (user 0 is a bound member) to a fresh Application; the handler errors."""
    errors: list[BaseException] = []

    async def record(update: object, context: Any) -> None:
        errors.append(context.error)

    world = World(fake, [], BindingModel({}))
    app = TelegramChannel(Services.build(db)).application(fake.token, fake.base_url)
    app.add_error_handler(record)
    async with app:
        for action in actions_:
            await app.process_update(Update.de_json(world.build(action), app.bot))
    return errors


SURVEY_TO_SARAN: list[Action] = [Command(0, "/survei"), *(Choose(0, "jawab:3") for _ in CODES)]


async def test_a_bad_request_is_not_sent_again(
    db: Database, roster: dict[str, tuple[Role, bool]], quick_loopback: None
) -> None:
    with FakeBotApi() as fake:
        fake.fail_next("sendMessage", 1, 400, description="Bad Request: chat not found")
        await drive(db, fake, [Command(0, "/bantuan")])
        sent = fake.calls("sendMessage")
    help_sends = [c for c in sent if str(c.params.get("text")).startswith("Yang dapat")]
    assert len(help_sends) == 1  # the refused message is not sent again (an apology may follow)


async def test_a_failed_toast_still_shows_the_next_question(
    db: Database,
    roster: dict[str, tuple[Role, bool]],
    quick_loopback: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        bot.telegram.channel, "RetryingRateLimiter", lambda: Unthrottled(backoff=0.001)
    )
    too_old = "Bad Request: query is too old and response timeout expired or query id is invalid"
    with FakeBotApi() as fake:
        await drive(db, fake, [Command(0, "/survei")])
        fake.fail_next("answerCallbackQuery", 5, 400, description=too_old)
        await drive(db, fake, [Choose(0, "jawab:3")])
        texts = fake.sent_texts(USERS[0][0].id)
    assert await rows_of(db, "SELECT position FROM survey_draft") == [(1,)]  # answer stored
    assert any("Pertanyaan 2 dari 6" in t for t in texts)  # …and shown


async def test_a_saran_with_a_nul_character_is_handled(
    db: Database, roster: dict[str, tuple[Role, bool]], quick_loopback: None
) -> None:
    if db.dialect != "postgresql":
        pytest.skip("SQLite stores U+0000")
    with FakeBotApi() as fake:
        errors = await drive(db, fake, [*SURVEY_TO_SARAN, Say(0, "AC rusak\x00 tolong")])
        texts = fake.sent_texts(USERS[0][0].id)
    assert errors == []
    assert "Ringkasan jawaban" in texts[-1]
