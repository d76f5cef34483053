"""`ikm score FILE`: score a spreadsheet of answers without touching the database.

Its options are parsed with argparse, not typer: typer builds a pydantic adapter for every
parameter, which alone cost this command a sixth of its time on a 200,000-row file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ikm.cli.score_parser import IndonesianParser

HELP = (
    "Hitung IKM dari berkas jawaban (kolom = kode atau nama unsur, U1…Un, nilai 1–4, kosong = "
    "tidak dijawab; kolom identitas seperti Nama, Umur, Pendidikan diabaikan)."
)


class ScoreFailure(Exception):
    """A bad file or weight; one line for the user."""


def parser() -> argparse.ArgumentParser:
    """The options of `ikm score`, in Indonesian (ikm/cli/score_parser.py)."""
    parse = IndonesianParser(prog="ikm score", description=HELP)
    parse.add_argument(
        "file",
        type=Path,
        metavar="BERKAS",
        help="CSV (`,`/`;`) atau XLSX: satu baris per responden",
    )
    parse.add_argument(
        "--bobot",
        "--weight",
        dest="weight",
        metavar="BOBOT",
        default=None,
        help="bobot lama per unsur, mis. 0.11 (bawaan: tepat 1/n; nama lama: --weight)",
    )
    parse.add_argument(
        "--populasi",
        type=int,
        metavar="N",
        default=None,
        help="jumlah anggota DPRD (populasi) untuk menilai kecukupan sampel (Krejcie & Morgan)",
    )
    parse.add_argument(
        "--unsur",
        action="append",
        default=[],
        metavar="JUDUL",
        help="judul kolom lain yang dihitung sebagai unsur (boleh berulang), mis. 'Kejelasan "
        "Informasi'",
    )
    parse.add_argument("--json", action="store_true", dest="as_json", help="keluaran JSON")
    return parse


def run_score(argv: Sequence[str]) -> None:
    """Parse `argv`, score the file, print the summary or the JSON."""
    args = parser().parse_args(list(argv))
    # Imported here so that the other commands never pay for pandas.
    from scoring.answers_file import AnswersFileError, read_answers
    from scoring.frame import tally_frame
    from scoring.ikm import compute_ikm
    from scoring.numbers import krejcie_morgan, parse_weight
    from scoring.summary import result_to_json, sample_shortfall, summary_lines

    if args.populasi is not None and args.populasi < 1:
        raise ScoreFailure("--populasi harus bilangan bulat positif (jumlah anggota DPRD)")
    try:
        legacy = parse_weight(args.weight) if args.weight is not None else None
        table = read_answers(args.file, tuple(args.unsur))
    except (AnswersFileError, ValueError) as exc:
        raise ScoreFailure(str(exc)) from None
    result = compute_ikm(tally_frame(table.frame, table.codes), table.respondents, legacy)
    if args.as_json:
        data = result_to_json(result)
        if args.populasi is not None:
            minimum = krejcie_morgan(args.populasi)
            data["sample"] = {
                "population": args.populasi,
                "minimum": minimum,
                "adequate": table.respondents >= minimum,
            }
        data["notes"] = list(table.notes)
        output = json.dumps(data, ensure_ascii=False)
    else:
        lines = summary_lines(result)
        if args.populasi is not None:
            lines.insert(
                2, sample_shortfall(table.respondents, args.populasi) or "Sampel memadai."
            )
        lines += [f"Catatan: {note}" for note in table.notes]
        output = "\n".join(lines)
    sys.stdout.write(output + "\n")
