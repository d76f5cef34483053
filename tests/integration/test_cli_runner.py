"""The in-process `ikm` of the tests (tests/cli.py) behaves like a fresh process and leaves this
one as it found it: the caller's settings, folder, arguments and logging."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest

from tests.cli import run_ikm, run_in_process, spawn_ikm

MISSING = "sqlite:////nonexistent-folder-of-the-caller/ikm.db"


def test_only_the_given_settings_count_and_the_callers_come_back(tmp_path, monkeypatch):
    monkeypatch.setenv("IKM_DATABASE_URL", MISSING)
    monkeypatch.setenv("IKM_TIMEZONE", "Bukan/Zona")
    folder, argv, handlers = Path.cwd(), sys.argv[:], logging.getLogger().handlers[:]

    done = run_ikm("db", "upgrade", database_url=None, cwd=tmp_path)

    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "Skema basis data sudah terbaru.\n",
        "",
    )
    assert (tmp_path / "data" / "ikm.db").exists()  # the default database, in `cwd`
    assert os.environ["IKM_DATABASE_URL"] == MISSING
    assert os.environ["IKM_TIMEZONE"] == "Bukan/Zona"
    assert (Path.cwd(), sys.argv, logging.getLogger().handlers) == (folder, argv, handlers)


def test_a_dotenv_in_the_folder_is_read(tmp_path):
    (tmp_path / ".env").write_text("IKM_TIMEZONE=Bukan/Zona\n", encoding="utf-8")
    failed = run_ikm("period", "list", database_url=f"sqlite:///{tmp_path / 'a.db'}", cwd=tmp_path)
    assert failed.returncode == 1
    assert failed.stderr.startswith("Gagal: ") and "IKM_TIMEZONE" in failed.stderr
    assert "IKM_TIMEZONE" not in os.environ


def test_errors_and_usage_mistakes_exit_as_the_process_would(tmp_path):
    url = f"sqlite:///{tmp_path / 'ikm.db'}"
    nothing_open = run_ikm("period", "close", database_url=url, cwd=tmp_path)
    assert nothing_open.returncode == 1 and nothing_open.stderr.startswith("Gagal: ")
    assert len(nothing_open.stderr.splitlines()) == 1
    mistyped = run_ikm("period", "tutup", database_url=url, cwd=tmp_path)
    spawned = spawn_ikm("period", "tutup", database_url=url, cwd=tmp_path)
    assert (mistyped.returncode, mistyped.stdout, mistyped.stderr) == (
        spawned.returncode,
        spawned.stdout,
        spawned.stderr,
    )
    assert mistyped.returncode == 2


async def test_it_runs_from_inside_an_event_loop(tmp_path):
    listed = run_ikm(
        "period", "list", database_url=f"sqlite:///{tmp_path / 'ikm.db'}", cwd=tmp_path
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("Belum ada periode.")


def test_a_logged_warning_reaches_stderr_as_in_a_fresh_process(tmp_path):
    """A fresh process has no log handler, so Python prints warnings to stderr; the runner
    takes this process's handlers (pytest's among them) away for the command's duration."""

    def warn_and_stop() -> None:
        logging.getLogger("ikm.test").warning("peringatan uji")
        raise SystemExit(3)

    done = run_in_process(warn_and_stop, ["ikm"], cwd=tmp_path, stdin="", env={})
    assert (done.returncode, done.stderr) == (3, "peringatan uji\n")


@pytest.mark.parametrize(("code", "status", "stderr"), [("pesan", 1, "pesan\n"), (None, 0, "")])
def test_exit_with_a_message_or_none_as_the_interpreter_does(tmp_path, code, status, stderr):
    done = run_in_process(lambda: sys.exit(code), ["ikm"], cwd=tmp_path, stdin="", env={})
    assert (done.returncode, done.stderr) == (status, stderr)


def test_stdin_and_argv_are_the_commands(tmp_path):
    def echo() -> None:
        print(" ".join(sys.argv), sys.stdin.read().upper(), sep="|", end="")

    done = run_in_process(echo, ["ikm", "a", "b"], cwd=tmp_path, stdin="halo", env={})
    assert (done.returncode, done.stdout) == (0, "ikm a b|HALO")
