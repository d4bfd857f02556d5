"""Apply and check Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

import migrations
from saiduan.db import make_engine, normalize_url

MIGRATIONS_DIR = Path(migrations.__file__).parent


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return cfg


# Any constant; shared by every instance so only one of them migrates at a time.
_MIGRATION_LOCK_KEY = 0x5A1D_0001


def upgrade(url: str, revision: str = "head") -> None:
    cfg = alembic_config(url)
    if not normalize_url(url).startswith("postgresql"):
        command.upgrade(cfg, revision)
        return
    # Several replicas may start together; Alembic itself takes no lock.
    engine = make_engine(url, one_shot=True)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
            try:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                conn.commit()
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_KEY})
                conn.commit()
    finally:
        engine.dispose()


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    # The scripts do not change while a process runs; reading them per readiness probe would.
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return frozenset(ScriptDirectory.from_config(cfg).get_heads())


def head_revisions(url: str | None = None) -> set[str]:
    return set(_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def is_current(engine: Engine) -> bool:
    return current_revisions(engine) == head_revisions()
