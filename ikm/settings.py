"""Settings from the environment or `.env` (prefix `IKM_`), built once in the composition root."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from survey.questionnaire.model import available_versions

DEFAULT_DB = Path("data") / "ikm.db"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_DB}"  # its folder is created on first use
#: The console's demo lives apart from the real data: `ikm run` without a channel and without
#: IKM_DATABASE_URL opens this one, so `make run` never seeds DEMO people into data/ikm.db.
DEMO_DATABASE_URL = f"sqlite:///{Path('data') / 'demo.db'}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class SettingsError(ValueError):
    """A setting that cannot be used; the message names it and never shows a secret."""


class Settings(BaseSettings):
    """Every `IKM_` setting of DESIGN.md's contract."""

    model_config = SettingsConfigDict(env_prefix="IKM_", env_file=".env", extra="ignore")

    database_url: str = Field(default=DEFAULT_DATABASE_URL)
    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_port: int = Field(default=8443, ge=1, le=65535)
    telegram_webhook_listen: str = "0.0.0.0"
    timezone: str = "Asia/Makassar"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    health_port: int | None = Field(default=None, ge=1, le=65535)
    health_listen: str = "127.0.0.1"
    min_responses: int = Field(default=3, ge=1)
    questionnaire: str = "dprd-6-v1"
    #: Bidang beyond the decree's two (persidangan, fasilitasi), comma-separated.
    bidang_lain: str = ""
    reminder_days: str = "mon"
    reminder_time: time = time(9, 0)
    reminder_max: int = Field(default=3, ge=0, le=52)
    recap_day: int = Field(default=1, ge=1, le=28)
    recap_time: time = time(8, 0)
    catch_up_hours: float = Field(default=6, ge=0, le=72)
    kabid_reminder_day: str = "mon"
    kabid_reminder_time: time = time(8, 0)
    whatsapp_phone_id: str | None = None
    whatsapp_token: SecretStr | None = None
    whatsapp_app_secret: SecretStr | None = None
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_port: int = Field(default=8080, ge=1, le=65535)
    whatsapp_listen: str = "0.0.0.0"
    whatsapp_api_url: str = "https://graph.facebook.com"
    whatsapp_template_reminder: str = Field(
        default="ikm_pengingat_survei", pattern=r"^[a-z0-9_]{1,512}$"
    )
    whatsapp_template_recap: str = Field(
        default="ikm_pemberitahuan", pattern=r"^[a-z0-9_]{1,512}$"
    )
    whatsapp_template_kabid: str = Field(
        default="ikm_pengingat_kabid", pattern=r"^[a-z0-9_]{1,512}$"
    )
    whatsapp_template_language: str = Field(default="id", pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")
    backup_dir: Path = Path("cadangan")
    outbox_attachment_days: int = Field(default=7, ge=1, le=365)
    #: Who publishes: the name, address and logo on the infographic and the public page.
    institution_name: str = Field(
        default="Sekretariat DPRD Kabupaten Balangan", min_length=1, max_length=120
    )
    institution_address: str = Field(default="", max_length=300)
    institution_logo: Path | None = None

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, url: str) -> str:
        if not url.startswith(("sqlite", "postgresql", "postgres://")):
            raise ValueError("harus sqlite:///… atau postgresql://…")
        return url

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, level: object) -> object:
        return level.strip().upper() if isinstance(level, str) else level

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, form: object) -> object:
        return form.strip().lower() if isinstance(form, str) else form

    @field_validator("health_port", mode="before")
    @classmethod
    def _empty_is_off(cls, port: object) -> object:
        return None if isinstance(port, str) and not port.strip() else port

    @field_validator("reminder_days", "kabid_reminder_day")
    @classmethod
    def _weekday_names(cls, days: str) -> str:
        names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
        parts = [p.strip().lower() for p in days.replace("-", ",").split(",")]
        if not parts or any(p not in names for p in parts):
            raise ValueError("pakai nama hari mon,tue,wed,thu,fri,sat,sun (bukan angka)")
        return days.strip().lower()

    @field_validator("timezone")
    @classmethod
    def _real_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"zona waktu tidak dikenal: {name}") from None
        return name

    @field_validator("institution_name", "institution_address")
    @classmethod
    def _one_line(cls, text: str) -> str:
        return " ".join(text.split())

    @field_validator("institution_logo")
    @classmethod
    def _logo_is_a_png(cls, path: Path | None) -> Path | None:
        if path is None or str(path) == "":
            return None
        try:
            head = path.read_bytes()[:8]
        except OSError:
            raise ValueError(f"berkas logo tidak dapat dibaca: {path}") from None
        if head != PNG_SIGNATURE:
            raise ValueError(f"berkas logo harus PNG: {path}")
        return path

    @property
    def extra_bidang(self) -> tuple[str, ...]:
        """`IKM_BIDANG_LAIN` as a tuple of names."""
        return tuple(b.strip() for b in self.bidang_lain.split(",") if b.strip())

    @field_validator("questionnaire")
    @classmethod
    def _shipped_questionnaire(cls, version: str) -> str:
        if version not in available_versions():
            raise ValueError(f"tersedia: {', '.join(available_versions())}")
        return version

    @model_validator(mode="after")
    def _webhook_has_a_secret(self) -> Settings:
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError("IKM_TELEGRAM_WEBHOOK_SECRET wajib diisi bila memakai webhook")
        secret = self.telegram_webhook_secret
        if secret is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{16,256}", secret.get_secret_value()
        ):
            raise ValueError("IKM_TELEGRAM_WEBHOOK_SECRET: 16–256 huruf, angka, _ atau -")
        return self

    @model_validator(mode="after")
    def _whatsapp_is_complete(self) -> Settings:
        given = {
            "IKM_WHATSAPP_PHONE_ID": bool(self.whatsapp_phone_id),
            "IKM_WHATSAPP_TOKEN": _filled(self.whatsapp_token),
            "IKM_WHATSAPP_APP_SECRET": _filled(self.whatsapp_app_secret),
            "IKM_WHATSAPP_VERIFY_TOKEN": _filled(self.whatsapp_verify_token),
        }
        missing = [name for name, present in given.items() if not present]
        if missing and len(missing) < len(given):
            raise ValueError(f"WhatsApp belum lengkap: {', '.join(missing)} wajib diisi")
        return self

    @property
    def database_folder_may_be_created(self) -> bool:
        """Only the default `data/ikm.db` (and the console's `data/demo.db`) get their folder
        made: any other path must exist, so a mistyped one is refused instead of starting a
        fresh, empty database."""
        return self.database_url in (DEFAULT_DATABASE_URL, DEMO_DATABASE_URL)

    @property
    def console_demo(self) -> bool:
        """`ikm run` opens the console on its own demo database: no channel, no database set."""
        chat = self.telegram_enabled or self.whatsapp_enabled
        return not chat and "database_url" not in self.model_fields_set

    def for_console_demo(self) -> Settings:
        """These settings with the console's demo database."""
        return self.model_copy(update={"database_url": DEMO_DATABASE_URL})

    def secret_values(self) -> list[str]:
        """Every configured secret, for what must never show them (logs, error lines)."""
        given = (
            self.telegram_token,
            self.telegram_webhook_secret,
            self.whatsapp_token,
            self.whatsapp_app_secret,
            self.whatsapp_verify_token,
        )
        return [s.get_secret_value() for s in given if s is not None and s.get_secret_value()]

    @property
    def zone(self) -> ZoneInfo:
        """The display and scheduling time zone."""
        return ZoneInfo(self.timezone)

    @property
    def telegram_enabled(self) -> bool:
        """A Telegram token is configured."""
        return self.telegram_token is not None and bool(self.telegram_token.get_secret_value())

    @property
    def channels(self) -> list[str]:
        """The configured chat channels, by name."""
        on = {"telegram": self.telegram_enabled, "whatsapp": self.whatsapp_enabled}
        return [name for name, enabled in on.items() if enabled]

    @property
    def whatsapp_enabled(self) -> bool:
        """The WhatsApp phone number id, token, app secret and verify token are configured."""
        return bool(self.whatsapp_phone_id) and _filled(self.whatsapp_token)


def _filled(secret: SecretStr | None) -> bool:
    return secret is not None and bool(secret.get_secret_value())


def load_settings(**overrides: object) -> Settings:
    """Build the settings; a bad value becomes one SettingsError naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        if not first["loc"]:  # a rule across settings names its variables in the message
            reason = str(first["msg"]).removeprefix("Value error, ")
            raise SettingsError(f"pengaturan tidak sah: {reason}") from None
        name = "IKM_" + str(first["loc"][0]).upper()
        raise SettingsError(f"pengaturan {name} tidak sah: {first['msg']}") from None
