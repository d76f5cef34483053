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


def read_answers(path: Path) -> AnswersTable:
    """Read and validate an answers file: header row 1 = unsur codes (optional ``responden``),
    then one row per respondent with answers 1..4 or blank. Raises AnswersFileError."""
    if not path.is_file():
        raise AnswersFileError(f"Berkas tidak ditemukan: {path}")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        header, data = _load_csv(path)
    elif suffix in EXCEL_SUFFIXES:
        header, data = _load_excel(path)
    else:
        raise AnswersFileError(f"Format berkas '{suffix}' tidak didukung; gunakan CSV atau XLSX.")
    codes, frame, ids = validate(header, data)
    return AnswersTable(codes=codes, frame=frame, respondents=len(frame), respondent_ids=ids)


def _decode(raw: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM) first, else Latin-1 (it decodes
    any byte)."""
    try:
        return raw.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _load_csv(path: Path) -> tuple[list[str], pd.DataFrame]:
    """Header cells and positional data columns; the delimiter (``,`` or ``;``) is sniffed
    from the header line, where unsur codes never contain either character."""
    raw = path.read_bytes()
    text, encoding = _decode(raw)
    if not text.strip():
        raise AnswersFileError(f"Berkas kosong: {path.name} tidak berisi judul kolom maupun data.")
    first_line = text.partition("\n")[0].rstrip("\r")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    header = next(csv.reader([first_line], delimiter=delimiter), [])
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
            skiprows=1,
            skip_blank_lines=False,
            keep_default_na=False,
            na_values=[""],
            dtype=dict.fromkeys(id_positions, "str"),
        )
    except pd.errors.EmptyDataError:
        data = pd.DataFrame()
    except pd.errors.ParserError as exc:
        raise AnswersFileError(_parser_message(str(exc), len(header))) from exc
    return header, data


def _load_excel(path: Path) -> tuple[list[str], pd.DataFrame]:
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
    header = ["" if pd.isna(cell) else str(cell) for cell in sheet.iloc[0]]
    data = sheet.iloc[1:].reset_index(drop=True)
    data.columns = pd.RangeIndex(len(data.columns))
    return header, data


def _is_id(cell: str) -> bool:
    """True for the optional respondent-id header (case- and space-insensitive)."""
    return "".join(cell.split()).lower() == ID_COLUMN


def _parser_message(detail: str, width: int) -> str:
    """One Indonesian line for a CSV tokenising error (usually a row with too many values)."""
    match = _EXTRA_FIELDS.search(detail)
    if match is None:
        return "Berkas CSV tidak dapat dibaca: formatnya rusak (mis. tanda kutip tidak ditutup)."
    row, seen = int(match.group(1)), int(match.group(2))
    return (
        f"Baris {row}, kolom {column_letter(width)}: ada {seen} nilai, lebih banyak dari "
        f"{width} kolom judul di baris 1."
    )
