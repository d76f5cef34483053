"""The survey conversation as a pure state machine: `advance(state, event) -> (state, replies)`.

```mermaid
stateDiagram-v2
    [*] --> NEW
    NEW --> QUESTION: Start
    QUESTION --> QUESTION: Answer (not last) / Back (from q2)
    QUESTION --> SARAN: Answer (last)
    QUESTION --> REVIEW: Answer or Back while editing
    SARAN --> REVIEW: SaranText / Skip
    SARAN --> QUESTION: Back
    REVIEW --> QUESTION: Change(code)
    REVIEW --> SARAN: Change(saran) / typed "kembali"
    REVIEW --> SUBMITTED: Submit
    QUESTION --> NEW: Cancel(confirmed)
    SARAN --> NEW: Cancel(confirmed)
    REVIEW --> NEW: Cancel(confirmed)
    SUBMITTED --> [*]
```

Any event that does not fit the current screen (a stale, repeated or forged button) leaves the
state as it is and says so; nothing changes after SUBMITTED. Time is never read here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from survey.conversation.events import (
    SARAN,
    Answer,
    Back,
    Cancel,
    Change,
    Event,
    SaranText,
    Skip,
    Start,
    Submit,
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
from survey.questionnaire.model import Questionnaire

SARAN_MAX = 1000
TYPED_VALUES = {"1": 1, "2": 2, "3": 3, "4": 4}


class Stage(StrEnum):
    """Where the respondent is."""

    NEW = "new"
    QUESTION = "question"
    SARAN = "saran"
    REVIEW = "review"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class SurveyState:
    """A respondent's progress; stored as a row between events."""

    stage: Stage = Stage.NEW
    position: int = 0
    answers: tuple[tuple[str, int], ...] = ()
    saran: str | None = None
    editing: bool = False
    confirming_cancel: bool = False

    def answer_of(self, code: str) -> int | None:
        """The recorded value for unsur `code`, if any."""
        return dict(self.answers).get(code)

    def with_answer(self, code: str, value: int) -> SurveyState:
        """A copy with `code` set to `value` (kept in insertion order)."""
        kept = tuple((c, v) for c, v in self.answers if c != code)
        return replace(self, answers=(*kept, (code, value)))


Outcome = tuple[SurveyState, list[Reply]]


def advance(q: Questionnaire, state: SurveyState, event: Event) -> Outcome:
    """Apply one event to a state: the new state and what to show, in order."""
    if state.stage is Stage.SUBMITTED:
        return state, [Notice(Note.ALREADY_SUBMITTED)]
    if isinstance(event, Cancel):
        return _cancel(q, state, event)
    if state.confirming_cancel:
        state = replace(state, confirming_cancel=False)
    if isinstance(event, Start):
        return _start(q, state)
    if state.stage is Stage.NEW:
        return state, [Notice(Note.NOT_STARTED)]
    if isinstance(event, SaranText):
        return _typed(q, state, printable(event.text).strip())
    return _button(q, state, event)


def printable(text: str) -> str:
    """Text without control characters (NUL cannot even be stored by PostgreSQL); keeps
    line breaks and tabs."""
    return "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and ch != "\x7f"))


def current_screen(q: Questionnaire, state: SurveyState) -> Reply:
    """The screen the respondent is on (to resume, or to show again)."""
    if state.confirming_cancel:
        return CancelScreen()
    if state.stage is Stage.QUESTION:
        element = q.elements[state.position]
        return QuestionScreen(
            element=element,
            number=state.position + 1,
            total=len(q.elements),
            previous=state.answer_of(element.code),
            can_go_back=state.position > 0 or state.editing,
            editing=state.editing,
        )
    if state.stage is Stage.SARAN:
        return SaranScreen(prompt=q.saran_prompt, previous=state.saran, editing=state.editing)
    if state.stage is Stage.REVIEW:
        pairs = tuple((e, state.answer_of(e.code) or 0) for e in q.elements)
        return ReviewScreen(answers=pairs, saran=state.saran)
    if state.stage is Stage.SUBMITTED:
        return Notice(Note.ALREADY_SUBMITTED)
    return Notice(Note.NOT_STARTED)


def _start(q: Questionnaire, state: SurveyState) -> Outcome:
    if state.stage is Stage.NEW:
        fresh = SurveyState(stage=Stage.QUESTION)
        return fresh, [current_screen(q, fresh)]
    return state, [Notice(Note.RESUMED), current_screen(q, state)]


