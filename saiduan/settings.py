"""Every setting comes from the environment (prefix SAIDUAN_), documented in .env.example."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDERS = {"", "change-me", "changeme", "secret", "dev", "test", "xxx", "placeholder"}


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class SettingsError(RuntimeError):
    """Raised as-is (not as a pydantic ValidationError) so start-up stops with a plain reason."""


def _is_placeholder(value: SecretStr | None) -> bool:
    if value is None:
        return True
    raw = value.get_secret_value().strip()
    return raw.lower() in PLACEHOLDERS or raw.lower().startswith("change-me")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAIDUAN_", env_file=None, extra="ignore")

    env: Environment = Environment.development
    database_url: str = "sqlite:///./saiduan.db"
    secret_key: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"
    log_level: str = "INFO"
    log_json: bool = True
    instance_id: str | None = None
    # Background loops (inbox processing, outbox sending, scheduler) inside the web process.
    workers_enabled: bool = True
    scheduler_enabled: bool = True
    media_dir: Path = Path("./media")
    media_max_bytes: int = 10 * 1024 * 1024
    webhook_max_body_bytes: int = 1024 * 1024
    # Retrained model versions (admin retraining); the shipped model lives in nlp/model.
    model_dir: Path | None = None
    cookie_secure: bool = False

    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_base_url: str = "https://api.line.me"
    line_data_api_base_url: str | None = None

    messenger_app_secret: SecretStr | None = None
    messenger_page_token: SecretStr | None = None
    messenger_verify_token: SecretStr | None = None
    messenger_api_base_url: str = "https://graph.facebook.com"
    messenger_graph_version: str = "v23.0"

    telegram_bot_token: SecretStr | None = None
    telegram_secret_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"

    http_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    outbox_max_attempts: int = Field(default=8, ge=1, le=50)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env is not Environment.production:
            return self
        problems = []
        if _is_placeholder(self.secret_key) or len(self.secret_key.get_secret_value()) < 32:
            problems.append("SAIDUAN_SECRET_KEY must be a random value of at least 32 characters")
        for name in (
            "line_channel_secret", "line_channel_access_token", "messenger_app_secret",
            "messenger_page_token", "messenger_verify_token", "telegram_bot_token",
            "telegram_secret_token",
        ):
            value = getattr(self, name)
            if value is not None and _is_placeholder(value):
                problems.append(f"SAIDUAN_{name.upper()} is a placeholder")
        if self.line_enabled is False and self.line_channel_secret is not None:
            problems.append("LINE needs both SAIDUAN_LINE_CHANNEL_SECRET and _ACCESS_TOKEN")
        if self.telegram_bot_token is not None and self.telegram_secret_token is None:
            problems.append("SAIDUAN_TELEGRAM_SECRET_TOKEN is required when Telegram is on")
        if not self.cookie_secure:
            problems.append("SAIDUAN_COOKIE_SECURE must be true in production (HTTPS only)")
        if problems:
            raise SettingsError("refusing to start in production: " + "; ".join(problems))
        return self

    @property
    def line_enabled(self) -> bool:
        return self.line_channel_secret is not None and self.line_channel_access_token is not None

    @property
    def messenger_enabled(self) -> bool:
        return all(
            v is not None
            for v in (self.messenger_app_secret, self.messenger_page_token, self.messenger_verify_token)
        )

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @cached_property
    def session_secret(self) -> str:
        """Secret for signing cookies; a development run without one gets a per-process key."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        import secrets

        return secrets.token_urlsafe(48)
