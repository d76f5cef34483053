"""The recording flows as a pure state machine: `advance(state, event, facts)` gives the new
state, the replies to show and the commands for the service to carry out.

```mermaid
stateDiagram-v2
    [*] --> TRAINING_TRAINING: Begin
    [*] --> TRAINING_ATTENDEES: BeginOn
    TRAINING_TRAINING --> TRAINING_TRAINING: Page
    TRAINING_TRAINING --> TRAINING_ATTENDEES: Choose
    TRAINING_TRAINING --> TRAINING_TRAINING_NAME: New
    TRAINING_TRAINING_NAME --> TRAINING_TRAINING_DATES: Typed
    TRAINING_TRAINING_NAME --> TRAINING_TRAINING: Back
    TRAINING_TRAINING_DATES --> TRAINING_ORGANISER: Typed
    TRAINING_TRAINING_DATES --> TRAINING_TRAINING_NAME: Back
    TRAINING_ORGANISER --> TRAINING_ATTENDEES: Typed / Skip
    TRAINING_ORGANISER --> TRAINING_TRAINING_DATES: Back
    TRAINING_ATTENDEES --> TRAINING_ATTENDEES: Tick / Page
    TRAINING_ATTENDEES --> TRAINING_CONFIRM: Next (some ticked)
    TRAINING_ATTENDEES --> TRAINING_TRAINING: Back (a training chosen)
    TRAINING_ATTENDEES --> TRAINING_ORGANISER: Back (a new training)
    TRAINING_CONFIRM --> TRAINING_ATTENDEES: Back
    TRAINING_CONFIRM --> [*]: Save

    [*] --> REPORT_TASK: Begin (a task waits)
    [*] --> REPORT_RECEIVED: BeginOn
    REPORT_TASK --> REPORT_TASK: Page
    REPORT_TASK --> REPORT_RECEIVED: Choose
    REPORT_RECEIVED --> REPORT_CONFIRM: Typed / Today
    REPORT_RECEIVED --> REPORT_TASK: Back
    REPORT_CONFIRM --> REPORT_RECEIVED: Back
    REPORT_CONFIRM --> [*]: Save

    [*] --> MEETING_MEETING: Begin
    [*] --> MEETING_HELD: BeginOn
    MEETING_MEETING --> MEETING_MEETING: Page
    MEETING_MEETING --> MEETING_HELD: Choose
    MEETING_MEETING --> MEETING_AGENDA: New
    MEETING_AGENDA --> MEETING_PLANNED: Typed
    MEETING_AGENDA --> MEETING_MEETING: Back
    MEETING_PLANNED --> MEETING_HELD: Typed
    MEETING_PLANNED --> MEETING_AGENDA: Back
    MEETING_HELD --> MEETING_CHECKLIST: Typed / Today
    MEETING_HELD --> MEETING_MEETING: Back (a planned meeting)
    MEETING_HELD --> MEETING_PLANNED: Back (a new meeting)
    MEETING_CHECKLIST --> MEETING_CHECKLIST: Tick
    MEETING_CHECKLIST --> MEETING_CONFIRM: Next
    MEETING_CHECKLIST --> MEETING_HELD: Back
    MEETING_CONFIRM --> MEETING_CHECKLIST: Back
    MEETING_CONFIRM --> [*]: Save

    [*] --> FOLLOW_UP_FOLLOW_UP: Begin (kabid, Sekretaris; results shown)
    [*] --> FOLLOW_UP_STATUS: BeginOn
    FOLLOW_UP_FOLLOW_UP --> FOLLOW_UP_FOLLOW_UP: Page
    FOLLOW_UP_FOLLOW_UP --> FOLLOW_UP_STATUS: Choose
    FOLLOW_UP_FOLLOW_UP --> FOLLOW_UP_ELEMENT: New
    FOLLOW_UP_ELEMENT --> FOLLOW_UP_ELEMENT: Page
    FOLLOW_UP_ELEMENT --> FOLLOW_UP_WHAT: Choose
    FOLLOW_UP_ELEMENT --> FOLLOW_UP_FOLLOW_UP: Back
    FOLLOW_UP_WHAT --> FOLLOW_UP_BIDANG: Typed
    FOLLOW_UP_WHAT --> FOLLOW_UP_ELEMENT: Back
    FOLLOW_UP_BIDANG --> FOLLOW_UP_BIDANG: Page
    FOLLOW_UP_BIDANG --> FOLLOW_UP_DUE: Choose
    FOLLOW_UP_BIDANG --> FOLLOW_UP_WHAT: Back
    FOLLOW_UP_DUE --> FOLLOW_UP_CONFIRM: Typed
    FOLLOW_UP_DUE --> FOLLOW_UP_BIDANG: Back
    FOLLOW_UP_STATUS --> FOLLOW_UP_STATUS: Page
    FOLLOW_UP_STATUS --> FOLLOW_UP_NOTE: Choose
    FOLLOW_UP_STATUS --> FOLLOW_UP_FOLLOW_UP: Back
    FOLLOW_UP_NOTE --> FOLLOW_UP_CONFIRM: Typed / Skip
    FOLLOW_UP_NOTE --> FOLLOW_UP_STATUS: Back
    FOLLOW_UP_CONFIRM --> FOLLOW_UP_NOTE: Back (an action chosen)
    FOLLOW_UP_CONFIRM --> FOLLOW_UP_DUE: Back (a new action)
    FOLLOW_UP_CONFIRM --> [*]: Save
```

A state is `KIND_STEP` (FlowKind and Step names); `[*]` is Idle. From every step, Cancel
(`Batal`, /batal) goes to Idle, and a Begin of another kind replaces the flow as if from Idle;
Begin of the same kind resumes it. A button of an earlier screen (stale, repeated, forged), a
line typed where buttons are expected, or input a rule refuses leaves the state as it is and
says so with the screen again. Save is the one transition with a command: the service writes
the record, and the flow is done. Neither the database nor the clock is read here: the service
reads the facts beforehand (`Facts`), today's date among them.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey.ports import DomainError
from survey.records.flow import follow_up as follow_up
from survey.records.flow.actions import Press
from survey.records.flow.buttons import press as press_step
from survey.records.flow.facts import Facts
from survey.records.flow.model import (
    IDEMPOTENT,
    LEADER_FLOWS,
    TYPED_STEPS,
    Fact,
    FlowKind,
    FlowNote,
    FlowNotice,
    FlowReply,
    Step,
    Verb,
)
from survey.records.flow.screens import screen, summary
from survey.records.flow.state import FlowState, FollowUpFlow, Idle, State
from survey.records.flow.steps import Outcome, begin
from survey.records.flow.steps import typed as typed_step


@dataclass(frozen=True)
class Begin:
    """/pelatihan, /laporan, /rapat or /tindaklanjut: a new flow, or the one in progress."""

    kind: FlowKind


@dataclass(frozen=True)
class BeginOn:
    """A reminder's button: a new flow of `kind` with record `record_id` already chosen."""

    kind: FlowKind
    record_id: int


