"""The exact IKM engine of PermenPANRB 14/2017 (IKM-METHOD §4–6), Fractions end to end."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.numbers import (
    BANDS_2017,
    BANDS_KEP25,
    format_id,
    grade_for,
    grade_for_kep25,
    krejcie_morgan,
    parse_weight,
    round_half_up,
)

__all__ = [
    "BANDS_2017",
    "BANDS_KEP25",
    "ElementResult",
    "ElementTally",
    "IkmResult",
    "compute_ikm",
    "format_id",
    "grade_for",
    "grade_for_kep25",
    "krejcie_morgan",
    "parse_weight",
    "round_half_up",
]

SCORE_FACTOR = 25
VALID_ANSWERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class ElementTally:
    """One unsur in one period: ``total`` = Σ valid answers (1..4), ``answered`` = their count."""

    code: str
    total: int
    answered: int


@dataclass(frozen=True)
class ElementResult:
    """One unsur's NRR(i) = total / answered, exact; None when nobody answered it."""

    code: str
    total: int
    answered: int
    nrr: Fraction | None

    @property
    def nrr_display(self) -> Decimal | None:
        """NRR rounded half-up to 4 decimals, for display only."""
        return None if self.nrr is None else round_half_up(self.nrr, 4)


@dataclass(frozen=True)
class IkmResult:
    """IKM = Σ NRR(i)·w over the active unsur and skor = IKM·25; None when data is missing."""

    respondents: int
    elements: tuple[ElementResult, ...]
    weight: Fraction
    legacy_weight: bool
    ikm: Fraction | None
    score: Fraction | None

    @property
    def ikm_display(self) -> Decimal | None:
        """IKM rounded half-up to 4 decimals (display and report storage only)."""
        return None if self.ikm is None else round_half_up(self.ikm, 4)

    @property
    def score_display(self) -> Decimal | None:
        """Skor (nilai konversi) rounded half-up to 2 decimals."""
        return None if self.score is None else round_half_up(self.score, 2)

    @property
    def grade(self) -> str | None:
        """Mutu 'A'..'D' from the 2-decimal skor by the §5 gap rule; None without data."""
        graded = self._graded()
        return None if graded is None else graded[0]

    @property
    def label(self) -> str | None:
        """Kinerja unit pelayanan (Sangat Baik / Baik / Kurang Baik / Tidak Baik), or None."""
        graded = self._graded()
        return None if graded is None else graded[1]

    @property
    def missing(self) -> tuple[str, ...]:
        """Codes of active unsur without any valid answer (the reason the IKM is None)."""
        return tuple(e.code for e in self.elements if e.nrr is None)

    @property
    def weakest(self) -> tuple[str, ...]:
        """Improvement priority: the code(s) with the lowest exact NRR, in element order."""
        scored = [e for e in self.elements if e.nrr is not None]
        if not scored:
            return ()
        lowest = min(e.nrr for e in scored if e.nrr is not None)
        return tuple(e.code for e in scored if e.nrr == lowest)

    def _graded(self) -> tuple[str, str] | None:
        shown = self.score_display
        return None if shown is None else grade_for(shown)


def compute_ikm(
    tallies: Sequence[ElementTally], respondents: int, weight: Fraction | None = None
) -> IkmResult:
    """Compute the IKM of one period from per-unsur tallies (IKM-METHOD §4).

    NRR(i) = total(i) / answered(i); w = Fraction(1, n) unless a legacy ``weight`` is given
    (§6); IKM = Σ NRR(i)·w; skor = IKM·25. If any active unsur has answered == 0, ikm and
    score are None ("belum ada data"): never 0, and n is never shrunk.
    """
    _check_tallies(tallies, respondents)
    exact = Fraction(1, len(tallies))
    if isinstance(weight, float):
        raise TypeError("weight must be exact (Fraction or parse_weight), never a float")
    if weight is not None and weight <= 0:
        raise ValueError("weight must be > 0")
    used = exact if weight is None else Fraction(weight)
    elements = tuple(_element_result(t) for t in tallies)
    ikm: Fraction | None = None
    score: Fraction | None = None
    if all(e.nrr is not None for e in elements):
        ikm = sum((e.nrr * used for e in elements if e.nrr is not None), Fraction(0))
        score = ikm * SCORE_FACTOR
    return IkmResult(
        respondents=respondents,
        elements=elements,
        weight=used,
        legacy_weight=used != exact,
        ikm=ikm,
        score=score,
    )


def _element_result(tally: ElementTally) -> ElementResult:
    """NRR(i) = total / answered as an exact Fraction, None when answered == 0."""
    nrr = Fraction(tally.total, tally.answered) if tally.answered else None
    return ElementResult(tally.code, tally.total, tally.answered, nrr)


def _check_tallies(tallies: Sequence[ElementTally], respondents: int) -> None:
    """Reject impossible input: no unsur, duplicate codes, or sums outside answered·[1, 4]."""
    if not tallies:
        raise ValueError("at least one active unsur is required")
    codes = [t.code for t in tallies]
    if len(set(codes)) != len(codes):
        raise ValueError(f"duplicate unsur codes: {codes}")
    if respondents < 0:
        raise ValueError("respondents must be >= 0")
    for t in tallies:
        if not 0 <= t.answered <= respondents:
            raise ValueError(f"{t.code}: answered must be within 0..respondents")
        low, high = VALID_ANSWERS[0] * t.answered, VALID_ANSWERS[-1] * t.answered
        if not low <= t.total <= high:
            raise ValueError(f"{t.code}: total {t.total} impossible for {t.answered} answers")
