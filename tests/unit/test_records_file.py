"""Reading records spreadsheets: typed lines, the three date forms, every problem of form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from survey.records.importing.file import (
    MeetingLine,
    RecordFileError,
    TaskLine,
    TrainingLine,
    read_records,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catatan.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("written", ["2026-01-05", "05/01/2026", "5 Januari 2026", "5 jan 2026"])
def test_dates_are_read_in_every_form_people_type(tmp_path, written):
    text = f"Pelatihan,Mulai,Selesai,Anggota\nBimtek,{written},{written},A\n"
    (line,), problems = read_records("pelatihan", write(tmp_path, text))
    assert problems == []
    assert line == TrainingLine(2, "Bimtek", date(2026, 1, 5), date(2026, 1, 5), None, "A")


def test_task_and_meeting_lines_carry_their_optional_parts(tmp_path):
    tasks = "tugas;jenis;bidang;jatuh_tempo\nReses;reses;Bidang Persidangan;31/03/2026\n"
    assert read_records("tugas", write(tmp_path, tasks)) == (
        [TaskLine(2, "Reses", "reses", "persidangan", date(2026, 3, 31), None, None)],
        [],
    )
    meetings = (
        "agenda,rencana,dilaksanakan,sesuai_standar,catatan\n"
        'A,2026-03-01,2026-03-02,TIDAK,"x; ;y"\n'
    )
    (line,), _ = read_records("rapat", write(tmp_path, meetings))
    assert line == MeetingLine(2, "A", date(2026, 3, 1), date(2026, 3, 2), False, ("x", "y"))


def test_a_row_repeating_an_earlier_record_is_a_problem_in_any_case_or_spacing(tmp_path):
    text = (
        "agenda,rencana\nRaperda Pajak,2026-03-01\nraperda  PAJAK,1 Maret 2026\nLain,2026-03-01\n"
    )
    lines, problems = read_records("rapat", write(tmp_path, text))
    assert [line.row for line in lines] == [2, 4]
    assert [str(p) for p in problems] == ["baris 3: rapat sama dengan baris 2 (baris ganda)"]


def test_blank_cells_bad_dates_and_bad_answers_are_each_named(tmp_path):
    text = "agenda,rencana,dilaksanakan,sesuai_standar\n,2026-02-30,2026-03-01,\n"
    lines, problems = read_records("rapat", write(tmp_path, text))
    assert lines == []
    assert [str(p) for p in problems] == [
        "baris 2: agenda kosong",
        "baris 2: rencana: tanggal tidak dikenali: '2026-02-30' "
        "(contoh: 2026-01-05, 05/01/2026, 5 Januari 2026)",
        "baris 2: sesuai_standar kosong",
    ]


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("tugas", "tugas,jenis\nA,B\n", "kolom wajib tidak ada: bidang, jatuh_tempo"),
        ("rapat", "agenda,rencana\n", "tidak ada baris data"),
        ("cuti", "a\nb\n", "jenis tidak dikenal: 'cuti'"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_as_a_whole(tmp_path, kind, text, message):
    with pytest.raises(RecordFileError, match=message):
        read_records(kind, write(tmp_path, text))
