from __future__ import annotations

import sqlalchemy as sa
from typer.testing import CliRunner

from handoff.passwords import verify_password
from saiduan.cli import app

runner = CliRunner()


def _run(db_url, *args, input=None):
    return runner.invoke(app, list(args), input=input, env={"SAIDUAN_DATABASE_URL": db_url})


def test_upgrade_then_demo_data_prints_passwords_once(db_url, engine):
    assert _run(db_url, "db", "upgrade").exit_code == 0
    first = _run(db_url, "demo-data")
    assert first.exit_code == 0, first.output
    assert "supervisor" in first.output and "admin" in first.output
    second = _run(db_url, "demo-data")
    assert second.exit_code == 0 and "exist already" in second.output
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM staff_user")).scalar() == 3
        assert conn.execute(sa.text("SELECT count(*) FROM centre")).scalar() == 78
        areas = conn.execute(sa.text("SELECT count(*) FROM centre_area")).scalar()
        assert areas == 77
        agencies = conn.execute(sa.text("SELECT count(*) FROM agency")).scalar()
        assert agencies > 77


def test_users_create_hashes_with_argon2_and_refuses_weak_or_duplicate(db_url, engine):
    _run(db_url, "demo-data")
    ok = _run(db_url, "users", "create", "somsri", "--role", "worker", "--centre", "PV50",
              "--name", "สมศรี", input="a-long-enough-password\n")
    assert ok.exit_code == 0, ok.output
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash, role FROM staff_user WHERE username='somsri'")).one()
    assert stored.password_hash.startswith("$argon2id$") and stored.role == "worker"
    assert verify_password(stored.password_hash, "a-long-enough-password")
    weak = _run(db_url, "users", "create", "weak", "--role", "worker", "--centre", "PV50", "--name", "x",
                input="short\n")
    assert weak.exit_code == 2 and "at least" in weak.output
    dup = _run(db_url, "users", "create", "somsri", "--role", "worker", "--centre", "PV50", "--name", "x",
               input="a-long-enough-password\n")
    assert dup.exit_code == 2 and "already exists" in dup.output
    bad_role = _run(db_url, "users", "create", "x1", "--role", "boss", "--centre", "PV50", "--name", "x",
                    input="a-long-enough-password\n")
    assert bad_role.exit_code == 2


def test_db_current_reports_pending_migrations(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert _run(url, "db", "current").exit_code == 1
    assert _run(url, "db", "upgrade").exit_code == 0
    assert _run(url, "db", "current").exit_code == 0


def test_production_with_placeholder_secret_refuses_to_start(tmp_path):
    result = runner.invoke(app, ["db", "upgrade"], env={
        "SAIDUAN_ENV": "production", "SAIDUAN_SECRET_KEY": "change-me",
        "SAIDUAN_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
    })
    assert result.exit_code == 2 and "refusing to start in production" in result.output
