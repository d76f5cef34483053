"""The /tindaklanjut chat flow's steps: a new action (unsur, what, bidang, by when) or the
status of one recorded (status, note), for the latest period whose results are shown.

It runs inside the recording flows' machinery (survey/record_flow.py): the same row, versions,
stale buttons, confirmation, undo and resume; only its steps, screens and save live here.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from scoring.numbers import format_id, round_half_up
from survey.bidang import DECREE_BIDANG
from survey.dates import format_date, parse_date
from survey.follow_up import store
from survey.follow_up.model import FollowUpStatus
from survey.follow_up.tables import FollowUpRow
from survey.people import Role
from survey.ports import DomainError
from survey.record_flow_actions import Press
from survey.record_flow_model import Fact, FlowNote, FlowNotice, FlowState, Step, Verb
from survey.record_flow_steps import NONE_WORDS, Desk, Outcome, go
from survey.records_rules import clean_text, optional_text
from survey.tables import PeriodRow, PersonRow

LEADERS = frozenset({Role.KABID, Role.SEKRETARIS})
STATUSES = tuple(FollowUpStatus)
BACK = {
    Step.ELEMENT: Step.FOLLOW_UP,
    Step.WHAT: Step.ELEMENT,
    Step.BIDANG: Step.WHAT,
    Step.DUE: Step.BIDANG,
    Step.STATUS: Step.FOLLOW_UP,
    Step.NOTE: Step.STATUS,
}
Listed = tuple[str, int]


async def begun(desk: Desk, state: FlowState) -> FlowState:
    """A new flow bound to the latest period whose results are shown (DomainError: none)."""
    period = await store.shown_period(desk.session, None, desk.min_responses)
    return FlowState(state.kind, state.step, state.version, state.data | {"period": period.id})


async def begun_for(desk: Desk, state: FlowState, action_id: int) -> FlowState:
    """A new flow bound to the period of one action (a reminder's button opens it)."""
    row = await desk.session.get(FollowUpRow, action_id)
    if row is None:
        raise DomainError(f"tindak lanjut TL{action_id} tidak ada")
    return FlowState(state.kind, state.step, state.version, state.data | {"period": row.period_id})


async def press(desk: Desk, state: FlowState, pressed: Press) -> Outcome:
    """A (current) button of the flow other than paging and Simpan."""
    step, verb, arg = state.step, pressed.verb, pressed.arg
    if verb is Verb.BACK:
        if step is Step.CONFIRM:
            return go(state, Step.NOTE if state.data.get("follow_up") else Step.DUE)
        return go(state, BACK[step]) if step in BACK else FlowNotice(FlowNote.STALE)
    if verb is Verb.NEW and step is Step.FOLLOW_UP:
        return go(state, Step.ELEMENT, follow_up=None)
    if verb is Verb.SKIP and step is Step.NOTE:
        return go(state, Step.CONFIRM, note=None)
    if verb is not Verb.CHOOSE or arg is None:
        return FlowNotice(FlowNote.STALE)
    if step is Step.FOLLOW_UP:
        row = await _action(desk, state, arg)
        return go(state, Step.STATUS, follow_up=row.id, status=row.status, note=row.note)
    if step is Step.ELEMENT:
        return go(state, Step.WHAT, element=_pick(await _elements(desk, state), arg))
    if step is Step.BIDANG:
        return go(state, Step.DUE, bidang=_pick(await bidang_keys(desk), arg))
    if step is Step.STATUS:
        return go(state, Step.NOTE, status=_pick([s.value for s in STATUSES], arg))
    return FlowNotice(FlowNote.STALE)


def typed(desk: Desk, state: FlowState, text: str) -> Outcome:
    """A typed line: what will be done, by when, or the note."""
    if state.step is Step.WHAT:
        return go(state, Step.BIDANG, action=clean_text(text, "tindakan", store.ACTION_MAX))
    if state.step is Step.DUE:
        due = parse_date(text)
        if due < desk.today:
            raise DomainError(
                f"tenggat {format_date(due)} sudah lewat (hari ini {format_date(desk.today)})"
            )
        return go(state, Step.CONFIRM, due=due.isoformat())
    if state.step is Step.NOTE:
        none = text.strip() in NONE_WORDS
        note = None if none else optional_text(text, "catatan", store.NOTE_MAX)
        return go(state, Step.CONFIRM, note=note)
    return FlowNotice(FlowNote.USE_BUTTONS)


async def listed(desk: Desk, state: FlowState) -> list[Listed]:
    """The choices of the step: actions of the period, unsur (weakest first), bidang, status."""
    if state.step is Step.FOLLOW_UP:
        plan = await store.actions(desk.session, period_id=_period_id(state))
        return [(f"{a.number} {a.element_name}: {a.action} ({a.status})", a.id) for a in plan]
    if state.step is Step.ELEMENT:
        scores = await store.element_scores(desk.session, await _period(desk, state))
        shown = [
            (f"{s.name} (NRR {format_id(round_half_up(s.nrr, 4))})", i)
            for i, s in enumerate(scores, start=1)
            if s.nrr is not None
        ]
        nrr = {i: s.nrr for i, s in enumerate(scores, start=1)}
        return sorted(shown, key=lambda item: (nrr[item[1]], item[1]))
    if state.step is Step.BIDANG:
        return [(key, i) for i, key in enumerate(await bidang_keys(desk), start=1)]
    if state.step is Step.STATUS:
        return [(status.value, i) for i, status in enumerate(STATUSES, start=1)]
    return []


async def summary(desk: Desk, state: FlowState) -> list[tuple[Fact, str]]:
    """What the flow holds so far, as labelled lines."""
    data = state.data
    facts = [(Fact.PERIOD, (await _period(desk, state)).name)]
    if data.get("follow_up"):
        row = await _action(desk, state, int(str(data["follow_up"])))
        names = await _names(desk, state)
        facts += [
            (Fact.ELEMENT, names.get(row.element, row.element)),
            (Fact.WHAT, f"TL{row.id} {row.action}"),
            (Fact.BIDANG, row.bidang),
            (Fact.DUE, format_date(row.due_on)),
        ]
        if state.step in (Step.NOTE, Step.CONFIRM):
            facts.append((Fact.STATUS, str(data.get("status"))))
        if state.step is Step.CONFIRM:
            facts.append((Fact.NOTE, str(data.get("note") or "–")))
        return facts
    if data.get("element") and state.step is not Step.ELEMENT:
        code = str(data["element"])
        facts.append((Fact.ELEMENT, (await _names(desk, state)).get(code, code)))
    for key, fact in (("action", Fact.WHAT), ("bidang", Fact.BIDANG)):
        if data.get(key):
            facts.append((fact, str(data[key])))
    if data.get("due") and state.step is Step.CONFIRM:
        facts.append((Fact.DUE, format_date(date.fromisoformat(str(data["due"])))))
    return facts


async def save(desk: Desk, state: FlowState, actor: str) -> list[tuple[Fact, str]]:
    """Write the new action, or the status of the chosen one; what was saved."""
    data, period = state.data, await _period(desk, state)
    facts = await summary(desk, state)
    if data.get("follow_up"):
        await store.update_status(
            desk.session,
            actor=actor,
            now=desk.now,
            number=int(str(data["follow_up"])),
            status=FollowUpStatus(str(data["status"])),
            note=str(data["note"]) if data.get("note") else None,
        )
        return facts
    row = await store.insert(
        desk.session,
        actor=actor,
        now=desk.now,
        period=period,
        element=str(data["element"]),
        action=str(data["action"]),
        bidang=str(data["bidang"]),
        due_on=date.fromisoformat(str(data["due"])),
        extra_bidang=await bidang_keys(desk),
    )
    named = f"TL{row.id} {row.action}"
    return [(fact, named if fact is Fact.WHAT else value) for fact, value in facts]


async def bidang_keys(desk: Desk) -> list[str]:
    """The decree's bidang and any other a kabid on the roster holds, sorted."""
    query = select(PersonRow.bidang).where(
        PersonRow.role == Role.KABID.value, col(PersonRow.bidang).is_not(None)
    )
    held = {b for b in await desk.session.exec(query) if b}
    return sorted({key.value for key in DECREE_BIDANG} | held)


def _pick(options: list[str], number: int) -> str:
    if not 0 < number <= len(options):
        raise DomainError("pilihan itu tidak ada lagi")
    return options[number - 1]


def _period_id(state: FlowState) -> int:
    return int(str(state.data["period"]))


async def _period(desk: Desk, state: FlowState) -> PeriodRow:
    period = await desk.session.get(PeriodRow, _period_id(state))
    if period is None:
        raise DomainError("periode tindak lanjut ini sudah tidak ada")
    return period


async def _elements(desk: Desk, state: FlowState) -> list[str]:
    return [s.code for s in await store.element_scores(desk.session, await _period(desk, state))]


async def _names(desk: Desk, state: FlowState) -> dict[str, str]:
    scores = await store.element_scores(desk.session, await _period(desk, state))
    return {s.code: s.name for s in scores}


async def _action(desk: Desk, state: FlowState, number: int) -> FollowUpRow:
    row = await desk.session.get(FollowUpRow, number)
    if row is None or row.period_id != _period_id(state):
        raise DomainError(f"tindak lanjut TL{number} tidak ada")
    return row
