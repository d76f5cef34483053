"""The outbox's promise (once; at most one duplicate when a send's outcome is unknown), its
list and requeue for people, and pictures dropped some days after delivery."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from scheduler.jobs import Jobs
from scheduler.outbox import LEASE, UNSURE_TWICE, InFlight, Outbox
from scheduler.outbox_admin import NotRequeued, OutboxAdmin, Status
from scheduler.sender import Sender, TryLater, Undeliverable
from scheduler.tables import OutboxRow
from tests.cli import run_ikm
from tests.integration.helpers import members
from tests.integration.test_outbox_claim import RecordingChannel
from tests.integration.test_scheduler import WORDING


async def row(db, key: str) -> OutboxRow:
    async with db.transaction() as session:
        return (await session.exec(select(OutboxRow).where(OutboxRow.key == key))).one()


async def test_a_send_cut_off_once_is_sent_once_more_and_then_done(services, db, clock):
    (person,) = await members(services, 1)
    outbox = Outbox(db, clock)
    await outbox.enqueue("rekap", person.id, "rekap", "teks")
    assert [m.key for m in await outbox.claim()] == ["rekap"]  # then kill -9 inside the send
    assert (await row(db, "rekap")).sent_form == InFlight.SENDING
    clock.now += LEASE
    channel = RecordingChannel()
    assert await Sender(outbox, channel).run_once() == 1
    assert channel.delivered == ["rekap"]  # the one resend; the cut-off send may have arrived
    clock.now += LEASE
    assert await Sender(outbox, channel).run_once() == 0
    assert (await row(db, "rekap")).sent_form == "uji"


async def test_a_send_cut_off_twice_is_failed_not_sent_a_third_time(services, db, clock):
    (person,) = await members(services, 1)
    outbox = Outbox(db, clock)
    await outbox.enqueue("rekap", person.id, "rekap", "teks")
    for _ in range(2):  # killed inside the send, twice
        assert [m.key for m in await outbox.claim()] == ["rekap"]
        clock.now += LEASE
    channel = RecordingChannel()
    assert await Sender(outbox, channel).run_once() == 0
    assert channel.delivered == []
    found = await row(db, "rekap")
    assert found.failed_at == clock.now and found.last_error == UNSURE_TWICE


async def test_two_timeouts_fail_a_message_but_plain_errors_keep_retrying(services, db, clock):
    one, two = await members(services, 2)
    outbox = Outbox(db, clock)
    await outbox.enqueue("lambat", one.id, "uji", "a")
    await outbox.enqueue("putus", two.id, "uji", "b")
    failures = {
        "lambat": [
            TryLater("tanpa jawaban", unsure=True),
            TryLater("502"),
            TryLater("t", unsure=True),
        ],
        "putus": [TryLater("502"), TryLater("502"), TryLater("502")],
    }
    channel = RecordingChannel({k: list(v) for k, v in failures.items()})
    sender = Sender(outbox, channel)
    for _ in range(3):
        await sender.run_once()
        clock.now += timedelta(minutes=11)
    slow, cut = await row(db, "lambat"), await row(db, "putus")
    assert slow.failed_at is not None and slow.last_error.startswith(UNSURE_TWICE)
    assert cut.failed_at is None and cut.sent_form is None and cut.attempts == 3
    assert await sender.run_once() == 1 and channel.delivered == ["putus"]


async def test_a_failed_message_is_listed_and_requeued_by_its_number(services, db, clock):
    (person,) = await members(services, 1)
    outbox = Outbox(db, clock)
    await outbox.enqueue("k", person.id, "pengingat", "halo")
    channel = RecordingChannel({"k": [Undeliverable("diblokir (403)")]})
    await Sender(outbox, channel).run_once()
    admin = OutboxAdmin(db, clock)
    (listed,) = await admin.messages(failed_only=True)
    assert (listed.kind, listed.recipient, listed.status) == (
        "pengingat",
        person.name,
        Status.FAILED,
    )
    assert listed.last_error == "diblokir (403)"
    again = await admin.requeue(listed.id)
    assert again.status is Status.WAITING and again.attempts == 0
    assert await admin.messages(failed_only=True) == []
    assert await Sender(outbox, channel).run_once() == 1 and channel.delivered == ["k"]
    with pytest.raises(NotRequeued, match="sudah terkirim"):
        await admin.requeue(listed.id)
    with pytest.raises(NotRequeued, match="tidak ada pesan nomor 999"):
        await admin.requeue(999)


async def test_pictures_are_dropped_some_days_after_delivery_by_the_scheduler(services, db, clock):
    one, two = await members(services, 2)
    outbox = Outbox(db, clock)
    await outbox.enqueue("g1", one.id, "rekap-grafik", "grafik", attachment=b"png1")
    await outbox.enqueue("g2", two.id, "rekap-grafik", "grafik", attachment=b"png2")
    channel = RecordingChannel({"g2": [TryLater("502")]})
    await Sender(outbox, channel).run_once()  # g1 sent now; g2 waits
    jobs = Jobs(services, outbox, WORDING, max_reminders=3)
    clock.now += timedelta(days=7)
    assert await jobs.drop_pictures(clock.now) == 0  # exactly seven days: kept
    clock.now += timedelta(minutes=1)
    assert await jobs.drop_pictures(clock.now) == 1
    sent, waiting = await row(db, "g1"), await row(db, "g2")
    assert sent.attachment is None and sent.attachment_name is not None
    assert waiting.attachment == b"png2"  # not delivered yet: its picture stays
    (listed, *_) = [m for m in await OutboxAdmin(db, clock).messages() if m.id == sent.id]
    assert not listed.has_picture


async def test_a_failed_chart_whose_picture_was_dropped_is_not_requeued(services, db, clock):
    (person,) = await members(services, 1)
    outbox = Outbox(db, clock)
    await outbox.enqueue("g", person.id, "rekap-grafik", "grafik", attachment=b"png")
    await Sender(outbox, RecordingChannel({"g": [Undeliverable("no")]})).run_once()
    admin = OutboxAdmin(db, clock)
    assert await admin.drop_pictures(clock.now + timedelta(seconds=1)) == 1
    with pytest.raises(NotRequeued, match="gambar"):
        await admin.requeue((await row(db, "g")).id)


async def test_ikm_outbox_list_and_ulang_from_the_command_line(
    services, db, clock, database_url, tmp_path: Path
):
    (person,) = await members(services, 1)
    outbox = Outbox(db, clock)
    await outbox.enqueue("k", person.id, "pengingat", "halo")
    await Sender(outbox, RecordingChannel({"k": [Undeliverable("diblokir (403)")]})).run_once()
    number = (await row(db, "k")).id
    await db.dispose()
    listed = run_ikm("outbox", "list", "--gagal", database_url=database_url, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    first, error, total = listed.stdout.splitlines()
    assert first.split()[:3] == [str(number), "pengingat", *person.name.split()[:1]]
    assert " gagal " in first and " 0x " in first
    assert "27-11-2026 10:00 WITA" in first  # 02:00 UTC in the fixed clock, shown in WITA
    assert error.strip() == "galat terakhir: diblokir (403)" and total == "1 pesan gagal."
    done = run_ikm("outbox", "ulang", str(number), database_url=database_url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"Pesan {number} (pengingat) untuk {person.name} diantrekan lagi" in done.stdout
    again = run_ikm("outbox", "ulang", str(number), database_url=database_url, cwd=tmp_path)
    assert again.returncode == 1 and "hanya pesan gagal yang diulang" in again.stderr
    empty = run_ikm("outbox", "list", "--gagal", database_url=database_url, cwd=tmp_path)
    assert empty.stdout.strip() == "Tidak ada pesan gagal."
