"""Drive a real `ikm run` console through pipes, reading its output as it comes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path


class ConsoleProcess:
    """`python -m ikm run` with stdin and stdout as pipes; no chat channel configured."""

    def __init__(self, database_url: str, cwd: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("IKM_")}
        env |= {"IKM_DATABASE_URL": database_url, "PYTHONIOENCODING": "utf-8"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ikm", "run"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=cwd,
            env=env,
        )
        self.output = ""
        self.seen = 0
        self.changed = threading.Condition()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        try:
            for line in self.proc.stdout:
                with self.changed:
                    self.output += line
                    self.changed.notify_all()
        except ValueError:  # the pipe was closed under us after a kill
            pass

    def send(self, line: str) -> None:
        """Type one line."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def wait_for(self, text: str, timeout: float = 30) -> str:
        """Block until `text` appears in new output; returns the new output up to it."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while (found := self.output.find(text, self.seen)) < 0:
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.changed.wait(0.2)):
                    raise AssertionError(f"{text!r} not seen; output:\n{self.output[-3000:]}")
                self.changed.wait(min(left, 0.5))
            new = self.output[self.seen : found + len(text)]
            self.seen = found + len(text)
            return new

    def kill9(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()

    def finish(self) -> tuple[int, str]:
        """Close stdin (end of input) and return the exit code and stderr."""
        assert self.proc.stdin is not None and self.proc.stderr is not None
        self.proc.stdin.close()
        code = self.proc.wait(timeout=30)
        err = self.proc.stderr.read()
        self._close_pipes()
        return code, err
