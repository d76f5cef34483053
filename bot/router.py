"""What every channel does with a known person's command, text or button: one place, no channel."""

from __future__ import annotations

from bot import texts
from bot.answers import ikm_text
from bot.questions import interpret
from bot.render import Message, Outgoing, render
from survey.events import Cancel, Event, SaranText, Start, UnknownAction, decode
from survey.people import Person, Role
from survey.ports import DomainError
from survey.services import Services

LEADERS = (Role.KABID, Role.SEKRETARIS)


def help_text(person: Person) -> str:
    """What this person can do, by role."""
    if person.role is Role.ANGGOTA:
        return texts.HELP_MEMBER
    if person.role is Role.STAF:
        return texts.HELP_STAFF.format(role=person.role.value)
    return texts.HELP_LEADER.format(role=person.role.value)


class Router:
    """Turns a person's input into service calls and rendered replies."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def text(self, person: Person, text: str) -> list[Outgoing]:
        """A typed line: a command, a question for leaders, or survey input."""
        text = text.strip()
        if text.startswith("/"):
            name, _, arg = text[1:].partition(" ")
            return await self.command(person, name.split("@")[0].lower(), arg.strip())
        question = interpret(text)
        if question is not None and person.role in LEADERS:
            return await self._ikm(person, None, previous=question.previous)
        return await self._survey(person, SaranText(text))

    async def action(self, person: Person, action: str) -> list[Outgoing]:
        """A pressed button's action string; a forged one changes nothing."""
        try:
            event = decode(action)
        except UnknownAction:
            return [render_brief(texts.UNKNOWN_BUTTON)]
        return await self._survey(person, event)

    async def command(self, person: Person, name: str, arg: str) -> list[Outgoing]:
        """A slash command without its slash."""
        if name == "start":
            welcome = texts.WELCOME.format(name=person.name)
            return [render_text(welcome + "\n" + help_text(person))]
        if name == "bantuan":
            return [render_text(help_text(person))]
        if name == "survei":
            return await self._survey(person, Start())
        if name == "batal":
            return await self._survey(person, Cancel())
        if name == "ikm":
            return await self._ikm(person, arg or None)
        return [render_text(texts.UNKNOWN_COMMAND)]

    async def resume(self, person: Person) -> list[Outgoing]:
        """The screen a member left off at, if any."""
        return [render(r) for r in await self.services.survey.resume(person.id)]

    async def _survey(self, person: Person, event: Event) -> list[Outgoing]:
        return [render(r) for r in await self.services.survey.handle(person.id, event)]

    async def _ikm(
        self, person: Person, period: str | None, *, previous: bool = False
    ) -> list[Outgoing]:
        if person.role not in LEADERS:
            return [render_text(texts.ONLY_LEADERS)]
        try:
            if previous:
                period = await self._previous_period_name()
            answer = await self.services.results.period_result(period)
        except DomainError as exc:
            return [render_text(f"Maaf, {exc}.")]
        return [render_text(ikm_text(answer))]

    async def _previous_period_name(self) -> str:
        periods = await self.services.periods.list()
        current = next((i for i, p in enumerate(periods) if p.is_open), 0)
        if current + 1 >= len(periods):
            raise DomainError("belum ada periode sebelumnya")
        return periods[current + 1].name


def render_text(text: str) -> Outgoing:
    """A plain message."""
    return Message(text)


def render_brief(text: str) -> Outgoing:
    """A short notice (a toast where the channel has one)."""
    return Message(text, brief=True)
