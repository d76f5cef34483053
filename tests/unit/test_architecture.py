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
PURE_DOMAIN = ("survey/engine.py", "survey/events.py", "survey/screens.py")
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