def _cancel(q: Questionnaire, state: SurveyState, event: Cancel) -> Outcome:
    if state.stage is Stage.NEW:
        return state, [Notice(Note.NOTHING_TO_CANCEL)]
    if event.confirmed is None:
        asking = replace(state, confirming_cancel=True)
        return asking, [CancelScreen()]
    if not state.confirming_cancel:
        return _stale(q, state)
    if event.confirmed:
        return SurveyState(), [Notice(Note.CANCELLED)]
    kept = replace(state, confirming_cancel=False)
    return kept, [current_screen(q, kept)]


def _button(q: Questionnaire, state: SurveyState, event: Event) -> Outcome:
    match event:
        case Answer(code, value):
            return _answer(q, state, code, value)
        case Back(origin):
            return _back(q, state, origin)
        case Change(code) if state.stage is Stage.REVIEW:
            return _change(q, state, code)
        case Skip() if state.stage is Stage.SARAN:
            return _to_review(q, replace(state, saran=None))
        case Submit() if state.stage is Stage.REVIEW:
            done = replace(state, stage=Stage.SUBMITTED, editing=False)
            return done, [Notice(Note.THANKS)]
    return _stale(q, state)


def _answer(q: Questionnaire, state: SurveyState, code: str, value: int) -> Outcome:
    if value not in TYPED_VALUES.values():
        return _stale(q, state)
    on_screen = state.stage is Stage.QUESTION and q.elements[state.position].code == code
    if not on_screen:
        if state.answer_of(code) == value:
            return state, [Notice(Note.ALREADY_RECORDED)]
        return _stale(q, state)
    answered = state.with_answer(code, value)
    if state.editing:
        return _to_review(q, answered)
    if state.position + 1 < len(q.elements):
        following = replace(answered, position=state.position + 1)
        return following, [current_screen(q, following)]
    saran = replace(answered, stage=Stage.SARAN)
    return saran, [current_screen(q, saran)]


def _back(q: Questionnaire, state: SurveyState, origin: str) -> Outcome:
    if state.stage is Stage.QUESTION and q.elements[state.position].code == origin:
        if state.editing:
            return _to_review(q, state)
        if state.position == 0:
            return state, [Notice(Note.FIRST_QUESTION), current_screen(q, state)]
        earlier = replace(state, position=state.position - 1)
        return earlier, [current_screen(q, earlier)]
    if state.stage is Stage.SARAN and origin == SARAN:
        if state.editing:
            return _to_review(q, state)
        last = replace(state, stage=Stage.QUESTION, position=len(q.elements) - 1)
        return last, [current_screen(q, last)]
    return _stale(q, state)


def _change(q: Questionnaire, state: SurveyState, code: str) -> Outcome:
    if code == SARAN:
        editing = replace(state, stage=Stage.SARAN, editing=True)
        return editing, [current_screen(q, editing)]
    if code not in q.codes:
        return _stale(q, state)
    editing = replace(state, stage=Stage.QUESTION, position=q.codes.index(code), editing=True)
    return editing, [current_screen(q, editing)]


def _typed(q: Questionnaire, state: SurveyState, text: str) -> Outcome:
    word = text.casefold()
    if word == "kembali":
        if state.stage is Stage.REVIEW:
            return _change(q, state, SARAN)
        origin = SARAN if state.stage is Stage.SARAN else q.elements[state.position].code
        return _back(q, state, origin)
    if state.stage is Stage.QUESTION:
        if text in TYPED_VALUES:
            return _answer(q, state, q.elements[state.position].code, TYPED_VALUES[text])
        return state, [Notice(Note.CHOOSE_HINT), current_screen(q, state)]
    if state.stage is Stage.SARAN:
        return _saran(q, state, text)
    if word == "kirim":
        return _button(q, state, Submit())
    return state, [Notice(Note.REVIEW_HINT), current_screen(q, state)]


def _saran(q: Questionnaire, state: SurveyState, text: str) -> Outcome:
    if text.casefold() == "lewati":
        return _to_review(q, replace(state, saran=None))
    if not text:
        return state, [Notice(Note.SARAN_EMPTY), current_screen(q, state)]
    if len(text) > SARAN_MAX:
        return state, [Notice(Note.SARAN_TOO_LONG, str(len(text))), current_screen(q, state)]
    return _to_review(q, replace(state, saran=text))


def _to_review(q: Questionnaire, state: SurveyState) -> Outcome:
    review = replace(state, stage=Stage.REVIEW, editing=False)
    return review, [current_screen(q, review)]


def _stale(q: Questionnaire, state: SurveyState) -> Outcome:
    return state, [Notice(Note.STALE), current_screen(q, state)]
