"""Exact-number helpers for the IKM: half-up rounding, grade bands, weights, sample size."""

import math
import re
from decimal import Decimal
from fractions import Fraction

Band = tuple[Decimal, str, str]

# PermenPANRB 14/2017 NIK bands (IKM-METHOD §5), highest first: (lower bound, mutu, kinerja).
BANDS_2017: tuple[Band, ...] = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
)
# KEP/25/M.PAN/2/2004 NIK bands (IKM-METHOD §6), for reproducing old reports only.
BANDS_KEP25: tuple[Band, ...] = (
    (Decimal("81.26"), "A", "Sangat Baik"),
    (Decimal("62.51"), "B", "Baik"),
    (Decimal("43.76"), "C", "Kurang Baik"),
)
LOWEST_GRADE = ("D", "Tidak Baik")

_CENT = Decimal("0.01")
_DECIMAL_TEXT = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_CHI_SQUARE = Fraction("3.841")
_PROPORTION = Fraction(1, 2)
_MARGIN = Fraction("0.05")


def round_half_up(x: Fraction, places: int) -> Decimal:
    """Round ``x`` half-up to ``places`` decimals: floor(x * 10**k + 1/2) / 10**k, exactly.

    Display and report storage only; never feed the result back into a computation.
    Unlike ``round()`` (half to even), 88.305 gives 88.31.
    """
    if places < 0:
        raise ValueError("places must be >= 0")
    scaled = math.floor(x * 10**places + Fraction(1, 2))
    return Decimal(scaled).scaleb(-places)


def grade_for(score_2dp: Decimal, bands: tuple[Band, ...] = BANDS_2017) -> tuple[str, str]:
    """Mutu and kinerja for a skor already rounded half-up to 2 decimals (gap rule, §5).

    With the default PermenPANRB 14/2017 bands: >= 88.31 A Sangat Baik, >= 76.61 B Baik,
    >= 65.00 C Kurang Baik, otherwise D Tidak Baik. Pass ``BANDS_KEP25`` for the 2004 bands.
    """
    if score_2dp != score_2dp.quantize(_CENT):
        raise ValueError(f"skor must be rounded to 2 decimals first, got {score_2dp}")
    for lower, grade, label in bands:
        if score_2dp >= lower:
            return grade, label
    return LOWEST_GRADE


def grade_for_kep25(score_2dp: Decimal) -> tuple[str, str]:
    """Mutu and kinerja per KEP/25/M.PAN/2/2004 (§6): >= 81.26 A, >= 62.51 B, >= 43.76 C, else D.

    Only for reproducing old reports; the IKU is graded with ``grade_for`` (2017 bands).
    """
    return grade_for(score_2dp, BANDS_KEP25)


def parse_weight(text: str) -> Fraction:
    """Parse a legacy weight override such as "0.11" or "0,11" exactly: Fraction("0.11").

    Raises ValueError (Indonesian message) for anything that is not a positive decimal.
    """
    cleaned = text.strip().replace(",", ".")
    if not _DECIMAL_TEXT.fullmatch(cleaned):
        raise ValueError(
            f"Bobot tidak valid: {text!r}. Tulis angka desimal positif, misalnya 0,11."
        )
    weight = Fraction(cleaned)
    if weight <= 0:
        raise ValueError(f"Bobot harus lebih besar dari 0, bukan {text.strip()}.")
    return weight


def format_id(d: Decimal) -> str:
    """Indonesian number text: the decimal point becomes a comma, Decimal("91.48") -> "91,48"."""
    return format(d, "f").replace(".", ",")


def format_weight(weight: Fraction) -> str:
    """Weight as text: a terminating decimal ("0.11") when it has one, else a fraction ("1/6")."""
    denominator = weight.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return str(weight)
    places = 0
    while (weight * 10**places).denominator != 1:
        places += 1
    return format(round_half_up(weight, places), "f")


def krejcie_morgan(population: int) -> int:
    """Minimum sample for a population N (Krejcie & Morgan 1970, IKM-METHOD §7).

    s = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)) with χ² = 3.841, P = 0.5, d = 0.05, computed
    exactly and rounded half-up to the nearest integer; N < 10 gives N.
    """
    if population < 0:
        raise ValueError("population must be >= 0")
    if population < 10:
        return population
    spread = _CHI_SQUARE * _PROPORTION * (1 - _PROPORTION)
    size = spread * population / (_MARGIN**2 * (population - 1) + spread)
    return math.floor(size + Fraction(1, 2))
