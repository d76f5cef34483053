"""A recap's chart: queued as its own photo row after the text, and announced by the dry run."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from scheduler.jobs import Chart, Jobs, Wording
from scheduler.outbox import Outbox
from scheduler.tables import OutboxRow
from survey.people.model import Person, Role
from tests.cli import run_ikm
from tests.integration.helpers import members, row

KABID = row(7, "Kabid Sidang", "+6281300000007", Role.KABID, "persidangan")
SECRETARY = row(9, "Sekretaris", "+6281400000009", Role.SEKRETARIS)


@pytest.mark.zones
async def test_a_recap_chart_is_queued_once_after_its_text_and_only_where_there_is_one(
    services, db, clock
):
    await services.roster.import_rows([KABID, SECRETARY], dry_run=False)

    async def text(person: Person, month: date) -> str:
        return f"Rekap {month:%Y-%m} untuk {person.name}"

    async def chart(person: Person, month: date) -> Chart | None:
        if person.role is Role.KABID:
            return None  # nothing to draw yet
        return Chart(b"\x89PNG-rekap", f"Grafik {month:%Y-%m}", "rekap.png")

    wording = Wording(lambda n, p: "", lambda r: "", text, chart)
    jobs = Jobs(services, Outbox(db, clock), wording, max_reminders=0)
    await jobs.queue_recaps(date(2026, 10, 1))
    await jobs.queue_recaps(date(2026, 10, 1))
    async with db.transaction() as session:
        rows = (await session.exec(select(OutboxRow).order_by(col(OutboxRow.id)))).all()
    secretary = next(r.person_id for r in rows if r.kind == "rekap-grafik")
    assert [(r.kind, r.person_id == secretary) for r in rows] == [
        ("rekap", False),
        ("rekap", True),
        ("rekap-grafik", True),
    ]
    picture = rows[-1]
    assert (picture.body, picture.attachment, picture.attachment_name) == (
        "Grafik 2026-10",
        b"\x89PNG-rekap",
        "rekap.png",
    )


async def test_the_dry_run_says_who_gets_a_chart(services, database_url, tmp_cwd):
    await services.roster.import_rows([KABID, SECRETARY], dry_run=False)

    def preview() -> list[str]:
        shown = run_ikm(
            "recap", "--bulan", "2026-10", "--dry-run", database_url=database_url, cwd=tmp_cwd
        )
        assert shown.returncode == 0, shown.stderr
        return [block.strip().rsplit("\n", 1)[-1] for block in shown.stdout.split("\n== ")]

    assert preview() == ["[tanpa grafik: belum ada nilai indikator]"] * 2  # no member, no IK1
    await members(services, 2)
    lines = preview()
    assert len(lines) == 2
    assert all(line.startswith("[+ grafik rekap-2026-10.png") for line in lines)


async def test_kirim_says_plainly_who_cannot_get_the_recap_yet(services, database_url, tmp_cwd):
    await services.roster.import_rows([KABID, SECRETARY], dry_run=False)
    await services.accounts.bind_phone("telegram", "777", SECRETARY.phone)
    sent = run_ikm(
        "recap", "--bulan", "2026-10", "--kirim", database_url=database_url, cwd=tmp_cwd
    )
    assert sent.returncode == 0, sent.stderr
    lines = sent.stdout.strip().split("\n\n")
    assert "Sekretaris: diantrekan" in lines
    assert (
        "Kabid Sidang: diantrekan, tetapi tidak dapat terkirim: belum punya akun "
        "Telegram/WhatsApp (setelah ia mendaftar: ikm outbox ulang NOMOR)"
    ) in lines
