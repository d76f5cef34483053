"""The follow-up plan where people read it: /ikm names the weakest unsur still without an
action; the Sekretaris's recap says the same; a kabid's recap lists their bidang's actions
overdue and due this month, on the right dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.chat.recap import recap_wording
from bot.chat.render import Message
from bot.chat.router import Router
from survey.records.follow_up.model import FollowUpStatus
from tests.integration.follow_up_support import released
from tests.zones import ACROSS_MIDNIGHT, WITA

pytestmark = pytest.mark.zones

GAP = (
    "Belum ada tindak lanjut untuk unsur terlemah periode Semester II 2026: Sarana dan "
    "Prasarana. Catat rencananya dengan /tindaklanjut."
)


async def add(services, element: str, bidang: str, due: date, action: str = "Perbaikan") -> str:
    added = await services.follow_ups.add(
        "cli", period=None, element=element, action=action, bidang=bidang, due_on=due
    )
    return added.number


async def test_ikm_points_at_the_weakest_unsur_until_it_has_an_action(services, clock):
    people = await released(services)
    router = Router(services)
    first = await router.command(people["sekretaris"], "ikm", "")
    assert isinstance(first[0], Message) and GAP in first[0].text
    await add(services, "prosedur", "persidangan", date(2027, 1, 31))
    still = await router.command(people["sekretaris"], "ikm", "")
    assert GAP in still[0].text  # an action for another unsur does not count
    await add(services, "sarana", "fasilitasi", date(2027, 1, 31))
    after = await router.command(people["budi"], "ikm", "")
    assert "tindak lanjut" not in after[0].text and "Sarana dan Prasarana: 2,0000" in after[0].text


async def test_the_sekretaris_recap_carries_the_gap_and_the_kabid_recap_does_not(services, clock):
    people = await released(services)
    recap = recap_wording(services)
    clock.now = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    assert (await recap(people["sekretaris"], date(2026, 11, 1))).endswith(GAP)
    assert GAP not in await recap(people["budi"], date(2026, 11, 1))
    await add(services, "sarana", "fasilitasi", date(2027, 1, 31))
    assert GAP not in await recap(people["sekretaris"], date(2026, 11, 1))


async def test_a_kabid_recap_lists_their_actions_due_this_month_then_overdue(services, clock):
    people = await released(services)
    budi = people["budi"]  # kabid persidangan
    recap = recap_wording(services)
    december = await add(services, "prosedur", "persidangan", date(2026, 12, 15), "SOP rapat")
    await add(services, "sarana", "fasilitasi", date(2026, 12, 10), "Perbaikan AC")
    await add(services, "waktu", "persidangan", date(2027, 2, 1), "Jadwal risalah")
    clock.now = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # 08:00 WITA, the recap of November
    text = await recap(budi, date(2026, 11, 1))
    assert text.endswith(
        "Tindak lanjut hasil IKM, bidang persidangan:\n"
        f"• Jatuh tempo bulan ini: {december} Sistem, Mekanisme, dan Prosedur: SOP rapat "
        "(tenggat 15 Desember 2026)"
    )
    assert "Perbaikan AC" not in text and "Jadwal risalah" not in text
    clock.now = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)  # the recap of December: now late
    text = await recap(budi, date(2026, 12, 1))
    assert text.endswith(
        f"• Terlambat: {december} Sistem, Mekanisme, dan Prosedur: SOP rapat "
        "(tenggat 15 Desember 2026, rencana)"
    )
    await services.follow_ups.change(
        "cli", int(december[2:]), status=FollowUpStatus.DONE, note=None
    )
    assert "Tindak lanjut" not in await recap(budi, date(2026, 12, 1))


async def test_a_recap_counts_the_year_to_today_in_the_configured_zone(services, clock, zone):
    """November's recap, written at 16:30 UTC on the 27th: up to the 28th in WITA, up to the
    27th in WIB; and a kabid's action due on the 27th is overdue in WITA only."""
    people = await released(services)
    await add(services, "prosedur", "persidangan", date(2026, 11, 27), "SOP rapat")
    clock.now = ACROSS_MIDNIGHT
    blocks = (await recap_wording(services)(people["budi"], date(2026, 11, 1))).split("\n\n")
    due = "tenggat 27 November 2026"
    if zone is WITA:
        assert blocks[1] == "Capaian indikator 1 Januari – 28 November 2026"
        assert blocks[-1].endswith(
            f"• Terlambat: TL1 Sistem, Mekanisme, dan Prosedur: SOP rapat ({due}, rencana)"
        )
    else:
        assert blocks[1] == "Capaian indikator 1 Januari – 27 November 2026"
        assert blocks[-1].endswith(
            f"• Jatuh tempo bulan ini: TL1 Sistem, Mekanisme, dan Prosedur: SOP rapat ({due})"
        )
