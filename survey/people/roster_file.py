"""Read a roster file (nama, telepon, peran, bidang) and validate every row before any import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from survey.people.bidang import canonical_bidang
from survey.people.model import Role
from survey.people.phone import InvalidPhone, normalize_phone
from survey.ports import DomainError
from survey.sheets import RowProblem, Sheet, SheetError, SheetRow, problem_lines, read_sheet

REQUIRED_COLUMNS = ("nama", "telepon", "peran", "bidang")
_ROLE_CHOICES = ", ".join(role.value for role in Role)


@dataclass(frozen=True)
class RosterRow:
    """A valid roster line: its spreadsheet row, the person's name, E.164 phone, role, bidang."""

    row: int
    name: str
    phone: str
    role: Role
    bidang: str | None


class RosterFileError(ValueError):
    """A roster file with problems; str() lists them, one per line, in row order."""

    def __init__(self, problems: Iterable[RowProblem]) -> None:
        self.problems = list(problems)
        super().__init__(problem_lines(self.problems))


def read_roster(path: Path, extra_bidang: Iterable[str] = ()) -> list[RosterRow]:
    """Return the rows of the roster file at `path` (CSV or XLSX), all of them valid; a
    bidang is one of the decree's (survey/people/bidang.py) or of `extra_bidang`.

    Otherwise raise RosterFileError listing every problem found in every row: the import is
    all-or-nothing, so one bad row means nothing is imported. Extra columns are ignored.
    """
    try:
        sheet = read_sheet(path)
    except SheetError as exc:
        raise RosterFileError([RowProblem(None, str(exc))]) from exc
    _check_columns(sheet)
    roster: list[RosterRow] = []
    problems: list[RowProblem] = []
    first_row_of_phone: dict[str, int] = {}
    for sheet_row in sheet.rows:
        person, reasons = _read_row(sheet_row, first_row_of_phone, tuple(extra_bidang))
        problems += [RowProblem(sheet_row.number, reason) for reason in reasons]
        if person is not None:
            roster.append(person)
    if problems:
        raise RosterFileError(problems)
    return roster


def same_names(
    rows: Iterable[RosterRow], on_roster: Iterable[tuple[str, str]] = ()
) -> list[tuple[str, list[RosterRow], list[str]]]:
    """Names (any case or spacing) that more than one person carries, told apart by phone:
    the file's rows of that name, and the phones of people already on the roster (names and
    phones in `on_roster`) who bear it and whom the file does not list."""
    by_name: dict[str, list[RosterRow]] = {}
    rows = list(rows)
    for row in rows:
        by_name.setdefault(_name_key(row.name), []).append(row)
    in_file = {row.phone for row in rows}
    others: dict[str, list[str]] = {}
    for name, phone in on_roster:
        if phone not in in_file and _name_key(name) in by_name:
            others.setdefault(_name_key(name), []).append(phone)
    return [
        (same[0].name, same, others.get(key, []))
        for key, same in by_name.items()
        if len(same) + len(others.get(key, [])) > 1
    ]


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _check_columns(sheet: Sheet) -> None:
    """Raise RosterFileError when a required column is missing or no data row follows."""
    missing = [column for column in REQUIRED_COLUMNS if column not in sheet.header]
    if missing:
        found = ", ".join(sheet.header) or "-"
        reason = f"kolom wajib tidak ada: {', '.join(missing)} (kolom yang ada: {found})"
        raise RosterFileError([RowProblem(None, reason)])
    if not sheet.rows:
        raise RosterFileError([RowProblem(None, "tidak ada baris data di bawah baris judul")])


def _read_row(
    sheet_row: SheetRow, first_row_of_phone: dict[str, int], extra_bidang: tuple[str, ...] = ()
) -> tuple[RosterRow | None, list[str]]:
    """Return the row as a RosterRow, or None and the reasons it is invalid.

    Records the row's phone in `first_row_of_phone` so a later row with the same number is
    reported against the first one.
    """
    values = sheet_row.values
    reasons: list[str] = []
    name = " ".join(values["nama"].split())
    if not name:
        reasons.append("nama kosong")
    phone = _read_phone(values["telepon"], reasons)
    if phone is not None:
        first = first_row_of_phone.setdefault(phone, sheet_row.number)
        if first != sheet_row.number:
            reasons.append(f"nomor telepon sama dengan baris {first}")
    role = _read_role(values["peran"], reasons)
    bidang = " ".join(values["bidang"].split()).lower() or None
    if bidang is not None:
        try:
            bidang = canonical_bidang(bidang, extra_bidang)
        except DomainError as exc:
            reasons.append(str(exc))
    if role is Role.KABID and bidang is None:
        reasons.append("bidang wajib diisi untuk peran kabid")
    if reasons or phone is None or role is None:
        return None, reasons
    return RosterRow(sheet_row.number, name, phone, role, bidang), []


def _read_phone(raw: str, reasons: list[str]) -> str | None:
    """Return the normalized phone, or None after adding the reason it is invalid."""
    try:
        return normalize_phone(raw)
    except InvalidPhone as exc:
        reasons.append(str(exc))
        return None


def _read_role(raw: str, reasons: list[str]) -> Role | None:
    """Return the role named by `raw` (any case), or None after adding why it is unknown."""
    text = raw.strip().lower()
    try:
        return Role(text)
    except ValueError:
        shown = f"peran tidak dikenal: '{raw}'" if text else "peran kosong"
        reasons.append(f"{shown} (pilihan: {_ROLE_CHOICES})")
        return None
