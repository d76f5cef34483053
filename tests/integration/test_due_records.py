"""The weekly reminder of records due: who hears about what, opt-in and mute, once a week, an
item settled before the send drops out, one tap opens the flow with the record chosen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from bot.chat.due_reminder import compose
from scheduler.outbox import DROPPED, Outbox
from scheduler.sender import Sender
from scheduler.weekly import KIND, WeeklyReminder
from survey.indicators.due import DueKind
from survey.people.model import Person, Role
from survey.ports import DomainError
from survey.records.flow.model import FlowKind, FlowNote, FlowNotice, FlowScreen, Step
from survey.services import Services
from survey.zone import WITA
from tests.integration.helpers import row

TODAY = date(2026, 11, 27)  # the `clock` fixture: Friday 27 November 2026, 10:00 WITA


@dataclass
class Week:
    """The roster and the records of a week with every kind of item due."""

    people: dict[str, Person]
    ids: dict[str, int]


@pytest.fixture
async def week(services: Services) -> Week:
    rows = [
        row(2, "Drs. Budi Santoso", "+6281300000001", Role.KABID, "persidangan"),
        row(3, "Fitri Kabid", "+6281300000002", Role.KABID, "fasilitasi"),
        row(4, "Rahmah, S.E.", "+6281400000001", Role.SEKRETARIS),
        row(5, "Yusuf Staf", "+6281500000001", Role.STAF, "persidangan"),
        row(6, "Hj. Siti Aminah", "+6281200000001"),
    ]
    await services.roster.import_rows(rows, dry_run=False)
    people = {p.name.split()[0].strip(",."): p for p in await services.roster.people()}
    records, ids = services.records, {}
    for name, bidang, due in (
        ("Kunker Komisi I", "persidangan", date(2026, 11, 20)),
        ("Reses", "persidangan", date(2026, 11, 30)),
        ("Kunker jauh", "persidangan", date(2026, 12, 10)),
        ("Pengawasan APBD", "fasilitasi", date(2026, 12, 1)),
        ("Sudah dilaporkan", "persidangan", date(2026, 11, 28)),
    ):
        task = await records.add_task("cli", name=name, kind="kunker", bidang=bidang, due_on=due)
        ids[name] = task.id
    await records.report("cli", ids["Sudah dilaporkan"], received_on=TODAY, received_by="x")
    for agenda, planned in (
        ("Raperda RTRW", date(2026, 11, 25)),
        ("Raperda Pajak", date(2026, 11, 20)),
        ("Raperda nanti", date(2026, 12, 5)),
    ):
        ids[agenda] = (await records.plan_meeting("cli", agenda=agenda, planned_on=planned)).id
    await records.facilitate(
        "cli", ids["Raperda Pajak"], held_on=date(2026, 11, 20), standard_met=True, missed_items=[]
    )
    for name, starts, ends in (
        ("Bimtek Keuangan", date(2026, 11, 13), date(2026, 11, 15)),
        ("Orientasi", date(2026, 11, 9), date(2026, 11, 10)),
        ("Bimtek lama", date(2026, 8, 30), date(2026, 9, 1)),
    ):
        training = await records.add_training("cli", name=name, starts_on=starts, ends_on=ends)
        ids[name] = training.id
    await records.attend("cli", ids["Orientasi"], [people["Hj"].id])
    return Week(people, ids)


def names(digest_items) -> list[tuple[DueKind, str]]:
    return [(item.kind, item.name) for item in digest_items]


async def test_each_kabid_hears_their_bidang_the_sekretaris_everything_nobody_else(services, week):
    digests = {d.person.name: names(d.items) for d in await services.dues.digests(TODAY)}
    assert digests == {
        "Drs. Budi Santoso": [
            (DueKind.OVERDUE, "Kunker Komisi I"),
            (DueKind.TASK_DUE, "Reses"),
            (DueKind.MEETING, "Raperda RTRW"),
            (DueKind.TRAINING, "Bimtek Keuangan"),
        ],
        "Fitri Kabid": [(DueKind.TASK_DUE, "Pengawasan APBD")],
        "Rahmah, S.E.": [
            (DueKind.OVERDUE, "Kunker Komisi I"),
            (DueKind.TASK_DUE, "Reses"),
            (DueKind.TASK_DUE, "Pengawasan APBD"),
            (DueKind.MEETING, "Raperda RTRW"),
            (DueKind.TRAINING, "Bimtek Keuangan"),
        ],
    }


async def test_nothing_due_means_no_reminder_for_anyone(services, week):
    later = TODAY + timedelta(days=200)  # everything is past the windows, nothing is ahead
    assert await services.dues.digests(later) == []


async def test_staf_opt_in_mute_for_a_month_and_on_again(services, week):
    yusuf, budi, siti = week.people["Yusuf"], week.people["Drs"], week.people["Hj"]
    recipients = {d.person.id for d in await services.dues.digests(TODAY)}
    assert yusuf.id not in recipients
    await services.dues.opt(yusuf, True)
    digests = {d.person.id: names(d.items) for d in await services.dues.digests(TODAY)}
    assert digests[yusuf.id] == digests[budi.id]
    until = await services.dues.mute(yusuf, TODAY)
    assert until == TODAY + timedelta(days=30)
    assert yusuf.id not in {d.person.id for d in await services.dues.digests(TODAY)}
    assert yusuf.id not in {d.person.id for d in await services.dues.digests(until)}
    assert yusuf.id in {d.person.id for d in await services.dues.digests(until + timedelta(1))}
    await services.dues.mute(budi, TODAY)
    assert budi.id not in {d.person.id for d in await services.dues.digests(TODAY)}
    await services.dues.opt(budi, True)  # `/pengingat on` ends a kabid's mute
    assert budi.id in {d.person.id for d in await services.dues.digests(TODAY)}
    with pytest.raises(DomainError):
        await services.dues.opt(siti, True)
    with pytest.raises(DomainError):
        await services.dues.mute(siti, TODAY)


class Recorded:
    """A channel that records what it delivers."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, tuple[tuple[str, str], ...]]] = []

    async def deliver(self, message) -> str:
        self.sent.append((message.person_id, message.body, message.buttons))
        return "test"


