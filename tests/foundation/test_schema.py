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
