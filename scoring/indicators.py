"""The decree's IK1–IK3 as exact ratios (IKM-METHOD §9): counts in, half-up percentages out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.numbers import format_id, round_half_up

NOT_COMPUTABLE = "tidak dapat dihitung"


@dataclass(frozen=True)
class Ratio:
    """numerator ÷ denominator × 100%, kept exact; rounded half-up to 2 decimals only for show.

    A zero denominator has no value: ``percent`` is None and the text is "tidak dapat
    dihitung", never 0% or 100%.
    """

    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.numerator < 0 or self.denominator < 0:
            raise ValueError("counts must be >= 0")
        if self.denominator == 0 and self.numerator != 0:
            raise ValueError("a numerator needs a denominator")

    @property
    def exact(self) -> Fraction | None:
        """The exact percentage, 100·n/d; None when d = 0."""
        if self.denominator == 0:
            return None
        return Fraction(100 * self.numerator, self.denominator)

    @property
    def percent(self) -> Decimal | None:
        """The percentage rounded half-up to 2 decimals (2/3 → 66.67, 1/8 → 12.50)."""
        exact = self.exact
        return None if exact is None else round_half_up(exact, 2)

    def text(self) -> str:
        """Indonesian text with a decimal comma: "83,33%", or "tidak dapat dihitung"."""
        return percent_text(self.percent)


def percent_text(value: Decimal | None) -> str:
    """A 2-decimal percentage as Indonesian text ("12,50%"); None → "tidak dapat dihitung"."""
    if value is None:
        return NOT_COMPUTABLE
    return f"{format_id(value.quantize(Decimal('0.01')))}%"


def _bounded(part: int, whole: int, what: str) -> Ratio:
    if part > whole:
        raise ValueError(f"{what}: {part} > {whole}; the numerator is a subset of the denominator")
    return Ratio(part, whole)


def training_participation(trained: int, in_office: int) -> Ratio:
    """IK1, Persentase Hasil Pengembangan Kapasitas Anggota DPRD.

    IK1 = trained ÷ in_office × 100%, where ``trained`` is the number of *distinct* members in
    office in the range who attended at least one training in the range (attendances are not
    counted: two trainings by one member count once) and ``in_office`` the members in office in
    the range. ``in_office`` = 0 gives no value ("tidak dapat dihitung").
    """
    return _bounded(trained, in_office, "IK1")


def task_completion(reported: int, due: int) -> Ratio:
    """IK2, Persentase Hasil Pelaksanaan Tugas.

    IK2 = reported ÷ due × 100%, where ``due`` is the number of planned tasks due in the range
    and ``reported`` the number of those tasks that have their report. Project reading of
    "jumlah laporan hasil pelaksanaan tugas ÷ jumlah rencana tugas": only reports that match a
    planned task due in the range count (at most one per task), so IK2 never exceeds 100%.
    """
    return _bounded(reported, due, "IK2")


def meeting_facilitation(to_standard: int, planned: int) -> Ratio:
    """IK3, Persentase Fasilitasi Rapat Raperda yang sesuai standar.

    IK3 = to_standard ÷ planned × 100%, where ``planned`` is the number of Raperda meetings of
    the Bapemperda plan planned in the range and ``to_standard`` those of them that were held
    and facilitated to standard. The decree's text reads the other way round ("jumlah rencana
    kerja rapat Raperda dibagi rapat kerja yang terfasilitasi"), which exceeds 100% whenever
    fewer meetings are facilitated than planned and rewards facilitating fewer; it is read as
    facilitated-to-standard ÷ planned, as the indicator's name ("yang sesuai standar") says.
    """
    return _bounded(to_standard, planned, "IK3")


def meets_target(value: Decimal | None, target: Decimal | None) -> bool | None:
    """Tercapai when the shown (2-decimal, half-up) value ≥ the target; None when either is
    missing. The shown value is compared so that "80,00%" against a target of 80 reads as
    reached, like the IKM grade is taken from the rounded skor."""
    if value is None or target is None:
        return None
    return value >= target


def change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """Percentage points between two shown values (now − before), so the reader's own
    subtraction of the two numbers on screen agrees; None when either is missing."""
    if now is None or before is None:
        return None
    return now - before
