"""Per-unsur tallies from an answers DataFrame, vectorised: DataFrames in, numbers out."""

from collections.abc import Sequence
from fractions import Fraction

import pandas as pd

from scoring.ikm import VALID_ANSWERS, ElementTally


def tally_frame(df: pd.DataFrame, codes: Sequence[str]) -> list[ElementTally]:
    """Tally each unsur column: total = Σ non-missing answers, answered = their count.

    Frame: one row per respondent, one column per unsur code, values already validated
    integers 1..4 or missing (NA/NaN = unanswered, excluded rather than counted as 0).
    Columns not named in ``codes`` are ignored; the result follows the order of ``codes``.
    """
    missing = [code for code in codes if code not in df.columns]
    if missing:
        raise ValueError(f"frame lacks unsur columns: {', '.join(missing)}")
    answers = df[list(codes)]
    invalid = (answers.notna() & ~answers.isin(VALID_ANSWERS)).any()
    if bool(invalid.any()):
        raise ValueError(f"answers outside 1..4 in: {', '.join(map(str, invalid[invalid].index))}")
    totals = answers.sum(skipna=True)
    counts = answers.count()
    return [
        ElementTally(code=code, total=_exact_int(totals[code]), answered=int(counts[code]))
        for code in codes
    ]


def _exact_int(value: object) -> int:
    """A column sum as int; sums of values 1..4 are integral (floats up to 2**53 are exact)."""
    exact = Fraction(str(value))
    if exact.denominator != 1:
        raise ValueError(f"non-integral answer sum: {value}")
    return int(exact)
