"""The production install and the deployment files: a fresh venv from a clean copy of the tree
runs `ikm run` on the Telegram webhook; the systemd units verify; compose and the Dockerfile
match the settings. (No container engine runs here: images are not built in tests.)"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

from ikm.settings import Settings
from tests.e2e.fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DEV_ONLY = {
    *("pytest", "pytest-asyncio", "pytest-xdist", "execnet", "hypothesis", "formulas"),
    *("mypy", "ruff", "pyyaml"),
}
SECRET = "rahasia-webhook-0123456789"
UNITS = ("ikm-bot.service", "ikm-backup.service", "ikm-backup.timer")
#: Under pytest-xdist the module's tests share one worker, so the venv is built once.
pytestmark = pytest.mark.xdist_group("deploy")
START = {
    "update_id": 1,
    "message": {
        "message_id": 1,
        "date": 0,
        "text": "/start",
        "chat": {"id": 7001, "type": "private"},
        "from": {"id": 7001, "is_bot": False, "first_name": "Asing"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    },
}


def clean_copy(target: Path) -> Path:
    """The files a fresh clone would have (tracked, or new and not ignored): no venv, no data."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make install-prod` in a clean copy of the tree; the venv's bin folder."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    tree = clean_copy(tmp_path_factory.mktemp("tree"))
    started = time.monotonic()
    python = f"PYTHON={Path(sys.base_prefix) / 'bin' / 'python3'}"
    done = subprocess.run(
        ["make", "install-prod", python], cwd=tree, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert time.monotonic() - started < 240, "the production install took too long"
    return tree / ".venv" / "bin"


def installed(bin_dir: Path) -> dict[str, str]:
    listed = subprocess.run(
        [bin_dir / "python", "-m", "pip", "list", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {p["name"].lower(): p["version"] for p in json.loads(listed)}


@pytest.mark.slow
@pytest.mark.deploy
# pytest-timeout counts the set-up: the install may take its own limit (240 s), then the test.
@pytest.mark.timeout(240 + 120)
def test_the_production_install_serves_the_telegram_webhook(
    production: Path, tmp_path: Path
) -> None:
    packages = installed(production)
    assert "ikm-bot" in packages and not DEV_ONLY & set(packages), sorted(packages)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IKM_", "PYTHON"))}
    with FakeBotApi() as fake:
        env |= {
            "IKM_TELEGRAM_TOKEN": fake.token,
            "IKM_TELEGRAM_API_URL": fake.base_url,
            "IKM_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}",
            "IKM_TELEGRAM_WEBHOOK_SECRET": SECRET,
            "IKM_TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
            "IKM_TELEGRAM_WEBHOOK_PORT": str(port),
        }
        bot = subprocess.Popen(
            [production / "ikm", "run"],
            cwd=tmp_path,  # the default database, data/ikm.db, is made here
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            fake.wait_for(lambda c: c.is_("setWebhook"), timeout=60)
            endpoint = f"http://127.0.0.1:{port}/telegram"
            assert httpx.post(endpoint, json=START).status_code == 403
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            assert httpx.post(endpoint, json=START, headers=headers).status_code == 200
            reply = fake.wait_for(lambda c: c.is_("sendMessage"), timeout=30)
            assert reply.params["chat_id"] == 7001
        finally:
            bot.terminate()
            _, err = bot.communicate(timeout=30)
    assert bot.returncode == 0, err
    assert "Traceback" not in err and fake.token not in err
    assert oct((tmp_path / "data" / "ikm.db").stat().st_mode)[-3:] == "600"
    backup = subprocess.run(
        [production / "ikm", "db", "backup"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert backup.returncode == 0 and "Cadangan dibuat: cadangan/ikm-" in backup.stdout


def test_the_systemd_units_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    ikm = Path(sys.executable).with_name("ikm")  # an ikm that exists, for ExecStart's check
    for unit in UNITS:
        text = (DEPLOY / unit).read_text()
        assert unit.endswith(".timer") or "ExecStart=/opt/ikm/venv/bin/ikm " in text
        (tmp_path / unit).write_text(text.replace("/opt/ikm/venv/bin/ikm", str(ikm)))
    done = subprocess.run(
        [analyze, "verify", *(str(tmp_path / unit) for unit in UNITS)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    service = (DEPLOY / "ikm-bot.service").read_text()
    for line in (
        "User=ikm",
        "WorkingDirectory=/var/lib/ikm",
        "EnvironmentFile=/etc/ikm/ikm.env",
        "Restart=on-failure",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
    ):
        assert f"\n{line}\n" in service, line


def setting_names() -> set[str]:
    return {f"IKM_{name.upper()}" for name in Settings.model_fields}


def test_the_compose_file_runs_postgres_the_webhook_bot_and_a_tls_proxy() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "bot", "caddy"}
    bot = services["bot"]
    assert set(bot["environment"]) <= setting_names(), set(bot["environment"]) - setting_names()
    env = bot["environment"]
    assert env["IKM_DATABASE_URL"].startswith("postgresql://ikm:")
    assert env["IKM_DATABASE_URL"].endswith("@db:5432/ikm")
    assert env["IKM_TELEGRAM_WEBHOOK_URL"].startswith("https://")
    assert bot["build"] == {"context": "..", "dockerfile": "Dockerfile"}
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert any(v.endswith(":/var/lib/ikm") for v in bot["volumes"])
    db = services["db"]["environment"]
    assert (db["POSTGRES_USER"], db["POSTGRES_DB"]) == ("ikm", "ikm")
    port = env["IKM_TELEGRAM_WEBHOOK_PORT"]
    caddy = (DEPLOY / "Caddyfile").read_text()
    assert re.search(rf"handle /telegram \{{\s*reverse_proxy bot:{port}\s*\}}", caddy), caddy
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["caddy"]["volumes"]
    example = (DEPLOY / "ikm.env.example").read_text()
    named = set(re.findall(r"^(IKM_[A-Z_]+)=", example, re.M))
    assert named - {"IKM_DB_PASSWORD", "IKM_DOMAIN"} <= setting_names()


def test_the_dockerfile_installs_the_bot_alone_and_runs_it_unprivileged() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    instructions = [line.split()[0] for line in lines if line.split()[0].isupper()]
    assert instructions[0] == "FROM" and instructions.count("FROM") == 2
    text = "\n".join(lines)
    assert "-c constraints.txt ." in text and "[dev]" not in text and "pytest" not in text
    user = [line for line in lines if line.startswith("USER ")]
    assert user == ["USER ikm"]
    assert text.index("USER ikm") > text.index("COPY --from=build")
    assert 'ENTRYPOINT ["ikm"]' in lines and 'CMD ["run"]' in lines
    assert 'VOLUME ["/var/lib/ikm"]' in lines and "WORKDIR /var/lib/ikm" in lines
    for line in lines:
        if line.startswith("COPY ") and "--from" not in line:
            for copied in line.split()[1:-1]:
                assert (ROOT / copied).exists(), copied
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".env", "data", "cadangan"} <= set(ignored)