async def test_queued_once_a_week_and_an_item_settled_before_the_send_drops_out(
    services, week, db, clock
):
    outbox = Outbox(db, clock)
    weekly = WeeklyReminder(services.dues, services.roster, outbox, compose, zone=WITA)
    first = await weekly.queue(clock())
    assert [(d.person.name, new) for d, new in first] == [
        ("Drs. Budi Santoso", True),
        ("Fitri Kabid", True),
        ("Rahmah, S.E.", True),
    ]
    assert not any(new for _, new in await weekly.queue(clock()))  # same ISO week: nothing
    await services.records.report("cli", week.ids["Reses"], received_on=TODAY, received_by="x")
    await services.records.report(
        "cli", week.ids["Pengawasan APBD"], received_on=TODAY, received_by="x"
    )
    channel = Recorded()

    async def prepare(message):
        return await weekly.refresh(message, clock())

    assert await Sender(outbox, channel, prepare=prepare).run_once() == 2
    sent = {person: (body, buttons) for person, body, buttons in channel.sent}
    assert week.people["Fitri"].id not in sent  # its only item was settled: not sent at all
    body, buttons = sent[week.people["Drs"].id]
    assert "Kunker Komisi I" in body and "Reses" not in body
    assert [label for label, _ in buttons] == [
        "Laporan diterima: Kunker Komisi I",
        "Rapat terlaksana: Raperda RTRW",
        "Hadir pelatihan: Bimtek Keuangan",
    ]
    rows = await outbox_rows(db)
    assert rows[week.people["Fitri"].id] == (DROPPED, KIND)
    clock.now += timedelta(days=7)
    assert all(new for _, new in await weekly.queue(clock()))  # next week: again


