"""Read a file of past results (IKM and IK1–IK3 per year or period, with targets) into lines.

Every problem of every row is collected with its row number; nothing is stored unless the
whole file is valid (survey/indicators/history.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from scoring.elements import STANDARD_ELEMENTS
from scoring.numbers import format_id, round_half_up
from survey.indicators.definitions import CODES, definitions
from survey.records.importing.file import RecordFileError
from survey.sheets import RowProblem, Sheet, SheetError, SheetRow, read_sheet

REQUIRED = ("indikator", "tahun")
OPTIONAL = ("periode", "nilai", "pembilang", "penyebut", "responden", "target")
NRR_PREFIX = "nrr "
_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{1,4})?")
_WHOLE = re.compile(r"\d{1,6}")


@dataclass(frozen=True)
class HistoryLine:
    """One valid row: an indicator's result for a year or a period of it ('' = the year)."""

    row: int
    code: str
    year: int
    period: str
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    respondents: int | None = None
    nrr: dict[str, Decimal] = field(default_factory=dict)
    target: Decimal | None = None


def read_history(path: Path) -> list[HistoryLine]:
    """The valid lines of a history file; RecordFileError listing every bad row otherwise."""
    try:
        sheet = read_sheet(path)
    except SheetError as exc:
        raise RecordFileError([RowProblem(None, str(exc))]) from None
    _check_columns(sheet)
    lines: list[HistoryLine] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, int, str], int] = {}
    for row in sheet.rows:
        found: list[str] = []
        line = _line(row, found)
        if line is not None:
            key = (line.code, line.year, line.period.casefold())
            if key in seen:
                found.append(f"{line.code} {_when(line)} sudah ada di baris {seen[key]}")
            seen.setdefault(key, row.number)
        problems += [RowProblem(row.number, reason) for reason in found]
        if line is not None and not found:
            lines.append(line)
    if problems:
        raise RecordFileError(problems)
    if not lines:
        raise RecordFileError([RowProblem(None, "berkas tidak berisi baris data")])
    return lines


def _when(line: HistoryLine) -> str:
    return f"{line.year}" if not line.period else f"{line.year} ({line.period})"


def _check_columns(sheet: Sheet) -> None:
    """Required columns present; every other column known (an NRR column names an unsur)."""
    problems = [
        RowProblem(None, f"kolom wajib '{name}' tidak ada")
        for name in REQUIRED
        if name not in sheet.header
    ]
    for name in sheet.header:
        if name in REQUIRED or name in OPTIONAL:
            continue
        unsur = _nrr_unsur(name)
        if unsur is None:
            problems.append(
                RowProblem(
                    None,
                    f"kolom '{name}' tidak dikenal (kolom: {', '.join(REQUIRED + OPTIONAL)}, "
                    "dan 'nrr <unsur>' mis. 'nrr waktu')",
                )
            )
    if problems:
        raise RecordFileError(problems)


def _nrr_unsur(column: str) -> str | None:
    """'nrr waktu' or 'nrr_waktu' -> 'waktu'; None for any other column."""
    name = column.replace("_", " ")
    if not name.startswith(NRR_PREFIX):
        return None
    unsur = name.removeprefix(NRR_PREFIX).strip()
    return unsur if unsur in STANDARD_ELEMENTS else None


