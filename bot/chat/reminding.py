"""`/pengingat`: the records due now with their buttons, and the weekly reminder's setting."""

from __future__ import annotations

from datetime import date

from bot.chat import texts
from bot.chat.due_reminder import message
from bot.chat.recording import RECORDERS
from bot.chat.render import Message, Outgoing
from survey.dates import format_date
from survey.indicators.due import DueRecords
from survey.people.model import Person, Role
from survey.ports import DomainError


async def reminder_command(
    dues: DueRecords, person: Person, arg: str, today: date
) -> list[Outgoing]:
    """`/pengingat` (the list now), `nyala`, `mati` (staf opt in or out; `on`, `off` as before)
    or `bisu` (a month)."""
    if person.role not in RECORDERS:
        return [Message(texts.ONLY_RECORDERS)]
    word = arg.strip().lower()
    try:
        if word == "":
            return [message(await dues.digest(person, today))]
        if word in ("nyala", "on"):
            await dues.opt(person, True)
            return [Message(texts.REMINDER_ON)]
        if word in ("mati", "off"):
            if person.role is not Role.STAF:
                return [Message(texts.REMINDER_LEADERS_STAY)]
            await dues.opt(person, False)
            return [Message(texts.REMINDER_OFF)]
        if word == "bisu":
            until = await dues.mute(person, today)
            return [Message(texts.REMINDER_MUTED.format(until=format_date(until)))]
    except DomainError as exc:
        return [Message(texts.SORRY.format(reason=exc))]
    return [Message(texts.REMINDER_USAGE)]
