"""The `ikm` command line speaks Indonesian: every help page, every usage error in one line.

The help pages are found by walking the command tree, so a command added later is checked
without touching this file. Runs `ikm.cli.entry.main` in-process, as the console script does.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from ikm.cli.app import app
from ikm.cli.entry import main

#: Words of click, typer, argparse and pydantic that must not reach the user.
ENGLISH = re.compile(
    r"\b(usage|options?|arguments?|commands?|missing|invalid|error|try|required|unexpected|"
    r"choose from|show this|default|no such|possible|aborted|expected|unrecognized|"
    r"did you mean|input should|text|integer|path|file|value|parameter|extra|"
    r"not allowed|ambiguous|requires|greater than|less than)\b",
    re.IGNORECASE,
)


def command_paths() -> Iterator[list[str]]:
    """Every command and group of `ikm`, as the words that name it."""

    def walk(command: object, path: list[str]) -> Iterator[list[str]]:
        yield path
        for name, child in getattr(command, "commands", {}).items():
            yield from walk(child, [*path, name])

    yield from walk(typer.main.get_command(app), [])


def ikm(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """`ikm ARGS…` in this process: exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["ikm", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out, err


@pytest.fixture(autouse=True)
def own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command that reaches the database reaches a scratch one."""
    monkeypatch.setenv("IKM_DATABASE_URL", f"sqlite:///{tmp_path / 'ikm.db'}")
    monkeypatch.chdir(tmp_path)


def test_the_walk_finds_every_group_and_the_commands_below_them():
    paths = [" ".join(p) for p in command_paths()]
    for expected in ("", "roster import", "period open", "records ubah", "indikator target set"):
        assert expected in paths
    assert len(paths) > 40


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_help_page_is_indonesian(flag, monkeypatch, capsys):
    for path in command_paths():
        code, out, err = ikm([*path, flag], monkeypatch, capsys)
        where = " ".join(["ikm", *path, flag])
        assert code == 0, (where, err)
        assert out.startswith(f"Penggunaan: {' '.join(['ikm', *path])}"), (where, out)
        assert "Opsi" in out, where
        assert not ENGLISH.findall(out + err), (where, ENGLISH.findall(out + err), out)


def test_a_group_alone_shows_its_help(monkeypatch, capsys):
    code, out, _ = ikm(["period"], monkeypatch, capsys)
    assert code == 0
    assert out.startswith("Penggunaan: ikm period [OPSI] PERINTAH")
    assert "Perintah:" in out and "open" in out and "belum" in out


def test_help_names_the_indonesian_flags_and_the_old_ones_apart(monkeypatch, capsys):
    report = " ".join(ikm(["report", "-h"], monkeypatch, capsys)[1].split())
    assert "--keluaran BERKAS" in report and "--periode PERIODE" in report
    assert "(nama lama: --out)" in report and "--period)" in report
    score = " ".join(ikm(["score", "-h"], monkeypatch, capsys)[1].split())
    assert "--bobot BOBOT" in score and "--populasi N" in score
    assert "nama lama: --weight" in score


BAD = [
    (["nosuch"], "perintah tidak dikenal: nosuch. Bantuan: ikm -h"),
    (["rostr"], "perintah tidak dikenal: rostr (mungkin roster)"),
    (["roster", "import"], "argumen BERKAS belum diisi. Bantuan: ikm roster import -h"),
    (["roster", "list", "--bogus"], "opsi tidak dikenal: --bogus"),
    (
        ["period", "open", "X", "--mula", "2026-01-01"],
        "opsi tidak dikenal: --mula (mungkin --mulai)",
    ),
    (["period", "close", "lagi"], "argumen berlebih: lagi. Bantuan: ikm period close -h"),
    (
        ["indikator", "show", "--tahun", "abc"],
        "nilai tidak sah untuk --tahun: 'abc' harus bilangan bulat",
    ),
    (["indikator", "show", "--tahun"], "opsi --tahun perlu nilai"),
    (["records", "import", "r.csv"], "opsi --jenis wajib diisi"),
    (["records", "log", "--jumlah", "0"], "nilai tidak sah untuk --jumlah: '0' paling kecil 1"),
    (["db", "backup", "--simpan", "0"], "paling kecil 1"),
    (["recap", "--dry-run=ya", "--bulan", "2026-10"], "opsi --dry-run tidak menerima nilai"),
    (["recap", "--bulan", "2026-10"], "pilih salah satu: --uji-coba (tampilkan) atau --kirim"),
    (["indikator", "target", "set", "IKU"], "argumen TAHUN belum diisi"),
    (["outbox", "ulang", "x"], "nilai tidak sah untuk NOMOR: 'x' harus bilangan bulat"),
    (["score"], "argumen wajib belum diisi: BERKAS. Bantuan: ikm score -h"),
    (["score", "a.csv", "--bobot"], "opsi --bobot perlu nilai"),
    (["score", "a.csv", "--weight"], "opsi --bobot perlu nilai"),
    (["score", "a.csv", "--populasi", "banyak"], "nilai tidak sah untuk --populasi: 'banyak'"),
    (["score", "a.csv", "--zzz"], "argumen tidak dikenal: --zzz"),
]


@pytest.mark.parametrize(("args", "expected"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_indonesian_line_and_a_failure(args, expected, monkeypatch, capsys):
    code, out, err = ikm(args, monkeypatch, capsys)
    assert code != 0
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Gagal: ") and expected in lines[0], lines[0]
    assert not ENGLISH.findall(err), ENGLISH.findall(err)


def test_old_flag_names_still_work(monkeypatch, capsys):
    """`--dry-run`, `--out`, `--period`, `--weight` are accepted as before."""
    code, _, err = ikm(
        ["recap", "--dry-run", "--kirim", "--bulan", "2026-10"], monkeypatch, capsys
    )
    assert code == 1 and "pilih salah satu" in err  # parsed: both flags given
    code, _, err = ikm(["report", "--out", "r.csv", "--period", "X"], monkeypatch, capsys)
    assert code == 1 and "harus berakhiran .xlsx" in err


def test_the_scan_would_catch_what_typer_and_argparse_print_by_themselves():
    for english in (
        "Usage: ikm [OPTIONS] COMMAND [ARGS]...",
        "Missing argument 'file'.",
        "Invalid value for '--tahun': Input should be a valid integer",
        "usage: ikm score [-h] [--weight WEIGHT]",
        "ikm score: error: the following arguments are required: file",
        "--help  Show this message and exit.",
    ):
        assert ENGLISH.search(english), english
