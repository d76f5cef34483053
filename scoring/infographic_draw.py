"""Drawing the infographic (scoring/infographic.py) on a bare Agg `Figure`."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from io import BytesIO

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.patches import Rectangle

from scoring.infographic import (
    METHOD,
    SIZES,
    TITLE,
    Format,
    Infographic,
    action_text,
    headline,
    number,
)

INK = "#1f2d3d"
ACCENT = "#3d6fa8"
BAND = "#e8eef6"
GRADE_COLOURS = {"A": "#2e7d32", "B": "#558b2f", "C": "#ef6c00", "D": "#c62828"}


class Canvas:
    """A figure and the text drawn on it, in drawing order."""

    def __init__(self, fmt: Format) -> None:
        width, height, dpi = SIZES[fmt]
        self.figure = Figure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(self.figure)
        self.texts: list[str] = []
        self.square = fmt == "persegi"

    def put(self, x: float, y: float, text: str, **style: object) -> None:
        """Draw `text` at figure coordinates and record it."""
        self.figure.text(x, y, text, color=style.pop("color", INK), **style)  # type: ignore[arg-type]
        self.texts.append(text)

    def png(self) -> bytes:
        out = BytesIO()
        self.figure.savefig(out, format="png", metadata={"Software": None})
        self.figure.clear()
        return out.getvalue()


def render_infographic(info: Infographic, fmt: Format) -> tuple[bytes, list[str]]:
    """The PNG of `info` in format `fmt` (`a4`: 1240 × 1754 px, `persegi`: 1080 × 1080 px),
    and every string drawn on it, in order. CPU-bound: call through `asyncio.to_thread`."""
    canvas = Canvas(fmt)
    layout = SQUARE if canvas.square else PORTRAIT
    _header(canvas, info, layout)
    _headline(canvas, info, layout)
    _bars(canvas, info, layout)
    _trend(canvas, info, layout)
    _actions(canvas, info, layout)
    scale = layout.font
    canvas.put(0.5, 0.035, f"Diterbitkan {info.published}", ha="center", fontsize=9 * scale)
    canvas.put(0.5, 0.015, METHOD, ha="center", fontsize=7.5 * scale, color="#555555")
    return canvas.png(), canvas.texts


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Layout:
    """Where each part goes (figure fractions) and a font scale."""

    font: float
    header: float
    score: tuple[float, float]
    bars: Box
    trend: Box
    actions: float
    wrap: int
    max_actions: int


PORTRAIT = Layout(
    font=1.0,
    header=0.88,
    score=(0.05, 0.835),
    bars=(0.36, 0.39, 0.58, 0.225),
    trend=(0.12, 0.19, 0.80, 0.12),
    actions=0.14,
    wrap=95,
    max_actions=4,
)
SQUARE = Layout(
    font=0.85,
    header=0.86,
    score=(0.05, 0.80),
    bars=(0.36, 0.21, 0.56, 0.25),
    trend=(0.62, 0.56, 0.34, 0.20),
    actions=0.155,
    wrap=100,
    max_actions=2,
)
#: The headline's lines below its first, in inches (the same on both formats).
HEADLINE_DROPS = (0.0, 0.75, 1.15, 1.45, 1.70)


def _header(canvas: Canvas, info: Infographic, layout: Layout) -> None:
    top = layout.header
    scale = layout.font
    canvas.figure.patches.append(_band(canvas.figure, top - 0.015))
    left = 0.04
    if info.logo is not None:
        logo = canvas.figure.add_axes((0.03, top - 0.005, 0.09, 1 - top - 0.005 - 0.01))
        logo.imshow(imread(BytesIO(info.logo), format="png"))
        logo.set_axis_off()
        left = 0.14
    canvas.put(left, top + 0.065 * (1 - top) / 0.105, TITLE, fontsize=13 * scale, weight="bold")
    canvas.put(left, top + 0.035 * (1 - top) / 0.105, info.institution, fontsize=12 * scale)
    if info.address:
        canvas.put(left, top + 0.01 * (1 - top) / 0.105, info.address, fontsize=9 * scale)


def _band(figure: Figure, bottom: float) -> Rectangle:
    return Rectangle(
        (0, bottom), 1, 1 - bottom, transform=figure.transFigure, color=BAND, zorder=-1
    )


def _headline(canvas: Canvas, info: Infographic, layout: Layout) -> None:
    x, y = layout.score
    scale, height = layout.font, canvas.figure.get_figheight()
    ys = [y - drop / height for drop in HEADLINE_DROPS]
    period, score, grade, ikm, respondents = headline(info)
    colour = GRADE_COLOURS.get(info.grade, INK)
    canvas.put(x, ys[0], period, fontsize=14 * scale, weight="bold")
    canvas.put(x, ys[1], score, fontsize=34 * scale, weight="bold", color=ACCENT)
    canvas.put(x, ys[2], grade, fontsize=16 * scale, weight="bold", color=colour)
    canvas.put(x, ys[3], ikm, fontsize=10 * scale)
    canvas.put(x, ys[4], respondents, fontsize=10 * scale)


def _bars(canvas: Canvas, info: Infographic, layout: Layout) -> None:
    scale = layout.font
    axes = canvas.figure.add_axes(layout.bars)
    names = [e.name for e in info.elements]
    values = [float(e.nrr) if e.nrr is not None else 1.0 for e in info.elements]
    rows = list(range(len(names)))[::-1]
    axes.barh(rows, [v - 1 for v in values], left=1, color=ACCENT, height=0.6)
    axes.set_xlim(1, 4.35)
    axes.set_yticks(rows, ["\n".join(textwrap.wrap(n, 22)) for n in names], fontsize=9 * scale)
    canvas.texts.extend(names)
    axes.set_xticks([1, 2, 3, 4], ["1", "2", "3", "4"], fontsize=8 * scale)
    for row, element in zip(rows, info.elements, strict=True):
        shown = "belum ada data" if element.nrr is None else number(element.nrr)
        axes.text(
            min(values[rows.index(row)], 4) + 0.04,
            row,
            shown,
            va="center",
            fontsize=9 * scale,
            color=INK,
        )
        canvas.texts.append(shown)
    _plain(axes)
    canvas.put(
        0.05,
        layout.bars[1] + layout.bars[3] + 0.02,
        "Nilai rata-rata per unsur (NRR, skala 1–4)",
        fontsize=11 * scale,
        weight="bold",
    )


def _trend(canvas: Canvas, info: Infographic, layout: Layout) -> None:
    scale = layout.font
    box = layout.trend
    title_y = box[1] + box[3] + 0.012
    canvas.put(
        box[0] - 0.07,
        title_y,
        "Tren IKM antarperiode",
        fontsize=11 * scale,
        weight="bold",
    )
    if len(info.trend) < 2:
        canvas.put(
            box[0],
            box[1] + box[3] / 2,
            "Belum ada periode sebelumnya untuk dibandingkan.",
            fontsize=9 * scale,
        )
        return
    axes = canvas.figure.add_axes(box)
    xs = list(range(len(info.trend)))
    ys = [float(p.score) for p in info.trend]
    axes.plot(xs, ys, marker="o", color=ACCENT)
    labels = ["\n".join(textwrap.wrap(p.period, 14)) for p in info.trend]
    axes.set_xticks(xs, labels, fontsize=7.5 * scale)
    canvas.texts.extend(p.period for p in info.trend)
    axes.set_ylim(max(25, min(ys) - 10), min(100, max(ys) + 10))
    axes.tick_params(axis="y", labelsize=7.5 * scale)
    for x, point in zip(xs, info.trend, strict=True):
        shown = number(point.score)
        axes.annotate(
            shown,
            (x, float(point.score)),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=8 * scale,
        )
        canvas.texts.append(shown)
    axes.set_xlim(-0.5, len(xs) - 0.5)
    _plain(axes)


def _actions(canvas: Canvas, info: Infographic, layout: Layout) -> None:
    scale = layout.font
    y = layout.actions
    canvas.put(0.05, y, "Tindak lanjut", fontsize=11 * scale, weight="bold")
    limit = layout.max_actions
    shown = info.actions[:limit]
    if not shown:
        canvas.put(0.05, y - 0.03, "Belum ada tindak lanjut tercatat.", fontsize=9 * scale)
        return
    for action in shown:
        wrapped = textwrap.wrap(action_text(action), layout.wrap)
        y -= 0.032 if canvas.square else 0.025
        canvas.put(0.05, y, "• " + "\n  ".join(wrapped), fontsize=9 * scale, va="top")
        y -= (len(wrapped) - 1) * (0.025 if canvas.square else 0.013)
    if len(info.actions) > limit:
        more = f"… dan {len(info.actions) - limit} tindakan lain."
        canvas.put(0.05, y - 0.03, more, fontsize=9 * scale)


def _plain(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
