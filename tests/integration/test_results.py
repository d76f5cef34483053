"""The IKM of a period from the database: SQL tallies, the threshold, the trend, the file path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.chat.answers import ikm_text
from scoring.answers_file import read_answers
from scoring.frame import tally_frame
from scoring.ikm import compute_ikm
from survey.conversation.events import Answer, Skip, Start, Submit
from survey.ports import DomainError
from survey.services import Services
from tests.integration.helpers import members, open_period

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
SHEET = [(3, 4, 2, 3, 4, 1), (4, 4, 3, 3, 4, 2), (2, 3, 3, 4, 4, 3), (4, 4, 4, 4, 4, 4)]


async def submit(services: Services, person_id: int, values) -> None:
    await services.survey.handle(person_id, Start())
    for code, value in zip(CODES, values, strict=True):
        await services.survey.handle(person_id, Answer(code, value))
    await services.survey.handle(person_id, Skip())
    assert (await services.survey.handle(person_id, Submit()))[0].note.value == "thanks"


async def test_database_path_and_file_path_agree(services, tmp_path: Path):
    people = await members(services, 4)
    await open_period(services)
    for person, values in zip(people, SHEET, strict=True):
        await submit(services, person.id, values)
    await services.periods.close()  # releases the fourth, sealed apart from the first three
    from_db = (await services.results.period_result()).result
    csv = tmp_path / "a.csv"
    csv.write_text(",".join(CODES) + "\n" + "\n".join(",".join(map(str, r)) for r in SHEET))
    table = read_answers(csv)
    from_file = compute_ikm(tally_frame(table.frame, table.codes), table.respondents)
    assert from_db == from_file
    assert str(from_db.score_display) == "83.33" and from_db.grade == "B"


async def test_results_stay_hidden_below_the_minimum(services):
    people = await members(services, 3)
    await open_period(services)
    await submit(services, people[0].id, SHEET[0])
    await submit(services, people[1].id, SHEET[1])
    answer = await services.results.period_result()
    assert answer.result is None and not answer.shown
    text = ikm_text(answer)
    assert "baru 2 anggota mengisi, perlu 1 lagi (minimal 3)" in text
    assert "86" not in text


async def test_text_shows_grade_sample_priority_and_trend(services):
    people = await members(services, 4)
    await services.periods.open("Semester I 2026", version="dprd-6-v1", starts_on=date(2026, 1, 1))
    for person, values in zip(people[:3], [(3,) * 6] * 3, strict=True):
        await submit(services, person.id, values)
    await services.periods.close()
    await open_period(services, "Semester II 2026")
    for person, values in zip(people, SHEET, strict=True):
        await submit(services, person.id, values)
    text = ikm_text(await services.results.period_result())
    assert "Responden: 3 dari 4 anggota. 1 jawaban terbaru menunggu dihitung" in text
    await services.periods.close()
    text = ikm_text(await services.results.period_result())
    assert text.startswith("IKM periode Semester II 2026: 83,33 (B, Baik)")
    assert "Responden: 4 dari 4 anggota." in text and "Sampel belum memadai" not in text
    assert "Prioritas perbaikan: Sarana dan Prasarana." in text
    assert "Dibanding Semester I 2026 (75,00): naik 8,33 poin." in text
    earlier = ikm_text(await services.results.period_result("semester i 2026"))
    assert earlier.startswith("IKM periode Semester I 2026: 75,00 (C, Kurang Baik)")


async def test_unknown_period_is_named(services):
    await open_period(services)
    with pytest.raises(DomainError, match="tidak ditemukan"):
        await services.results.period_result("Tahun 1999")
