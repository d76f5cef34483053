"""The console channel: the survey on a terminal or a pipe, acting as any roster person."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import tzinfo
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot import texts
from bot.answers import ikm_text
from bot.export import export_period
from bot.render import Message, render
from survey.events import Cancel, SaranText, Start, UnknownAction, decode
from survey.people import Person, Role
from survey.ports import Clock, DomainError
from survey.screens import Reply
from survey.services import Services
from survey.tables import utcnow

CHANNEL = "console"
OPERATOR = "operator"
ReadLine = Callable[[], Awaitable[str]]
WITA = ZoneInfo("Asia/Makassar")
EXPORT_DIR = Path("ekspor")  # relative: under the working folder


class Console:
    """Reads lines, turns them into survey events, prints the replies with numbered choices."""

    def __init__(
        self,
        services: Services,
        read_line: ReadLine,
        out: TextIO,
        *,
        clock: Clock = utcnow,
        zone: tzinfo = WITA,
    ) -> None:
        self.services = services
        self.read_line = read_line
        self.out = out
        self.clock = clock
        self.zone = zone
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
        if line.startswith("/"):
            await self._command(line)
        elif self.person is None:
            self._say(texts.STRANGER)
        elif line in self.choices:
            await self._action(self.choices[line])
        else:
            await self._show(await self.services.survey.handle(self.person.id, SaranText(line)))

    async def _command(self, line: str) -> None:
        name, _, arg = line.partition(" ")
        name = name.lower()
        if name == "/sebagai":
            await self._switch(arg.strip())
        elif name == "/daftar":
            await self._list()
        elif name == "/bantuan":
            self._say(self._help() + "\n\n" + texts.CONSOLE_HELP)
        elif name == "/siapa" or self.person is None:
            self._say(self._who())
        elif name == "/start":
            self._say(texts.WELCOME.format(name=self.person.name) + "\n" + self._help())
        elif name == "/survei":
            await self._show(await self.services.survey.handle(self.person.id, Start()))
        elif name == "/ikm":
            await self._ikm(arg.strip() or None)
        elif name == "/ekspor":
            await self._export(arg.strip() or None)
        elif name == "/batal":
            await self._show(await self.services.survey.handle(self.person.id, Cancel()))
        else:
            self._say(texts.UNKNOWN_COMMAND)

    def _leader(self) -> bool:
        """Kabid and the Sekretaris may see results; anyone else is told so."""
        if self.person is not None and self.person.role in (Role.KABID, Role.SEKRETARIS):
            return True
        self._say(texts.ONLY_LEADERS)
        return False

    async def _export(self, period: str | None) -> None:
        if self._leader():
            now = self.clock().astimezone(self.zone)
            self._say(await export_period(self.services.results, period, EXPORT_DIR, now))

    async def _ikm(self, period: str | None) -> None:
        if not self._leader():
            return
        try:
            answer = await self.services.results.period_result(period)
        except DomainError as exc:
            self._say(f"Maaf, {exc}.")
            return
        self._say(ikm_text(answer))

    async def _action(self, action: str) -> None:
        assert self.person is not None
        try:
            event = decode(action)
        except UnknownAction:
            self._say(texts.UNKNOWN_BUTTON)
            return
        await self._show(await self.services.survey.handle(self.person.id, event))

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
            await self._show(await self.services.survey.resume(self.person.id))

    async def _switch(self, query: str) -> None:
        people = await self.services.roster.people()
        found = _find(people, query)
        if found is None:
            self._say(f"Tidak ditemukan di roster: '{query}'. Ketik /daftar untuk melihatnya.")
            return
        await self.services.accounts.switch(CHANNEL, OPERATOR, found.id)
        self.person = found
        self.choices = {}
        self._say(self._who())
        await self._show(await self.services.survey.resume(found.id))

    async def _list(self) -> None:
        people = await self.services.roster.people()
        lines = [
            f"{i}. {p.name} — {p.role.value} {p.bidang or ''}"
            for i, p in enumerate(people, start=1)
        ]
        self._say("\n".join(lines) or "Roster masih kosong. Impor dengan `ikm roster import`.")

    def _who(self) -> str:
        if self.person is None:
            return "Roster masih kosong. Impor dengan `ikm roster import FILE`."
        return (
            f"Anda bertindak sebagai: {self.person.name} ({self.person.role.value}). "
            "Ketik /bantuan untuk bantuan, /sebagai untuk berganti orang."
        )

    def _help(self) -> str:
        if self.person is None or self.person.role is Role.ANGGOTA:
            return texts.HELP_MEMBER
        if self.person.role is Role.STAF:
            return texts.HELP_STAFF.format(role=self.person.role.value)
        return texts.HELP_LEADER.format(role=self.person.role.value)

    async def _show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self._print(render(reply))

    def _print(self, message: Message) -> None:
        if not message.brief:
            self.choices = {str(i): b.action for i, b in enumerate(message.buttons, start=1)}
        lines = [message.text]
        lines += [f"  [{i}] {b.label}" for i, b in enumerate(message.buttons, start=1)]
        self._say("\n".join(lines))

    def _say(self, text: str) -> None:
        self.out.write(text + "\n\n")
        self.out.flush()


def _find(people: list[Person], query: str) -> Person | None:
    if not query:
        return None
    if query.isdigit() and 1 <= int(query) <= len(people):
        return people[int(query) - 1]
    digits = "".join(c for c in query if c.isdigit())
    for person in people:
        if len(digits) >= 8 and person.phone.endswith(digits[-9:]):
            return person
    matches = [p for p in people if query.casefold() in p.name.casefold()]
    return matches[0] if len(matches) == 1 else None


def stdin_reader(stream: TextIO) -> ReadLine:
    """Read lines off the event loop, so a blocked terminal never stalls other channels."""

    async def read() -> str:
        return await asyncio.to_thread(stream.readline)

    return read
