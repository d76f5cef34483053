"""Telegram's command menus: described by the catalogue, each role seeing what it may use."""

from __future__ import annotations

from bot.chat import texts
from bot.telegram.channel import commands_for
from survey.people.model import Role


def menu(role: Role) -> dict[str, str]:
    return {c.command: c.description for c in commands_for(role)}


def test_the_sekretaris_menu_is_the_whole_catalogue_in_its_order():
    assert menu(Role.SEKRETARIS) == texts.COMMAND_MENU
    assert list(menu(Role.SEKRETARIS)) == list(texts.COMMAND_MENU)


def test_each_role_sees_its_own_commands():
    assert list(menu(Role.ANGGOTA)) == ["start", "survei", "batal", "bantuan"]
    assert "pelatihan" in menu(Role.STAF) and "ikm" not in menu(Role.STAF)
    assert "ikm" in menu(Role.KABID) and "kinerja" not in menu(Role.KABID)
    assert menu(Role.KABID)["survei"] == "Isi survei kepuasan"
