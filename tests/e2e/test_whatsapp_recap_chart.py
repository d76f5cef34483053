"""A recap's chart on WhatsApp: a picture with its caption inside the 24-hour window; outside
it no template can carry the picture, so the chart row is recorded as undeliverable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.whatsapp.inbox import WhatsAppInbox
from bot.whatsapp.outbox import WhatsAppOutbox
from scheduler.outbox import MessageKind, Queued
from scheduler.sender import Undeliverable
from survey.services import Services
from tests.e2e.test_whatsapp_outbox import TEMPLATES, number, wrote
from tests.integration.helpers import members

CAPTION = "Grafik rekap Oktober 2026: capaian tiap indikator (batang) dan targetnya (garis)"


def chart_row(person_id: int) -> Queued:
    return Queued(
        1,
        "rekap-grafik:2026-10:1",
        person_id,
        MessageKind.RECAP_CHART,
        CAPTION,
        b"\x89PNG",
        "r.png",
        0,
    )


async def test_a_chart_goes_as_a_picture_with_its_caption_inside_the_window(
    db, wa_fake, wa_sender
):
    services = Services.build(db)
    (siti,) = await members(services, 1)
    await services.accounts.bind_phone("whatsapp", number(siti), siti.phone)
    inbox = WhatsAppInbox(db)
    await wrote(inbox, wa_fake, siti, hours=1)
    outbox = WhatsAppOutbox(wa_sender, services, inbox, TEMPLATES)
    assert await outbox.deliver(chart_row(siti.id)) == "whatsapp"
    (image,) = wa_fake.to(number(siti))
    assert image.type == "image" and image.text == CAPTION


async def test_outside_the_window_a_chart_is_undeliverable_not_a_bare_caption(
    db, wa_fake, wa_sender
):
    services = Services.build(db)
    (siti,) = await members(services, 1)
    await services.accounts.bind_phone("whatsapp", number(siti), siti.phone)
    inbox = WhatsAppInbox(db, clock=lambda: datetime.now(UTC) + timedelta(days=2))
    await inbox.wrote(number(siti), datetime.now(UTC))
    outbox = WhatsAppOutbox(wa_sender, services, inbox, TEMPLATES)
    with pytest.raises(Undeliverable, match="24 jam"):
        await outbox.deliver(chart_row(siti.id))
    assert wa_fake.to(number(siti)) == []
