"""The outbox on WhatsApp, in process: the scheduler's Sender with our WhatsAppOutbox behind a
ChannelRouter, pywa's real HTTP client, the loopback fake Graph API (which enforces the 24-hour
window and the approved templates), and a real database (SQLite, PostgreSQL when set)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from bot.chat.channel_router import ChannelRouter
from bot.whatsapp.inbox import WhatsAppInbox
from bot.whatsapp.outbox import Templates, WhatsAppOutbox
from ikm.db import Database
from ikm.scheduling import WORDING
from scheduler.jobs import Jobs
from scheduler.outbox import Outbox, Queued
from scheduler.sender import Sender, Undeliverable
from scheduler.tables import OutboxRow
from survey.people.model import Person
from survey.services import Services
from tests.conftest import FakeClock
from tests.e2e.fake_whatsapp_api import FakeWhatsAppApi
from tests.e2e.whatsapp_process import NOTICE_TEMPLATE, REMINDER_TEMPLATE
from tests.integration.helpers import members, open_period

WITA = ZoneInfo("Asia/Makassar")
NOTICE = "Rekap bulan November:\n\nIK1  80,00%\nIK2     75,00%"
TEMPLATES = Templates(reminder=REMINDER_TEMPLATE[0], notice=NOTICE_TEMPLATE[0], language="id")


def number(person: Person) -> str:
    return person.phone.removeprefix("+")


async def wrote(inbox: WhatsAppInbox, fake: FakeWhatsAppApi, person: Person, hours: float) -> None:
    """The person's last message was `hours` ago (in our database and at the fake's end)."""
    at = datetime.now(UTC) - timedelta(hours=hours)
    await inbox.wrote(number(person), at)
    fake.record_inbound(number(person), at.timestamp())


async def outcomes(db: Database) -> dict[int, tuple[str | None, str | None]]:
    async with db.transaction() as session:
        found = await session.exec(select(OutboxRow).order_by(col(OutboxRow.id)))
        return {r.person_id: (r.sent_form, r.last_error) for r in found}


async def test_reminders_go_free_form_inside_the_window_and_by_template_outside(
    db, wa_fake, wa_sender
):
    services = Services.build(db)
    siti, ahmad, yani, unbound = await members(services, 4)
    await open_period(services)
    inbox = WhatsAppInbox(db)
    for person in (siti, ahmad, yani):
        await services.accounts.bind_phone("whatsapp", number(person), person.phone)
    await wrote(inbox, wa_fake, siti, hours=2)
    await wrote(inbox, wa_fake, ahmad, hours=30)
    await inbox.wrote(number(yani), datetime.now(UTC) - timedelta(hours=1))
    outbox = Outbox(db)
    jobs = Jobs(services, outbox, WORDING, max_reminders=3)
    ten_am = datetime.now(WITA).replace(hour=10, minute=0)
    assert await jobs.remind(ten_am) == 4
    channel = ChannelRouter(
        services.accounts, {"whatsapp": WhatsAppOutbox(wa_sender, services, inbox, TEMPLATES)}
    )
    assert await Sender(outbox, channel).run_once() == 3
    to_siti, to_ahmad, to_yani = (wa_fake.to(number(p)) for p in (siti, ahmad, yani))
    assert [m.type for m in to_siti] == ["text"] and "belum Bapak/Ibu isi" in to_siti[0].text
    assert to_siti[0].text.startswith(f"Yth. Bapak/Ibu {siti.name},")
    assert [m.type for m in to_ahmad] == ["template"]
    assert to_ahmad[0].body["template"]["name"] == "ikm_pengingat_survei"
    assert to_ahmad[0].template_params == [ahmad.name, "Semester II 2026"]
    # Our database said "within 24 hours", WhatsApp said no (131047): the template follows.
    assert [m.type for m in to_yani] == ["template"]
    assert await outcomes(db) == {
        siti.id: ("whatsapp", None),
        ahmad.id: ("whatsapp-template", None),
        yani.id: ("whatsapp-template", None),
        unbound.id: (None, "belum terhubung dengan whatsapp"),
    }


async def test_a_notice_with_a_chart_survives_a_hiccup_and_is_sent_once(db, wa_fake, wa_sender):
    services = Services.build(db)
    (siti,) = await members(services, 1)
    await services.accounts.bind_phone("whatsapp", number(siti), siti.phone)
    inbox = WhatsAppInbox(db)
    await wrote(inbox, wa_fake, siti, hours=1)
    clock = FakeClock(datetime.now(UTC))
    outbox = Outbox(db, clock)
    await outbox.enqueue("rekap:1", siti.id, "rekap", NOTICE, attachment=b"\x89PNG-chart")
    wa_fake.fail_next(1, status=500, code=131016)
    deliver = Sender(outbox, WhatsAppOutbox(wa_sender, services, inbox, TEMPLATES))
    assert await deliver.run_once() == 0  # a 500 from Meta: try again later
    clock.now += timedelta(seconds=3)
    assert await deliver.run_once() == 1
    assert await deliver.run_once() == 0
    (image,) = wa_fake.to(number(siti))
    assert image.type == "image" and image.text == NOTICE
    assert (
        wa_fake.uploads[0].data == b"\x89PNG-chart" and wa_fake.uploads[0].mime_type == "image/png"
    )
    assert await outcomes(db) == {
        siti.id: ("whatsapp", "WhatsApp 131016: (#131016) Service temporarily unavailable")
    }


async def test_outside_the_window_a_notice_goes_on_one_line_in_its_template(
    db, wa_fake, wa_sender
):
    services = Services.build(db)
    (siti,) = await members(services, 1)
    await services.accounts.bind_phone("whatsapp", number(siti), siti.phone)
    inbox = WhatsAppInbox(db, clock=lambda: datetime.now(UTC) + timedelta(days=2))
    await inbox.wrote(number(siti), datetime.now(UTC))
    outbox = WhatsAppOutbox(wa_sender, services, inbox, TEMPLATES)
    notice = Queued(1, "rekap:1", siti.id, "rekap", NOTICE, b"\x89PNG", "grafik.png", 0)
    assert await outbox.deliver(notice) == "whatsapp-template"
    (sent,) = wa_fake.to(number(siti))
    assert sent.body["template"]["name"] == "ikm_pemberitahuan"
    assert sent.template_params == ["Rekap bulan November: · IK1 80,00% · IK2 75,00%"]
    assert wa_fake.uploads == []  # a template carries no chart


async def test_a_reminder_after_the_period_closed_is_not_sent(db, wa_fake, wa_sender):
    services = Services.build(db)
    (siti,) = await members(services, 1)
    await services.accounts.bind_phone("whatsapp", number(siti), siti.phone)
    outbox = WhatsAppOutbox(wa_sender, services, WhatsAppInbox(db), TEMPLATES)
    reminder = Queued(1, "pengingat:1:1:2026-W48", siti.id, "pengingat", "Yth.", None, None, 0)
    with pytest.raises(Undeliverable, match="sudah ditutup"):
        await outbox.deliver(reminder)
    assert wa_fake.sent == []
