"""The console as a recorder sees it: a flow shown again after a restart, numbers that stay put."""

from __future__ import annotations

import io
import re

import pytest

from bot.console import Console
from survey.services import Services
from tests.integration.helpers import row
from tests.integration.test_records_support import roster

pytestmark = pytest.mark.zones


class Typist:
    """Lines typed into a console, one at a time, and everything it printed."""

    def __init__(self, services: Services, clock) -> None:
        self.out = io.StringIO()
        self.console = Console(services, self._no_input, self.out)

    @staticmethod
    async def _no_input() -> str:
        return ""

    async def start(self) -> str:
        await self.console.run()
        return self._taken()

    async def type(self, line: str) -> str:
        await self.console.on_line(line)
        return self._taken()

    def _taken(self) -> str:
        text = self.out.getvalue()
        self.out.seek(0)
        self.out.truncate()
        return text


def number_of(screen: str, label: str) -> int:
    """The option number printed before `label` on a console screen."""
    found = re.search(rf"\[(\d+)\] {re.escape(label)}", screen)
    assert found is not None, screen
    return int(found.group(1))


async def to_attendees(typist: Typist) -> str:
    await typist.type("/sebagai Rahmah")
    screen = await typist.type("/pelatihan")
    screen = await typist.type(str(number_of(screen, "Pelatihan baru")))
    await typist.type("Orientasi Tugas")
    await typist.type("2026-01-05")
    return await typist.type("Lewati")


async def test_a_flow_in_progress_is_shown_again_after_a_restart_and_takes_the_next_number(
    services, clock
):
    await roster(services)
    first = Typist(services, clock)
    await first.start()
    await first.type("/sebagai Rahmah")
    screen = await first.type("/pelatihan")
    await first.type(str(number_of(screen, "Pelatihan baru")))

    second = Typist(services, clock)  # a new process: nothing in memory
    shown = await second.start()
    assert "Anda bertindak sebagai: Rahmah" in shown
    assert "Melanjutkan pencatatan yang belum selesai." in shown
    assert "Ketik nama pelatihan" in shown and "[2] Batal" in shown
    typed = await second.type("Orientasi Tugas")  # the first line after the restart counts
    assert "Pelatihan: Orientasi Tugas" in typed and "Ketik tanggal pelatihan" in typed


async def test_paged_attendees_keep_every_control_number_on_every_page(services, clock):
    await roster(services)
    extra = [row(20 + i, f"Anggota Tambahan {i:02d}", f"+6281299{i:05d}") for i in range(10)]
    await services.roster.import_rows(extra, dry_run=False)
    typist = Typist(services, clock)
    await typist.start()
    page1 = await to_attendees(typist)
    assert "Halaman 1 dari 2" in page1
    page2 = await typist.type(str(number_of(page1, "Berikutnya »")))
    assert "Halaman 2 dari 2" in page2
    for label in ("Simpan", "Kembali", "Batal"):
        assert number_of(page1, label) == number_of(page2, label), label
    assert number_of(page2, "« Sebelumnya") == 9 and number_of(page1, "Berikutnya »") == 10
    assert "« Sebelumnya" not in page1 and "Berikutnya »" not in page2
    back = await typist.type(str(number_of(page2, "« Sebelumnya")))
    assert "Halaman 1 dari 2" in back


async def test_sebagai_tells_nothing_typed_several_matches_and_none_apart(services, clock):
    await roster(services)
    twins = [row(30, "Rahmadi", "+6281299000001"), row(31, "rahmadi", "+6281299000002")]
    await services.roster.import_rows([*twins, row(32, "Siti", "+6281299000003")], dry_run=False)
    typist = Typist(services, clock)
    await typist.start()
    assert "Ketik /sebagai diikuti nomor dari /daftar" in await typist.type("/sebagai")
    several = await typist.type("/sebagai Rahmadi")
    assert several.startswith(
        "Beberapa orang cocok dengan 'Rahmadi': Rahmadi (+6281299000001); "
        "rahmadi (+6281299000002)."
    )
    assert "Tidak ditemukan" not in several
    assert "Tidak ditemukan di roster: 'Zulkifli'" in await typist.type("/sebagai Zulkifli")
    chosen = await typist.type("/sebagai 0812-9900-0002")
    assert "Anda bertindak sebagai: rahmadi (anggota)" in chosen
    exact = await typist.type("/sebagai siti")  # a whole name, though "Hj. Siti Aminah" has it
    assert "Anda bertindak sebagai: Siti (anggota)" in exact


async def test_words_typed_where_a_choice_is_asked_name_the_numbers_not_buttons(services, clock):
    await roster(services)
    typist = Typist(services, clock)
    await typist.start()
    await typist.type("/sebagai Rahmah")
    await typist.type("/pelatihan")
    said = await typist.type("pelatihan yang kemarin")
    assert "(tombol atau nomornya)" in said and "dengan tombol" not in said
    assert "[1]" in said  # the choices again, by number
