"""What the engine asks a channel to show: channel-neutral, text-free replies."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from survey.questionnaire.model import Element


@dataclass(frozen=True)
class QuestionScreen:
    """One question with its four options, lowest score first."""

    element: Element
    number: int
    total: int
    previous: int | None
    can_go_back: bool
    editing: bool


@dataclass(frozen=True)
class SaranScreen:
    """Ask for the optional saran (type it, or `Lewati`)."""

    prompt: str
    previous: str | None
    editing: bool


@dataclass(frozen=True)
class ReviewScreen:
    """All answers, `Kirim`, and a way to change each answer and the saran."""

    answers: tuple[tuple[Element, int], ...]
    saran: str | None


@dataclass(frozen=True)
class CancelScreen:
    """Confirm discarding the draft."""


class Note(StrEnum):
    """Short notices; the channel's text catalogue words them."""

    THANKS = "thanks"
    CANCELLED = "cancelled"
    RESUMED = "resumed"
    ALREADY_RECORDED = "already_recorded"
    STALE = "stale"
    FIRST_QUESTION = "first_question"
    CHOOSE_HINT = "choose_hint"
    SARAN_EMPTY = "saran_empty"
    SARAN_TOO_LONG = "saran_too_long"
    REVIEW_HINT = "review_hint"
    NOTHING_TO_CANCEL = "nothing_to_cancel"
    ALREADY_SUBMITTED = "already_submitted"
    NOT_STARTED = "not_started"
    NOT_A_MEMBER = "not_a_member"
    NO_OPEN_PERIOD = "no_open_period"
    PERIOD_NOT_BEGUN = "period_not_begun"
    PERIOD_ENDED = "period_ended"


@dataclass(frozen=True)
class Notice:
    """A short message; `detail` carries a number or name the wording needs."""

    note: Note
    detail: str = ""


Reply = QuestionScreen | SaranScreen | ReviewScreen | CancelScreen | Notice