async def outbox_rows(db) -> dict[int, tuple[str | None, str]]:
    from sqlmodel import select

    from scheduler.tables import OutboxRow

    async with db.transaction() as session:
        found = await session.exec(select(OutboxRow))
        return {r.person_id: (r.sent_form, r.kind) for r in found}


async def test_a_reminder_button_opens_the_flow_with_the_record_chosen_and_goes_stale(
    services, week
):
    budi, yusuf = week.people["Drs"], week.people["Yusuf"]
    flows = services.record_flows
    [screen] = await flows.start_on(budi, FlowKind.REPORT, week.ids["Reses"])
    assert isinstance(screen, FlowScreen) and screen.step is Step.RECEIVED
    [meeting] = await flows.start_on(yusuf, FlowKind.MEETING, week.ids["Raperda RTRW"])
    assert isinstance(meeting, FlowScreen) and meeting.step is Step.HELD
    await services.records.report("cli", week.ids["Reses"], received_on=TODAY, received_by="x")
    [stale] = await flows.start_on(yusuf, FlowKind.REPORT, week.ids["Reses"])
    assert stale == FlowNotice(FlowNote.SETTLED, "Reses")
    [attended] = await flows.start_on(budi, FlowKind.TRAINING, week.ids["Orientasi"])
    assert attended == FlowNotice(FlowNote.SETTLED, "Orientasi")
    [held] = await flows.start_on(budi, FlowKind.MEETING, week.ids["Raperda Pajak"])
    assert held == FlowNotice(FlowNote.SETTLED, "Raperda Pajak")
    assert await flows.active(yusuf.id)  # the stale button left Yusuf's meeting flow alone


async def test_follow_up_actions_due_reach_their_bidang_and_open_the_status_step(services):
    from survey.records.follow_up.model import FollowUpStatus
    from tests.integration.follow_up_support import released

    people = await released(services)
    budi, sekretaris, rahmah = people["budi"], people["sekretaris"], people["rahmah"]

    async def action(what: str, bidang: str, due: date) -> int:
        added = await services.follow_ups.add(
            "cli", period=None, element="sarana", action=what, bidang=bidang, due_on=due
        )
        return added.id

    late = await action("Perbaiki AC ruang rapat", "persidangan", date(2026, 11, 20))
    soon = await action("Ganti proyektor", "persidangan", date(2026, 12, 2))
    await action("Audit sarana", "fasilitasi", date(2026, 11, 30))  # another bidang
    await action("Renovasi gedung", "persidangan", date(2027, 3, 1))  # not due yet
    done = await action("Tambah kursi", "persidangan", date(2026, 11, 25))
    await services.follow_ups.change("cli", done, status=FollowUpStatus.DONE, note=None)
    kabid = await services.dues.digest(budi, TODAY)
    assert names(kabid.items) == [
        (DueKind.FOLLOW_UP, "Perbaiki AC ruang rapat"),
        (DueKind.FOLLOW_UP, "Ganti proyektor"),
    ]
    assert "Tindak lanjut hasil IKM yang jatuh tempo" in compose(kabid).body
    assert compose(kabid).buttons[0] == (
        "Status tindak lanjut: Perbaiki AC ruang rapat",
        f"ingat:tindaklanjut:{late}",
    )
    everything = await services.dues.digest(sekretaris, TODAY)
    assert [i.name for i in everything.items if i.kind is DueKind.FOLLOW_UP] == [
        "Perbaiki AC ruang rapat",
        "Audit sarana",
        "Ganti proyektor",
    ]
    [screen] = await services.record_flows.start_on(budi, FlowKind.FOLLOW_UP, soon)
    assert isinstance(screen, FlowScreen) and screen.step is Step.STATUS
    [refused] = await services.record_flows.start_on(rahmah, FlowKind.FOLLOW_UP, soon)
    assert refused == FlowNotice(FlowNote.ONLY_LEADERS)  # staf may not update the plan
    [stale] = await services.record_flows.start_on(budi, FlowKind.FOLLOW_UP, done)
    assert stale == FlowNotice(FlowNote.SETTLED, "Tambah kursi")
