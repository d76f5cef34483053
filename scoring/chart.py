"""PNG bar charts: the NRR per unsur over the PermenPANRB 14/2017 grade bands, and a recap's
indicators against their targets.

Drawn on a bare `Figure` with the Agg canvas: no pyplot, so no global figure registry, no
backend selection and nothing to close; safe in a worker thread (`asyncio.to_thread`).
"""

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from scoring.ikm import IkmResult
from scoring.numbers import format_id
from scoring.summary import legacy_notice

# The NI intervals of IKM-METHOD §5 (lower, upper, label, colour); informative, the grade
# itself comes from the 2-decimal skor.
NI_BANDS = (
    (1.0, 2.60, "D Tidak Baik\n(< 2,60)", "#f4cccc"),
    (2.60, 3.0644, "C Kurang Baik\n(2,60 – 3,064)", "#fce5cd"),
    (3.0644, 3.5324, "B Baik\n(3,0644 – 3,532)", "#d9ead3"),
    (3.5324, 4.0, "A Sangat Baik\n(≥ 3,5324)", "#b6d7a8"),
)
BAR_COLOUR = "#3d6fa8"
SIZE_INCHES = (10.0, 6.0)
DPI = 100


def render_chart(result: IkmResult, names: Mapping[str, str], title: str) -> bytes:
    """PNG bytes, 1000 × 600 px: one bar per unsur (NRR, axis 1–4, value inside the bar top),
    the four NI bands shaded and labelled, the skor and mutu in the title (decimal comma).
    CPU-bound: from async code, call it through `asyncio.to_thread`."""
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    _shade_bands(axes)
    _draw_bars(axes, result, names)
    axes.set_title(_headline(result, title), fontsize=12)
    figure.subplots_adjust(left=0.08, right=0.80, bottom=0.16, top=0.86)
    out = BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    figure.clear()
    return out.getvalue()


def _shade_bands(axes: Axes) -> None:
    """The NI intervals as horizontal bands, each named at the right edge."""
    for lower, upper, label, colour in NI_BANDS:
        axes.axhspan(lower, upper, color=colour, zorder=0)
        axes.text(
            1.01,
            (lower + upper) / 2,
            label,
            transform=axes.get_yaxis_transform(),
            va="center",
            fontsize=9,
        )
    axes.set_ylim(1.0, 4.0)
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda value, _: f"{value:.1f}".replace(".", ","))
    )
    axes.set_ylabel("NRR (skala 1–4)")


def _draw_bars(axes: Axes, result: IkmResult, names: Mapping[str, str]) -> None:
    """One bar per unsur rising from 1; an unsur nobody answered says so instead."""
    positions = range(len(result.elements))
    for position, element in zip(positions, result.elements, strict=True):
        shown = element.nrr_display
        if shown is None:
            axes.text(position, 1.05, "belum ada data", ha="center", fontsize=8, rotation=90)
            continue
        top = float(shown)
        axes.bar(position, top - 1.0, bottom=1.0, color=BAR_COLOUR, width=0.7, zorder=2)
        # The value sits inside the bar's top, or just above a bar too short to hold it.
        inside = top >= 1.3
        axes.text(
            position,
            top - 0.04 if inside else top + 0.04,
            format_id(shown),
            ha="center",
            va="top" if inside else "bottom",
            color="white" if inside else "black",
            fontsize=8,
            fontweight="bold",
            zorder=3,
        )
    labels = [textwrap.fill(names.get(e.code, e.code), 16) for e in result.elements]
    axes.set_xticks(list(positions), labels, fontsize=8)
    axes.set_xlim(-0.6, len(result.elements) - 0.4)


def _headline(result: IkmResult, title: str) -> str:
    """The title, then "Nilai IKM 91,48 — mutu A (Sangat Baik)" or why there is none."""
    if result.score_display is None:
        return (
            f"{title}\nIKM belum dapat dihitung: belum ada data untuk {', '.join(result.missing)}"
        )
    line = f"Nilai IKM {format_id(result.score_display)} — mutu {result.grade} ({result.label})"
    if result.legacy_weight:
        line += f"\n{legacy_notice(result)}"
    return f"{title}\n{line}"


@dataclass(frozen=True)
class Bar:
    """One indicator in a recap chart: its value and target in percent (None: not known)."""

    label: str
    value: Decimal | None
    target: Decimal | None


RECAP_SIZE_INCHES = (6.0, 4.0)


def render_indicator_chart(bars: Sequence[Bar], title: str) -> bytes:
    """PNG bytes, 600 × 400 px (a phone screen): one bar per indicator (value on a 0–100 axis,
    the value above the bar, decimal comma), its target a black line across the bar's slot;
    an indicator without a value says so. CPU-bound: from async code, use `asyncio.to_thread`."""
    figure = Figure(figsize=RECAP_SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for position, bar in enumerate(bars):
        _draw_indicator(axes, position, bar)
    axes.set_xticks(range(len(bars)), [textwrap.fill(b.label, 14) for b in bars], fontsize=8)
    axes.set_xlim(-0.6, len(bars) - 0.4)
    axes.set_ylim(0, 110)
    axes.set_yticks(range(0, 101, 20))
    axes.set_ylabel("nilai (0–100)", fontsize=8)
    axes.set_title(title, fontsize=10)
    figure.subplots_adjust(left=0.12, right=0.97, bottom=0.2, top=0.88)
    out = BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    figure.clear()
    return out.getvalue()


def _draw_indicator(axes: Axes, position: int, bar: Bar) -> None:
    """The value's bar and number (or "belum ada data") and the target's line."""
    if bar.value is None:
        axes.text(position, 2, "belum ada data", ha="center", fontsize=7, rotation=90)
    else:
        top = float(bar.value)
        axes.bar(position, top, color=BAR_COLOUR, width=0.6, zorder=2)
        axes.text(position, top + 1.5, format_id(bar.value), ha="center", fontsize=8, zorder=3)
    if bar.target is not None:
        level = float(bar.target)
        axes.hlines(level, position - 0.4, position + 0.4, colors="black", linewidth=2, zorder=4)
        axes.text(position + 0.42, level, "target", va="center", fontsize=6, zorder=4)
