"""Files only their owner reads, database paths that must exist, and period names that are
checked and give distinct export files."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest

from survey.periods.names import file_stem
from survey.periods.report import write_private
from survey.ports import DomainError
from tests.cli import run_ikm, spawn_ikm


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- the database file and its folder -------------------------------------------------------


def test_a_database_path_whose_folder_is_missing_is_refused_and_not_created(tmp_path: Path):
    missing = tmp_path / "dta" / "ikm.db"
    for ikm, command in ((run_ikm, ("db", "upgrade")), (spawn_ikm, ("run",))):
        result = ikm(*command, database_url=f"sqlite:///{missing}", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.startswith("Gagal: pengaturan IKM_DATABASE_URL tidak sah: folder ")
        assert f"{missing.parent} tidak ada" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "DEMO" not in result.stdout
    assert not missing.parent.exists()


def test_the_default_database_gets_its_folder_and_both_are_owner_only(tmp_path: Path):
    result = run_ikm("db", "upgrade", database_url="sqlite:///data/ikm.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert mode(tmp_path / "data") == 0o700
    assert mode(tmp_path / "data" / "ikm.db") == 0o600


def test_a_new_database_in_an_existing_folder_is_owner_only_with_its_wal(tmp_path: Path):
    database = tmp_path / "ikm.db"
    result = spawn_ikm(
        "run", database_url=f"sqlite:///{database}", cwd=tmp_path, stdin="/bantuan\n"
    )
    assert result.returncode == 0, result.stderr
    assert "DEMO" in result.stdout  # console mode on an empty database, as before
    side_files = [p for p in tmp_path.iterdir() if p.name.startswith("ikm.db")]
    assert side_files and all(mode(p) == 0o600 for p in side_files), side_files


# --- exports ----------------------------------------------------------------------------------


def test_exports_are_written_owner_only_also_over_an_older_file(tmp_path: Path):
    target = tmp_path / "ekspor" / "ikm-semester-ii-2026.xlsx"
    write_private(target, b"first")
    assert (mode(target.parent), mode(target)) == (0o700, 0o600)
    target.chmod(0o644)
    write_private(target, b"second")
    assert mode(target) == 0o600 and target.read_bytes() == b"second"


def test_the_console_export_writes_owner_only_files(tmp_path: Path):
    database = tmp_path / "ikm.db"
    survey = "/survei\n3\n4\n3\n3\n4\n2\nLewati\n1\n"
    members = "".join(f"/sebagai Anggota Demo {i}\n{survey}" for i in (1, 2, 3))
    lines = members + "/sebagai Sekretaris\n/ekspor\n"
    result = spawn_ikm("run", database_url=f"sqlite:///{database}", cwd=tmp_path, stdin=lines)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "ekspor"
    written = sorted(p.suffix for p in folder.iterdir())
    assert written == [".png", ".xlsx"], result.stdout[-500:]
    assert mode(folder) == 0o700
    assert all(mode(p) == 0o600 for p in folder.iterdir())


# --- period names ------------------------------------------------------------------------------


async def open_(services, name: str):
    return await services.periods.open(name, version="dprd-6-v1", starts_on=date(2026, 7, 1))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("S" * 101, "terlalu panjang: 101 karakter (paling banyak 100)"),
        ("Semester\x00II", "U+0000"),
        ("Semester\x1bII", "U+001B"),
        ("Semester \u202eII 2026", "U+202E"),  # right-to-left override
        ("Semester \u2067II\u2069", "U+2067"),  # right-to-left isolate
        ("Semester \u200fII", "U+200F"),  # right-to-left mark
        ("فترة 2026", "U+0641"),  # Arabic letters
        ("סמסטר 2026", "U+05E1"),  # Hebrew letters
        ("   ", "tidak boleh kosong"),
    ],
)
async def test_period_names_that_do_not_fit_or_print_are_refused(services, name, reason):
    with pytest.raises(DomainError, match="nama periode") as refused:
        await open_(services, name)
    assert reason in str(refused.value)
    assert await services.periods.list() == []


async def test_a_name_of_exactly_the_column_length_is_stored_whole(services):
    name = "Semester II 2026 " + "x" * 83
    assert (await open_(services, name)).name == name
    assert [p.name for p in await services.periods.list()] == [name]


async def test_spaces_tabs_and_line_breaks_collapse_and_accents_are_kept(services):
    period = await open_(services, "  Évaluasi\tKé-2\n 2026 ")
    assert period.name == "Évaluasi Ké-2 2026"


async def test_names_sharing_a_slug_get_distinct_export_files(services):
    names = ["a b c", "a/b/c", "A-B-C", "a.b.c"]
    for name in names:
        await open_(services, name)
        await services.periods.close()
    stems = {file_stem(p.name) for p in await services.periods.list()}
    assert len(stems) == len(names)
    assert file_stem("a b c") == "ikm-a-b-c"


async def test_a_name_differing_only_in_case_is_refused_as_too_similar(services):
    await open_(services, "Semester II 2026")
    await services.periods.close()
    with pytest.raises(DomainError, match="terlalu mirip dengan 'Semester II 2026'"):
        await open_(services, "SEMESTER II 2026")


def test_a_long_name_is_refused_by_the_command_in_one_line(database_url: str, tmp_path: Path):
    result = run_ikm("period", "open", "P" * 320, database_url=database_url, cwd=tmp_path)
    assert result.returncode == 1
    assert (
        result.stderr == "Gagal: nama periode terlalu panjang: 320 karakter (paling banyak 100)\n"
    )
