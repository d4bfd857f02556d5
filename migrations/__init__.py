"""Alembic migrations: the only way the schema changes. Apply with `saiduan db upgrade`."""
