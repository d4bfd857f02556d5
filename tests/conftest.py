"""Shared fixtures: a migrated database on SQLite and, when configured, on PostgreSQL.

Every test that takes `db_url` (or `engine`, `sessions`, `session`, `settings`, `app`,
`client`) runs once per database: SQLite always, PostgreSQL when SAIDUAN_TEST_POSTGRES_URL is
set. Schemas come from the real Alembic migrations, applied once per run; each test then gets
emptied tables (SQLite: a copy of the migrated file; PostgreSQL: TRUNCATE and re-seed).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from saiduan import migrate
from saiduan.db import make_engine, make_session_factory, normalize_url
from saiduan.settings import Settings

PG_URL = os.environ.get("SAIDUAN_TEST_POSTGRES_URL")
# Rows the migrations seed; restored after each PostgreSQL truncation.
SEEDED_TABLES = ("problem_category",)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[tuple[str, dict[str, list[dict]]]]:
    """A database of our own beside the one CI named, migrated once for the whole run."""
    if not PG_URL:
        pytest.skip("PostgreSQL tests need SAIDUAN_TEST_POSTGRES_URL")
    name = f"saiduan_t_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(normalize_url(PG_URL), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = normalize_url(PG_URL).rsplit("/", 1)[0] + f"/{name}"
    migrate.upgrade(url)
    engine = make_engine(url, one_shot=True)
    with engine.connect() as conn:
        seeds = {t: [dict(r._mapping) for r in conn.execute(sa.text(f"SELECT * FROM {t}"))] for t in SEEDED_TABLES}
    engine.dispose()
    yield url, seeds
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _reset_pg(url: str, seeds: dict[str, list[dict]]) -> None:
    engine = make_engine(url, one_shot=True)
    with engine.begin() as conn:
        tables = [
            r[0] for r in conn.execute(sa.text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            ))
        ]
        if tables:
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        meta = sa.MetaData()
        for table, rows in seeds.items():
            if rows:
                conn.execute(sa.Table(table, meta, autoload_with=conn).insert(), rows)
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "saiduan.db"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    url, seeds = request.getfixturevalue("pg_database")
    _reset_pg(url, seeds)
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: sa.Engine):
    return make_session_factory(engine)


@pytest.fixture
def session(sessions) -> Iterator[Session]:
    with sessions() as s:
        yield s


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        env="test", database_url=db_url, secret_key="t" * 40, media_dir=tmp_path / "media",
        workers_enabled=False, scheduler_enabled=False, log_json=False,
    )
