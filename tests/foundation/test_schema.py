"""The migrations are the schema: they apply on both databases and match the models exactly."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel, select

import bots.models  # noqa: F401
import handoff.models  # noqa: F401
from intake.models import ProblemCategory
from saiduan import migrate


def test_migrations_are_current_and_create_every_table(engine):
    assert migrate.is_current(engine)
    tables = set(sa.inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_models_and_migrations_do_not_drift(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == []


def test_ten_categories_are_seeded(session):
    keys = {c.key for c in session.exec(select(ProblemCategory))}
    assert keys == {"violence", "trafficking", "child_labor", "pregnancy", "poverty", "homeless",
                    "neglect", "benefits", "mental_health", "other"}


def test_a_fresh_database_is_not_current(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert not migrate.is_current(engine)


def test_instances_starting_together_migrate_once(tmp_path):
    """Replicas run `saiduan db upgrade` at the same time; the seed rows must appear once."""
    import os
    import uuid
    from concurrent.futures import ThreadPoolExecutor

    import pytest

    from saiduan.db import normalize_url

    pg = os.environ.get("SAIDUAN_TEST_POSTGRES_URL")
    if not pg:
        pytest.skip("PostgreSQL tests need SAIDUAN_TEST_POSTGRES_URL")
    name = f"saiduan_m_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(normalize_url(pg), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = normalize_url(pg).rsplit("/", 1)[0] + f"/{name}"
    try:
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(lambda _: migrate.upgrade(url), range(3)))
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM problem_category")).scalar() == 10
        assert migrate.is_current(engine)
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
