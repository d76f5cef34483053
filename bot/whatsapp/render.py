"""Rendered messages in the shapes WhatsApp allows: text, up to three reply buttons, or a list.

WhatsApp cannot put a list and buttons on one message, allows only three reply buttons (titles
of at most 20 characters) and ten list rows (titles of at most 24, descriptions of at most 72),
and an interactive body of at most 1,024 characters. So a screen becomes one to three messages:
the answer options and the "Ubah …" choices go in a list with the screen's text, `Kembali`,
`Lewati`, `Kirim` and the cancel confirmation go on reply buttons. Every choice still carries
the same action string as on Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat import texts
from bot.chat.render import Button, Message
from survey.conversation.events import Answer, Change, Submit, decode_or_none
from survey.records.flow.actions import is_listed, is_reminder_action

TEXT_LIMIT = 4096
BODY_LIMIT = 1024
BUTTONS_PER_MESSAGE = 3
BUTTON_TITLE = 20
ROWS_PER_LIST = 10
ROW_TITLE = 24
ROW_DESCRIPTION = 72
ROW_ID = 200


@dataclass(frozen=True)
class Text:
    """A plain text message."""

    body: str


@dataclass(frozen=True)
class Buttons:
    """A body with up to three reply buttons: (title, action) pairs."""

    body: str
    buttons: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Row:
    """One list row: a short title, the full label when the title had to be shortened."""

    title: str
    action: str
    description: str | None = None


@dataclass(frozen=True)
class Choices:
    """A body with a list of rows opened by a button titled `button`."""

    body: str
    button: str
    rows: tuple[Row, ...]


Shape = Text | Buttons | Choices


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word where possible, with "…" when cut (never
    empty: WhatsApp refuses an empty title)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text or "…"
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:-") + "…"


def shapes(message: Message) -> list[Shape]:
    """The WhatsApp messages that show `message`, in sending order."""
    listed = [b for b in message.buttons if _in_list(b)]
    pressed = [b for b in message.buttons if not _in_list(b)]
    body = message.text
    if listed:
        body += "".join(_option_lines(listed))
    out: list[Shape] = []
    if (listed or pressed) and len(body) > BODY_LIMIT:
        out += [Text(part) for part in split_text(body)]
        body = texts.WHATSAPP_CHOOSE
    if listed:
        out += _lists(body, listed)
        body = texts.WHATSAPP_SUBMIT_PROMPT if _submits(pressed) else texts.WHATSAPP_MORE
    for start in range(0, len(pressed), BUTTONS_PER_MESSAGE):
        chunk = pressed[start : start + BUTTONS_PER_MESSAGE]
        out.append(Buttons(body, tuple((shorten(b.label, BUTTON_TITLE), b.action) for b in chunk)))
        body = texts.WHATSAPP_MORE
    if not message.buttons:
        out += [Text(part) for part in split_text(body)]
    return out


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` characters, split between lines where possible."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*pieces, text] if text or not pieces else pieces


def _in_list(button: Button) -> bool:
    """Answer options, "Ubah …" choices, a recording flow's items and a reminder's items go in
    the list; navigation goes on buttons."""
    action = button.action
    listed = is_listed(action) or is_reminder_action(action)
    return listed or isinstance(decode_or_none(action), Answer | Change)


def _submits(buttons: list[Button]) -> bool:
    return any(isinstance(decode_or_none(b.action), Submit) for b in buttons)


def _option_lines(buttons: list[Button]) -> list[str]:
    """The numbered options in the text too, so typing 1–4 is obvious and nothing is hidden."""
    lines = []
    for button in buttons:
        event = decode_or_none(button.action)
        if isinstance(event, Answer):
            lines.append(
                "\n" + texts.WHATSAPP_OPTION.format(value=event.value, label=button.label)
            )
    return lines


def _lists(body: str, buttons: list[Button]) -> list[Choices]:
    first = decode_or_none(buttons[0].action)
    answers = isinstance(first, Answer)
    title = texts.WHATSAPP_LIST_ANSWERS if answers else texts.WHATSAPP_LIST_CHANGES
    if first is None:
        title = texts.WHATSAPP_LIST_RECORDS
    out = []
    for start in range(0, len(buttons), ROWS_PER_LIST):
        rows = tuple(_row(b) for b in buttons[start : start + ROWS_PER_LIST])
        out.append(Choices(body, title, rows))
        body = texts.WHATSAPP_CHOOSE
    return out


def _row(button: Button) -> Row:
    title = shorten(button.label, ROW_TITLE)
    full = None if title == button.label else shorten(button.label, ROW_DESCRIPTION)
    return Row(title, button.action[:ROW_ID], full)
