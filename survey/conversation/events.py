"""What a respondent can do in the survey, and the compact action strings buttons carry."""

from __future__ import annotations

from dataclasses import dataclass

SARAN = "saran"


@dataclass(frozen=True)
class Start:
    """Begin the survey, or resume where it stopped."""


@dataclass(frozen=True)
class Answer:
    """Choose `value` (1..4) for the question of unsur `code`."""

    code: str
    value: int


@dataclass(frozen=True)
class Back:
    """Go one screen back from the screen `origin` (an unsur code or "saran")."""

    origin: str


@dataclass(frozen=True)
class Change:
    """From the review screen, reopen the question `code` (or "saran")."""

    code: str


@dataclass(frozen=True)
class SaranText:
    """Typed free text; on the saran screen it is the saran."""

    text: str


@dataclass(frozen=True)
class Skip:
    """Leave the saran empty (`Lewati`)."""


@dataclass(frozen=True)
class Submit:
    """Send the reviewed answers (`Kirim`)."""


@dataclass(frozen=True)
class Cancel:
    """Ask to discard the draft; `confirmed` answers the confirmation question."""

    confirmed: bool | None = None


Event = Start | Answer | Back | Change | SaranText | Skip | Submit | Cancel


class UnknownAction(ValueError):
    """An action string that no button of ours produces (forged or garbled)."""


def encode(event: Event) -> str:
    """The action string a button carries for `event` (short: Telegram allows 64 bytes)."""
    match event:
        case Answer(code, value):
            return f"jawab:{code}:{value}"
        case Back(origin):
            return f"kembali:{origin}"
        case Change(code):
            return f"ubah:{code}"
        case Skip():
            return "lewati"
        case Submit():
            return "kirim"
        case Cancel(confirmed=True):
            return "batal:ya"
        case Cancel(confirmed=False):
            return "batal:tidak"
        case Cancel():
            return "batal"
        case Start():
            return "mulai"
    raise UnknownAction(f"tidak dapat dijadikan tombol: {event!r}")


def decode(action: str) -> Event:
    """Parse an action string; anything not produced by `encode` raises UnknownAction."""
    head, _, rest = action.partition(":")
    simple: dict[str, Event] = {"lewati": Skip(), "kirim": Submit(), "mulai": Start()}
    if action in simple:
        return simple[action]
    if action == "batal":
        return Cancel()
    if head == "batal" and rest in ("ya", "tidak"):
        return Cancel(confirmed=rest == "ya")
    if head == "kembali" and _is_word(rest):
        return Back(rest)
    if head == "ubah" and _is_word(rest):
        return Change(rest)
    code, _, value = rest.partition(":")
    if head == "jawab" and _is_word(code) and value in ("1", "2", "3", "4"):
        return Answer(code, int(value))
    raise UnknownAction(action[:80])


def decode_or_none(action: str) -> Event | None:
    """`decode`, or None for an action string no survey button produces (e.g. a recording
    flow's, or a forged one)."""
    try:
        return decode(action)
    except UnknownAction:
        return None


def _is_word(text: str) -> bool:
    return 0 < len(text) <= 30 and text.isascii() and text.isalpha() and text.islower()
