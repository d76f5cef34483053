"""Vectorised validation of an answers sheet: header layout, answers 1..4, respondent ids."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.answers_header import (
    ID_COLUMN,
    NON_ANSWER_NAMES,
    Column,
    Role,
    place,
    standard_names_for_sample_order,
)
from scoring.answers_rows import (
    bad_cells_message,
    check_totals,
    column_letter,
    footer_start,
    is_filled,
)
from scoring.elements import STANDARD_ELEMENTS

KNOWN_CODES = STANDARD_ELEMENTS

Mask = npt.NDArray[np.bool_]
Numbers = npt.NDArray[np.float64]

SAMPLE_ORDER_NOTE = (
    "U1–U9 dibaca sebagai sembilan unsur standar menurut urutan kuesioner contoh "
    "PermenPANRB 14/2017 (U8 sarana, U9 pengaduan)."
)


class AnswersFileError(ValueError):
    """A bad answers file; ``message`` is one Indonesian line naming the row and column."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, eq=False)
class CheckedSheet:
    """A valid sheet: unsur codes in file order, the Int8 answers frame indexed by spreadsheet
    row ("baris"), respondent ids or None, and notes on what was set aside or renamed."""

    codes: tuple[str, ...]
    frame: pd.DataFrame
    ids: pd.Series[str] | None
    notes: tuple[str, ...]


def validate(
    header: list[str],
    data: pd.DataFrame,
    first_row: int = 2,
    own: frozenset[str] = frozenset(),
) -> CheckedSheet:
    """Check a sheet (header cells + positional data columns; data row i is spreadsheet row
    ``first_row + i``) and return the answers. ``own``: normalised headers declared unsur.

    Rows from the first totals/NRR/IKM label on are the report's footer and are not answers;
    rows blank in every answer column are dropped. Every bad answer is named in one error.
    """
    data = data.reindex(columns=range(max(len(header), len(data.columns))))
    width = len(data.columns)
    columns = [place(header[i] if i < len(header) else "", i, own) for i in range(width)]
    columns, renamed = standard_names_for_sample_order(columns)
    _check_names(columns, header_row=first_row - 1)
    unsur = [c for c in columns if c.role is Role.UNSUR]
    ids_column = next((c for c in columns if c.role is Role.ID), None)
    labels = [c.position for c in columns if c.role in (Role.ASIDE, Role.BLANK, Role.ID)]
    end = footer_start(data, labels)
    body, footer = data.iloc[:end], data.iloc[end:]
    _check_blank_titles(body, columns, first_row)
    answers = {c.code: _parse(body[c.position]) for c in unsur}
    bad = bad_cells_message(body, unsur, answers, first_row)
    if bad:
        raise AnswersFileError(bad)
    blank = np.logical_and.reduce([mask for _, mask in answers.values()])
    ids = None if ids_column is None else _ids(body, ids_column.position, first_row)
    if ids is not None:
        blank &= ids.isna().to_numpy(dtype=bool)
    keep = ~blank
    if not keep.any():
        raise AnswersFileError(
            f"Berkas tidak berisi jawaban: tidak ada baris data setelah baris {first_row - 1}."
        )
    totals_error = check_totals(footer, unsur, answers, first_row + end)
    if totals_error:
        raise AnswersFileError(totals_error)
    rows = pd.Index(np.flatnonzero(keep) + first_row, name="baris")
    frame = pd.DataFrame(
        {
            code: pd.arrays.IntegerArray(
                np.where(mask, 0, values).astype(np.int8)[keep], mask[keep]
            )
            for code, (values, mask) in answers.items()
        },
        index=rows,
    )
    notes = _notes(columns, renamed, first_row, end, len(data))
    ids = None if ids is None else ids[keep].set_axis(rows)
    return CheckedSheet(tuple(answers), frame, ids, notes)


