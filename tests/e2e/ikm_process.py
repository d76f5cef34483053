"""`python -m ikm run` as a subprocess for the e2e tests: environment, start, kill -9, stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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
