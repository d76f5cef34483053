"""Read a CSV or XLSX table into a header and text rows numbered as the spreadsheet shows them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from scoring.text_decoding import decode_text

CSV_SUFFIXES = frozenset({".csv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_DELIMITERS = (",", ";")


class SheetError(ValueError):
    """A table file that cannot be read; str() is a one-line Indonesian message."""


@dataclass(frozen=True)
class SheetRow:
    """One non-blank data row: its spreadsheet row number and its text by column name."""

    number: int
    values: Mapping[str, str]


@dataclass(frozen=True)
class Sheet:
    """A table: normalized column names and the non-blank rows below the header."""

    header: tuple[str, ...]
    rows: tuple[SheetRow, ...]


def read_sheet(path: Path) -> Sheet:
    """Read `path` (.csv with `,` or `;`, or .xlsx, first sheet) into a Sheet.

    Column names are stripped, lower-cased, inner spaces collapsed; columns with a blank name
    are dropped. Values are stripped text, '' for blank. The header is the first non-blank row;
    blank rows are skipped but still counted, so row numbers match the spreadsheet (1-based).
    """
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES:
        raise SheetError(f"format berkas tidak didukung: '{path.name}' (gunakan .csv atau .xlsx)")
    if not path.is_file():
        raise SheetError(f"berkas tidak ditemukan: {path}")
    if path.stat().st_size == 0:
        raise SheetError(f"berkas kosong: '{path.name}'")
    cells = _xlsx_cells(path) if suffix in XLSX_SUFFIXES else _csv_cells(path)
    return _to_sheet(path, cells)


def normalize_column(name: str) -> str:
    """Return a column name stripped, lower-cased, with inner whitespace collapsed."""
    return " ".join(name.split()).lower()


def _to_sheet(path: Path, cells: Iterable[Sequence[str]]) -> Sheet:
    """Split numbered cell rows into the header and the non-blank data rows."""
    numbered = [(n, row) for n, row in enumerate(cells, start=1) if any(row)]
    if not numbered:
        raise SheetError(f"berkas kosong: '{path.name}'")
    (_, header_cells), *data = numbered
    columns = [(i, normalize_column(c)) for i, c in enumerate(header_cells)]
    columns = [(i, name) for i, name in columns if name]
    names = [name for _, name in columns]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise SheetError(f"nama kolom ganda di '{path.name}': {', '.join(doubled)}")
    rows = []
    for number, row in data:
        values = {name: row[i] if i < len(row) else "" for i, name in columns}
        if any(values.values()):
            rows.append(SheetRow(number, MappingProxyType(values)))
    return Sheet(tuple(names), tuple(rows))


def _csv_cells(path: Path) -> list[list[str]]:
    """Return the stripped cells of a CSV file, one list per record."""
    data = _read_bytes(path)
    if b"\x00" in data:  # text never holds NUL bytes; an .xlsx (a zip) renamed .csv does
        raise SheetError(f"bukan berkas teks CSV: '{path.name}' (berkas Excel harus .xlsx)")
    text, _ = decode_text(data)
    # Sniff from the header line (else the whole text); a tie such as none of them means ","
    header_line = next((line for line in text.splitlines() if _has_text(line)), text)
    delimiter = max(CSV_DELIMITERS, key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [[cell.strip() for cell in record] for record in reader]
    except csv.Error as exc:
        raise SheetError(f"berkas CSV rusak: '{path.name}' ({exc})") from exc


def _has_text(line: str) -> bool:
    """Tell whether a CSV line holds a letter or digit (not only delimiters and spaces)."""
    return any(char.isalnum() for char in line)


def _read_bytes(path: Path) -> bytes:
    """Return the content of `path`, turning I/O errors into a SheetError."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SheetError(f"berkas tidak dapat dibaca: {path} ({exc.strerror})") from exc


def _xlsx_cells(path: Path) -> list[list[str]]:
    """Return the cells of the first worksheet of an XLSX file as text."""
    broken = SheetError(f"berkas Excel rusak atau bukan .xlsx: '{path.name}'")
    # openpyxl raises many exception types for a broken file (zip, XML, missing parts), and
    # parses the worksheet lazily while iterating: all of them mean the same to the user.
    # Imported here: openpyxl costs a third of a second, and most commands never read a workbook.
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise broken from exc
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return [[_cell_text(value) for value in row] for row in rows]
    except Exception as exc:
        raise broken from exc
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """Render an XLSX cell value as the text a person would type for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 6281234567890.0 -> "6281234567890"
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


@dataclass(frozen=True)
class RowProblem:
    """Why a row of a file (or, with `row` None, the whole file) cannot be imported."""

    row: int | None
    reason: str

    def __str__(self) -> str:
        return self.reason if self.row is None else f"baris {self.row}: {self.reason}"


#: A file's problems are listed up to this many, then counted: enough to fix a file in one
#: pass, not so many that a wrong file (another kind, a shifted column) floods the screen.
PROBLEMS_LISTED = 50


def problem_lines(problems: Sequence[RowProblem]) -> str:
    """The problems one per line, the first PROBLEMS_LISTED of them, then how many more."""
    lines = [str(p) for p in problems[:PROBLEMS_LISTED]]
    if len(problems) > PROBLEMS_LISTED:
        lines.append(f"… dan {len(problems) - PROBLEMS_LISTED} masalah lain")
    return "\n".join(lines)
