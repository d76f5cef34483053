"""The /tindaklanjut chat flow's steps: a new action (unsur, what, bidang, by when) or the
status of one recorded (status, note), for the latest period whose results are shown.

It runs inside the recording flows' machinery (survey/records/flow/machine.py): the same row,
versions, stale buttons, confirmation, undo and resume; only its steps, lists and summary live
here (pure: the facts read beforehand in, a state or a notice out; DomainError for a refusal).
"""

from __future__ import annotations

from scoring.numbers import format_id, round_half_up
from survey.dates import format_date, parse_date
from survey.people.model import Role
from survey.ports import DomainError
from survey.records.flow.actions import Press
from survey.records.flow.facts import Facts, PeriodFacts
from survey.records.flow.model import Fact, FlowNote, FlowNotice, Step, Verb
from survey.records.flow.state import FlowState, FollowUpFlow, go
from survey.records.follow_up.model import ACTION_MAX, NOTE_MAX, FollowUp, FollowUpStatus
from survey.records.rules import clean_text, optional_text

LEADERS = frozenset({Role.KABID, Role.SEKRETARIS})
STATUSES = tuple(FollowUpStatus)
NONE_WORDS = frozenset({"-", "–", "—"})  # what people type for "none"
BACK = {
    Step.ELEMENT: Step.FOLLOW_UP,
    Step.WHAT: Step.ELEMENT,
    Step.BIDANG: Step.WHAT,
    Step.DUE: Step.BIDANG,
    Step.STATUS: Step.FOLLOW_UP,
    Step.NOTE: Step.STATUS,
}
Listed = tuple[str, int]
Outcome = FlowState | FlowNotice


def shown_period(facts: Facts) -> int:
    """The period a new flow binds to: the latest whose results are shown (DomainError: none)."""
    known = facts.follow_ups()
    if known.shown is None:
        raise DomainError(known.not_shown)
    return known.shown


def bound_period(facts: Facts, action_id: int) -> int:
    """The period of one action (a reminder's button opens the flow on it)."""
    bound = facts.follow_ups().bound
    if bound is None:
        raise DomainError(f"tindak lanjut TL{action_id} tidak ada")
    return bound


def press(state: FollowUpFlow, pressed: Press, facts: Facts) -> Outcome:
    """A (current) button of the flow other than paging and Simpan."""
    step, verb, arg = state.step, pressed.verb, pressed.arg
    if verb is Verb.BACK:
        if step is Step.CONFIRM:
            return go(state, Step.NOTE if state.follow_up else Step.DUE)
        return go(state, BACK[step]) if step in BACK else FlowNotice(FlowNote.STALE)
    if verb is Verb.NEW and step is Step.FOLLOW_UP:
        return go(state, Step.ELEMENT, follow_up=None)
    if verb is Verb.SKIP and step is Step.NOTE:
        return go(state, Step.CONFIRM, note=None)
    if verb is not Verb.CHOOSE or arg is None:
        return FlowNotice(FlowNote.STALE)
    period = _period(state, facts)
    if step is Step.FOLLOW_UP:
        row = _action(period, arg)
        return go(state, Step.STATUS, follow_up=row.id, status=row.status.value, note=row.note)
    if step is Step.ELEMENT:
        return go(state, Step.WHAT, element=_pick([s.code for s in period.scores], arg))
    if step is Step.BIDANG:
        return go(state, Step.DUE, bidang=_pick(list(facts.follow_ups().bidang), arg))
    if step is Step.STATUS:
        return go(state, Step.NOTE, status=_pick([s.value for s in STATUSES], arg))
    return FlowNotice(FlowNote.STALE)


def typed(state: FollowUpFlow, text: str, facts: Facts) -> Outcome:
    """A typed line: what will be done, by when, or the note."""
    if state.step is Step.WHAT:
        return go(state, Step.BIDANG, action=clean_text(text, "tindakan", ACTION_MAX))
    if state.step is Step.DUE:
        due = parse_date(text)
        if due < facts.today:
            raise DomainError(
                f"tenggat {format_date(due)} sudah lewat (hari ini {format_date(facts.today)})"
            )
        return go(state, Step.CONFIRM, due=due)
    if state.step is Step.NOTE:
        none = text.strip() in NONE_WORDS
        note = None if none else optional_text(text, "catatan", NOTE_MAX)
        return go(state, Step.CONFIRM, note=note)
    return FlowNotice(FlowNote.USE_BUTTONS)


def listed(state: FollowUpFlow, facts: Facts) -> list[Listed]:
    """The choices of the step: actions of the period, unsur (weakest first), bidang, status."""
    if state.step is Step.FOLLOW_UP:
        plan = _period(state, facts).actions
        return [(f"{a.number} {a.element_name}: {a.action} ({a.status})", a.id) for a in plan]
    if state.step is Step.ELEMENT:
        scores = _period(state, facts).scores
        shown = [
            (f"{s.name} (NRR {format_id(round_half_up(s.nrr, 4))})", i)
            for i, s in enumerate(scores, start=1)
            if s.nrr is not None
        ]
        nrr = {i: s.nrr for i, s in enumerate(scores, start=1)}
        return sorted(shown, key=lambda item: (nrr[item[1]], item[1]))
    if state.step is Step.BIDANG:
        return [(key, i) for i, key in enumerate(facts.follow_ups().bidang, start=1)]
    if state.step is Step.STATUS:
        return [(status.value, i) for i, status in enumerate(STATUSES, start=1)]
    return []


def summary(state: FollowUpFlow, facts: Facts) -> list[tuple[Fact, str]]:
    """What the flow holds so far, as labelled lines."""
    period = _period(state, facts)
    lines = [(Fact.PERIOD, period.name)]
    names = {s.code: s.name for s in period.scores}
    if state.follow_up:
        row = _action(period, state.follow_up)
        lines += [
            (Fact.ELEMENT, names.get(row.element, row.element)),
            (Fact.WHAT, f"TL{row.id} {row.action}"),
            (Fact.BIDANG, row.bidang),
            (Fact.DUE, format_date(row.due_on)),
        ]
        if state.step in (Step.NOTE, Step.CONFIRM):
            lines.append((Fact.STATUS, str(state.status)))
        if state.step is Step.CONFIRM:
            lines.append((Fact.NOTE, state.note or "–"))
        return lines
    if state.element and state.step is not Step.ELEMENT:
        lines.append((Fact.ELEMENT, names.get(state.element, state.element)))
    for value, fact in ((state.action, Fact.WHAT), (state.bidang, Fact.BIDANG)):
        if value:
            lines.append((fact, value))
    if state.due and state.step is Step.CONFIRM:
        lines.append((Fact.DUE, format_date(state.due)))
    return lines


def _pick(options: list[str], number: int) -> str:
    if not 0 < number <= len(options):
        raise DomainError("pilihan itu tidak ada lagi")
    return options[number - 1]


def _period(state: FollowUpFlow, facts: Facts) -> PeriodFacts:
    period = facts.follow_ups().periods.get(state.period)
    if period is None:
        raise DomainError("periode tindak lanjut ini sudah tidak ada")
    return period


def _action(period: PeriodFacts, number: int) -> FollowUp:
    row = next((a for a in period.actions if a.id == number), None)
    if row is None:
        raise DomainError(f"tindak lanjut TL{number} tidak ada")
    return row
