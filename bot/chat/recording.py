"""Recording by chat for staf, kabid and the Sekretaris: commands, buttons and typed lines of a
flow, and its screens as text and buttons for every channel."""

from __future__ import annotations

from bot.chat import texts
from bot.chat.render import Button, Message, Outgoing
from survey.people.model import Person, Role
from survey.records.flow.actions import decode_reminder
from survey.records.flow.model import (
    PAGE_SIZE,
    Control,
    Facts,
    FlowKind,
    FlowNote,
    FlowNotice,
    FlowReply,
    FlowScreen,
    Saved,
    Step,
)
from survey.records.flow.service import RecordFlowService

RECORDERS = frozenset({Role.STAF, Role.KABID, Role.SEKRETARIS})
FLOW_COMMANDS = {kind.value: kind for kind in FlowKind}
UNDO_COMMAND = "urungkan"
COMMANDS = frozenset({*FLOW_COMMANDS, UNDO_COMMAND})
#: Notices shown as a toast on a button press where the channel has one.
BRIEF = frozenset(
    {
        FlowNote.UNKNOWN,
        FlowNote.STALE,
        FlowNote.USE_BUTTONS,
        FlowNote.NONE_TICKED,
        FlowNote.ALREADY_SAVED,
        FlowNote.SETTLED,
    }
)
PAGING = (Control.PREVIOUS, Control.MORE)
TICK_MARKS = {
    Step.ATTENDEES: {True: "✅ ", False: "⬜ "},
    Step.CHECKLIST: {True: "✅ ", False: "❌ "},
}


class Recording:
    """What the router does for recording commands, flow buttons and typed lines."""

    def __init__(self, flows: RecordFlowService) -> None:
        self.flows = flows

    async def command(self, person: Person, name: str) -> list[Outgoing]:
        """/pelatihan, /laporan, /rapat or /urungkan."""
        if person.role not in RECORDERS:
            return [Message(texts.ONLY_RECORDERS)]
        if name == UNDO_COMMAND:
            return render_all(await self.flows.undo_latest(person))
        return render_all(await self.flows.start(person, FLOW_COMMANDS[name]))

    async def action(self, person: Person, action: str) -> list[Outgoing]:
        """A flow button (`catat:…`); from anyone without the role it changes nothing."""
        if person.role not in RECORDERS:
            return [Message(texts.ONLY_RECORDERS, brief=True)]
        return render_all(await self.flows.press(person, action))

    async def reminded(self, person: Person, action: str) -> list[Outgoing]:
        """A reminder item's button (`ingat:…`): its flow with the record already chosen."""
        decoded = decode_reminder(action)
        if decoded is None:
            return [Message(texts.UNKNOWN_BUTTON, brief=True)]
        if person.role not in RECORDERS:
            return [Message(texts.ONLY_RECORDERS, brief=True)]
        return render_all(await self.flows.start_on(person, *decoded))

    async def typed(self, person: Person, text: str) -> list[Outgoing] | None:
        """A typed line for the person's flow; None when they have none (members: no query)."""
        if person.role not in RECORDERS or not await self.flows.active(person.id):
            return None
        return render_all(await self.flows.typed(person, text))

    async def resume(self, person: Person) -> list[Outgoing]:
        """The flow in progress shown again (after a restart or a switch); nothing without."""
        if person.role not in RECORDERS:
            return []
        return render_all(await self.flows.resume(person))

    async def cancel(self, person: Person) -> list[Outgoing] | None:
        """/batal for a flow in progress; None when there is none (the survey's /batal then)."""
        if person.role not in RECORDERS:
            return None
        return render_all(await self.flows.cancel(person)) or None


def render_all(replies: list[FlowReply]) -> list[Outgoing]:
    """The messages of a flow's replies."""
    return [render_flow(reply) for reply in replies]


def render_flow(reply: FlowReply) -> Message:
    """One flow reply as text and buttons."""
    if isinstance(reply, FlowNotice):
        text = texts.RECORD_NOTES[reply.note.value].format(detail=reply.detail)
        return Message(text, brief=reply.note in BRIEF)
    if isinstance(reply, Saved):
        return _saved(reply)
    return _screen(reply)


def _facts(facts: Facts) -> list[str]:
    return [
        texts.RECORD_FACT.format(label=texts.RECORD_FACTS[fact.value], value=value)
        for fact, value in facts
    ]


def _screen(screen: FlowScreen) -> Message:
    lines = [texts.RECORD_TITLES[screen.kind.value], *_facts(screen.facts)]
    lines.append(texts.RECORD_PROMPTS[screen.step.value])
    if not screen.choices and screen.step.value in texts.RECORD_EMPTY:
        lines.append(texts.RECORD_EMPTY[screen.step.value])
    if screen.step is Step.ATTENDEES:
        lines.append(texts.RECORD_TICKED.format(count=screen.ticked))
    if screen.pages > 1:
        lines.append(texts.RECORD_PAGE.format(page=screen.page + 1, pages=screen.pages))
    marks = TICK_MARKS.get(screen.step, {})
    buttons = [
        Button(("" if c.ticked is None else marks.get(c.ticked, "")) + c.label, c.action, i)
        for i, c in enumerate(screen.choices, start=1)
    ]
    numbers = _control_numbers(screen)
    buttons += [
        Button(texts.RECORD_CONTROLS[c.value], action, numbers[c]) for c, action in screen.controls
    ]
    return Message("\n".join(lines), tuple(buttons))


def _control_numbers(screen: FlowScreen) -> dict[Control, int]:
    """Each control's option number, the same on every page of a paged list: after a full
    page's numbers, « Sebelumnya and Berikutnya » keep their places even where absent."""
    others = [c for c, _ in screen.controls if c not in PAGING]
    if screen.pages == 1:
        return {c: i for i, c in enumerate(others, start=len(screen.choices) + 1)}
    numbers = {c: PAGE_SIZE + 1 + i for i, c in enumerate(PAGING)}
    return numbers | {c: i for i, c in enumerate(others, start=PAGE_SIZE + 1 + len(PAGING))}


def _saved(saved: Saved) -> Message:
    lines = [texts.RECORD_SAVED[saved.kind.value], *_facts(saved.facts)]
    if saved.undo is None:
        return Message("\n".join([*lines, texts.RECORD_NOTHING_NEW]))
    lines.append(texts.RECORD_UNDO_HINT)
    return Message("\n".join(lines), (Button(texts.RECORD_UNDO, saved.undo),))
