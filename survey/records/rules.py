"""The rules every record obeys, from the chat or a spreadsheet: pure checks, Indonesian errors."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from typing import Protocol

from survey.dates import format_date
from survey.people.model import Role
from survey.ports import DomainError

MISSED_ITEMS_MAX = 1000


class Officeholder(Protocol):
    """What the office rule reads of a roster person (a row, or the recording flow's copy)."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def active(self) -> bool: ...
    @property
    def deactivated_at(self) -> datetime | None: ...


def clean_text(value: str, label: str, max_length: int) -> str:
    """`value` with its spaces collapsed; refused when empty or longer than `max_length`."""
    text = " ".join(value.split())
    if not text:
        raise DomainError(f"{label} tidak boleh kosong")
    if len(text) > max_length:
        raise DomainError(f"{label} terlalu panjang (paling banyak {max_length} karakter)")
    return text


def optional_text(value: str | None, label: str, max_length: int) -> str | None:
    """Like clean_text, but blank is None."""
    if value is None or not value.strip():
        return None
    return clean_text(value, label, max_length)


def check_not_future(day: date, today: date, label: str) -> date:
    """What happened (a training, a report received, a meeting held, a period's start in
    the past) cannot be dated after today (local): the same rule in chat, imports and periods."""
    if day > today:
        raise DomainError(
            f"{label} {format_date(day)} sesudah hari ini ({format_date(today)}); "
            "catat sesudah terjadi"
        )
    return day


def check_span(starts_on: date, ends_on: date) -> None:
    """A training ends on or after the day it starts."""
    if ends_on < starts_on:
        raise DomainError(
            f"tanggal selesai ({format_date(ends_on)}) tidak boleh sebelum "
            f"tanggal mulai ({format_date(starts_on)})"
        )


def attendance_problem(person: Officeholder, day: date, zone: tzinfo) -> str | None:
    """Why `person` cannot be recorded as a member attending a training starting on `day`.

    Only anggota count, and only when in office on `day`: a deactivated member left office on
    the local date of `deactivated_at`, so on or after that date they no longer count. When the
    person was put on the roster does not matter: an import date is not an office date.
    """
    if person.role != Role.ANGGOTA.value:
        return f"{person.name} bukan anggota DPRD (peran {person.role})"
    if person.active:
        return None
    if person.deactivated_at is None:
        return f"{person.name} tidak aktif di roster"
    left_on = person.deactivated_at.astimezone(zone).date()
    if left_on <= day:
        return (
            f"{person.name} tidak menjabat pada {format_date(day)} "
            f"(nonaktif sejak {format_date(left_on)})"
        )
    return None


def check_held_in_plan_year(planned_on: date, held_on: date) -> None:
    """A meeting counts for the plan year it was planned in, so it must be held within it."""
    if held_on.year != planned_on.year:
        raise DomainError(
            f"rapat direncanakan {format_date(planned_on)}; tanggal pelaksanaan "
            f"{format_date(held_on)} di luar tahun rencana {planned_on.year}"
        )


def missed_items(standard_met: bool, items: Iterable[str]) -> tuple[str, ...]:
    """The checklist items a meeting missed, cleaned; they must agree with `standard_met`."""
    cleaned = tuple(dict.fromkeys(t for t in (" ".join(i.split()) for i in items) if t))
    if not standard_met and not cleaned:
        raise DomainError(
            "rapat yang tidak sesuai standar harus menyebut minimal satu butir "
            "yang tidak terpenuhi"
        )
    if standard_met and cleaned:
        raise DomainError(
            "rapat yang sesuai standar tidak boleh punya butir yang tidak terpenuhi "
            f"({'; '.join(cleaned)})"
        )
    if len("\n".join(cleaned)) > MISSED_ITEMS_MAX:
        raise DomainError(f"catatan butir terlalu panjang (paling banyak {MISSED_ITEMS_MAX})")
    return cleaned
