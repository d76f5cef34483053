"""A recording flow's state, typed per kind, and its stored form: the one place that reads and
writes the JSON bag of the `record_flow` row (pure: the standard library and our enums only).

The stored form is the one the flows have always written (keys such as `training`, `ticked`,
`starts` as ISO dates), so a flow in progress survives an upgrade. A bag that does not parse or
does not fit its step raises `BrokenFlow`; the service then starts afresh and says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any, ClassVar, TypeVar

from survey.records.flow.model import MEETING_CHECKLIST, FlowKind, Step


class BrokenFlow(ValueError):
    """A stored flow that cannot be read back (an old, foreign or corrupted row)."""


@dataclass(frozen=True, kw_only=True)
class Idle:
    """No flow in progress; `version` still counts the person's screens (stale buttons)."""

    version: int = 0


@dataclass(frozen=True, kw_only=True)
class Flow:
    """What every flow has: its step, the version of the screen shown last, the version the
    step began at (`since`: ticks and paging stay valid on older copies of the step), the page."""

    kind: ClassVar[FlowKind]
    steps: ClassVar[frozenset[Step]]
    step: Step
    version: int
    since: int
    page: int = 0

    def __post_init__(self) -> None:
        if self.step not in self.steps:
            raise BrokenFlow(f"{self.kind.value}: langkah {self.step.value} tidak dikenal")


@dataclass(frozen=True, kw_only=True)
class TrainingFlow(Flow):
    """/pelatihan: a training chosen from the list (`training`, its `start`) or typed anew
    (`name`, `starts`..`ends`, `organiser`), and the members ticked as attending."""

    kind: ClassVar[FlowKind] = FlowKind.TRAINING
    steps: ClassVar[frozenset[Step]] = frozenset(
        {
            Step.TRAINING,
            Step.TRAINING_NAME,
            Step.TRAINING_DATES,
            Step.ORGANISER,
            Step.ATTENDEES,
            Step.CONFIRM,
        }
    )
    training: int | None = None
    start: date | None = None
    name: str | None = None
    starts: date | None = None
    ends: date | None = None
    organiser: str | None = None
    ticked: tuple[int, ...] = ()

    @property
    def starts_on(self) -> date:
        """When the training starts: a chosen one's `start`, a new one's typed `starts`."""
        day = self.start if self.training else self.starts
        if day is None:
            raise BrokenFlow("pelatihan tanpa tanggal mulai")
        return day


@dataclass(frozen=True, kw_only=True)
class ReportFlow(Flow):
    """/laporan: the task reported on and the day its report was received."""

    kind: ClassVar[FlowKind] = FlowKind.REPORT
    steps: ClassVar[frozenset[Step]] = frozenset({Step.TASK, Step.RECEIVED, Step.CONFIRM})
    task: int | None = None
    received: date | None = None


@dataclass(frozen=True, kw_only=True)
class MeetingFlow(Flow):
    """/rapat: a planned meeting chosen (`meeting`, its `planned` day) or typed anew (`agenda`,
    `planned`), the day it was `held`, and the checklist items `missed` (1-based)."""

    kind: ClassVar[FlowKind] = FlowKind.MEETING
    steps: ClassVar[frozenset[Step]] = frozenset(
        {Step.MEETING, Step.AGENDA, Step.PLANNED, Step.HELD, Step.CHECKLIST, Step.CONFIRM}
    )
    meeting: int | None = None
    agenda: str | None = None
    planned: date | None = None
    held: date | None = None
    missed: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FollowUpFlow(Flow):
    """/tindaklanjut, bound to one `period`: an action chosen (`follow_up`) with its new
    `status` and `note`, or a new one (`element`, `action`, `bidang`, `due`)."""

    kind: ClassVar[FlowKind] = FlowKind.FOLLOW_UP
    steps: ClassVar[frozenset[Step]] = frozenset(
        {
            Step.FOLLOW_UP,
            Step.ELEMENT,
            Step.WHAT,
            Step.BIDANG,
            Step.DUE,
            Step.STATUS,
            Step.NOTE,
            Step.CONFIRM,
        }
    )
    period: int
    follow_up: int | None = None
    element: str | None = None
    action: str | None = None
    bidang: str | None = None
    due: date | None = None
    status: str | None = None
    note: str | None = None


FlowState = TrainingFlow | ReportFlow | MeetingFlow | FollowUpFlow
F = TypeVar("F", bound=Flow)
State = Idle | FlowState
KINDS: dict[FlowKind, type[FlowState]] = {
    flow.kind: flow for flow in (TrainingFlow, ReportFlow, MeetingFlow, FollowUpFlow)
}
_IDS = frozenset({"training", "task", "meeting", "period", "follow_up"})
_DATES = frozenset({"start", "starts", "ends", "received", "planned", "held", "due"})
_LISTS = frozenset({"ticked", "missed"})
_COMMON = frozenset({"step", "version", "since", "page"})


@dataclass(frozen=True)
class Stored:
    """The columns of the `record_flow` row that hold a flow (`kind` None when idle)."""

    kind: str | None
    step: str
    version: int
    data: str = "{}"