def _check_names(columns: list[Column], header_row: int) -> None:
    """Reject header cells that cannot be placed, and repeated unsur or id columns."""
    unknown = [
        f"'{c.title}' ({column_letter(c.position)})" for c in columns if c.role is Role.UNKNOWN
    ]
    if unknown:
        raise AnswersFileError(
            f"Kolom tidak dikenal: {', '.join(unknown)} (judul di baris {header_row}). Beri judul "
            f"kode atau nama unsur standar ({', '.join(KNOWN_CODES)}; mis. 'Waktu "
            "Penyelesaian'), U1…Un, atau 'Unsur <nama>' untuk unsur lain (atau sebutkan dengan "
            f"--unsur); kolom bukan jawaban yang dikenali: {', '.join(_aside_examples())}; "
            f"{ID_COLUMN} (opsional) untuk ID responden."
        )
    if not any(c.role is Role.UNSUR for c in columns):
        raise AnswersFileError(
            f"Baris {header_row} (judul) tidak memuat kolom unsur; gunakan kode: "
            f"{', '.join(KNOWN_CODES)}, nama unsur, atau U1…Un."
        )
    seen: dict[str, list[str]] = {}
    for c in columns:
        if c.role in (Role.UNSUR, Role.ID):
            key = c.code if c.role is Role.UNSUR else ID_COLUMN
            seen.setdefault(key, []).append(column_letter(c.position))
    for key, letters in seen.items():
        if len(letters) > 1:
            raise AnswersFileError(
                f"Kolom {key} muncul lebih dari sekali: {' dan '.join(letters)}."
            )


def _aside_examples() -> list[str]:
    """A few of the recognised non-answer titles, as a user would write them."""
    return ["No", "Nama", "Tanggal", "Jenis Kelamin", "Umur", "Pendidikan", "Pekerjaan", "Saran"]


def _check_blank_titles(body: pd.DataFrame, columns: list[Column], first_row: int) -> None:
    """A value under a column without a title is refused: it cannot be placed."""
    for column in (c for c in columns if c.role is Role.BLANK):
        filled = np.flatnonzero(is_filled(body[column.position]))
        if len(filled):
            raise AnswersFileError(
                f"Baris {int(filled[0]) + first_row}, kolom {column_letter(column.position)}: "
                "ada nilai di kolom tanpa judul; beri judul kode unsur atau kosongkan."
            )


def _notes(
    columns: list[Column], renamed: bool, first_row: int, end: int, length: int
) -> tuple[str, ...]:
    """What the reader set aside or read differently, one sentence each."""
    notes: list[str] = []
    header_row = first_row - 1
    if header_row > 1:
        notes.append(f"Baris 1–{header_row - 1} di atas judul kolom (judul laporan) dilewati.")
    aside = [f"{c.title} ({column_letter(c.position)})" for c in columns if c.role is Role.ASIDE]
    if aside:
        notes.append(f"Kolom bukan jawaban diabaikan: {', '.join(aside)}.")
    if renamed:
        notes.append(SAMPLE_ORDER_NOTE)
    if end < length:
        notes.append(
            f"Baris {first_row + end}–{first_row + length - 1} di bawah data "
            "(jumlah, NRR, IKM) dilewati."
        )
    return tuple(notes)


def _parse(column: pd.Series) -> tuple[Numbers, Mask]:
    """Answers as float64 (NaN where not a number) plus the blank mask, vectorised."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        return values, np.isnan(values)
    blank = ~is_filled(column)
    text = column.astype("str").str.strip().where(~blank)
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return values, blank


def _ids(data: pd.DataFrame, position: int, first_row: int) -> pd.Series[str]:
    """Respondent ids as stripped text (blank = NA); a repeated non-blank id is an error."""
    # Plain Python over the cells: pandas' .str.strip() and .duplicated() on 200,000 ids cost
    # more than reading the whole file.
    cells = data[position].to_numpy(dtype=object, na_value="")
    texts = [str(cell).strip() for cell in cells]
    filled = [text for text in texts if text]
    if len(set(filled)) < len(filled):
        _raise_repeated(texts, position, first_row)
    ids = pd.Series(texts, index=data.index, dtype="str")
    return ids.where(ids != "")


def _raise_repeated(texts: list[str], position: int, first_row: int) -> None:
    """Name the first id used twice, with the row where it was first used."""
    first_seen: dict[str, int] = {}
    for index, text in enumerate(texts):
        if text and text in first_seen:
            raise AnswersFileError(
                f"Baris {index + first_row}, kolom {ID_COLUMN} ({column_letter(position)}): "
                f"ID '{text}' sudah dipakai di baris {first_seen[text] + first_row}."
            )
        first_seen.setdefault(text, index)


__all__ = [
    "ID_COLUMN",
    "KNOWN_CODES",
    "NON_ANSWER_NAMES",
    "AnswersFileError",
    "CheckedSheet",
    "column_letter",
]
