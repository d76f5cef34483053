"""The weekly reminder of records due on WhatsApp: inside the 24-hour window its items come as
a list to tap; outside it, the approved template carries the summary line (the buttons come
with `pengingat` once the kabid replies). pywa's real client against the fake Graph API."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.chat import texts
from bot.whatsapp.channel import as_command
from bot.whatsapp.inbox import WhatsAppInbox
from bot.whatsapp.outbox import Templates, WhatsAppOutbox
from scheduler.outbox import Queued
from scheduler.weekly import KIND
from survey.people.model import Person, Role
from survey.services import Services
from tests.e2e.whatsapp_process import DUE_TEMPLATE
from tests.integration.helpers import row

TEMPLATES = Templates(
    reminder="ikm_pengingat_survei", notice="ikm_pemberitahuan", language="id", due=DUE_TEMPLATE[0]
)
BODY = (
    "Pengingat mingguan pencatatan kinerja: 2 laporan tugas (1 terlambat) perlu dicatat.\n\n"
    "Laporan tugas yang sudah lewat tenggat:\n• Kunker Komisi I (24 November 2026)"
)
BUTTONS = (
    ("Laporan diterima: Kunker Komisi I", "ingat:laporan:1"),
    ("Laporan diterima: Reses", "ingat:laporan:2"),
)


async def kabid(services: Services) -> Person:
    kabid_row = row(2, "Drs. Budi Santoso", "+6281300000001", Role.KABID, "persidangan")
    await services.roster.import_rows([kabid_row], dry_run=False)
    (budi,) = await services.roster.people()
    await services.accounts.bind_phone("whatsapp", budi.phone.removeprefix("+"), budi.phone)
    return budi


def reminder(person: Person) -> Queued:
    return Queued(1, f"{KIND}:2026-W48:{person.id}", person.id, KIND, BODY, None, None, 0, BUTTONS)


async def test_inside_the_window_the_items_come_to_tap(db, wa_fake, wa_sender):
    services = Services.build(db)
    budi = await kabid(services)
    inbox = WhatsAppInbox(db)
    await inbox.wrote(budi.phone.removeprefix("+"), datetime.now(UTC))
    wa_fake.record_inbound(budi.phone.removeprefix("+"), datetime.now(UTC).timestamp())
    outbox = WhatsAppOutbox(wa_sender, services, inbox, TEMPLATES)
    assert await outbox.deliver(reminder(budi)) == "whatsapp"
    sent = wa_fake.to(budi.phone.removeprefix("+"))
    assert [s.type for s in sent] == ["interactive"]
    assert [action for _, action in sent[0].choices] == ["ingat:laporan:1", "ingat:laporan:2"]


async def test_outside_the_window_the_template_carries_the_summary_line(db, wa_fake, wa_sender):
    services = Services.build(db)
    budi = await kabid(services)
    inbox = WhatsAppInbox(db, clock=lambda: datetime.now(UTC) + timedelta(days=2))
    await inbox.wrote(budi.phone.removeprefix("+"), datetime.now(UTC))
    outbox = WhatsAppOutbox(wa_sender, services, inbox, TEMPLATES)
    assert await outbox.deliver(reminder(budi)) == "whatsapp-template"
    (sent,) = wa_fake.to(budi.phone.removeprefix("+"))
    assert sent.body["template"]["name"] == "ikm_pengingat_kabid"
    assert sent.template_params == [
        "Drs. Budi Santoso",
        "Pengingat mingguan pencatatan kinerja: 2 laporan tugas (1 terlambat) perlu dicatat.",
    ]


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("pengingat", "/pengingat"),
        ("Pengingat bisu", "/pengingat bisu"),
        ("pengingat  on", "/pengingat on"),
        ("Pengingat nyala", "/pengingat nyala"),
        ("ikm semester lalu", "ikm semester lalu"),  # a question, not /ikm with a period name
    ],
)
def test_pengingat_is_a_word_with_its_argument(typed: str, line: str) -> None:
    assert as_command(typed) == line


def test_the_kabid_template_is_in_the_readme_with_its_two_placeholders() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    body = texts.WHATSAPP_TEMPLATE_KABID
    assert body in readme and DUE_TEMPLATE[0] in readme
    assert re.findall(r"\{\{(\d)\}\}", body) == ["1", "2"]
