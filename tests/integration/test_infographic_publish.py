"""`ikm infografis` and /infografis on a real database: released results only, the text kept
beside the image, roles, and a period below the release threshold refused."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import date
from io import BytesIO
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from bot.chat.render import Document, Message, Photo
from bot.chat.router import Router
from ikm.cli.app import app
from survey.ports import DomainError
from tests.integration.follow_up_support import released, submit


def size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def invoke(database_url: str, *args: str):
    env = {"IKM_DATABASE_URL": database_url, "IKM_TIMEZONE": "Asia/Makassar"}
    env |= {"IKM_INSTITUTION_NAME": "Sekretariat DPRD Kabupaten Balangan"}
    return CliRunner().invoke(app, list(args), env=env)


async def test_ikm_infografis_writes_the_image_and_its_text(database_url, services, tmp_cwd):
    await released(services)
    await services.follow_ups.add(
        "cli",
        period=None,
        element="sarana",
        action="Perbaikan AC ruang rapat",
        bidang="fasilitasi",
        due_on=date(2027, 1, 31),
    )
    out = tmp_cwd / "infografis.png"
    done = await asyncio.to_thread(invoke, database_url, "infografis", "--out", str(out))
    assert done.exit_code == 0, done.output
    assert size(out) == (1240, 1754)
    data = json.loads((tmp_cwd / "infografis.json").read_text(encoding="utf-8"))
    # NRR 3; 3,6667; 3,3333; 3,3333; 4; 2 → IKM 3,2222 → 80,56 (B, Baik)
    assert (data["ikm"], data["nilai_indeks"], data["mutu"], data["kinerja"]) == (
        "80,56",
        "3,2222",
        "B",
        "Baik",
    )
    assert data["responden"] == 3 and data["periode"] == "Semester II 2026"
    assert [u["nrr"] for u in data["unsur"]] == [
        "3,0000",
        "3,6667",
        "3,3333",
        "3,3333",
        "4,0000",
        "2,0000",
    ]
    assert data["tindak_lanjut"] == [
        "Sarana dan Prasarana: Perbaikan AC ruang rapat (bidang fasilitasi, tenggat 31 Januari "
        "2027, rencana)"
    ]
    assert "IKM 80,56" in data["teks"]
    assert any(re.fullmatch(r"Diterbitkan \d{1,2} [A-Z][a-z]+ 20\d\d", t) for t in data["teks"])
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    square = tmp_cwd / "persegi.png"
    args = ("infografis", "--format", "persegi", "--out", str(square))
    assert (await asyncio.to_thread(invoke, database_url, *args)).exit_code == 0
    assert size(square) == (1080, 1080)


async def test_a_period_below_the_release_threshold_is_refused(database_url, services, tmp_cwd):
    people = await released(services)
    await services.periods.close()
    await services.periods.open(
        "Semester I 2027", version="dprd-6-v1", starts_on=date(2026, 11, 27)
    )
    await submit(services, people["ahmad"].id, (4, 4, 4, 4, 4, 4))
    await submit(services, people["siti"].id, (1, 1, 1, 1, 1, 1))
    args = ("infografis", "--periode", "Semester I 2027", "--out", str(tmp_cwd / "x.png"))
    refused = await asyncio.to_thread(invoke, database_url, *args)
    assert isinstance(refused.exception, DomainError)
    assert "hasil IKM periode Semester I 2027 belum ditampilkan" in str(refused.exception)
    assert not (tmp_cwd / "x.png").exists()
    latest = await asyncio.to_thread(invoke, database_url, "infografis", "--out", "y.png")
    assert latest.exit_code == 0 and "Semester II 2026" in latest.output  # the latest shown


async def test_infografis_in_chat_for_kabid_and_sekretaris_only(services, clock):
    people = await released(services)
    router = Router(services)
    replies = await router.command(people["budi"], "infografis", "")
    assert [type(r) for r in replies] == [Photo, Document]
    assert isinstance(replies[0], Photo)
    assert Image.open(BytesIO(replies[0].data)).size == (1080, 1080)
    assert replies[0].filename == "infografis-semester-ii-2026-persegi.png"
    for who in ("ahmad", "rahmah"):
        refused = await router.command(people[who], "infografis", "")
        assert isinstance(refused[0], Message) and "hanya untuk Kepala Bidang" in refused[0].text
