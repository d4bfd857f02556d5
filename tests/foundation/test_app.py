from __future__ import annotations

import json
import logging

import sqlalchemy as sa
from fastapi.testclient import TestClient

from saiduan.app import create_app
from saiduan.logs import JsonFormatter, scrub
from saiduan.settings import Settings


def test_health_ready_metrics_and_landing(settings):
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json() == {"status": "ready"}
        landing = client.get("/")
        assert landing.status_code == 200
        assert 'href="/chat"' in landing.text and 'href="/console"' in landing.text
        metrics = client.get("/metrics").text
        assert 'saiduan_http_requests_total{method="GET",route="/healthz",status="200"}' in metrics


def test_readyz_is_503_when_migrations_are_pending(tmp_path):
    settings = Settings(env="test", database_url=f"sqlite:///{tmp_path / 'blank.db'}", workers_enabled=False)
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "migrations pending"


def test_readyz_is_503_when_the_database_is_unreachable():
    settings = Settings(env="test", database_url="postgresql://nobody@127.0.0.1:1/none", workers_enabled=False)
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "nobody" not in response.text


def test_request_id_is_echoed_or_made(settings):
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz", headers={"x-request-id": "abc-123"}).headers["x-request-id"] == "abc-123"
        made = client.get("/healthz", headers={"x-request-id": "bad id\n"}).headers["x-request-id"]
        assert made != "bad id\n" and len(made) == 16


def test_json_logs_mask_phone_and_national_id_numbers():
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "caller %s id %s", ("๐๘๑-๒๓๔-๕๖๗๘", "1101700203451"), None)
    line = json.loads(JsonFormatter().format(record))
    assert "5678" not in line["msg"] and "1101700203451" not in line["msg"]
    assert scrub("case 1300-2569-000123") == "case 1300-2569-000123"


def test_unknown_route_is_a_clean_404(settings):
    with TestClient(create_app(settings)) as client:
        response = client.get("/no/such/page")
    assert response.status_code == 404


def test_database_is_shared_by_sessions(sessions):
    with sessions() as s:
        s.execute(sa.text("INSERT INTO person (created_at) VALUES (CURRENT_TIMESTAMP)"))
        s.commit()
    with sessions() as s:
        assert s.execute(sa.text("SELECT count(*) FROM person")).scalar() == 1
