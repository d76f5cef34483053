"""Turns the engine's screens into text and buttons that every channel can show."""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat import texts
from survey.conversation.events import (
    SARAN,
    Answer,
    Back,
    Cancel,
    Change,
    Event,
    Skip,
    Submit,
    encode,
)
from survey.conversation.screens import (
    CancelScreen,
    Note,
    Notice,
    QuestionScreen,
    Reply,
    ReviewScreen,
    SaranScreen,
)

#: Notices that end something: a message of their own, never just a passing toast.
OUTCOMES = frozenset({Note.THANKS, Note.CANCELLED, Note.ALREADY_SUBMITTED})


@dataclass(frozen=True)
class Button:
    """A choice: the label people see and the action string it sends back; `number` is the
    option's number where a screen keeps it fixed across its pages (typed in the console)."""

    label: str
    action: str
    number: int | None = None


@dataclass(frozen=True)
class Message:
    """Rendered text with its buttons; `brief` marks a short notice (a toast where possible)."""

    text: str
    buttons: tuple[Button, ...] = ()
    brief: bool = False


@dataclass(frozen=True)
class Photo:
    """An image (PNG) with a caption; the file name is for channels that save files."""

    data: bytes
    filename: str
    caption: str = ""


@dataclass(frozen=True)
class Document:
    """A file to download, such as the report workbook."""

    data: bytes
    filename: str
    caption: str = ""


Outgoing = Message | Photo | Document


def _button(label: str, event: Event) -> Button:
    return Button(label, encode(event))


def render(reply: Reply) -> Message:
    """The message for one reply of the engine."""
    match reply:
        case Notice(note, detail):
            brief = note not in OUTCOMES
            return Message(texts.NOTES[note].format(detail=detail), brief=brief)
        case QuestionScreen():
            return _question(reply)
        case SaranScreen():
            return _saran(reply)
        case ReviewScreen():
            return _review(reply)
        case CancelScreen():
            buttons = (
                _button(texts.CANCEL_YES, Cancel(True)),
                _button(texts.CANCEL_NO, Cancel(False)),
            )
            return Message(texts.CANCEL_QUESTION, buttons)
    raise TypeError(f"unknown reply {reply!r}")


def _question(screen: QuestionScreen) -> Message:
    element = screen.element
    lines = [
        texts.QUESTION_HEADER.format(number=screen.number, total=screen.total, name=element.name),
        element.question,
    ]
    if screen.previous is not None:
        lines.append(texts.PREVIOUS_ANSWER.format(label=element.label(screen.previous)))
    buttons = [_button(label, Answer(element.code, v)) for v, label in _values(element.options)]
    if screen.can_go_back:
        label = texts.BACK_TO_REVIEW if screen.editing else texts.BACK
        buttons.append(_button(label, Back(element.code)))
    return Message("\n".join(lines), tuple(buttons))


def _values(options: tuple[str, ...]) -> list[tuple[int, str]]:
    return [(i + 1, label) for i, label in enumerate(options)]


def _saran(screen: SaranScreen) -> Message:
    lines = [texts.SARAN_HEADER.format(prompt=screen.prompt)]
    if screen.previous:
        lines.append(texts.SARAN_PREVIOUS.format(saran=screen.previous))
    lines.append(texts.SARAN_HINT)
    back = texts.BACK_TO_REVIEW if screen.editing else texts.BACK
    buttons = (_button(texts.SKIP, Skip()), _button(back, Back(SARAN)))
    return Message("\n".join(lines), buttons)


def _review(screen: ReviewScreen) -> Message:
    lines = [texts.REVIEW_HEADER]
    buttons = [_button(texts.SUBMIT, Submit())]
    for number, (element, value) in enumerate(screen.answers, start=1):
        label = element.label(value)
        lines.append(texts.REVIEW_LINE.format(number=number, name=element.name, label=label))
        change = texts.CHANGE.format(number=number, name=element.name)
        buttons.append(_button(change, Change(element.code)))
    saran = (
        texts.REVIEW_SARAN.format(saran=screen.saran) if screen.saran else texts.REVIEW_NO_SARAN
    )
    lines += [saran, "", texts.REVIEW_FOOTER]
    buttons.append(_button(texts.CHANGE_SARAN, Change(SARAN)))
    return Message("\n".join(lines), tuple(buttons))
