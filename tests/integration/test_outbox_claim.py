"""The outbox's claim: two senders never take one row, a person's messages keep their order,
a row abandoned mid-send comes back after its lease, and a long queue drains without pauses."""

from __future__ import annotations

import asyncio
from collections import Counter

from ikm.db import Database
from scheduler.outbox import LEASE, Outbox, Queued
from scheduler.sender import BATCH, Sender, TryLater
from tests.integration.helpers import members


class RecordingChannel:
    """Delivers by recording the key; yields to the loop so that senders interleave."""

    def __init__(self, failures: dict[str, list[Exception]] | None = None) -> None:
        self.delivered: list[str] = []
        self.failures = failures or {}
        self.enough = asyncio.Event()
        self.expected = 0

    async def deliver(self, message: Queued) -> str:
        await asyncio.sleep(0.001)
        if self.failures.get(message.key):
            raise self.failures[message.key].pop(0)
        self.delivered.append(message.key)
        if len(self.delivered) == self.expected:
            self.enough.set()
        return "uji"


async def test_two_senders_on_one_database_deliver_every_row_once_and_in_order(
    services, db, clock, database_url
):
    people = await members(services, 12)
    outbox = Outbox(db, clock)
    for n in range(3):
        for person in people:
            await outbox.enqueue(f"m:{person.id}:{n}", person.id, "uji", f"pesan {n}")
    other_db = Database.from_url(database_url)
    channel = RecordingChannel()
    senders = [Sender(outbox, channel), Sender(Outbox(other_db, clock), channel)]
    try:
        for _ in range(40):  # rounds until nothing is left (a round may find rows taken)
            if not sum(await asyncio.gather(*(s.run_once(limit=5) for s in senders))):
                break
    finally:
        await other_db.dispose()
    assert Counter(channel.delivered) == Counter(f"m:{p.id}:{n}" for p in people for n in range(3))
    for person in people:
        mine = [key for key in channel.delivered if key.startswith(f"m:{person.id}:")]
        assert mine == [f"m:{person.id}:{n}" for n in range(3)]


async def test_a_persons_next_message_waits_while_an_earlier_one_is_retried(services, db, clock):
    first, second = await members(services, 2)
    outbox = Outbox(db, clock)
    await outbox.enqueue("rekap", first.id, "rekap", "teks")
    await outbox.enqueue("rekap-grafik", first.id, "rekap-grafik", "grafik", attachment=b"png")
    await outbox.enqueue("lain", second.id, "uji", "halo")
    channel = RecordingChannel({"rekap": [TryLater("502")]})
    sender = Sender(outbox, channel)
    assert await sender.run_once() == 1
    assert channel.delivered == ["lain"]  # the chart did not overtake its text
    clock.now += LEASE
    assert await sender.run_once() == 1
    assert await sender.run_once() == 1
    assert channel.delivered == ["lain", "rekap", "rekap-grafik"]


async def test_a_row_claimed_by_a_process_that_died_is_sent_after_its_lease(services, db, clock):
    (person,) = await members(services, 1)
    outbox = Outbox(db, clock)
    await outbox.enqueue("k", person.id, "uji", "halo")
    assert [m.key for m in await outbox.claim()] == ["k"]  # then the process is killed
    channel = RecordingChannel()
    sender = Sender(outbox, channel)
    assert await sender.run_once() == 0
    clock.now += LEASE
    assert await sender.run_once() == 1
    assert await sender.run_once() == 0
    assert channel.delivered == ["k"]


async def test_a_queue_longer_than_a_batch_drains_without_waiting_for_the_interval(
    services, db, clock
):
    people = await members(services, BATCH + 10)
    outbox = Outbox(db, clock)
    for person in people:
        await outbox.enqueue(f"m:{person.id}", person.id, "uji", "halo")
    channel = RecordingChannel()
    channel.expected = len(people)
    stop = asyncio.Event()
    running = asyncio.create_task(Sender(outbox, channel).run(stop, interval=3600))
    try:
        await asyncio.wait_for(channel.enough.wait(), 60)  # an hour's pause would time out
    finally:
        stop.set()
        await asyncio.wait_for(running, 60)
    assert sorted(channel.delivered) == sorted(f"m:{p.id}" for p in people)