def dump(state: State) -> Stored:
    """The row's columns for `state`, in the JSON the flows have always stored."""
    if isinstance(state, Idle):
        return Stored(None, "", state.version)
    bag: dict[str, object] = {"since": state.since, "page": state.page}
    for item in fields(state):
        if item.name in _COMMON:
            continue
        value = getattr(state, item.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        bag[item.name] = value
    return Stored(
        state.kind.value, state.step.value, state.version, json.dumps(bag, ensure_ascii=False)
    )


def load(kind: str | None, step: str, version: int, data: str) -> State:
    """The state a row holds; BrokenFlow when it cannot be read or does not fit its step."""
    if kind is None:
        return Idle(version=version)
    flow = next((KINDS[k] for k in FlowKind if k.value == kind), None)
    known = next((s for s in Step if s.value == step), None)
    if flow is None or known is None:
        raise BrokenFlow(f"jenis {kind!r} atau langkah {step!r} tidak dikenal")
    try:
        bag = json.loads(data)
    except (ValueError, TypeError) as exc:
        raise BrokenFlow("data pencatatan bukan JSON") from exc
    if not isinstance(bag, dict):
        raise BrokenFlow("data pencatatan bukan objek JSON")
    values: dict[str, object] = {
        "step": known,
        "version": version,
        "since": _number(bag.get("since") or version),
        "page": _number(bag.get("page") or 0, low=0),
    }
    for item in fields(flow):
        if item.name not in _COMMON and item.name in bag:
            values[item.name] = _value(item.name, bag[item.name])
    if flow is FollowUpFlow and "period" not in values:
        raise BrokenFlow("tindak lanjut tanpa periode")
    state = flow(**values)  # type: ignore[arg-type]
    check(state)
    return state


def _value(name: str, raw: object) -> object:
    if raw is None or raw == "":
        return () if name in _LISTS else None
    if name in _IDS:
        return _number(raw)
    if name in _DATES:
        try:
            return date.fromisoformat(str(raw))
        except ValueError as exc:
            raise BrokenFlow(f"{name}: tanggal {raw!r} tidak terbaca") from exc
    if name in _LISTS:
        if not isinstance(raw, list):
            raise BrokenFlow(f"{name}: bukan daftar")
        return tuple(_number(i) for i in raw)
    if not isinstance(raw, str):
        raise BrokenFlow(f"{name}: bukan teks")
    return raw


def _number(raw: object, low: int = 1) -> int:
    """A whole number as the flows stored it (an int, or digits as text)."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise BrokenFlow(f"{raw!r} bukan bilangan")
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18 or int(text) < low:
        raise BrokenFlow(f"{raw!r} bukan bilangan")
    return int(text)


_CHOSEN_MEETING = ("meeting", "planned", "held")
_NEW_MEETING = ("agenda", "planned", "held")
_CHOSEN_ACTION = ("follow_up", "status")
_NEW_ACTION = ("element", "action", "bidang", "due")
#: What each step needs of the flow so far: every key of one of the alternatives.
_NEEDS: dict[tuple[FlowKind, Step], tuple[tuple[str, ...], ...]] = {
    (FlowKind.TRAINING, Step.TRAINING_DATES): (("name",),),
    (FlowKind.TRAINING, Step.ORGANISER): (("name", "starts", "ends"),),
    (FlowKind.TRAINING, Step.ATTENDEES): (("training", "start"), ("name", "starts", "ends")),
    (FlowKind.TRAINING, Step.CONFIRM): (("training", "start"), ("name", "starts", "ends")),
    (FlowKind.REPORT, Step.RECEIVED): (("task",),),
    (FlowKind.REPORT, Step.CONFIRM): (("task", "received"),),
    (FlowKind.MEETING, Step.PLANNED): (("agenda",),),
    (FlowKind.MEETING, Step.HELD): (("meeting", "planned"), ("agenda", "planned")),
    (FlowKind.MEETING, Step.CHECKLIST): (_CHOSEN_MEETING, _NEW_MEETING),
    (FlowKind.MEETING, Step.CONFIRM): (_CHOSEN_MEETING, _NEW_MEETING),
    (FlowKind.FOLLOW_UP, Step.WHAT): (("element",),),
    (FlowKind.FOLLOW_UP, Step.BIDANG): (("element", "action"),),
    (FlowKind.FOLLOW_UP, Step.DUE): (("element", "action", "bidang"),),
    (FlowKind.FOLLOW_UP, Step.STATUS): (("follow_up",),),
    (FlowKind.FOLLOW_UP, Step.NOTE): (("follow_up", "status"),),
    (FlowKind.FOLLOW_UP, Step.CONFIRM): (_CHOSEN_ACTION, _NEW_ACTION),
}


def check(state: FlowState) -> None:
    """BrokenFlow unless the state holds what its step needs (one of the alternatives)."""
    needs = _NEEDS.get((state.kind, state.step))
    if needs and not any(all(getattr(state, key) for key in keys) for keys in needs):
        raise BrokenFlow(f"{state.kind.value}/{state.step.value}: data tidak lengkap")
    if state.since > state.version:
        raise BrokenFlow("versi tidak urut")
    if isinstance(state, MeetingFlow) and not all(
        0 < i <= len(MEETING_CHECKLIST) for i in state.missed
    ):
        raise BrokenFlow("butir standar rapat tidak dikenal")


def go(state: F, step: Step, **changes: Any) -> F:
    """The flow moved to `step` (its list from the first page), with `changes`."""
    version = state.version + 1
    return replace(state, step=step, version=version, since=version, page=0, **changes)


def update(state: F, **changes: Any) -> F:
    """The same step with `changes`, one version on."""
    return replace(state, version=state.version + 1, **changes)
