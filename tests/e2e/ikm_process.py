"""`python -m ikm run` as a subprocess for the e2e tests: environment, start, kill -9, stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any


class IkmRun:
    """A running `ikm run` on `url` with `settings` (IKM_… variables) and nothing inherited of
    the caller's own IKM_ settings; stderr goes to a pipe unless `stderr` names a file."""

    def __init__(
        self, url: str, cwd: Path, settings: dict[str, str], stderr: IO[Any] | None = None
    ) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("IKM_")}
        env |= {"PTB_TIMEDELTA": "true", "PYTHONIOENCODING": "utf-8", "IKM_DATABASE_URL": url}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ikm", "run"],
            cwd=cwd,
            env=env | settings,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE if stderr is None else stderr,
            text=True,
        )

    def kill9(self) -> None:
        """SIGKILL: no clean-up at all."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        if self.proc.stderr is not None:
            self.proc.stderr.close()

    def stop(self, timeout: float = 20) -> str:
        """SIGTERM, as a service manager would; returns what it logged to the pipe."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        pipe = self.proc.stderr
        try:
            return pipe.read() if pipe is not None and not pipe.closed else ""
        finally:
            self.proc.wait(timeout=timeout)
            if pipe is not None and not pipe.closed:
                pipe.close()


class LoggedRun(IkmRun):
    """An `ikm run` whose stderr goes to `folder/stderr.log`, read while it runs."""

    def __init__(self, url: str, folder: Path, settings: dict[str, str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.log = folder / "stderr.log"
        with self.log.open("w") as err:
            super().__init__(url, folder, settings, stderr=err)

    def logged(self) -> str:
        """Everything the process wrote to stderr so far."""
        return self.log.read_text("utf-8")

    def wait_for_log(self, needle: str, timeout: float = 30) -> None:
        """Block until the process logged `needle` (fails when it ended first)."""
        deadline = time.monotonic() + timeout
        while needle not in self.logged():
            assert self.proc.poll() is None, self.logged()
            assert time.monotonic() < deadline, f"no {needle!r} in:\n{self.logged()}"
            time.sleep(0.1)

    def exit_code(self, timeout: float = 30) -> int:
        """Wait for the process to end by itself; its exit code."""
        return self.proc.wait(timeout=timeout)
