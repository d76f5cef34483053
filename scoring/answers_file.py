"""Read a survey answers file (CSV or XLSX) into a validated per-unsur answers table."""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scoring.answers_check import (
    ID_COLUMN,
    KNOWN_CODES,
    AnswersFileError,
    column_letter,
    validate,
)
from scoring.answers_header import HEADER_SEARCH_ROWS, fill_from_above, header_row, normalise
from scoring.text_decoding import decode_text

__all__ = ["ID_COLUMN", "KNOWN_CODES", "AnswersFileError", "AnswersTable", "read_answers"]

CSV_SUFFIXES = frozenset({".csv", ".txt"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_EXTRA_FIELDS = re.compile(r"line (\d+), saw (\d+)")


@dataclass(frozen=True, eq=False)
class AnswersTable:
    """Validated answers: ``frame`` has one nullable Int8 column per code (file order), one row
    per respondent, NA = unanswered, indexed by spreadsheet row number ("baris")."""

    codes: tuple[str, ...]
    frame: pd.DataFrame
    respondents: int
    respondent_ids: pd.Series[str] | None = None
    notes: tuple[str, ...] = ()


def read_answers(path: Path, own_unsur: tuple[str, ...] = ()) -> AnswersTable:
    """Read and validate an answers file: the header is the first of the top 20 rows with an
    unsur title (rows above it are the report's title block), then one row per respondent with
    answers 1..4 or blank, then optionally the report's totals rows. ``own_unsur`` names
    further headers to score as unsur. Raises AnswersFileError."""
    if not path.is_file():
        raise AnswersFileError(f"Berkas tidak ditemukan: {path}")
    own = frozenset(normalise(name) for name in own_unsur)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        header, data, first_row = _load_csv(path, own)
    elif suffix in EXCEL_SUFFIXES:
        header, data, first_row = _load_excel(path, own)
    else:
        raise AnswersFileError(f"Format berkas '{suffix}' tidak didukung; gunakan CSV atau XLSX.")
    sheet = validate(header, data, first_row, own)
    return AnswersTable(
        codes=sheet.codes,
        frame=sheet.frame,
        respondents=len(sheet.frame),
        respondent_ids=sheet.ids,
        notes=sheet.notes,
    )


def _find_header(rows: list[list[str]], own: frozenset[str]) -> tuple[int, list[str]]:
    """The header's index among the top rows and its cells (blank ones filled from above);
    without an unsur title anywhere there, row 1 is taken as the header, to be refused."""
    index = header_row(rows, own) or 0
    header = rows[index] if rows else []
    if index > 0:
        header = fill_from_above(header, rows[index - 1])
    return index, header


def _load_csv(path: Path, own: frozenset[str]) -> tuple[list[str], pd.DataFrame, int]:
    """Header cells, positional data columns and the spreadsheet row of the first data row;
    the delimiter (``,`` or ``;``) is sniffed from the top lines."""
    raw = path.read_bytes()
    text, encoding = decode_text(raw)
    if not text.strip():
        raise AnswersFileError(f"Berkas kosong: {path.name} tidak berisi judul kolom maupun data.")
    top = [line.rstrip("\r") for line in text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]]
    sample = "\n".join(top)
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    index, header = _find_header(list(csv.reader(top, delimiter=delimiter)), own)
    id_positions = [i for i, h in enumerate(header) if _is_id(h)]
    try:
        data = pd.read_csv(
            io.BytesIO(raw),  # pandas parses bytes faster than a decoded string
            encoding=encoding,
            sep=delimiter,
            header=None,
            names=list(range(len(header))),
            index_col=False,
            low_memory=False,  # one dtype per column, no chunked mixed-type inference
            skiprows=index + 1,
            skip_blank_lines=False,
            keep_default_na=False,
            na_values=[""],
            dtype=dict.fromkeys(id_positions, "str"),
        )
    except pd.errors.EmptyDataError:
        data = pd.DataFrame()
    except pd.errors.ParserError as exc:
        raise AnswersFileError(_parser_message(str(exc), len(header), index + 1)) from exc
    return header, data, index + 2


def _load_excel(path: Path, own: frozenset[str]) -> tuple[list[str], pd.DataFrame, int]:
    """First worksheet via openpyxl; every cell kept as read (dtype object), blank rows kept."""
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles/extensions it ignores; they do not affect values.
            warnings.simplefilter("ignore", UserWarning)
            sheet = pd.read_excel(path, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # any failure of an untrusted workbook is a user-facing error
        raise AnswersFileError(f"Berkas XLSX tidak dapat dibaca: {path.name}.") from exc
    if sheet.empty:
        raise AnswersFileError(f"Berkas kosong: {path.name} tidak berisi judul kolom maupun data.")
    top = [
        ["" if pd.isna(cell) else str(cell) for cell in row]
        for row in sheet.iloc[:HEADER_SEARCH_ROWS].itertuples(index=False)
    ]
    index, header = _find_header(top, own)
    data = sheet.iloc[index + 1 :].reset_index(drop=True)
    data.columns = pd.RangeIndex(len(data.columns))
    return header, data, index + 2


def _is_id(cell: str) -> bool:
    """True for the optional respondent-id header (case- and space-insensitive)."""
    return "".join(cell.split()).lower() == ID_COLUMN


def _parser_message(detail: str, width: int, header_row: int) -> str:
    """One Indonesian line for a CSV tokenising error (usually a row with too many values)."""
    match = _EXTRA_FIELDS.search(detail)
    if match is None:
        return "Berkas CSV tidak dapat dibaca: formatnya rusak (mis. tanda kutip tidak ditutup)."
    row, seen = int(match.group(1)), int(match.group(2))
    return (
        f"Baris {row}, kolom {column_letter(width)}: ada {seen} nilai, lebih banyak dari "
        f"{width} kolom judul di baris {header_row}."
    )
