"""What people see moves only in released steps; /belum and `ikm period belum` by role."""

from __future__ import annotations

import io
import random
import re
from datetime import date

import openpyxl
import pytest

from bot.chat import texts
from bot.chat.render import Document, Message
from bot.chat.router import Router
from survey.conversation.events import Answer, SaranText, Start, Submit
from survey.people.model import Person, Role
from survey.services import Services
from tests.cli import run_ikm
from tests.integration.helpers import row

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
K = 3
NAMES = ["Yusuf", "Abdul", "Maria", "Hendra", "Citra", "Bambang", "Wati"]


async def roster(services: Services) -> dict[str, Person]:
    rows = [row(i + 2, name, f"+6281200001{i:03d}") for i, name in enumerate(NAMES)]
    rows += [
        row(20, "Sekretaris", "+628120000900", Role.SEKRETARIS),
        row(21, "Kabid Sidang", "+628120000901", Role.KABID, "persidangan"),
        row(22, "Staf Umum", "+628120000902", Role.STAF, "persidangan"),
    ]
    await services.roster.import_rows(rows, dry_run=False)
    return {p.name: p for p in await services.roster.people()}


async def submit(services: Services, person: Person, index: int) -> None:
    await services.survey.handle(person.id, Start())
    for n, code in enumerate(CODES):
        await services.survey.handle(person.id, Answer(code, 1 + (index + n) % 4))
    await services.survey.handle(person.id, SaranText(f"saran nomor {index}"))
    assert (await services.survey.handle(person.id, Submit()))[0].note.value == "thanks"


async def views(router: Router, sekretaris: Person) -> tuple[str, list[tuple], list[str]]:
    """/ikm's text, and /ekspor's Data rows and saran, as the Sekretaris gets them."""
    [ikm, *_] = await router.command(sekretaris, "ikm", "")
    assert isinstance(ikm, Message)
    exported = await router.command(sekretaris, "ekspor", "")
    books = [m for m in exported if isinstance(m, Document)]
    if not books:
        return ikm.text, [], []
    book = openpyxl.load_workbook(io.BytesIO(books[0].data))
    data = [tuple(r[1:]) for r in book["Data"].iter_rows(min_row=2, values_only=True)]
    saran = [r[1] for r in book["Saran"].iter_rows(min_row=2, values_only=True) if r[1]]
    return ikm.text, data, saran


def numbers(text: str) -> list[str]:
    """Every NRR and score shown (the lines an attacker would difference)."""
    return re.findall(r"\d+,\d{2,4}", text.split("Dibanding")[0])


@pytest.fixture
def anonymous(db, clock) -> Services:
    return Services.build(db, clock, min_responses=K)


async def test_no_two_consecutive_views_isolate_fewer_than_k(anonymous: Services):
    people = await roster(anonymous)
    router = Router(anonymous)
    sekretaris = people["Sekretaris"]
    await anonymous.periods.open("Uji", version="dprd-6-v1", starts_on=date(2026, 7, 1))
    before = await views(router, sekretaris)
    steps = []
    for index, name in enumerate(NAMES):
        await submit(anonymous, people[name], index)
        after = await views(router, sekretaris)
        grew = len(after[1]) - len(before[1])
        assert grew == 0 or grew >= K, f"after {name}: {grew} new Data rows"
        assert len(after[2]) - len(before[2]) in (0, grew)  # saran move with their rows
        if grew == 0:  # nothing released: every number shown is the same as before
            assert numbers(after[0]) == numbers(before[0])
            assert after[1:] == before[1:]
        steps.append(grew)
        before = after
    assert steps == [0, 0, K, 0, 0, K, 0]
    await anonymous.periods.close()  # the remainder (7 = 3 + 3 + 1) goes with the close
    closed = await views(router, sekretaris)
    assert len(closed[1]) == len(NAMES) and len(closed[2]) == len(NAMES)


async def test_released_rows_are_shuffled_not_in_submission_order(anonymous: Services):
    people = await roster(anonymous)
    await anonymous.periods.open("Uji", version="dprd-6-v1", starts_on=date(2026, 7, 1))
    for index, name in enumerate(NAMES[:6]):
        await submit(anonymous, people[name], index)
    in_order = 0
    for _ in range(3):  # the export's order is the random response id: never submission order
        sheet = await anonymous.results.period_sheet()
        in_order += list(sheet.saran) == [f"saran nomor {i}" for i in range(6)]
    assert in_order == 0


async def pending_names(router: Router, who: Person) -> list[str]:
    [reply] = await router.command(who, "belum", "")
    assert isinstance(reply, Message)
    return [line.split(". ", 1)[1].split(" — ")[0] for line in reply.text.splitlines()[1:]]


async def test_belum_lists_who_has_not_answered_by_name_whatever_the_order(services: Services):
    people = await roster(services)
    router = Router(services)
    sekretaris, kabid = people["Sekretaris"], people["Kabid Sidang"]
    listings = []
    for seed, name in ((1, "Periode A"), (2, "Periode B")):
        await services.periods.open(name, version="dprd-6-v1", starts_on=date(2026, 7, 1))
        chosen = ["Wati", "Abdul", "Citra"]
        random.Random(seed).shuffle(chosen)
        for index, who in enumerate(chosen):
            await submit(services, people[who], index)
        listings.append(await pending_names(router, sekretaris))
        listings.append(await pending_names(router, kabid))
        await services.periods.close()
    assert all(listing == ["Bambang", "Hendra", "Maria", "Yusuf"] for listing in listings)
    [reply] = await router.command(sekretaris, "belum", "")
    assert reply.text == "Maaf, tidak ada periode yang sedang terbuka."


async def test_belum_is_refused_to_members_and_staff(services: Services):
    people = await roster(services)
    router = Router(services)
    await services.periods.open("Uji", version="dprd-6-v1", starts_on=date(2026, 7, 1))
    for name in ("Maria", "Staf Umum"):
        [reply] = await router.command(people[name], "belum", "")
        assert reply.text == texts.ONLY_LEADERS


async def test_belum_says_when_everyone_has_answered(services: Services):
    people = await roster(services)
    await services.periods.open("Uji", version="dprd-6-v1", starts_on=date(2026, 7, 1))
    for index, name in enumerate(NAMES):
        await submit(services, people[name], index)
    [reply] = await Router(services).command(people["Sekretaris"], "belum", "")
    assert reply.text == "Semua 7 anggota sudah mengisi survei periode Uji. Terima kasih."


async def test_ikm_period_belum_prints_the_same_list(services: Services, database_url, tmp_path):
    people = await roster(services)
    await services.periods.open("Uji", version="dprd-6-v1", starts_on=date(2026, 7, 1))
    for index, name in enumerate(("Maria", "Abdul", "Yusuf", "Citra")):
        await submit(services, people[name], index)
    result = run_ikm("period", "belum", database_url=database_url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "Belum mengisi survei periode Uji: 3 dari 7 anggota."
    assert lines[1:] == [
        "1. Bambang — +6281200001005",
        "2. Hendra — +6281200001003",
        "3. Wati — +6281200001006",
    ]
    await services.periods.close()
    result = run_ikm("period", "belum", database_url=database_url, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "Gagal: tidak ada periode yang sedang terbuka"
