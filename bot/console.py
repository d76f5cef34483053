"""The console channel: the survey on a terminal or a pipe, acting as any roster person."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.chat import texts
from bot.chat.render import Document, Message, Outgoing, Photo
from bot.chat.router import Router, help_text
from survey.people.model import Person, Role
from survey.periods.report import write_private
from survey.services import Services

CHANNEL = "console"
OPERATOR = "operator"
ReadLine = Callable[[], Awaitable[str]]
EXPORT_DIR = Path("ekspor")  # relative: under the working folder


class Console:
    """Reads lines, turns them into survey events, prints the replies with numbered choices."""

    def __init__(
        self,
        services: Services,
        read_line: ReadLine,
        out: TextIO,
    ) -> None:
        self.services = services
        self.read_line = read_line
        self.out = out
        self.router = Router(services)
        self.person: Person | None = None
        self.choices: dict[str, str] = {}

    async def run(self) -> None:
        """Greet, resume any survey in progress, then serve lines until end of input."""
        await self._take_identity()
        while line := await self.read_line():
            await self.on_line(line.strip())

    async def on_line(self, line: str) -> None:
        """Handle one line of input."""
        if not line:
            return
        name, _, arg = line.partition(" ")
        if name.lower() in ("/sebagai", "/daftar", "/siapa", "/bantuan") or self.person is None:
            await self._console_command(name.lower(), arg.strip())
        elif line in self.choices:
            await self._deliver(await self.router.action(self.person, self.choices[line]))
        else:
            await self._deliver(await self.router.text(self.person, line))

    async def _console_command(self, name: str, arg: str) -> None:
        if name == "/sebagai":
            await self._switch(arg)
        elif name == "/daftar":
            await self._list()
        elif name == "/bantuan" and self.person is not None:
            self._say(help_text(self.person) + "\n\n" + texts.CONSOLE_HELP)
        else:
            self._say(self._who())

    async def _take_identity(self) -> None:
        self.person = await self.services.accounts.person_for(CHANNEL, OPERATOR)
        if self.person is None:
            people = await self.services.roster.people()
            members = [p for p in people if p.role is Role.ANGGOTA] or people
            if members:
                await self.services.accounts.switch(CHANNEL, OPERATOR, members[0].id)
                self.person = members[0]
        self._say(self._who())
        if self.person is not None:
            await self._deliver(await self.router.resume(self.person))

    async def _switch(self, query: str) -> None:
        people = await self.services.roster.people()
        if not query:
            self._say(texts.SWITCH_USAGE)
            return
        found = _find(people, query)
        if not found:
            self._say(texts.SWITCH_NOT_FOUND.format(query=query))
            return
        if len(found) > 1:
            names = "; ".join(f"{p.name} ({p.phone})" for p in found[:8])
            self._say(texts.SWITCH_SEVERAL.format(query=query, names=names))
            return
        await self.services.accounts.switch(CHANNEL, OPERATOR, found[0].id)
        self.person = found[0]
        self.choices = {}
        self._say(self._who())
        await self._deliver(await self.router.resume(found[0]))

    async def _list(self) -> None:
        people = await self.services.roster.people()
        lines = [
            f"{i}. {p.name} — {p.role.value} {p.bidang or ''}"
            for i, p in enumerate(people, start=1)
        ]
        self._say("\n".join(lines) or texts.CONSOLE_EMPTY_ROSTER)

    def _who(self) -> str:
        if self.person is None:
            return texts.CONSOLE_EMPTY_ROSTER_FILE
        return texts.CONSOLE_ACTING_AS.format(name=self.person.name, role=self.person.role.value)

    async def _deliver(self, replies: list[Outgoing]) -> None:
        for reply in replies:
            if isinstance(reply, Message):
                self._print(reply)
            else:
                self._say(await self._save(reply))

    async def _save(self, reply: Photo | Document) -> str:
        """A console cannot show a file: it writes it under `ekspor/` and names the path."""
        path = EXPORT_DIR / reply.filename
        try:
            await asyncio.to_thread(write_private, path, reply.data)
        except OSError as exc:
            return texts.EXPORT_FAILED.format(path=exc.filename, reason=exc.strerror)
        return f"• {path} — {reply.caption}"

    def _print(self, message: Message) -> None:
        numbered = [
            (b.number or i, b) for i, b in enumerate(message.buttons, start=1)
        ]  # a screen's own numbers stay the same on every page of it
        if not message.brief:
            self.choices = {str(n): b.action for n, b in numbered}
        lines = [message.text]
        lines += [f"  [{n}] {b.label}" for n, b in sorted(numbered, key=lambda nb: nb[0])]
        self._say("\n".join(lines))

    def _say(self, text: str) -> None:
        self.out.write(text + "\n\n")
        self.out.flush()


def _find(people: list[Person], query: str) -> list[Person]:
    """Who `query` names: a /daftar number, a phone (any form), else every name containing it
    (one whose whole name it is, when there is exactly one such)."""
    if query.isdigit() and 1 <= int(query) <= len(people):
        return [people[int(query) - 1]]
    digits = "".join(c for c in query if c.isdigit())
    if len(digits) >= 8:
        return [p for p in people if p.phone.endswith(digits.lstrip("0")[-9:])]
    wanted = " ".join(query.casefold().split())
    matches = [p for p in people if wanted in " ".join(p.name.casefold().split())]
    exact = [p for p in matches if " ".join(p.name.casefold().split()) == wanted]
    return exact if len(exact) == 1 else matches


def stdin_reader(stream: TextIO) -> ReadLine:
    """Read lines off the event loop, so a blocked terminal never stalls other channels."""

    async def read() -> str:
        return await asyncio.to_thread(stream.readline)

    return read
