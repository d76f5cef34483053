"""The action strings of the recording flows' buttons (pure: the standard library only).

A flow button carries `catat:VERSION:VERB[:ARG]`; the version is the flow's counter when the
screen was shown, so a button of an earlier screen is recognised as stale. Ticking (`on`/`off`)
and paging (`hal`) say the state they set, so they stay valid on an older copy of the same step.
The undo button carries `catat:u:FIRST:LAST`, the first and last audit ids of one save.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey.records.flow.model import WITH_ARGUMENT, FlowKind, Verb

PREFIX = "catat"
#: A reminder's button: `ingat:FLOW:ID` opens FLOW with that record already chosen.
REMINDER_PREFIX = "ingat"


@dataclass(frozen=True)
class Press:
    """A decoded flow button."""

    version: int
    verb: Verb
    arg: int | None = None


@dataclass(frozen=True)
class UndoPress:
    """The undo button of a save: its first and last audit ids."""

    first: int
    last: int


class UnknownFlowAction(ValueError):
    """An action string no flow button produces (forged or garbled)."""


def is_flow_action(action: str) -> bool:
    """Whether an action string belongs to the recording flows."""
    return action == PREFIX or action.startswith(PREFIX + ":")


def encode(version: int, verb: Verb, arg: int | None = None) -> str:
    """The action string of a flow button."""
    return f"{PREFIX}:{version}:{verb.value}" + ("" if arg is None else f":{arg}")


def encode_undo(first: int, last: int) -> str:
    """The action string of the undo button of a save."""
    return f"{PREFIX}:u:{first}:{last}"


def is_reminder_action(action: str) -> bool:
    """Whether an action string is a reminder item's button."""
    return action.startswith(REMINDER_PREFIX + ":")


def encode_reminder(flow: FlowKind, record_id: int) -> str:
    """The action string of a reminder item's button."""
    return f"{REMINDER_PREFIX}:{flow.value}:{record_id}"


def decode_reminder(action: str) -> tuple[FlowKind, int] | None:
    """The flow and record of a reminder button; None for any other action string."""
    parts = action.split(":")
    if len(parts) != 3 or parts[0] != REMINDER_PREFIX or not _numbers(parts[2:]):
        return None
    flow = next((k for k in FlowKind if k.value == parts[1]), None)
    return None if flow is None else (flow, int(parts[2]))


def decode(action: str) -> Press | UndoPress:
    """Parse a flow action string; anything `encode` does not produce raises UnknownFlowAction."""
    parts = action.split(":")
    if len(parts) == 4 and parts[0] == PREFIX and parts[1] == "u" and _numbers(parts[2:]):
        first, last = int(parts[2]), int(parts[3])
        if first <= last:
            return UndoPress(first, last)
    if len(parts) in (3, 4) and parts[0] == PREFIX and _numbers(parts[1:2]):
        verb = next((v for v in Verb if v.value == parts[2]), None)
        if verb is not None and (verb in WITH_ARGUMENT) == (len(parts) == 4):
            if len(parts) == 3:
                return Press(int(parts[1]), verb)
            if _numbers(parts[3:]):
                return Press(int(parts[1]), verb, int(parts[3]))
    raise UnknownFlowAction(action[:80])


def _numbers(parts: list[str]) -> bool:
    return all(0 < len(p) <= 9 and p.isascii() and p.isdigit() for p in parts)


def is_listed(action: str) -> bool:
    """Whether a flow button is one of a list's items (a choice or a tick), not a control."""
    if not is_flow_action(action):
        return False
    try:
        pressed = decode(action)
    except UnknownFlowAction:
        return False
    return isinstance(pressed, Press) and pressed.verb in (Verb.CHOOSE, Verb.ON, Verb.OFF)
