"""Evaluate an .xlsx's formulas the way a spreadsheet would (the `formulas` package)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import formulas


def evaluate(path: Path) -> dict[str, Any]:
    """Every single cell's computed value, keyed `Sheet!A1` (sheet names upper-case)."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values: dict[str, Any] = {}
    for key, ranges in solution.items():
        sheet, _, cell = key.rpartition("!")
        if ":" in cell:
            continue
        value = ranges.value[0][0] if hasattr(ranges, "value") else ranges
        values[f"{sheet.split(']')[-1].strip(chr(39))}!{cell}"] = value
    return values


def compile_formula(formula: str) -> Any:
    """A formula as a Python function of its cell references."""
    return formulas.Parser().ast(formula)[1].compile()
