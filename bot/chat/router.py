"""What every channel does with a known person's command, text or button: one place, no channel."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.chat import texts
from bot.chat.answers import ikm_text, pending_text
from bot.chat.follow_up_answers import gap_line
from bot.chat.indicator_answers import indicator_answer
from bot.chat.performance_answer import performance_text
from bot.chat.questions import (
    IkmQuestion,
    IndicatorQuestion,
    interpret,
    interpret_indicator,
    looks_like_question,
)
from bot.chat.recording import COMMANDS as RECORDING_COMMANDS
from bot.chat.recording import Recording
from bot.chat.reminding import reminder_command
from bot.chat.render import Document, Message, Outgoing, Photo, render
from survey.conversation.events import (
    Cancel,
    Event,
    SaranText,
    Start,
    decode_or_none,
)
from survey.indicators.performance import performance_workbook
from survey.indicators.ranges import DateRange
from survey.indicators.spoken_ranges import parse_range, read_range
from survey.indicators.targets import check_year
from survey.people.model import Person, Role
from survey.periods.report import chart_bytes, file_stem, result_chart, workbook_bytes
from survey.ports import DomainError, Once
from survey.records.flow.actions import is_flow_action, is_reminder_action
from survey.services import Services
from survey.zone import local_date

LEADERS = (Role.KABID, Role.SEKRETARIS)


def help_text(person: Person) -> str:
    """What this person can do, by role."""
    if person.role is Role.ANGGOTA:
        return texts.HELP_MEMBER
    if person.role is Role.STAF:
        return texts.HELP_STAFF.format(role=person.role.value)
    if person.role is Role.SEKRETARIS:
        return texts.HELP_SEKRETARIS.format(role=person.role.value)
    return texts.HELP_LEADER.format(role=person.role.value)


class Router:
    """Turns a person's input into service calls and rendered replies."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.clock = services.clock
        self.zone = services.zone  # today, and the times shown, are local to IKM_TIMEZONE
        self.indicators = services.indicators
        self.recording = Recording(services.record_flows)
        self.performance = services.performance

    async def text(self, person: Person, text: str) -> list[Outgoing]:
        """A typed line: a command, a question for leaders, or survey input."""
        text = text.strip()
        if text.startswith("/"):
            name, _, arg = text[1:].partition(" ")
            return await self.command(person, name.split("@")[0].lower(), arg.strip())
        if (flow := await self.recording.typed(person, text)) is not None:
            return flow  # a recording flow in progress (staf, kabid, Sekretaris only)
        if person.role in LEADERS:
            if (question := interpret(text)) is not None:
                return await self._ikm_question(person, question)
            if (asked := interpret_indicator(text)) is not None:
                return await self._indicators(person, asked)
            if looks_like_question(text):
                return [Message(texts.LEADER_QUESTIONS)]
        return await self._survey(person, SaranText(text))

    async def action(self, person: Person, action: str) -> list[Outgoing]:
        """A pressed button's action string; a forged one changes nothing."""
        if is_flow_action(action):
            return await self.recording.action(person, action)
        if is_reminder_action(action):
            return await self.recording.reminded(person, action)
        event = decode_or_none(action)
        if event is None:
            return [Message(texts.UNKNOWN_BUTTON, brief=True)]
        return await self._survey(person, event)

    async def account_action(
        self,
        channel: str,
        external_id: str,
        action: str,
        *,
        once: Once | None = None,
        claimed: Callable[[], Awaitable[bool]] | None = None,
    ) -> list[Outgoing] | None:
        """`action` by a chat account's person (None: nobody); a survey button in one step.
        A channel that handles each input once claims a survey button with `once`, in the
        step's own transaction, and any other button with `claimed` first; a second delivery
        gets no replies."""
        event = decode_or_none(action)
        if event is None:
            if claimed is not None and not await claimed():
                return []
            person = await self.services.accounts.person_for(channel, external_id)
            return None if person is None else await self.action(person, action)
        replies = await self.services.survey.handle_account(channel, external_id, event, once=once)
        return None if replies is None else [render(r) for r in replies]

    async def command(self, person: Person, name: str, arg: str) -> list[Outgoing]:
        """A slash command without its slash."""
        if name == "start":
            welcome = texts.WELCOME.format(name=person.name)
            return [Message(welcome + "\n" + help_text(person))]
        if name == "bantuan":
            return [Message(help_text(person))]
        if name == "survei":
            return await self._survey(person, Start())
        if name in RECORDING_COMMANDS:
            return await self.recording.command(person, name)
        if name == "batal":
            if (left := await self.recording.cancel(person)) is not None:
                return left
            return await self._survey(person, Cancel())
        if name == "ikm":
            return await self._ikm(person, arg or None)
        if name == "ekspor":
            return await self._export(person, arg or None)
        if name == "indikator":
            return await self._indicators(person, arg)
        if name == "belum":
            return await self._pending(person)
        if name == "pengingat":
            today = local_date(self.clock(), self.zone)
            return await reminder_command(self.services.dues, person, arg, today)
        if name == "kinerja":
            return await self._performance(person, arg)
        if name == "infografis":
            return await self._infographic(person, arg or None)
        return [Message(texts.UNKNOWN_COMMAND)]

    async def resume(self, person: Person) -> list[Outgoing]:
        """The screens a person left off at, if any: the survey's, a recording flow's."""
        survey = [render(r) for r in await self.services.survey.resume(person.id)]
        return survey + await self.recording.resume(person)

    async def _survey(self, person: Person, event: Event) -> list[Outgoing]:
        return [render(r) for r in await self.services.survey.handle(person.id, event)]

    async def _ikm(
        self, person: Person, period: str | None, *, previous: bool = False
    ) -> list[Outgoing]:
        if person.role not in LEADERS:
            return [Message(texts.ONLY_LEADERS)]
        try:
            if previous:
                period = await self._previous_period_name()
            answer = await self.services.results.period_result(period)
        except DomainError as exc:
            return [Message(texts.SORRY.format(reason=exc))]
        text = ikm_text(answer)
        if (gap := await gap_line(self.services.follow_ups, answer)) is not None:
            text += "\n" + gap
        replies: list[Outgoing] = [Message(text)]
        if answer.result is not None and answer.result.ikm is not None:
            chart = await asyncio.to_thread(result_chart, answer)
            name = f"{file_stem(answer.period.name)}.png"
            replies.append(Photo(chart, name, texts.EXPORT_CHART))
        return replies

    async def _ikm_question(self, person: Person, question: IkmQuestion) -> list[Outgoing]:
        """ "ikm semester lalu" (the period before), "ikm tahun 2025" (the period that ended in
        that range), else the current period."""
        if question.previous or person.role not in LEADERS:
            return await self._ikm(person, None, previous=question.previous)
        today = local_date(self.clock(), self.zone)
        try:
            span = read_range(question.when, today)
            if span is None:
                return await self._ikm(person, None)
            found = await self.services.results.period_in_range(span.start, span.end, self.zone)
        except DomainError as exc:
            return [Message(texts.SORRY.format(reason=exc))]
        if found is None:
            return [Message(texts.IKM_NONE_IN_RANGE.format(span=span.label()))]
        return await self._ikm(person, found.period.name)

    async def _pending(self, person: Person) -> list[Outgoing]:
        """/belum: the members who have not answered yet, by name, to phone them."""
        if person.role not in LEADERS:
            return [Message(texts.ONLY_LEADERS)]
        try:
            pending = await self.services.periods.not_answered()
        except DomainError as exc:
            return [Message(texts.SORRY.format(reason=exc))]
        return [Message(pending_text(pending))]

    async def _export(self, person: Person, period: str | None) -> list[Outgoing]:
        if person.role not in LEADERS:
            return [Message(texts.ONLY_LEADERS)]
        try:
            sheet = await self.services.results.period_sheet(period)
            now = self.clock().astimezone(self.zone)
            workbook = await asyncio.to_thread(workbook_bytes, sheet, now)
            chart = await asyncio.to_thread(chart_bytes, sheet)
        except DomainError as exc:
            return [Message(texts.SORRY.format(reason=exc))]
        stem = file_stem(sheet.period.name)
        return [
            Message(texts.EXPORT_HEADER.format(period=sheet.period.name)),
            Document(workbook, f"{stem}.xlsx", texts.EXPORT_WORKBOOK),
            Photo(chart, f"{stem}.png", texts.EXPORT_CHART),
        ]

    async def _infographic(self, person: Person, period: str | None) -> list[Outgoing]:
        """/infografis [PERIODE]: the square image to post, and the A4 one as a document."""
        if person.role not in LEADERS:
            return [Message(texts.ONLY_LEADERS)]
        from scoring.infographic_draw import render_infographic

        try:
            today = local_date(self.clock(), self.zone)
            info = await self.services.publication.infographic(period, today)
        except DomainError as exc:
            return [Message(texts.SORRY.format(reason=exc))]
        square, _ = await asyncio.to_thread(render_infographic, info, "persegi")
        a4, _ = await asyncio.to_thread(render_infographic, info, "a4")
        stem = f"infografis-{file_stem(info.period).removeprefix('ikm-')}"
        caption = texts.INFOGRAPHIC_CAPTION.format(period=info.period)
        return [
            Photo(square, f"{stem}-persegi.png", caption),
            Document(a4, f"{stem}-a4.png", texts.INFOGRAPHIC_A4),
        ]

    async def _performance(self, person: Person, arg: str) -> list[Outgoing]:
        """/kinerja [TAHUN]: the Sekretaris's Pengukuran Kinerja, in words and as a workbook."""
        if person.role is not Role.SEKRETARIS:
            return [Message(texts.ONLY_SEKRETARIS)]
        try:
            year = _year(arg) if arg else local_date(self.clock(), self.zone).year
            check_year(year)
            trends = await self.performance.trends()
            workbook = await asyncio.to_thread(performance_workbook, trends, year)
        except DomainError as exc:
            return [Message(texts.SORRY.format(reason=exc))]
        return [
            Message(performance_text(trends, year)),
            Document(
                workbook, f"kinerja-{year}.xlsx", texts.PERFORMANCE_WORKBOOK.format(year=year)
            ),
        ]

    async def _indicators(self, person: Person, asked: str | IndicatorQuestion) -> list[Outgoing]:
        """/indikator [RENTANG] (a string) or a plain question about an indicator."""
        if person.role not in LEADERS:
            return [Message(texts.ONLY_LEADERS)]
        today = local_date(self.clock(), self.zone)
        try:
            code, span = None, DateRange.year_to_date(today)
            if isinstance(asked, str):
                span = parse_range(asked, today)
            else:
                code = asked.code
                span = read_range(asked.when, today) or DateRange.year(today.year)
            answer = await indicator_answer(self.services, person, span, today, code=code)
        except DomainError as exc:
            return [Message(texts.SORRY.format(reason=exc))]
        return [Message(answer)]

    async def _previous_period_name(self) -> str:
        periods = await self.services.periods.list()
        current = next((i for i, p in enumerate(periods) if p.is_open), 0)
        if current + 1 >= len(periods):
            raise DomainError(texts.NO_PREVIOUS_PERIOD)
        return periods[current + 1].name


def _year(text: str) -> int:
    """ "2025" as a year; DomainError otherwise."""
    if not text.isdigit() or len(text) != 4:
        raise DomainError(texts.PERFORMANCE_BAD_YEAR.format(text=text))
    return int(text)