@dataclass(frozen=True)
class Resume:
    """Show the flow in progress again: with a note that it continues, or (`quiet`) without,
    after a refusal that changed nothing."""

    quiet: bool = False


@dataclass(frozen=True)
class Pressed:
    """A flow button, decoded."""

    press: Press


@dataclass(frozen=True)
class Typed:
    """A typed line."""

    text: str


@dataclass(frozen=True)
class Cancel:
    """`Batal` or /batal: leave the flow, nothing saved."""


FlowEvent = Begin | BeginOn | Resume | Pressed | Typed | Cancel


@dataclass(frozen=True)
class Save:
    """Write what `flow` collected (its confirmation screen said `summary`)."""

    flow: FlowState
    summary: tuple[tuple[Fact, str], ...]


Command = Save


@dataclass(frozen=True)
class Transition:
    """The new state, what to show (in order), and what the service must do."""

    state: State
    replies: tuple[FlowReply, ...] = ()
    commands: tuple[Command, ...] = ()


def advance(state: State, event: FlowEvent, facts: Facts) -> Transition:
    """Apply one event to a flow: the new state, its replies and its commands."""
    try:
        return _advance(state, event, facts)
    except DomainError as exc:
        return refused(state, str(exc), facts)


def refused(state: State, detail: str, facts: Facts) -> Transition:
    """Nothing changes: the refusal, and the screen of the flow in progress again."""
    notice = FlowNotice(FlowNote.REFUSED, detail)
    if isinstance(state, Idle):
        return Transition(state, (notice,))
    try:
        return Transition(state, (notice, screen(state, facts)))
    except DomainError:  # its screen cannot be shown either (its period is gone): start afresh
        return Transition(_idle(state), (notice,))


