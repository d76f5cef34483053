"""Run the real `ikm` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_ikm(
    *args: str, database_url: str, cwd: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`ikm ARGS…` with its own database; returns exit code, stdout and stderr."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("IKM_")}
    full_env |= {"IKM_DATABASE_URL": database_url, "PYTHONIOENCODING": "utf-8"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "ikm", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=60,
    )
