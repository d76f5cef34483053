"""The console demo lives apart from real data, and a real roster never joins DEMO people."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from survey.people.demo import seed_demo
from survey.people.roster import DemoRoster
from tests.cli import run_ikm, spawn_ikm
from tests.integration.helpers import row

REAL = (
    "nama;telepon;peran;bidang\n"
    "H. Ahmad Rizani;0812-3456-7801;anggota;\n"
    "Hj. Siti Aminah;6281234567802;anggota;\n"
    "Drs. Budi Santoso;+62 812-3456-7803;kabid;persidangan\n"
    "Rahmah, S.E.;081234567804;sekretaris;\n"
)


async def test_a_real_roster_is_refused_where_the_demo_people_are(services):
    await seed_demo(services.db, date(2026, 10, 1))
    for dry_run in (True, False):
        with pytest.raises(DemoRoster, match=r"berisi roster DEMO \(10 orang"):
            await services.roster.import_rows(
                [row(2, "Rahmadi", "+6281234567801")], dry_run=dry_run
            )
    people = await services.roster.people()
    assert len(people) == 10 and all("(DEMO)" in p.name for p in people)


def test_first_day_make_run_then_the_real_roster_and_a_period(tmp_path: Path):
    """The issue's scenario: the quick start's console, then the real roster and a period."""
    console = spawn_ikm("run", database_url=None, cwd=tmp_path, stdin="/bantuan\n")
    assert console.returncode == 0, console.stderr
    assert "Konsol demo: basis data tersendiri data/demo.db" in console.stdout
    assert "roster DEMO dan periode 'Demo" in console.stdout
    assert (tmp_path / "data" / "demo.db").exists()
    assert not (tmp_path / "data" / "ikm.db").exists()

    (tmp_path / "roster.csv").write_text(REAL, encoding="utf-8")
    imported = run_ikm("roster", "import", "roster.csv", database_url=None, cwd=tmp_path)
    assert "Diimpor: 4 orang — 4 baru." in imported.stdout, imported.stderr
    listing = run_ikm("roster", "list", database_url=None, cwd=tmp_path).stdout
    assert "4 orang." in listing and "DEMO" not in listing
    opened = run_ikm("period", "open", "Semester I 2027", database_url=None, cwd=tmp_path)
    assert opened.returncode == 0, opened.stderr
    assert "Periode 'Semester I 2027' dibuka" in opened.stdout

    again = spawn_ikm("run", database_url=None, cwd=tmp_path, stdin="/daftar\n")
    assert "Anggota Demo 1 (DEMO)" in again.stdout and "Rahmah" not in again.stdout


def test_the_console_on_a_chosen_database_keeps_its_demo_from_a_real_import(
    database_url, tmp_path
):
    seeded = spawn_ikm("run", database_url=database_url, cwd=tmp_path, stdin="/bantuan\n")
    assert seeded.returncode == 0 and "roster DEMO" in seeded.stdout
    assert "Konsol demo: basis data tersendiri" not in seeded.stdout  # the one set is used
    (tmp_path / "roster.csv").write_text(REAL, encoding="utf-8")
    refused = run_ikm("roster", "import", "roster.csv", database_url=database_url, cwd=tmp_path)
    assert refused.returncode == 1
    [line] = refused.stderr.splitlines()
    assert line.startswith("Gagal: basis data ini berisi roster DEMO (10 orang")
    assert "IKM_DATABASE_URL" in line
    listing = run_ikm("roster", "list", database_url=database_url, cwd=tmp_path).stdout
    assert "10 orang." in listing and "Rahmah" not in listing
