"""Run the real `ikm` command as a user would: in this process (`run_ikm`, the console script's
own entry point, a few milliseconds) or as a subprocess (`spawn_ikm`, where the process itself
is the point: start-up, signals, exit codes of `ikm run`, what a fresh process creates).

Both see only the `IKM_…` variables the test gives (none of the caller's), run in `cwd` (so a
`.env` there counts) and return a `CompletedProcess` (exit code, stdout, stderr)."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from typer.testing import CliRunner

T = TypeVar("T")

#: One command at a time: the working folder, the environment and the standard streams are the
#: process's own, so two in-process commands (from two threads) must not overlap.
_ONE_AT_A_TIME = threading.Lock()


def ikm_env(database_url: str | None, env: dict[str, str] | None = None) -> dict[str, str]:
    """The `IKM_…` variables a command runs with (no database URL: the default one)."""
    database = {"IKM_DATABASE_URL": database_url} if database_url is not None else {}
    return database | (env or {})


def run_ikm(
    *args: str,
    database_url: str | None,
    cwd: Path,
    stdin: str = "",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`ikm ARGS…` in this process, through `ikm.cli.entry.main` as the console script runs it;
    the caller's environment, folder, streams and logging are restored afterwards."""
    from ikm.cli.entry import main

    return run_in_process(
        main, ["ikm", *args], cwd=cwd, stdin=stdin, env=ikm_env(database_url, env)
    )


def run_in_process(
    main: Callable[[], object], argv: list[str], *, cwd: Path, stdin: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """`main()` with `argv` as a fresh process would run it (see `_fresh_process`); its exit
    status, stdout and stderr."""

    def invoke() -> subprocess.CompletedProcess[str]:
        with _ONE_AT_A_TIME, _fresh_process(cwd, env, stdin) as streams:
            sys.argv = argv
            try:
                main()
                code = 0
            except SystemExit as exited:
                code = _exit_code(exited.code)
                if isinstance(exited.code, str):
                    sys.stderr.write(exited.code + "\n")  # as the interpreter prints it
            out, err = streams()
        return subprocess.CompletedProcess(argv, code, out, err)

    return _outside_any_event_loop(invoke)


def spawn_ikm(
    *args: str,
    database_url: str | None,
    cwd: Path,
    stdin: str = "",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m ikm ARGS…` as a subprocess with its own database."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("IKM_")}
    full_env |= {"PYTHONIOENCODING": "utf-8"} | ikm_env(database_url, env)
    return subprocess.run(
        [sys.executable, "-m", "ikm", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=60,
    )


@contextmanager
def _fresh_process(
    cwd: Path, env: dict[str, str], stdin: str
) -> Iterator[Callable[[], tuple[str, str]]]:
    """As in a new process: only `env` of the IKM_ variables, `cwd`, stdin from `stdin`,
    stdout and stderr captured (read them with the yielded function), logging without
    handlers (a warning goes to stderr); everything as it was afterwards."""
    overrides: dict[str, str | None] = {k: None for k in os.environ if k.startswith("IKM_")}
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = _logger_levels()
    argv, folder = sys.argv, Path.cwd()
    runner = CliRunner()
    try:
        with runner.isolation(input=stdin, env=overrides | env) as (out, err, _):
            root.handlers[:] = []
            os.chdir(cwd)

            def streams() -> tuple[str, str]:
                sys.stdout.flush()
                sys.stderr.flush()
                return _text(out.getvalue()), _text(err.getvalue())

            yield streams
    finally:
        os.chdir(folder)
        sys.argv = argv
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, logger in logging.root.manager.loggerDict.items():
            if isinstance(logger, logging.Logger):
                logger.setLevel(levels.get(name, logging.NOTSET))


def _logger_levels() -> dict[str, int]:
    return {
        name: logger.level
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }


def _text(data: bytes) -> str:
    """Decoded as the subprocess's text mode would (UTF-8, universal newlines)."""
    return data.decode("utf-8").replace("\r\n", "\n")


def _exit_code(code: object) -> int:
    """`sys.exit`'s argument as the process's exit status."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _outside_any_event_loop(work: Callable[[], T]) -> T:
    """Run `work` here, or in a thread when an event loop runs here (an async test): commands
    start their own loop with `asyncio.run`."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    result: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(work())
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=target, name="ikm-in-process")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]
