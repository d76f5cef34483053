"""People on the roster and the roles they hold."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A roster person's role (`peran`)."""

    ANGGOTA = "anggota"
    STAF = "staf"
    KABID = "kabid"
    SEKRETARIS = "sekretaris"


@dataclass(frozen=True)
class Person:
    """A roster person as services hand it out (never an ORM row)."""

    id: int
    name: str
    phone: str
    role: Role
    bidang: str | None
    active: bool
