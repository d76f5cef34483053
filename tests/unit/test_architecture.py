"""Imports point inward: a scan of every module's imports, so nobody has to remember the rule."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ikm", "bot", "survey", "scoring", "scheduler")
# Which of our packages each package may import.
ALLOWED = {
    "survey": {"survey", "scoring"},
    "scoring": {"scoring"},
    "scheduler": {"scheduler", "survey", "scoring"},
    "bot": {"bot", "survey", "scoring", "scheduler"},  # a channel implements scheduler's port
    "ikm": set(PACKAGES),
}
PURE_DOMAIN = (
    "survey/conversation/engine.py",
    "survey/conversation/events.py",
    "survey/conversation/screens.py",
)
CHAT_LIBRARIES = ("telegram", "pywa")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_of(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_only_inward(package):
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules_of(package)
        for name in imported_modules(path)
        if name.split(".")[0] in PACKAGES and name.split(".")[0] not in ALLOWED[package]
    }
    assert not wrong


@pytest.mark.parametrize("package", ["survey", "scoring"])
def test_domain_and_scoring_know_nothing_of_chat_libraries(package):
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules_of(package)
        for name in imported_modules(path)
        if name.split(".")[0] in CHAT_LIBRARIES
    }
    assert not wrong


@pytest.mark.parametrize("module", PURE_DOMAIN)
def test_conversation_engine_is_pure(module):
    allowed_roots = {"__future__", "dataclasses", "enum", "survey", "typing", "collections"}
    outside = {n for n in imported_modules(ROOT / module) if n.split(".")[0] not in allowed_roots}
    assert not outside


DRIVERS = ("sqlite3", "aiosqlite", "asyncpg", "psycopg", "psycopg2")


def test_only_the_database_module_talks_to_the_drivers():
    # Everything else goes through ikm/db.py's Database: one path, rows read by column name.
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for package in PACKAGES
        for path in modules_of(package)
        if path != ROOT / "ikm" / "db.py"
        for name in imported_modules(path)
        if name.split(".")[0] in DRIVERS
    }
    assert not wrong


# The rooms inside survey/, bot/ and ikm/, and which other rooms of the same package each may
# import. The flat modules beside them are shared below every room (survey: ports, tables,
# dates, sheets, zone; bot: console and webhook_door) or wire them all (survey/services.py,
# ikm's application modules).
ROOMS = {
    "survey": {
        "questionnaire": set(),
        "people": {"questionnaire"},
        "periods": {"questionnaire", "people"},
        "conversation": {"questionnaire", "people", "periods"},
        "records": {"questionnaire", "people", "periods"},
        "indicators": {"questionnaire", "people", "periods", "records"},
        "publication": {"questionnaire", "people", "periods", "records"},
    },
    "bot": {"chat": set(), "telegram": {"chat"}, "whatsapp": {"chat"}},
    "ikm": {"cli": set()},
}
SHARED = {
    "survey": ("ports", "dates", "sheets", "zone"),
    "bot": ("webhook_door",),
    "ikm": ("db", "settings", "logs", "migrate"),
}


def room_of(package: str, module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != package or len(parts) < 2 or parts[1] not in ROOMS[package]:
        return None
    return parts[1]


@pytest.mark.parametrize("package", sorted(ROOMS))
def test_every_module_lives_in_a_room_or_is_named_shared(package):
    rooms = set(ROOMS[package])
    flat = {p.stem for p in (ROOT / package).glob("*.py")} - {"__init__", "__main__"}
    subpackages = {p.name for p in (ROOT / package).iterdir() if (p / "__init__.py").is_file()}
    assert subpackages == rooms  # a new room is named here, with its directions
    assert flat  # the shared and wiring modules exist (a sanity check of the scan itself)


@pytest.mark.parametrize("package", sorted(ROOMS))
def test_rooms_import_only_the_rooms_below_them(package):
    wrong = set()
    for path in modules_of(package):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        room = room_of(package, module)
        for name in imported_modules(path):
            target = room_of(package, name)
            if target is None or target == room:
                continue
            if room is None:
                if path.stem in SHARED[package] and path.parent == ROOT / package:
                    wrong.add(f"{module} (shared) imports {name}")
            elif target not in ROOMS[package][room]:
                wrong.add(f"{module} imports {name}")
    assert not wrong


def cycle_in(rooms: dict[str, set[str]]) -> tuple[str, ...] | None:
    """A path of rooms that leads back to its start, or None."""

    def walk(room: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        if room in path:
            return (*path, room)
        for below in sorted(rooms[room]):
            found = walk(below, (*path, room))
            if found:
                return found
        return None

    return next((c for c in (walk(room, ()) for room in sorted(rooms)) if c), None)


@pytest.mark.parametrize("package", sorted(ROOMS))
def test_the_room_directions_have_no_cycle(package):
    assert cycle_in(ROOMS[package]) is None


def test_a_cycle_in_the_directions_would_be_found():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ("a", "b", "c", "a")