def _line(row: SheetRow, found: list[str]) -> HistoryLine | None:
    """The row as a line, appending each problem to ``found`` (None when code or year fail)."""
    cells = row.values
    code = cells.get("indikator", "").strip().upper()
    year = _year(cells.get("tahun", ""), found)
    if code not in CODES:
        found.append(
            f"indikator '{cells.get('indikator', '')}' tidak dikenal ({', '.join(CODES)})"
        )
        return None
    if year is None:
        return None
    period = " ".join(cells.get("periode", "").split())
    if len(period) > 100:
        found.append("periode lebih dari 100 karakter")
    numerator = _whole(cells, "pembilang", found)
    denominator = _whole(cells, "penyebut", found)
    respondents = _whole(cells, "responden", found)
    nrr = _nrr(cells, found)
    value = _value(code, cells.get("nilai", ""), "nilai", found)
    target = _value(code, cells.get("target", ""), "target", found)
    if code == "IKU":
        if numerator is not None or denominator is not None:
            found.append("pembilang/penyebut hanya untuk IK1–IK3 (IKU: isi responden dan NRR)")
    else:
        if respondents is not None or nrr:
            found.append(f"responden dan NRR hanya untuk IKU, bukan {code}")
        value = _ratio(numerator, denominator, value, found)
    if respondents == 0:
        found.append("responden harus paling sedikit 1")
    if value is None and target is None:
        found.append("isi nilai (atau pembilang dan penyebut) atau target")
    return HistoryLine(
        row.number, code, year, period, value, numerator, denominator, respondents, nrr, target
    )


def _year(text: str, found: list[str]) -> int | None:
    first, last = definitions().first_year, definitions().last_year
    if not _WHOLE.fullmatch(text.strip()) or not first <= int(text) <= last:
        found.append(f"tahun '{text}' tidak sah (tahun {first}–{last})")
        return None
    return int(text)


def _whole(cells: Mapping[str, str], name: str, found: list[str]) -> int | None:
    text = cells.get(name, "").strip()
    if not text:
        return None
    if not _WHOLE.fullmatch(text):
        found.append(f"{name} '{text}' bukan bilangan bulat")
        return None
    return int(text)


def _value(code: str, text: str, what: str, found: list[str]) -> Decimal | None:
    """A value or target: at most 2 decimals, within the indicator's bounds (IKU: the IKM's
    converted score 25–100, never the 1–4 index)."""
    raw = text.strip().removesuffix("%").strip()
    if not raw:
        return None
    if not _NUMBER.fullmatch(raw) or len(raw.replace(",", ".").partition(".")[2]) > 2:
        found.append(f"{what} '{text}' tidak sah (angka dengan paling banyak 2 desimal)")
        return None
    value = Decimal(raw.replace(",", "."))
    low, high = definitions().get(code).target_bounds
    if not low <= value <= high:
        hint = " (tulis nilai konversi IKM × 25)" if code == "IKU" and value <= 4 else ""
        found.append(
            f"{what} {code} harus antara {format_id(low)} dan {format_id(high)}, "
            f"bukan {format_id(value)}{hint}"
        )
        return None
    return value


def _ratio(
    numerator: int | None, denominator: int | None, value: Decimal | None, found: list[str]
) -> Decimal | None:
    """The IK value from its counts when given (checked against a written value)."""
    if (numerator is None) != (denominator is None):
        found.append("pembilang dan penyebut diisi keduanya atau tidak sama sekali")
        return value
    if numerator is None or denominator is None:
        return value
    if numerator > denominator:
        found.append(f"pembilang {numerator} lebih besar dari penyebut {denominator}")
        return value
    if denominator == 0:
        return value
    counted = round_half_up(Fraction(100 * numerator, denominator), 2)
    if value is not None and value != counted:
        found.append(
            f"nilai {format_id(value)} tidak sama dengan {numerator}/{denominator} × 100 = "
            f"{format_id(counted)}"
        )
    return counted


def _nrr(cells: Mapping[str, str], found: list[str]) -> dict[str, Decimal]:
    nrr: dict[str, Decimal] = {}
    for column, text in cells.items():
        unsur = _nrr_unsur(column)
        if unsur is None or not text.strip():
            continue
        raw = text.strip().replace(",", ".")
        if not _NUMBER.fullmatch(raw) or not Decimal(1) <= Decimal(raw) <= Decimal(4):
            found.append(f"{column} '{text}' tidak sah (NRR antara 1 dan 4)")
            continue
        nrr[unsur] = Decimal(raw)
    return nrr
