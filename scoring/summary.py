"""JSON and short Indonesian plain-text renderings of an IkmResult (display values only)."""

from decimal import Decimal
from typing import Any

from scoring.ikm import ElementResult, IkmResult
from scoring.numbers import format_id, format_weight, krejcie_morgan, round_half_up


def weight_text(result: IkmResult) -> str:
    """The weight as text: "1/6" for the exact 1/n, the decimal ("0.11") for a legacy weight."""
    return format_weight(result.weight) if result.legacy_weight else str(result.weight)


def result_to_json(result: IkmResult) -> dict[str, Any]:
    """JSON-ready dict: NRR and IKM half-up to 4 decimals and skor to 2, as numbers made
    from the rounded Decimals (display values; the exact Fractions stay in the result)."""
    return {
        "respondents": result.respondents,
        "elements": [
            {
                "code": e.code,
                "answered": e.answered,
                "total": e.total,
                "nrr": _number(e.nrr_display),
            }
            for e in result.elements
        ],
        "ikm": _number(result.ikm_display),
        "score": _number(result.score_display),
        "grade": result.grade,
        "label": result.label,
        "weight": weight_text(result),
        "legacy_weight": result.legacy_weight,
    }


def summary_lines(result: IkmResult) -> list[str]:
    """Short Indonesian summary: headline, respondents, one line per unsur, priority, and
    the legacy-weight notice when a rounded weight replaced 1/n."""
    lines = [_headline(result), f"Responden: {result.respondents}"]
    lines += [_element_line(e) for e in result.elements]
    priority = _priority_line(result)
    if priority:
        lines.append(priority)
    if result.legacy_weight:
        lines.append(legacy_notice(result))
    return lines


def sample_shortfall(respondents: int, population: int) -> str | None:
    """The IKM-METHOD §7 warning when respondents fall short of Krejcie & Morgan, else None."""
    minimum = krejcie_morgan(population)
    if respondents >= minimum:
        return None
    return (
        f"Sampel belum memadai: {respondents} dari minimal {minimum} responden "
        f"(Krejcie & Morgan, populasi {population})."
    )


def legacy_notice(result: IkmResult) -> str:
    """The label a legacy weight carries wherever it is shown (IKM-METHOD §6)."""
    weight = format_weight(result.weight).replace(".", ",")
    return f"dihitung dengan bobot {weight} (mode kompatibilitas laporan lama), bukan 1/n"


def _headline(result: IkmResult) -> str:
    """ "IKM 3,6590 — nilai konversi 91,48 (A, Sangat Baik)" or the no-data sentence."""
    if result.ikm_display is None or result.score_display is None:
        return f"IKM belum dapat dihitung: belum ada data untuk unsur {', '.join(result.missing)}"
    return (
        f"IKM {format_id(result.ikm_display)} — nilai konversi "
        f"{format_id(result.score_display)} ({result.grade}, {result.label})"
    )


def _element_line(element: ElementResult) -> str:
    """ "prosedur: NRR 3,4828 (101/29)"; an unsur nobody answered says so instead."""
    if element.nrr_display is None:
        return f"{element.code}: belum ada data (0 jawaban)"
    return (
        f"{element.code}: NRR {format_id(element.nrr_display)} "
        f"({element.total}/{element.answered})"
    )


def _priority_line(result: IkmResult) -> str | None:
    """ "Prioritas perbaikan: waktu (NRR 3,4483)"; None when every scored unsur ties."""
    weakest = result.weakest
    scored = [e for e in result.elements if e.nrr is not None]
    if not weakest or (len(weakest) == len(scored) and len(scored) > 1):
        return None
    lowest = next(e.nrr for e in scored if e.code == weakest[0])
    shown = format_id(round_half_up(lowest, 4)) if lowest is not None else "-"
    return f"Prioritas perbaikan: {', '.join(weakest)} (NRR {shown})"


def _number(value: Decimal | None) -> float | None:
    """A rounded display Decimal as a JSON number (the Decimal is already rounded)."""
    return None if value is None else float(value)
