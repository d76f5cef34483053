"""The records service on a real database: the rules of IK1–IK3 records, the audit log, undo."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from survey.ports import DomainError
from survey.records.model import NotARecorder
from survey.records.service import RecordService
from tests.integration.test_records_support import counts, roster
from tests.zones import ACROSS_MIDNIGHT, WITA

pytestmark = pytest.mark.zones
JAN5, JAN7 = date(2026, 1, 5), date(2026, 1, 7)


@pytest.fixture
def records(services) -> RecordService:
    return services.records


@pytest.fixture
async def people(services):
    return await roster(services)


async def bimtek(records, actor="cli", starts=JAN5, ends=JAN7):
    return await records.add_training(
        actor, name="Bimtek  Keuangan Daerah", starts_on=starts, ends_on=ends, organiser="BPSDM"
    )


async def test_a_training_with_no_attendees_is_fine(records, people):
    training = await bimtek(records, people["rahmah"])
    assert training.name == "Bimtek Keuangan Daerah" and training.attendees == 0
    assert [t.id for t in await records.trainings()] == [training.id]


async def test_attendance_is_added_and_repeating_it_is_harmless(records, people, db):
    training = await bimtek(records)
    ahmad, siti = people["ahmad"], people["siti"]
    first = await records.attend(people["budi"], training.id, [ahmad.id])
    again = await records.attend(people["budi"], training.id, [ahmad.id, siti.id, siti.id])
    assert [p.name for p in first.added] == ["H. Ahmad Rizani"]
    assert [p.name for p in again.added] == ["Hj. Siti Aminah"]
    assert [p.name for p in again.already] == ["H. Ahmad Rizani"]
    assert again.training.attendees == 2
    assert (await counts(db))["training_attendance"] == 2


async def test_member_not_in_office_on_the_start_is_refused_and_nobody_is_added(
    records, people, services, clock, db
):
    training = await bimtek(records)
    clock.now = datetime(2026, 1, 2, 3, 0, tzinfo=UTC)
    await services.roster.set_active(people["yusuf"].phone, False)
    before = await counts(db)
    with pytest.raises(DomainError) as refused:
        await records.attend("cli", training.id, [people["ahmad"].id, people["yusuf"].id])
    assert str(refused.value) == (
        "Yusuf Mahmud tidak menjabat pada 5 Januari 2026 (nonaktif sejak 2 Januari 2026)"
    )
    assert await counts(db) == before


async def test_member_who_left_after_the_start_or_was_imported_later_counts(
    records, people, services, clock
):
    training = await bimtek(records)  # the roster was imported in November, after the training
    clock.now = datetime(2026, 1, 6, 3, 0, tzinfo=UTC)
    await services.roster.set_active(people["yusuf"].phone, False)
    result = await records.attend("cli", training.id, [people["yusuf"].id, people["ahmad"].id])
    assert len(result.added) == 2


async def test_only_members_attend_and_unknown_people_or_trainings_are_refused(records, people):
    training = await bimtek(records)
    with pytest.raises(DomainError, match=r"Rahmah bukan anggota DPRD \(peran staf\)"):
        await records.attend("cli", training.id, [people["rahmah"].id])
    with pytest.raises(DomainError, match="orang #999 tidak ada di roster"):
        await records.attend("cli", training.id, [999])
    with pytest.raises(DomainError, match="pelatihan #999 tidak ada"):
        await records.attend("cli", 999, [people["ahmad"].id])


RECORDINGS = {
    "pelatihan": lambda r, a: bimtek(r, a),
    "tugas": lambda r, a: r.add_task(a, name="Reses", kind="reses", bidang="umum", due_on=JAN5),
    "rapat": lambda r, a: r.plan_meeting(a, agenda="Raperda APBD", planned_on=JAN5),
}


@pytest.mark.parametrize("what", RECORDINGS)
async def test_a_person_without_the_role_cannot_record(records, people, services, db, what):
    await services.roster.set_active(people["rahmah"].phone, False)
    before = await counts(db)
    for who in (people["ahmad"], people["rahmah"]):  # a member; a staf no longer in office
        with pytest.raises(NotARecorder, match="hanya staf dan Kepala Bidang yang dapat mencatat"):
            await RECORDINGS[what](records, who)
    assert await counts(db) == before


@pytest.mark.parametrize("who", ["rahmah", "budi", "sekretaris"])
async def test_staf_kabid_and_sekretaris_may_record(records, people, who):
    assert (await bimtek(records, people[who])).id


async def test_a_report_for_an_unknown_task_is_refused(records, people, db):
    before = await counts(db)
    with pytest.raises(DomainError, match="tugas #42 tidak ada"):
        await records.report("cli", 42, received_on=JAN5, received_by="Rahmah")
    assert await counts(db) == before


async def test_a_second_report_names_the_date_of_the_first(records, db):
    task = await records.add_task(
        "cli", name="Kunker ke Banjarmasin", kind="Kunjungan Kerja", bidang="Umum", due_on=JAN5
    )
    assert (task.kind, task.bidang) == ("kunjungan kerja", "umum")
    await records.report("cli", task.id, received_on=JAN7, received_by="Rahmah")
    before = await counts(db)
    with pytest.raises(DomainError) as refused:
        await records.report("cli", task.id, received_on=date(2026, 2, 1), received_by="Budi")
    assert "sudah dicatat: diterima 7 Januari 2026 oleh Rahmah" in str(refused.value)
    assert await counts(db) == before


async def test_a_meeting_held_outside_its_plan_year_is_refused(records, db):
    meeting = await records.plan_meeting(
        "cli", agenda="Raperda RPJMD", planned_on=date(2026, 12, 20)
    )
    before = await counts(db)
    with pytest.raises(DomainError, match="di luar tahun rencana 2026"):
        await records.facilitate(
            "cli", meeting.id, held_on=date(2027, 1, 4), standard_met=True, missed_items=[]
        )
    assert await counts(db) == before
    assert (await records.meetings(2026))[0].held_on is None


@pytest.mark.parametrize(
    ("met", "items", "message"),
    [
        (False, [], "harus menyebut minimal satu butir"),
        (False, ["  ", ""], "harus menyebut minimal satu butir"),
        (True, ["notulen"], "tidak boleh punya butir"),
    ],
)
async def test_standard_met_and_missed_items_must_agree(records, met, items, message):
    meeting = await records.plan_meeting("cli", agenda="Raperda Pajak", planned_on=JAN5)
    with pytest.raises(DomainError, match=message):
        await records.facilitate(
            "cli", meeting.id, held_on=JAN7, standard_met=met, missed_items=items
        )


async def test_a_meeting_is_facilitated_and_then_corrected(records):
    meeting = await records.plan_meeting("cli", agenda="Raperda Pajak", planned_on=JAN5)
    held = await records.facilitate(
        "cli", meeting.id, held_on=JAN7, standard_met=False, missed_items=["notulen", " absensi "]
    )
    assert held.missed_items == ("notulen", "absensi") and held.standard_met is False
    fixed = await records.facilitate(
        "cli", meeting.id, held_on=JAN5, standard_met=True, missed_items=[]
    )
    assert (fixed.held_on, fixed.standard_met, fixed.missed_items) == (JAN5, True, ())


async def test_every_change_writes_an_audit_row_with_iso_dates(records, people, clock):
    actor = people["budi"]
    training = await bimtek(records, actor)
    await records.attend(actor, training.id, [people["ahmad"].id])
    meeting = await records.plan_meeting(actor, agenda="Raperda Pajak", planned_on=JAN5)
    await records.facilitate(
        actor, meeting.id, held_on=JAN7, standard_met=False, missed_items=["notulen"]
    )
    log = await records.log()
    assert [(e.action, e.entity) for e in log] == [
        ("ubah", "rapat"),
        ("tambah", "rapat"),
        ("tambah", "kehadiran"),
        ("tambah", "pelatihan"),
    ]
    assert {e.actor for e in log} == {f"Drs. Budi Santoso (#{actor.id})"}
    assert {e.at for e in log} == {clock.now}
    assert log[3].before is None and log[3].after == {
        "id": training.id,
        "name": "Bimtek Keuangan Daerah",
        "starts_on": "2026-01-05",
        "ends_on": "2026-01-07",
        "organiser": "BPSDM",
    }
    assert log[2].entity_id == f"{training.id}/{people['ahmad'].id}"
    assert log[0].before["held_on"] is None and log[0].after["held_on"] == "2026-01-07"
    assert log[0].after["missed_items"] == "notulen"
    assert [e.entity for e in await records.log(limit=1, entity="pelatihan")] == ["pelatihan"]


async def test_the_author_undoes_an_addition_within_a_day(records, people, clock, db):
    task = await records.add_task(
        people["rahmah"], name="Reses", kind="reses", bidang="umum", due_on=JAN5
    )
    added = (await records.log())[0]
    clock.now += timedelta(hours=23, minutes=59)
    said = await records.undo(people["rahmah"], added.id)
    assert said == f"Perubahan #{added.id} (tambah tugas #{task.id}) dibatalkan."
    assert await records.tasks() == []
    undo = (await records.log())[0]
    assert (undo.action, undo.entity, undo.entity_id) == ("batal", "tugas", str(task.id))
    assert undo.before["name"] == "Reses" and undo.after is None
    with pytest.raises(DomainError, match="sudah dibatalkan"):
        await records.undo(people["rahmah"], added.id)


async def test_undoing_a_change_restores_what_it_held(records, people):
    meeting = await records.plan_meeting("cli", agenda="Raperda Pajak", planned_on=JAN5)
    await records.facilitate("cli", meeting.id, held_on=JAN7, standard_met=True, missed_items=[])
    await records.undo("cli", (await records.log())[0].id)
    (restored,) = await records.meetings()
    assert (restored.held_on, restored.standard_met) == (None, None)
    json.dumps((await records.log())[0].after)  # the batal row holds plain JSON


async def test_undo_by_another_person_or_after_a_day_is_refused(records, people, clock, db):
    await bimtek(records, people["rahmah"])
    change = (await records.log())[0]
    with pytest.raises(DomainError, match="hanya pencatatnya yang dapat membatalkannya"):
        await records.undo(people["budi"], change.id)
    with pytest.raises(DomainError, match="hanya pencatatnya"):
        await records.undo("cli", change.id)
    clock.now += timedelta(hours=24, seconds=1)
    before = await counts(db)
    with pytest.raises(DomainError, match="lebih dari 24 jam"):
        await records.undo(people["rahmah"], change.id)
    with pytest.raises(DomainError, match="perubahan #999 tidak ada"):
        await records.undo(people["rahmah"], 999)
    assert await counts(db) == before


async def test_undo_refuses_a_training_with_attendees_and_an_earlier_change(records, people):
    training = await bimtek(records)
    await records.attend("cli", training.id, [people["ahmad"].id])
    add_training, add_attendance = (await records.log())[::-1]
    with pytest.raises(DomainError, match="sudah punya peserta"):
        await records.undo("cli", add_training.id)
    await records.undo("cli", add_attendance.id)
    with pytest.raises(DomainError, match=r"\(batal\) tidak dapat dibatalkan"):
        await records.undo("cli", (await records.log())[0].id)
    await records.undo("cli", add_training.id)
    assert await records.trainings() == []


async def test_listings_filter_tasks_and_meetings(records):
    for bidang, due in (("umum", JAN5), ("persidangan", JAN7), ("umum", date(2026, 3, 1))):
        await records.add_task("cli", name=f"Tugas {due}", kind="reses", bidang=bidang, due_on=due)
    await records.plan_meeting("cli", agenda="A", planned_on=JAN5)
    await records.plan_meeting("cli", agenda="B", planned_on=date(2027, 2, 1))
    assert [t.due_on for t in await records.tasks(bidang=" Umum ")] == [JAN5, date(2026, 3, 1)]
    assert [t.due_on for t in await records.tasks(due_from=JAN7, due_to=JAN7)] == [JAN7]
    assert [m.agenda for m in await records.meetings(2027)] == ["B"]
    assert len(await records.meetings()) == 2


async def test_two_racing_reports_for_one_task_record_one_and_refuse_the_other(records, db):
    task = await records.add_task("cli", name="Reses", kind="reses", bidang="umum", due_on=JAN5)

    async def report(by: str):
        return await records.report("cli", task.id, received_on=JAN7, received_by=by)

    results = await asyncio.gather(report("Rahmah"), report("Budi"), return_exceptions=True)
    assert sorted(type(r).__name__ for r in results) == ["DomainError", "TaskReport"]
    refused = next(r for r in results if isinstance(r, DomainError))
    assert "sudah dicatat" in str(refused) or "baru saja dicatat orang lain" in str(refused)
    assert (await counts(db))["task_report"] == 1


async def test_today_is_the_local_date_in_the_configured_zone(records, clock, zone):
    """At 16:30 UTC on 27 November it is 28 November in WITA but still the 27th in WIB: a
    meeting held on the 28th can be recorded in WITA only."""
    clock.now = ACROSS_MIDNIGHT
    meeting = await records.plan_meeting("cli", agenda="Raperda Pajak", planned_on=JAN5)
    nov28 = date(2026, 11, 28)

    async def held_on_the_28th():
        return await records.facilitate(
            "cli", meeting.id, held_on=nov28, standard_met=True, missed_items=[]
        )

    if zone is WITA:
        assert (await held_on_the_28th()).held_on == nov28
    else:
        with pytest.raises(DomainError, match=r"sesudah hari ini \(27 November 2026\)"):
            await held_on_the_28th()
