"""The records commands through typer's runner (not yet wired into `ikm`): import and log."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from ikm.cli.records import records_app
from ikm.cli.support import Failure
from survey.ports import DomainError

MEETINGS = (
    "agenda;rencana;dilaksanakan;sesuai_standar;catatan\n"
    'Raperda Pajak Daerah;2 Maret 2026;04/03/2026;tidak;"notulen; daftar hadir"\n'
    "Raperda APBD;2026-09-01;;;\n"
)


def invoke(database_url: str, *args: str):
    env = {"IKM_DATABASE_URL": database_url, "IKM_TIMEZONE": "Asia/Makassar"}
    return CliRunner().invoke(records_app, list(args), env=env)


def test_import_dry_run_then_for_real_then_the_log(database_url, tmp_cwd):
    (tmp_cwd / "rapat.csv").write_text(MEETINGS, encoding="utf-8")
    dry = invoke(database_url, "import", "rapat.csv", "--jenis", "Rapat", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Akan diimpor (uji coba, tidak disimpan): 2 baris rapat — 2 rapat baru" in dry.output
    assert "Belum ada perubahan catatan." in invoke(database_url, "log").output
    done = invoke(database_url, "import", "rapat.csv", "--jenis", "rapat")
    assert "baris 2: 'Raperda Pajak Daerah' (2 Maret 2026): rapat baru, pelaksanaan baru" in (
        done.output
    )
    assert "Diimpor: 2 baris rapat — 2 rapat baru, 1 pelaksanaan baru." in done.output
    log = invoke(database_url, "log", "--jumlah", "2").output.splitlines()
    assert len(log) == 2
    # numbers differ by database: a PostgreSQL sequence keeps what the dry run used
    assert re.match(
        r"\d{1,2} \w+ \d{4} \d\d:\d\d WITA  cli  ubah rapat R\d+  dilaksanakan: – → "
        r"4 Maret 2026; sesuai_standar: – → tidak; catatan: – → notulen; daftar h",
        log[1],
    )
    assert re.search(
        r"cli  tambah rapat R\d+  agenda=Raperda APBD, rencana=1 September 2026$", log[0]
    )
    assert "#" not in "".join(log)  # no internal ids


def test_bad_rows_or_kind_fail_with_one_line_each_and_exit_1(database_url, tmp_cwd):
    (tmp_cwd / "rapat.csv").write_text(MEETINGS + "X;2026-13-01;;;\n", encoding="utf-8")
    bad = invoke(database_url, "import", "rapat.csv", "--jenis", "rapat")
    assert bad.exit_code == 1 and isinstance(bad.exception, Failure)
    assert str(bad.exception).splitlines() == [
        "Catatan rapat tidak diimpor (tidak ada yang disimpan):",
        "baris 4: rencana: tanggal tidak dikenali: '2026-13-01' "
        "(contoh: 2026-01-05, 05/01/2026, 5 Januari 2026)",
    ]
    kind = invoke(database_url, "import", "rapat.csv", "--jenis", "cuti")
    assert kind.exit_code == 1 and isinstance(kind.exception, DomainError)
    assert str(kind.exception) == "jenis tidak dikenal: 'cuti' (pilihan: pelatihan, tugas, rapat)"
    assert "Belum ada perubahan catatan." in invoke(database_url, "log").output
