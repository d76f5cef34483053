"""`ikm score FILE`: score a spreadsheet of answers without touching the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


class ScoreFailure(Exception):
    """A bad file or weight; one line for the user."""


def score(
    file: Annotated[Path, typer.Argument(help="CSV atau XLSX: satu baris per responden")],
    weight: Annotated[
        str | None,
        typer.Option("--weight", help="Bobot lama per unsur, mis. 0.11 (default: tepat 1/n)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Hitung IKM dari berkas jawaban (kolom = kode unsur, nilai 1–4, kosong = tidak dijawab)."""
    # Imported here so that the other commands never pay for pandas.
    from scoring.answers_file import AnswersFileError, read_answers
    from scoring.frame import tally_frame
    from scoring.ikm import compute_ikm
    from scoring.numbers import parse_weight
    from scoring.summary import result_to_json, summary_lines

    try:
        legacy = parse_weight(weight) if weight is not None else None
        table = read_answers(file)
    except (AnswersFileError, ValueError) as exc:
        raise ScoreFailure(str(exc)) from None
    tallies = tally_frame(table.frame, table.codes)
    result = compute_ikm(tallies, table.respondents, legacy)
    if as_json:
        typer.echo(json.dumps(result_to_json(result), ensure_ascii=False))
    else:
        typer.echo("\n".join(summary_lines(result)))
