"""The decree's four indicators as data (indicator_definitions.json), validated on load."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from survey.people.bidang import Bidang
from survey.people.model import Role

CODES = ("IKU", "IK1", "IK2", "IK3")
IK_CODES = CODES[1:]
SOURCE = "indicator_definitions.json"
#: The bounds a target may take: a percentage, or the IKM's converted score (nilai konversi).
TARGET_BOUNDS = {"percent": (Decimal(0), Decimal(100)), "ikm_score": (Decimal(25), Decimal(100))}

Scope = tuple[str, str | None]
"""An indicator code and, for IK2, the bidang whose tasks it covers (None: the whole Setwan)."""


class DefinitionError(ValueError):
    """The shipped definitions cannot be used, with a readable reason."""


class Owner(BaseModel):
    """A penanggung jawab: role and bidang on the roster, the title as the decree gives it, and
    whether they answer for the whole indicator (`semua`) or their bidang's share (`bidang`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Literal[Role.KABID, Role.SEKRETARIS]
    bidang: Bidang | None
    jabatan: str = Field(min_length=5)
    cakupan: Literal["semua", "bidang"]

    @model_validator(mode="after")
    def _bidang_fits_role(self) -> Owner:
        if (self.role is Role.KABID) != (self.bidang is not None):
            raise ValueError("kabid wajib punya bidang; sekretaris tanpa bidang")
        if self.cakupan == "bidang" and self.role is not Role.KABID:
            raise ValueError("cakupan 'bidang' hanya untuk kabid")
        return self


class Indicator(BaseModel):
    """One indicator of Lampiran I (IKU) or II (IK1–IK3), with the project's reading of it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: Literal["IKU", "IK1", "IK2", "IK3"]
    kind: Literal["percent", "ikm_score"]
    name: str = Field(min_length=5)
    short_name: str = Field(min_length=3, max_length=40)
    sasaran: str = Field(min_length=5)
    formula: str = Field(min_length=5)
    reading: str = Field(min_length=5)
    penanggung_jawab: tuple[Owner, ...] = Field(min_length=1)
    sumber_data: str = Field(min_length=5)
    referensi: str = Field(min_length=3)

    @property
    def target_bounds(self) -> tuple[Decimal, Decimal]:
        """The lowest and highest target this indicator can have."""
        return TARGET_BOUNDS[self.kind]


class Definitions(BaseModel):
    """The decree's indicators in order IKU, IK1, IK2, IK3, and the years it covers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    first_year: int
    last_year: int
    indicators: tuple[Indicator, ...]

    @model_validator(mode="after")
    def _all_four_in_order(self) -> Definitions:
        if tuple(i.code for i in self.indicators) != CODES:
            raise ValueError(f"indikator harus tepat {', '.join(CODES)}, berurutan")
        if any(i.kind != ("ikm_score" if i.code == "IKU" else "percent") for i in self.indicators):
            raise ValueError("IKU adalah skor IKM; IK1–IK3 adalah persentase")
        if self.first_year > self.last_year:
            raise ValueError("tahun awal sesudah tahun akhir")
        return self

    def get(self, code: str) -> Indicator:
        """The indicator with `code` (IKU, IK1, IK2, IK3); KeyError otherwise."""
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)


def parse_definitions(text: str, source: str = SOURCE) -> Definitions:
    """Validate the definitions' JSON text; every mistake becomes one DefinitionError."""
    try:
        return Definitions.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise DefinitionError(f"{source}: bukan JSON yang sah ({exc.msg})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(akar)"
        raise DefinitionError(f"{source}: {where}: {first['msg']}") from None


@cache
def definitions() -> Definitions:
    """The shipped definitions, validated once."""
    return parse_definitions((resources.files("survey.indicators") / SOURCE).read_text("utf-8"))


def owned_scopes(role: Role, bidang: str | None) -> tuple[Scope, ...]:
    """The IK1–IK3 scopes a person answers for: the Sekretaris all of them whole, a kabid those
    naming their bidang (IK2 limited to the bidang's tasks when the decree's share is theirs),
    anyone else none."""
    if role is Role.SEKRETARIS:
        return tuple((code, None) for code in IK_CODES)
    if role is not Role.KABID or bidang is None:
        return ()
    wanted = bidang.casefold()
    scopes: list[Scope] = []
    for indicator in definitions().indicators[1:]:
        for owner in indicator.penanggung_jawab:
            if owner.role is Role.KABID and owner.bidang == wanted:
                scopes.append((indicator.code, wanted if owner.cakupan == "bidang" else None))
    return tuple(scopes)
