"""The follow-up plan as services hand it out, and what a period's results say it lacks (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

ACTION_MAX = 500  # characters of an action's text
NOTE_MAX = 500  # characters of a status note


class FollowUpStatus(StrEnum):
    """How far an action got."""

    PLANNED = "rencana"
    ONGOING = "berjalan"
    DONE = "selesai"


@dataclass(frozen=True)
class FollowUp:
    """One action of a period's follow-up plan."""

    id: int
    period: str
    element: str  # the unsur code
    element_name: str
    action: str
    bidang: str
    due_on: date
    status: FollowUpStatus
    note: str | None

    @property
    def number(self) -> str:
        """How people name it in commands and lists: `TL3`."""
        return f"TL{self.id}"

    def overdue(self, today: date) -> bool:
        """Past its date and not done."""
        return self.status is not FollowUpStatus.DONE and self.due_on < today

    def due_in_month(self, today: date) -> bool:
        """Not done, and due from today to the end of today's month."""
        same_month = (self.due_on.year, self.due_on.month) == (today.year, today.month)
        return self.status is not FollowUpStatus.DONE and same_month and self.due_on >= today


@dataclass(frozen=True)
class ElementScore:
    """An unsur of a period's released results: code, name and exact NRR (None: no data)."""

    code: str
    name: str
    nrr: Fraction | None


def weakest_without_action(weakest: Iterable[str], followed: Iterable[str]) -> tuple[str, ...]:
    """The weakest unsur (ties included) that no action of the period names yet."""
    done = set(followed)
    return tuple(code for code in weakest if code not in done)


def parse_number(text: str) -> int:
    """`TL3`, `tl3` or `3` → 3; ValueError otherwise."""
    raw = text.strip().upper().removeprefix("TL")
    if not raw.isdigit() or len(raw) > 9:
        raise ValueError(text)
    return int(raw)