def _advance(state: State, event: FlowEvent, facts: Facts) -> Transition:
    if isinstance(event, Begin):
        return _begin(state, event.kind, facts)
    if isinstance(event, BeginOn):
        return _begin_on(state, event, facts)
    if isinstance(event, Cancel):
        if isinstance(state, Idle):
            return Transition(state)
        return Transition(_idle(state), (FlowNotice(FlowNote.CANCELLED),))
    if isinstance(state, Idle):
        if isinstance(event, Pressed) and event.press.verb is Verb.SAVE:
            return Transition(state, (FlowNotice(FlowNote.ALREADY_SAVED),))
        quiet = isinstance(event, Resume)
        return Transition(state, () if quiet else (FlowNotice(FlowNote.NO_FLOW),))
    if isinstance(event, Resume):
        notes = () if event.quiet else (FlowNotice(FlowNote.RESUMED),)
        return Transition(state, (*notes, screen(state, facts)))
    if isinstance(event, Typed):
        return _typed(state, event.text, facts)
    return _press(state, event.press, facts)


def _begin(state: State, kind: FlowKind, facts: Facts) -> Transition:
    if not isinstance(state, Idle) and state.kind is kind:
        return Transition(state, (FlowNotice(FlowNote.RESUMED), screen(state, facts)))
    notes = _replacing(state)
    if kind in LEADER_FLOWS and facts.person.role not in follow_up.LEADERS:
        return Transition(state, (FlowNotice(FlowNote.ONLY_LEADERS),))
    if kind is FlowKind.REPORT and not facts.open_tasks():
        return Transition(_idle(state), (*notes, FlowNotice(FlowNote.NOTHING_TO_RECORD)))
    period = follow_up.shown_period(facts) if kind is FlowKind.FOLLOW_UP else 0
    begun = begin(kind, state.version, period)
    return Transition(begun, (*notes, screen(begun, facts)))


def _begin_on(state: State, event: BeginOn, facts: Facts) -> Transition:
    if facts.settled is not None:
        return Transition(state, (FlowNotice(FlowNote.SETTLED, facts.settled),))
    kind = event.kind
    if kind in LEADER_FLOWS and facts.person.role not in follow_up.LEADERS:
        return Transition(state, (FlowNotice(FlowNote.ONLY_LEADERS),))
    notes = _replacing(state)  # even of the same kind: a reminder starts afresh
    period = follow_up.bound_period(facts, event.record_id) if kind is FlowKind.FOLLOW_UP else 0
    begun = begin(kind, state.version, period)
    chosen = press_step(begun, Press(begun.version, Verb.CHOOSE, event.record_id), facts)
    if isinstance(chosen, FlowNotice):
        return Transition(state, (*notes, chosen))
    return Transition(chosen, (*notes, screen(chosen, facts)))


def _press(state: FlowState, pressed: Press, facts: Facts) -> Transition:
    if not _current(state, pressed):
        return Transition(state, (FlowNotice(FlowNote.STALE), screen(state, facts)))
    if pressed.verb is Verb.CANCEL:
        return Transition(_idle(state), (FlowNotice(FlowNote.CANCELLED),))
    if pressed.verb is Verb.SAVE and state.step is Step.CONFIRM:
        return Transition(_idle(state), (), (Save(state, summary(state, facts)),))
    return _outcome(state, press_step(state, pressed, facts), facts)


def _typed(state: FlowState, text: str, facts: Facts) -> Transition:
    if state.step not in TYPED_STEPS:
        return Transition(state, (FlowNotice(FlowNote.USE_BUTTONS), screen(state, facts)))
    if isinstance(state, FollowUpFlow):
        return _outcome(state, follow_up.typed(state, text, facts), facts)
    return _outcome(state, typed_step(state, text, facts), facts)


def _outcome(state: FlowState, outcome: Outcome, facts: Facts) -> Transition:
    if not isinstance(outcome, FlowNotice):
        return Transition(outcome, (screen(outcome, facts),))
    if outcome.note is FlowNote.STALE:
        return Transition(state, (outcome, screen(state, facts)))
    return Transition(state, (outcome,))


def _current(state: FlowState, pressed: Press) -> bool:
    """The button is of the screen shown last, or sets a state on an older copy of it."""
    if pressed.version == state.version:
        return True
    return pressed.verb in IDEMPOTENT and state.since <= pressed.version <= state.version


def _replacing(state: State) -> tuple[FlowReply, ...]:
    if isinstance(state, Idle):
        return ()
    return (FlowNotice(FlowNote.REPLACED, state.kind.value),)


def _idle(state: State) -> Idle:
    """No flow, one version on: every button of the last screen is stale now."""
    return Idle(version=state.version + 1)
