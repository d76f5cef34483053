"""Settings: the contract's names, defaults, validation, and secrets that never show."""

from __future__ import annotations

import pytest

from ikm.db import async_url
from ikm.settings import SettingsError, load_settings


def test_defaults_follow_the_contract(tmp_cwd, monkeypatch):
    for name in ("IKM_DATABASE_URL", "IKM_TELEGRAM_TOKEN", "IKM_TIMEZONE", "IKM_MIN_RESPONSES"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.database_url == "sqlite:///data/ikm.db"
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.timezone == "Asia/Makassar" and settings.min_responses == 3
    assert not settings.telegram_enabled and not settings.whatsapp_enabled


def test_dotenv_is_read(tmp_cwd, monkeypatch):
    monkeypatch.delenv("IKM_MIN_RESPONSES", raising=False)
    (tmp_cwd / ".env").write_text("IKM_MIN_RESPONSES=5\nIKM_TELEGRAM_TOKEN=123:abc\n")
    settings = load_settings()
    assert settings.min_responses == 5 and settings.telegram_enabled


def test_token_never_appears_in_repr(tmp_cwd, monkeypatch):
    monkeypatch.setenv("IKM_TELEGRAM_TOKEN", "123456:SECRET-TOKEN")
    settings = load_settings()
    assert "SECRET-TOKEN" not in repr(settings) and "SECRET-TOKEN" not in str(settings)


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("IKM_MIN_RESPONSES", "0", "IKM_MIN_RESPONSES"),
        ("IKM_TIMEZONE", "Mars/Olympus", "zona waktu tidak dikenal"),
        ("IKM_DATABASE_URL", "mysql://x", "IKM_DATABASE_URL"),
        ("IKM_QUESTIONNAIRE", "tidak-ada", "IKM_QUESTIONNAIRE"),
    ],
)
def test_bad_values_name_the_variable(tmp_cwd, monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=words):
        load_settings()


def test_bad_value_message_hides_a_secret(tmp_cwd, monkeypatch):
    monkeypatch.setenv("IKM_WHATSAPP_PORT", "nope-SECRET")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "SECRET" not in str(caught.value)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///data/ikm.db", "sqlite+aiosqlite:///data/ikm.db"),
        ("postgresql://user@host/db", "postgresql+asyncpg://user@host/db"),
        ("postgres://user@host/db", "postgresql+asyncpg://user@host/db"),
    ],
)
def test_async_driver_is_picked_from_the_usual_url(url, expected):
    assert async_url(url) == expected


def test_webhook_needs_a_strong_secret(tmp_cwd, monkeypatch):
    monkeypatch.setenv("IKM_TELEGRAM_WEBHOOK_URL", "https://ikm.example/hook")
    with pytest.raises(SettingsError, match="IKM_TELEGRAM_WEBHOOK_SECRET wajib"):
        load_settings()
    monkeypatch.setenv("IKM_TELEGRAM_WEBHOOK_SECRET", "pendek")
    with pytest.raises(SettingsError, match="16–256") as caught:
        load_settings()
    assert "pendek" not in str(caught.value)


def test_the_institution_defaults_to_balangan_and_takes_another_name_address_and_logo(
    tmp_cwd, monkeypatch
):
    for name in ("IKM_INSTITUTION_NAME", "IKM_INSTITUTION_ADDRESS", "IKM_INSTITUTION_LOGO"):
        monkeypatch.delenv(name, raising=False)
    default = load_settings()
    assert default.institution_name == "Sekretariat DPRD Kabupaten Balangan"
    assert default.institution_address == "" and default.institution_logo is None
    (tmp_cwd / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    monkeypatch.setenv("IKM_INSTITUTION_NAME", "Sekretariat DPRD  Kabupaten Tabalong")
    monkeypatch.setenv("IKM_INSTITUTION_ADDRESS", "Jl. Jend. Sudirman,\n Tanjung")
    monkeypatch.setenv("IKM_INSTITUTION_LOGO", "logo.png")
    other = load_settings()
    assert other.institution_name == "Sekretariat DPRD Kabupaten Tabalong"
    assert other.institution_address == "Jl. Jend. Sudirman, Tanjung"
    assert other.institution_logo is not None and other.institution_logo.name == "logo.png"


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, "tidak dapat dibaca"), (b"GIF89a", "harus PNG")],
)
def test_a_logo_that_is_missing_or_not_a_png_is_refused_by_name(
    tmp_cwd, monkeypatch, content, words
):
    if content is not None:
        (tmp_cwd / "logo.gif").write_bytes(content)
    monkeypatch.setenv("IKM_INSTITUTION_LOGO", "logo.gif")
    with pytest.raises(SettingsError, match=f"IKM_INSTITUTION_LOGO.*{words}"):
        load_settings()
