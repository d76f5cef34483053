"""/tindaklanjut on a real database: a new action and a status to their save, undo, stale
buttons, resume after a restart, roles, and a period whose results are not shown."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from survey.people.model import Person, Role
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
)
from survey.records.flow.service import RecordFlowService
from survey.records.follow_up.tables import FollowUpRow
from tests.integration.follow_up_support import released
from tests.integration.helpers import open_period
from tests.integration.test_records_support import roster

pytestmark = pytest.mark.zones


@pytest.fixture
def flows(services) -> RecordFlowService:
    return services.record_flows


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


async def rows(db) -> list[FollowUpRow]:
    async with db.transaction() as session:
        return list(await session.exec(select(FollowUpRow).order_by(FollowUpRow.id)))


async def new_action_to_confirm(flows, person: Person) -> FlowScreen:
    screen = only_screen(await flows.start(person, FlowKind.FOLLOW_UP))
    assert screen.step is Step.FOLLOW_UP and screen.choices == ()
    screen = only_screen(await flows.press(person, control(screen, Control.NEW_ACTION)))
    assert screen.step is Step.ELEMENT
    assert [c.label for c in screen.choices][:2] == [
        "Sarana dan Prasarana (NRR 2,0000)",
        "Sistem, Mekanisme, dan Prosedur (NRR 3,0000)",
    ]
    screen = only_screen(await flows.press(person, choice(screen, "Sarana")))
    screen = only_screen(await flows.typed(person, "Perbaikan  AC ruang rapat paripurna"))
    assert screen.step is Step.BIDANG
    screen = only_screen(await flows.press(person, choice(screen, "fasilitasi")))
    assert screen.step is Step.DUE
    return only_screen(await flows.typed(person, "31 Januari 2027"))


async def test_a_new_action_is_confirmed_then_saved_once_with_an_undo(flows, services, db):
    people = await released(services)
    sekretaris = people["sekretaris"]
    confirm = await new_action_to_confirm(flows, sekretaris)
    assert confirm.step is Step.CONFIRM
    assert dict(confirm.facts) == {
        Fact.PERIOD: "Semester II 2026",
        Fact.ELEMENT: "Sarana dan Prasarana",
        Fact.WHAT: "Perbaikan AC ruang rapat paripurna",
        Fact.BIDANG: "fasilitasi",
        Fact.DUE: "31 Januari 2027",
    }
    assert await rows(db) == []  # nothing before "Ya, simpan"
    save = control(confirm, Control.SAVE)
    saved = (await flows.press(sekretaris, save))[0]
    assert isinstance(saved, Saved) and saved.undo is not None
    [row] = await rows(db)
    assert (row.element, row.bidang, row.due_on, row.status) == (
        "sarana",
        "fasilitasi",
        date(2027, 1, 31),
        "rencana",
    )
    assert dict(saved.facts)[Fact.WHAT] == f"TL{row.id} Perbaikan AC ruang rapat paripurna"
    assert note(await flows.press(sekretaris, save)).note is FlowNote.ALREADY_SAVED
    assert len(await rows(db)) == 1
    assert note(await flows.press(sekretaris, saved.undo)).note is FlowNote.UNDONE
    assert await rows(db) == []


async def test_a_status_is_set_with_a_note_and_undone_by_command(flows, services, db):
    people = await released(services)
    kabid = people["budi"]
    added = await services.follow_ups.add(
        "cli",
        period=None,
        element="sarana",
        action="Perbaikan AC",
        bidang="fasilitasi",
        due_on=date(2027, 1, 31),
    )
    screen = only_screen(await flows.start(kabid, FlowKind.FOLLOW_UP))
    screen = only_screen(await flows.press(kabid, choice(screen, added.number)))
    assert screen.step is Step.STATUS
    screen = only_screen(await flows.press(kabid, choice(screen, "berjalan")))
    screen = only_screen(await flows.typed(kabid, "AC baru sudah dipesan"))
    assert dict(screen.facts)[Fact.STATUS] == "berjalan"
    assert dict(screen.facts)[Fact.NOTE] == "AC baru sudah dipesan"
    await flows.press(kabid, control(screen, Control.SAVE))
    [row] = await rows(db)
    assert (row.status, row.note) == ("berjalan", "AC baru sudah dipesan")
    assert note(await flows.undo_latest(kabid)).note is FlowNote.UNDONE
    [row] = await rows(db)
    assert (row.status, row.note) == ("rencana", None)


async def test_a_button_of_an_earlier_screen_is_stale_and_changes_nothing(flows, services, db):
    people = await released(services)
    sekretaris = people["sekretaris"]
    first = only_screen(await flows.start(sekretaris, FlowKind.FOLLOW_UP))
    elements = only_screen(await flows.press(sekretaris, control(first, Control.NEW_ACTION)))
    await flows.press(sekretaris, choice(elements, "Sarana"))
    replies = await flows.press(sekretaris, choice(elements, "Prosedur"))
    assert note(replies).note is FlowNote.STALE
    assert only_screen(replies).step is Step.WHAT
    assert dict(only_screen(replies).facts)[Fact.ELEMENT] == "Sarana dan Prasarana"


async def test_the_flow_resumes_after_a_restart_where_it_stopped(flows, services, db, clock, zone):
    people = await released(services)
    kabid = people["budi"]
    screen = only_screen(await flows.start(kabid, FlowKind.FOLLOW_UP))
    screen = only_screen(await flows.press(kabid, control(screen, Control.NEW_ACTION)))
    await flows.press(kabid, choice(screen, "Sarana"))
    restarted = RecordFlowService(db, clock, zone=zone)  # a new process: only the database remains
    replies = await restarted.resume(kabid)
    assert note(replies).note is FlowNote.RESUMED
    assert only_screen(replies).step is Step.WHAT
    screen = only_screen(await restarted.typed(kabid, "Ganti kursi ruang komisi"))
    assert screen.step is Step.BIDANG


@pytest.mark.parametrize("who", ["ahmad", "rahmah", "stranger"])
async def test_members_staff_and_strangers_are_refused(flows, services, db, who):
    people = await released(services)
    stranger = Person(9999, "Orang Lain", "+6281299999999", Role.KABID, None, True)
    person = people.get(who) or stranger
    replies = await flows.start(person, FlowKind.FOLLOW_UP)
    expected = FlowNote.ONLY_LEADERS if who == "rahmah" else FlowNote.NOT_ALLOWED
    assert [type(r) for r in replies] == [FlowNotice]
    assert note(replies).note is expected
    assert await rows(db) == []


async def test_without_shown_results_there_is_nothing_to_follow_up(flows, services):
    people = await roster(services)
    await open_period(services)
    replies = await flows.start(people["sekretaris"], FlowKind.FOLLOW_UP)
    assert note(replies).note is FlowNote.REFUSED
    assert "belum ada periode dengan hasil IKM yang ditampilkan" in note(replies).detail


async def test_a_due_date_already_past_is_refused_and_the_step_stays(flows, services):
    people = await released(services)
    sekretaris = people["sekretaris"]
    screen = only_screen(await flows.start(sekretaris, FlowKind.FOLLOW_UP))
    screen = only_screen(await flows.press(sekretaris, control(screen, Control.NEW_ACTION)))
    await flows.press(sekretaris, choice(screen, "Sarana"))
    screen = only_screen(await flows.typed(sekretaris, "Perbaikan AC"))
    await flows.press(sekretaris, choice(screen, "persidangan"))
    replies = await flows.typed(sekretaris, "1 Januari 2026")
    assert note(replies).note is FlowNote.REFUSED and "sudah lewat" in note(replies).detail
    assert only_screen(replies).step is Step.DUE
