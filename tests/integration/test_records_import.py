"""Importing records from spreadsheets: all rows or none, every bad row named, the same rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from survey.ports import DomainError
from survey.records.importing.service import RecordFileError
from survey.records.service import RecordService
from tests.integration.helpers import row
from tests.integration.test_records_support import counts, roster
from tests.zones import ACROSS_MIDNIGHT, WITA

pytestmark = pytest.mark.zones

TRAININGS = (
    "pelatihan;mulai;selesai;penyelenggara;anggota\n"
    "Bimtek Keuangan;05/01/2026;7 Januari 2026;BPSDM;H. Ahmad Rizani\n"
    "bimtek  keuangan;2026-01-05;07/01/2026;BPSDM;hj. siti   aminah\n"
    "Orientasi Tugas;3 Februari 2026;2026-02-03;;Yusuf Mahmud\n"
)
TASKS = (
    "tugas,jenis,bidang,jatuh_tempo,laporan_diterima,penerima\n"
    "Kunker Banjarmasin,kunjungan kerja,Bidang Fasilitasi Penganggaran dan Pengawasan,"
    "2026-02-10,12/02/2026,Rahmah\n"
    "Reses Masa Sidang I,reses,persidangan,31 Maret 2026,,\n"
)
MEETINGS = (
    "agenda,rencana,dilaksanakan,sesuai_standar,catatan\n"
    "Raperda Pajak Daerah,2026-03-02,2026-03-04,tidak,notulen; daftar hadir\n"
    "Raperda RPJMD,2026-05-01,2026-05-01,ya,\n"
    "Raperda APBD,2026-09-01,,,\n"
)


def write(tmp_path: Path, text: str, name: str = "catatan.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
async def people(services):
    return await roster(services)


@pytest.fixture
def records(services) -> RecordService:
    return services.records


async def test_trainings_are_created_once_per_name_and_dates_in_any_date_form(
    db, people, records, tmp_path
):
    report = await records.import_file("pelatihan", write(tmp_path, TRAININGS), dry_run=False)
    assert report.counts == {"pelatihan baru": 2, "kehadiran baru": 3}
    assert (
        report.lines[0]
        == "baris 2: 'Bimtek Keuangan' (5 Januari 2026): H. Ahmad Rizani — kehadiran baru"
    )
    trainings = await records.trainings()
    assert [(t.name, t.starts_on, t.ends_on, t.organiser, t.attendees) for t in trainings] == [
        ("Orientasi Tugas", date(2026, 2, 3), date(2026, 2, 3), None, 1),
        ("Bimtek Keuangan", date(2026, 1, 5), date(2026, 1, 7), "BPSDM", 2),
    ]
    assert (await counts(db))["audit_log"] == 5
    assert {e.actor for e in await records.log()} == {"cli"}


async def test_importing_the_same_file_again_adds_nothing(db, records, people, tmp_path):
    await records.import_file("pelatihan", write(tmp_path, TRAININGS), dry_run=False)
    before = await counts(db)
    again = await records.import_file("pelatihan", write(tmp_path, TRAININGS), dry_run=False)
    assert again.counts == {"pelatihan sudah ada": 2, "kehadiran sudah tercatat": 3}
    assert await counts(db) == before


async def test_a_dry_run_reports_the_plan_and_writes_nothing(db, records, people, tmp_path):
    before = await counts(db)
    report = await records.import_file("pelatihan", write(tmp_path, TRAININGS), dry_run=True)
    assert report.dry_run and report.counts == {"pelatihan baru": 2, "kehadiran baru": 3}
    assert await counts(db) == before


async def test_an_unknown_member_is_refused_with_the_closest_roster_names(
    db, records, people, tmp_path
):
    text = TRAININGS + "Orientasi Tugas;2026-02-03;2026-02-03;;Ahmad Rizan\n"
    text += "Orientasi Tugas;2026-02-03;2026-02-03;;Zulkifli\n"
    with pytest.raises(RecordFileError) as refused:
        await records.import_file("pelatihan", write(tmp_path, text), dry_run=False)
    assert str(refused.value).splitlines() == [
        "baris 5: anggota 'Ahmad Rizan' tidak ada di roster; maksud Anda: H. Ahmad Rizani?",
        "baris 6: anggota 'Zulkifli' tidak ada di roster",
    ]
    assert sum((await counts(db)).values()) == 0


async def test_duplicate_rows_are_refused_and_nothing_is_written(db, records, people, tmp_path):
    text = TRAININGS + "BIMTEK KEUANGAN;5 Januari 2026;2026-01-07;BPSDM;H. Ahmad  Rizani\n"
    with pytest.raises(
        RecordFileError, match=r"baris 5: pelatihan dan anggota sama dengan baris 2"
    ):
        await records.import_file("pelatihan", write(tmp_path, text), dry_run=False)
    assert sum((await counts(db)).values()) == 0


async def test_a_member_not_in_office_and_every_other_bad_row_are_reported_together(
    db, records, people, services, clock, tmp_path
):
    today, clock.now = clock.now, datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
    await services.roster.set_active(people["yusuf"].phone, False)
    clock.now = today  # the import runs in November, by the services' clock
    text = TRAININGS + (
        "Bimtek Keuangan;05/01/2026;07/01/2026;Kemendagri;Rahmah\n"
        "Rapat;31/02/2026;2026-03-01;;H. Ahmad Rizani\n"
        "Pelatihan Mundur;2026-03-05;2026-03-01;;H. Ahmad Rizani\n"
        ";;;;\n"
        ";2026-03-05;;;H. Ahmad Rizani\n"
    )
    with pytest.raises(RecordFileError) as refused:
        await records.import_file("pelatihan", write(tmp_path, text), dry_run=False)
    assert str(refused.value).splitlines() == [
        "baris 4: Yusuf Mahmud tidak menjabat pada 3 Februari 2026 "
        "(nonaktif sejak 1 Januari 2026)",
        "baris 5: penyelenggara berbeda dengan baris 2",
        "baris 6: mulai: tanggal tidak dikenali: '31/02/2026' "
        "(contoh: 2026-01-05, 05/01/2026, 5 Januari 2026)",
        "baris 7: tanggal selesai (1 Maret 2026) tidak boleh sebelum tanggal mulai (5 Maret 2026)",
        "baris 9: pelatihan kosong",
        "baris 9: selesai kosong",
    ]
    assert sum((await counts(db)).values()) == 0


async def test_tasks_and_their_reports_are_imported(db, records, tmp_path):
    report = await records.import_file("tugas", write(tmp_path, TASKS), dry_run=False)
    assert report.counts == {"tugas baru": 2, "laporan baru": 1}
    kunker, reses = await records.tasks()
    assert (kunker.bidang, kunker.kind, kunker.report.received_on) == (
        "fasilitasi",
        "kunjungan kerja",
        date(2026, 2, 12),
    )
    assert reses.report is None and reses.due_on == date(2026, 3, 31)


async def test_a_task_of_an_unknown_bidang_is_refused_naming_the_accepted_ones(
    db, records, tmp_path
):
    text = TASKS + "Kunker Surabaya,kunjungan kerja,Keuangan,2026-02-20,,\n"
    with pytest.raises(RecordFileError) as refused:
        await records.import_file("tugas", write(tmp_path, text), dry_run=False)
    assert str(refused.value).startswith("baris 4: bidang tidak dikenal: 'Keuangan'")
    assert "persidangan" in str(refused.value) and "fasilitasi" in str(refused.value)
    report = await records.import_file(
        "tugas", write(tmp_path, text), dry_run=True, extra_bidang=("Keuangan",)
    )
    assert report.counts == {"tugas baru": 3, "laporan baru": 1}


async def test_a_report_for_an_already_reported_task_names_the_earlier_date(db, records, tmp_path):
    await records.import_file("tugas", write(tmp_path, TASKS), dry_run=False)
    before = await counts(db)
    again = await records.import_file("tugas", write(tmp_path, TASKS), dry_run=False)
    assert again.counts == {"tugas sudah ada": 2, "laporan sudah tercatat": 1}
    other = TASKS.replace("12/02/2026,Rahmah", "20/02/2026,Budi")
    with pytest.raises(RecordFileError) as refused:
        await records.import_file("tugas", write(tmp_path, other), dry_run=False)
    assert str(refused.value) == (
        "baris 2: laporan tugas 'Kunker Banjarmasin' sudah dicatat: "
        "diterima 12 Februari 2026 oleh Rahmah"
    )
    assert await counts(db) == before


async def test_a_half_filled_report_or_duplicate_task_is_refused(db, records, tmp_path):
    text = (
        TASKS
        + "Reses Masa Sidang I,reses,Persidangan,2026-03-31,,\n"
        + "X,reses,fasilitasi,2026-01-01,,Budi\n"
    )
    with pytest.raises(RecordFileError) as refused:
        await records.import_file("tugas", write(tmp_path, text), dry_run=False)
    assert str(refused.value).splitlines() == [
        "baris 4: tugas sama dengan baris 3 (baris ganda)",
        "baris 5: laporan_diterima dan penerima diisi bersama, atau keduanya kosong",
    ]


async def test_meetings_are_planned_and_facilitated(db, records, tmp_path):
    report = await records.import_file("rapat", write(tmp_path, MEETINGS), dry_run=False)
    assert report.counts == {"rapat baru": 3, "pelaksanaan baru": 2}
    pajak, rpjmd, apbd = await records.meetings(2026)
    assert (pajak.standard_met, pajak.missed_items) == (False, ("notulen", "daftar hadir"))
    assert (rpjmd.standard_met, rpjmd.missed_items) == (True, ())
    assert apbd.held_on is None


async def test_a_meeting_outside_its_plan_year_or_without_missed_items_is_refused(
    db, records, tmp_path
):
    text = MEETINGS + (
        "Raperda Perda Lama,2025-12-20,2026-01-05,ya,\n"
        "Raperda Retribusi,2026-04-01,2026-04-02,tidak,\n"
        "Raperda Desa,2026-04-01,2026-04-02,mungkin,\n"
        "Raperda Air,2026-04-01,,ya,\n"
    )
    with pytest.raises(RecordFileError) as refused:
        await records.import_file("rapat", write(tmp_path, text), dry_run=False)
    lines = str(refused.value).splitlines()
    assert lines[0] == (
        "baris 5: rapat direncanakan 20 Desember 2025; tanggal pelaksanaan 5 Januari 2026 "
        "di luar tahun rencana 2025"
    )
    assert lines[1].startswith("baris 6: rapat yang tidak sesuai standar harus menyebut")
    assert lines[2] == "baris 7: sesuai_standar harus 'ya' atau 'tidak', bukan 'mungkin'"
    assert lines[3].startswith("baris 8: sesuai_standar dan catatan hanya diisi bila")
    assert sum((await counts(db)).values()) == 0


async def test_an_xlsx_file_with_real_dates_is_read(db, people, records, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Pelatihan", "Mulai", "Selesai", "Penyelenggara", "Anggota"])
    sheet.append(["Bimtek", datetime(2026, 1, 5), "07/01/2026", None, "H. Ahmad Rizani"])
    book.save(tmp_path / "p.xlsx")
    report = await records.import_file("pelatihan", tmp_path / "p.xlsx", dry_run=False)
    assert report.counts == {"pelatihan baru": 1, "kehadiran baru": 1}
    assert (await records.trainings())[0].starts_on == date(2026, 1, 5)


async def test_a_missing_column_or_a_person_without_the_role_is_refused(
    db, records, people, tmp_path
):
    with pytest.raises(RecordFileError, match="kolom wajib tidak ada: anggota"):
        no_member = "pelatihan,mulai,selesai\nA,2026-01-01,2026-01-01\n"
        await records.import_file("pelatihan", write(tmp_path, no_member), dry_run=False)
    with pytest.raises(DomainError, match="hanya staf dan Kepala Bidang"):
        path = write(tmp_path, MEETINGS)
        await records.import_file("rapat", path, dry_run=False, actor=people["ahmad"])
    report = await records.import_file("rapat", path, dry_run=False, actor=people["budi"])
    assert {e.actor for e in await RecordService(db).log()} == {
        f"Drs. Budi Santoso (#{people['budi'].id})"
    }
    assert report.counts["rapat baru"] == 3


async def test_what_has_not_happened_yet_is_refused_with_every_other_problem(
    db, records, people, clock, tmp_path
):
    """Today is 27 November 2026 (WITA): a plan may lie ahead, a report, a meeting held or a
    training may not; and a training ending before it starts is named in the same pass."""
    tasks = TASKS + "Kunker Surabaya,kunjungan kerja,persidangan,2026-11-10,2027-01-15,Rahmah\n"
    trainings = TRAININGS + (
        "Bimtek Mei;1 Mei 2027;2 Mei 2027;BPSDM;H. Ahmad Rizani\n"
        "Bimtek Terbalik;2026-03-05;2026-03-02;BPSDM;H. Ahmad Rizani\n"
        "Bimtek Tanpa Nama;2026-03-05;2026-03-06;BPSDM;\n"
    )
    meetings = MEETINGS + "Raperda Natal,2026-12-20,2026-12-25,ya,\n"
    problems = {}
    for kind, text in (("tugas", tasks), ("pelatihan", trainings), ("rapat", meetings)):
        with pytest.raises(RecordFileError) as refused:
            await records.import_file(kind, write(tmp_path, text), dry_run=False)
        problems[kind] = str(refused.value).splitlines()
    assert problems["tugas"] == [
        "baris 4: laporan_diterima 15 Januari 2027 sesudah hari ini (27 November 2026); "
        "catat sesudah terjadi"
    ]
    assert problems["pelatihan"] == [
        "baris 5: mulai 1 Mei 2027 sesudah hari ini (27 November 2026); catat sesudah terjadi",
        "baris 5: selesai 2 Mei 2027 sesudah hari ini (27 November 2026); catat sesudah terjadi",
        "baris 6: tanggal selesai (2 Maret 2026) tidak boleh sebelum tanggal mulai (5 Maret 2026)",
        "baris 7: anggota kosong",
    ]
    assert problems["rapat"] == [
        "baris 5: dilaksanakan 25 Desember 2026 sesudah hari ini (27 November 2026); "
        "catat sesudah terjadi"
    ]
    assert sum((await counts(db)).values()) == 0


async def test_two_members_of_one_name_are_told_apart_by_phone(
    db, records, people, services, tmp_path
):
    twins = [row(30, "Rahmadi", "+6281299000001"), row(31, "Rahmadi", "+6281299000002")]
    await services.roster.import_rows(twins, dry_run=False)
    head = "pelatihan;mulai;selesai;penyelenggara;anggota\n"
    text = head + "Bimtek;2026-01-05;2026-01-05;;Rahmadi\n"
    text += "Bimtek;2026-01-05;2026-01-05;;Yusuf Mahmud (0812 9900 0001)\n"
    text += "Bimtek;2026-01-05;2026-01-05;;0899-1111-2222\n"
    with pytest.raises(RecordFileError) as refused:
        await records.import_file("pelatihan", write(tmp_path, text), dry_run=False)
    assert str(refused.value).splitlines() == [
        "baris 2: nama 'Rahmadi' dipakai 2 orang di roster (+6281299000001, +6281299000002); "
        "tulis nomor teleponnya, mis. 'Nama (0812…)'",
        "baris 3: nomor 0812 9900 0001 milik Rahmadi, bukan 'Yusuf Mahmud (0812 9900 0001)'",
        "baris 4: nomor 0899-1111-2222 tidak ada di roster",
    ]
    text = head + "Bimtek;2026-01-05;2026-01-05;;Rahmadi (0812 9900 0001)\n"
    text += "Bimtek;2026-01-05;2026-01-05;;+62 812-9900-0002\n"
    report = await records.import_file("pelatihan", write(tmp_path, text), dry_run=False)
    assert report.counts == {"pelatihan baru": 1, "kehadiran baru": 2}


async def test_a_file_is_checked_against_today_in_the_configured_zone(
    records, clock, zone, tmp_path
):
    """At 16:30 UTC on 27 November a report received on the 28th has been received in WITA
    (00:30) but not yet in WIB (23:30 the day before)."""
    clock.now = ACROSS_MIDNIGHT
    text = (
        TASKS.splitlines()[0] + "\nKunker Surabaya,reses,persidangan,2026-11-20,2026-11-28,Ani\n"
    )
    if zone is WITA:
        report = await records.import_file("tugas", write(tmp_path, text), dry_run=True)
        assert report.counts == {"tugas baru": 1, "laporan baru": 1}
    else:
        with pytest.raises(RecordFileError, match=r"sesudah hari ini \(27 November 2026\)"):
            await records.import_file("tugas", write(tmp_path, text), dry_run=True)
