"""`ikm tindaklanjut tambah/list/ubah` through typer's runner on a real database."""

from __future__ import annotations

import asyncio
from datetime import date

from typer.testing import CliRunner

from ikm.cli.follow_up import follow_up_app
from survey.ports import DomainError
from tests.integration.follow_up_support import released


def invoke(database_url: str, *args: str):
    env = {"IKM_DATABASE_URL": database_url, "IKM_TIMEZONE": "Asia/Makassar"}
    return CliRunner().invoke(follow_up_app, list(args), env=env)


async def run(database_url: str, *args: str):
    return await asyncio.to_thread(invoke, database_url, *args)


async def test_add_list_and_change_an_action(database_url, services, tmp_cwd):
    await released(services)
    listed = await run(database_url, "list")
    assert listed.exit_code == 0, listed.output
    assert listed.output.splitlines() == [
        "Belum ada tindak lanjut tercatat.",
        "Unsur terlemah tanpa tindak lanjut (periode Semester II 2026): Sarana dan Prasarana.",
    ]
    added = await run(
        database_url,
        "tambah",
        "--unsur",
        "Sarana dan Prasarana",
        "--tindakan",
        "Perbaikan AC ruang rapat",
        "--bidang",
        "Bidang Fasilitasi",
        "--tenggat",
        "31/01/2027",
    )
    assert added.exit_code == 0, added.output
    number = added.output.split()[1]
    assert number.startswith("TL")
    assert added.output.strip() == (
        f"Ditambahkan: {number:<5} Semester II 2026 · Sarana dan Prasarana · fasilitasi · "
        "tenggat 31 Januari 2027 · rencana · Perbaikan AC ruang rapat"
    )
    assert "Unsur terlemah" not in (await run(database_url, "list")).output
    changed = await run(
        database_url, "ubah", number.lower(), "--status", "selesai", "--catatan", "AC terpasang"
    )
    assert changed.exit_code == 0, changed.output
    assert changed.output.strip().endswith(
        "· selesai · Perbaikan AC ruang rapat (catatan: AC terpasang)"
    )
    listed = await run(database_url, "list", "--periode", "semester ii 2026")
    assert "selesai" in listed.output and number in listed.output


async def test_an_unknown_unsur_a_bad_status_or_a_hidden_period_is_refused(
    database_url, services, tmp_cwd
):
    await released(services)
    bad = await run(
        database_url,
        "tambah",
        "--unsur",
        "biaya",
        "--tindakan",
        "x",
        "--bidang",
        "fasilitasi",
        "--tenggat",
        "2027-01-31",
    )
    assert isinstance(bad.exception, DomainError)
    assert "unsur 'biaya' tidak ada di kuesioner periode ini" in str(bad.exception)
    status = await run(database_url, "ubah", "TL1", "--status", "beres")
    assert status.exit_code == 1 and "status 'beres' tidak sah" in str(status.exception)
    await services.periods.close()
    await services.periods.open(
        "Semester I 2027", version="dprd-6-v1", starts_on=date(2026, 11, 27)
    )
    hidden = await run(
        database_url,
        "tambah",
        "--periode",
        "Semester I 2027",
        "--unsur",
        "sarana",
        "--tindakan",
        "x",
        "--bidang",
        "fasilitasi",
        "--tenggat",
        "2027-06-30",
    )
    assert isinstance(hidden.exception, DomainError)
    assert "hasil IKM periode Semester I 2027 belum ditampilkan" in str(hidden.exception)
