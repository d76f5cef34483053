"""The recording flows on a real database: each flow to its save, undo, stale and bad input."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from survey.people.model import Person
from survey.records.flow.actions import encode
from survey.records.flow.model import (
    Control,
    Fact,
    FlowKind,
    FlowNote,
    FlowNotice,
    FlowReply,
    FlowScreen,
    Saved,
    Step,
    Verb,
)
from survey.records.flow.service import RecordFlowService
from survey.records.service import RecordService
from survey.records.tables import MeetingRow, TaskReportRow
from tests.integration.helpers import row
from tests.integration.test_records_support import counts, roster
from tests.zones import ACROSS_MIDNIGHT, WITA

pytestmark = pytest.mark.zones


@pytest.fixture
def flows(services) -> RecordFlowService:
    return services.record_flows


@pytest.fixture
def records(services) -> RecordService:
    return services.records


@pytest.fixture
async def people(services) -> dict[str, Person]:
    return await roster(services)


def only_screen(replies: list[FlowReply]) -> FlowScreen:
    screens = [r for r in replies if isinstance(r, FlowScreen)]
    assert len(screens) == 1, replies
    return screens[0]


def control(screen: FlowScreen, which: Control) -> str:
    return next(action for c, action in screen.controls if c is which)


def choice(screen: FlowScreen, label: str) -> str:
    return next(c.action for c in screen.choices if label in c.label)


def note(replies: list[FlowReply]) -> FlowNotice:
    assert isinstance(replies[0], FlowNotice), replies
    return replies[0]


async def new_training_to_confirm(flows, staff, names=("Ahmad", "Siti")) -> FlowScreen:
    screen = only_screen(await flows.start(staff, FlowKind.TRAINING))
    screen = only_screen(await flows.press(staff, control(screen, Control.NEW_TRAINING)))
    screen = only_screen(await flows.typed(staff, "Bimtek  Keuangan Daerah"))
    screen = only_screen(await flows.typed(staff, "05/01/2026 - 7 Januari 2026"))
    screen = only_screen(await flows.typed(staff, "BPSDM Kalsel"))
    assert screen.step is Step.ATTENDEES
    for name in names:
        screen = only_screen(await flows.press(staff, choice(screen, name)))
    assert screen.ticked == len(names)
    return only_screen(await flows.press(staff, control(screen, Control.DONE_TICKING)))


async def test_a_new_training_is_confirmed_then_saved_once(flows, people, db):
    confirm = await new_training_to_confirm(flows, people["rahmah"])
    assert confirm.step is Step.CONFIRM
    assert dict(confirm.facts) == {
        Fact.TRAINING: "Bimtek Keuangan Daerah",
        Fact.DATES: "5 Januari 2026 – 7 Januari 2026",
        Fact.ORGANISER: "BPSDM Kalsel",
        Fact.ATTENDEES: "H. Ahmad Rizani, Hj. Siti Aminah",
    }
    assert (await counts(db))["training"] == 0  # nothing before "Ya, simpan"
    save = control(confirm, Control.SAVE)
    saved = await flows.press(people["rahmah"], save)
    assert isinstance(saved[0], Saved) and saved[0].undo is not None
    again = await flows.press(people["rahmah"], save)
    assert note(again).note is FlowNote.ALREADY_SAVED
    tally = await counts(db)
    assert (tally["training"], tally["training_attendance"], tally["audit_log"]) == (1, 2, 3)


async def test_undo_by_button_within_a_day_only_by_its_author(flows, people, db, clock):
    confirm = await new_training_to_confirm(flows, people["rahmah"])
    saved = (await flows.press(people["rahmah"], control(confirm, Control.SAVE)))[0]
    assert isinstance(saved, Saved) and saved.undo is not None
    refused = note(await flows.press(people["budi"], saved.undo))
    assert refused.note is FlowNote.REFUSED and "hanya pencatatnya" in refused.detail
    undone = note(await flows.press(people["rahmah"], saved.undo))
    assert (undone.note, undone.detail) == (FlowNote.UNDONE, "3")
    tally = await counts(db)
    assert (tally["training"], tally["training_attendance"]) == (0, 0)
    twice = note(await flows.press(people["rahmah"], saved.undo))
    assert twice.note is FlowNote.REFUSED and "sudah dibatalkan" in twice.detail
    assert note(await flows.undo_latest(people["rahmah"])).note is FlowNote.NOTHING_TO_UNDO


async def test_undo_latest_refuses_after_24_hours(flows, people, db, clock):
    confirm = await new_training_to_confirm(flows, people["rahmah"], names=("Yusuf",))
    await flows.press(people["rahmah"], control(confirm, Control.SAVE))
    clock.now += timedelta(hours=25)
    late = note(await flows.undo_latest(people["rahmah"]))
    assert late.note is FlowNote.REFUSED and "lebih dari 24 jam" in late.detail
    assert (await counts(db))["training_attendance"] == 1
    clock.now -= timedelta(hours=2)
    assert note(await flows.undo_latest(people["rahmah"])).note is FlowNote.UNDONE


async def test_a_member_not_in_office_cannot_be_ticked_or_saved(
    flows, people, records, services, clock, db
):
    training = await records.add_training(
        "cli", name="Orientasi", starts_on=date(2026, 1, 5), ends_on=date(2026, 1, 5)
    )
    staff = people["rahmah"]
    screen = only_screen(await flows.start(staff, FlowKind.TRAINING))
    screen = only_screen(await flows.press(staff, choice(screen, "Orientasi")))
    screen = only_screen(await flows.press(staff, choice(screen, "Yusuf")))
    clock.now = datetime(2026, 1, 2, 3, 0, tzinfo=UTC)
    await services.roster.set_active(people["yusuf"].phone, False)
    confirm = only_screen(await flows.press(staff, control(screen, Control.DONE_TICKING)))
    refused = note(await flows.press(staff, control(confirm, Control.SAVE)))
    assert (
        refused.note is FlowNote.REFUSED and "tidak menjabat pada 5 Januari 2026" in refused.detail
    )
    assert (await counts(db))["training_attendance"] == 0
    back = only_screen(await flows.press(staff, control(confirm, Control.BACK)))
    assert [c.label for c in back.choices if c.ticked] == ["Yusuf Mahmud"]  # can be unticked
    unticked = only_screen(await flows.press(staff, choice(back, "Yusuf")))
    assert unticked.ticked == 0 and "Yusuf" not in [c.label for c in unticked.choices]
    forged = encode(screen_version(unticked), Verb.ON, people["yusuf"].id)
    again = note(await flows.press(staff, forged))
    assert again.note is FlowNote.REFUSED and "tidak menjabat" in again.detail
    assert (await counts(db))["training_attendance"] == 0 and training.attendees == 0


async def test_a_report_is_recorded_once_with_the_recorder_as_receiver(flows, people, records, db):
    task = await records.add_task(
        "cli",
        name="Kunker Komisi I",
        kind="kunker",
        bidang="persidangan",
        due_on=date(2026, 10, 1),
    )
    await records.add_task(
        "cli", name="Reses", kind="reses", bidang="umum", due_on=date(2026, 9, 1)
    )
    budi = people["budi"]
    screen = only_screen(await flows.start(budi, FlowKind.REPORT))
    assert screen.choices[0].label.startswith("Kunker Komisi I")  # own bidang first
    chosen = choice(screen, "Kunker")
    screen = only_screen(await flows.press(budi, chosen))
    bad = note(await flows.typed(budi, "31 Februari 2026"))
    assert bad.note is FlowNote.REFUSED and "tidak dikenali" in bad.detail
    confirm = only_screen(await flows.typed(budi, "2026-11-20"))
    assert dict(confirm.facts)[Fact.RECEIVED_BY] == "Drs. Budi Santoso"
    saved = (await flows.press(budi, control(confirm, Control.SAVE)))[0]
    assert isinstance(saved, Saved)
    async with db.transaction() as session:
        report = (await session.exec(select(TaskReportRow))).one()
    assert (report.task_id, report.received_on) == (task.id, date(2026, 11, 20))
    screen = only_screen(await flows.start(budi, FlowKind.REPORT))
    assert [c.label for c in screen.choices] == ["Reses (1 September 2026)"]
    twice = note(await flows.press(budi, encode(screen_version(screen), Verb.CHOOSE, task.id)))
    assert twice.note is FlowNote.REFUSED and "sudah dicatat" in twice.detail


def screen_version(screen: FlowScreen) -> int:
    return int(screen.controls[-1][1].split(":")[1])


async def test_a_planned_meeting_outside_its_year_is_refused_then_recorded_below_standard(
    flows, people, records, db
):
    meeting = await records.plan_meeting(
        "cli", agenda="Raperda Pajak", planned_on=date(2026, 3, 2)
    )
    staff = people["sekretaris"]
    screen = only_screen(await flows.start(staff, FlowKind.MEETING))
    screen = only_screen(await flows.press(staff, choice(screen, "Raperda Pajak")))
    outside = note(await flows.typed(staff, "5 Januari 2027"))
    assert outside.note is FlowNote.REFUSED and "di luar tahun rencana 2026" in outside.detail
    screen = only_screen(await flows.typed(staff, "3 Maret 2026"))
    assert screen.step is Step.CHECKLIST and all(c.ticked for c in screen.choices)
    screen = only_screen(await flows.press(staff, screen.choices[1].action))
    assert [c.ticked for c in screen.choices][:2] == [True, False]
    confirm = only_screen(await flows.press(staff, control(screen, Control.NEXT)))
    assert dict(confirm.facts)[Fact.STANDARD] == "tidak"
    await flows.press(staff, control(confirm, Control.SAVE))
    async with db.transaction() as session:
        row_ = await session.get(MeetingRow, meeting.id)
    assert row_ is not None
    assert (row_.held_on, row_.standard_met, row_.missed_items) == (
        date(2026, 3, 3),
        False,
        "Bahan rapat tersedia",
    )


async def test_a_new_meeting_held_today_is_one_change_and_undone_whole(flows, people, db):
    staff = people["rahmah"]
    screen = only_screen(await flows.start(staff, FlowKind.MEETING))
    screen = only_screen(await flows.press(staff, control(screen, Control.NEW_MEETING)))
    screen = only_screen(await flows.typed(staff, "Raperda RTRW"))
    screen = only_screen(await flows.typed(staff, "1 November 2026"))
    screen = only_screen(await flows.press(staff, control(screen, Control.TODAY)))
    confirm = only_screen(await flows.press(staff, control(screen, Control.NEXT)))
    assert dict(confirm.facts)[Fact.HELD] == "27 November 2026"
    await flows.press(staff, control(confirm, Control.SAVE))
    assert (await counts(db))["raperda_meeting"] == 1
    assert note(await flows.undo_latest(staff)).detail == "1"
    assert (await counts(db))["raperda_meeting"] == 0


async def test_members_are_refused_and_nothing_is_stored(flows, people, db):
    before = await counts(db)
    for kind in FlowKind:
        assert note(await flows.start(people["siti"], kind)).note is FlowNote.NOT_ALLOWED
    assert note(await flows.undo_latest(people["siti"])).note is FlowNote.NOT_ALLOWED
    assert await counts(db) == before and not await flows.active(people["siti"].id)


async def test_stale_garbled_and_cancelled_buttons_change_nothing(flows, people):
    staff = people["rahmah"]
    first = only_screen(await flows.start(staff, FlowKind.TRAINING))
    new = control(first, Control.NEW_TRAINING)
    only_screen(await flows.press(staff, new))
    stale = await flows.press(staff, new)
    assert note(stale).note is FlowNote.STALE and only_screen(stale).step is Step.TRAINING_NAME
    for garbled in ("catat", "catat:x:baru", "catat:1:pilih", "catat:1:terbang", "catat:u:5:2"):
        assert note(await flows.press(staff, garbled)).note is FlowNote.UNKNOWN
    assert note(await flows.typed(staff, "   ")).note is FlowNote.REFUSED
    assert note(await flows.cancel(staff)).note is FlowNote.CANCELLED
    assert await flows.cancel(staff) == [] and not await flows.active(staff.id)


async def test_a_new_service_resumes_the_flow_and_a_long_roster_is_paged(
    flows, people, services, db, clock, zone
):
    extra = [row(20 + i, f"Anggota Tambahan {i:02d}", f"+6281299{i:05d}") for i in range(10)]
    await services.roster.import_rows(extra, dry_run=False)
    staff = people["rahmah"]
    screen = only_screen(await flows.start(staff, FlowKind.TRAINING))
    only_screen(await flows.press(staff, control(screen, Control.NEW_TRAINING)))
    await flows.typed(staff, "Orientasi")
    await flows.typed(staff, "2026-01-05")
    screen = only_screen(await flows.typed(staff, "-"))
    assert (screen.pages, len(screen.choices)) == (2, 8)  # 13 members in office
    later = RecordFlowService(db, clock, zone=zone)
    resumed = await later.start(staff, FlowKind.TRAINING)
    assert note(resumed).note is FlowNote.RESUMED and only_screen(resumed).step is Step.ATTENDEES
    page2 = only_screen(await later.press(staff, control(screen, Control.MORE)))
    assert (page2.page, len(page2.choices)) == (1, 5)
    replaced = await later.start(staff, FlowKind.MEETING)
    assert note(replaced).note is FlowNote.REPLACED and only_screen(replaced).step is Step.MEETING


async def test_two_racing_taps_on_save_save_once(flows, people, db, clock, zone):
    confirm = await new_training_to_confirm(flows, people["rahmah"])
    save = control(confirm, Control.SAVE)
    other = RecordFlowService(db, clock, zone=zone)  # as a second process would
    first, second = await asyncio.gather(
        flows.press(people["rahmah"], save), other.press(people["rahmah"], save)
    )
    saved = [r[0] for r in (first, second) if isinstance(r[0], Saved)]
    refused = [r[0] for r in (first, second) if isinstance(r[0], FlowNotice)]
    assert len(saved) == 1 and [n.note for n in refused] == [FlowNote.ALREADY_SAVED]
    assert (await counts(db))["training_attendance"] == 2


async def test_back_from_the_roster_of_a_new_training_keeps_what_was_typed_and_ticked(
    flows, people
):
    staff = people["rahmah"]
    confirm = await new_training_to_confirm(flows, staff, names=("Siti",))
    roster_ = only_screen(await flows.press(staff, control(confirm, Control.BACK)))
    organiser = only_screen(await flows.press(staff, control(roster_, Control.BACK)))
    assert organiser.step is Step.ORGANISER
    assert dict(organiser.facts)[Fact.TRAINING] == "Bimtek Keuangan Daerah"
    again = only_screen(await flows.press(staff, control(organiser, Control.SKIP)))
    assert (again.step, again.ticked) == (Step.ATTENDEES, 1)


async def test_a_training_held_today_is_today_in_the_configured_zone(flows, people, clock, zone):
    """At 16:30 UTC on 27 November a training on the 28th has happened in WITA (00:30) and
    not yet in WIB (23:30 the day before)."""
    clock.now = ACROSS_MIDNIGHT
    staff = people["rahmah"]
    screen = only_screen(await flows.start(staff, FlowKind.TRAINING))
    screen = only_screen(await flows.press(staff, control(screen, Control.NEW_TRAINING)))
    screen = only_screen(await flows.typed(staff, "Bimtek Keuangan Daerah"))
    replies = await flows.typed(staff, "28/11/2026")
    if zone is WITA:
        assert only_screen(replies).step is Step.ORGANISER
    else:
        refused = note(replies)
        assert refused.note is FlowNote.REFUSED
        assert "sesudah hari ini (27 November 2026)" in refused.detail
        assert only_screen(replies).step is Step.TRAINING_DATES
