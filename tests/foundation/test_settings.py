from __future__ import annotations

import pytest

from saiduan.settings import Settings, SettingsError


def test_defaults_to_a_sqlite_file_in_the_working_directory(monkeypatch):
    monkeypatch.delenv("SAIDUAN_DATABASE_URL", raising=False)
    assert Settings().database_url == "sqlite:///./saiduan.db"


def test_reads_prefixed_environment(monkeypatch):
    monkeypatch.setenv("SAIDUAN_LINE_CHANNEL_SECRET", "s3cret-value")
    monkeypatch.setenv("SAIDUAN_LINE_CHANNEL_ACCESS_TOKEN", "token-value")
    settings = Settings()
    assert settings.line_enabled and not settings.messenger_enabled and not settings.telegram_enabled
    assert "s3cret-value" not in repr(settings)


def _prod(**kw):
    base = dict(env="production", secret_key="k" * 48, cookie_secure=True)
    base.update(kw)
    return Settings(**base)


def test_production_accepts_real_secrets():
    assert _prod(telegram_bot_token="123:abc-real", telegram_secret_token="a-long-random-token").env == "production"


@pytest.mark.parametrize(
    "overrides, complaint",
    [
        ({"secret_key": None}, "SAIDUAN_SECRET_KEY"),
        ({"secret_key": "change-me"}, "SAIDUAN_SECRET_KEY"),
        ({"secret_key": "short"}, "SAIDUAN_SECRET_KEY"),
        ({"line_channel_secret": "changeme", "line_channel_access_token": "x" * 20}, "LINE_CHANNEL_SECRET"),
        ({"line_channel_secret": "a" * 32}, "LINE needs both"),
        ({"telegram_bot_token": "123:abc"}, "TELEGRAM_SECRET_TOKEN"),
        ({"cookie_secure": False}, "COOKIE_SECURE"),
    ],
)
def test_production_refuses_missing_or_placeholder_secrets(overrides, complaint):
    with pytest.raises(SettingsError, match=complaint):
        _prod(**overrides)


def test_development_starts_without_secrets():
    settings = Settings(env="development", secret_key=None)
    assert len(settings.session_secret) >= 32
