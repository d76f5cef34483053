"""The performance measurement (Pengukuran Kinerja) of the LKjIP: target, realisation and
capaian per indicator and year. Data in, exact numbers out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.numbers import format_id, round_half_up

NO_DATA = "—"
REACHED, NOT_REACHED, MISSING = "Tercapai", "Belum tercapai", "Tidak ada data"


def capaian(realisation: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Capaian = realisasi ÷ target × 100, exact, rounded half-up to 2 decimals; None when
    either is missing or the target is 0 (no division, never 0% or 100%)."""
    if realisation is None or target is None or target == 0:
        return None
    return round_half_up(Fraction(realisation) / Fraction(target) * 100, 2)


@dataclass(frozen=True)
class YearFigure:
    """One indicator in one year: its target, its realisation and where the realisation came
    from (``source``: the bot's own data, or an imported file; ``imported`` says which)."""

    year: int
    target: Decimal | None
    realisation: Decimal | None
    source: str
    imported: bool = False
    records: int | None = None

    @property
    def capaian(self) -> Decimal | None:
        """Realisasi ÷ target × 100, 2 decimals half-up, or None."""
        return capaian(self.realisation, self.target)

    @property
    def status(self) -> str:
        """Tercapai (capaian ≥ 100), Belum tercapai, or Tidak ada data."""
        shown = self.capaian
        if shown is None:
            return MISSING
        return REACHED if shown >= 100 else NOT_REACHED


@dataclass(frozen=True)
class IndicatorTrend:
    """An indicator of the decree with its figures for each year of the plan."""

    code: str
    name: str
    unit: str
    figures: tuple[YearFigure, ...]

    def year(self, year: int) -> YearFigure:
        """The figure of ``year`` (one per year of the plan)."""
        return next(f for f in self.figures if f.year == year)


def number_text(value: Decimal | None) -> str:
    """ "100,24" with a decimal comma, or "—"."""
    return NO_DATA if value is None else format_id(value.quantize(Decimal("0.01")))
