"""The web chat through its HTTP API, and its SSE stream across two app instances."""

from __future__ import annotations

import json
import threading
import time
import uuid

import httpx
import pytest
import uvicorn

from bots import messages
from bots.web import COOKIE
from tests.channels.conftest import channel_settings


@pytest.fixture
def web(make_harness):
    return make_harness()


def _session(h) -> str:  # noqa: ANN001
    page = h.client.get("/chat")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "frame-ancestors *" in page.headers["content-security-policy"]
    assert "httponly" in page.headers["set-cookie"].lower() and "samesite=lax" in page.headers["set-cookie"].lower()
    return page.cookies[COOKIE]


def _post(h, body, token=None):  # noqa: ANN001, ANN202
    headers = {"X-Chat-Session": token} if token else {}
    return h.client.post("/chat/api/messages", json=body, headers=headers)


def test_page_is_thai_and_self_contained(web):
    page = web.client.get("/chat")
    assert 'lang="th"' in page.text and "https://" not in page.text  # no CDN
    assert web.client.get("/chat/assets/webchat.js").status_code == 200
    assert web.client.get("/chat/assets/webchat.css").status_code == 200


def test_round_trip_and_dedupe(web):
    _session(web)  # the cookie now rides on the client
    mid = str(uuid.uuid4())
    assert _post(web, {"id": mid, "text": "สวัสดีค่ะ อยากปรึกษา"}).json() == {"accepted": True, "duplicate": False}
    assert _post(web, {"id": mid, "text": "สวัสดีค่ะ อยากปรึกษา"}).json()["duplicate"] is True
    assert len(web.inbox()) == 1
    web.settle()
    data = web.client.get("/chat/api/messages", params={"after": 0}).json()
    [msg] = data["messages"]
    assert msg["message"]["text"] == messages.ACKNOWLEDGEMENT["th"] and data["last_id"] == msg["id"]
    assert web.client.get("/chat/api/messages", params={"after": msg["id"]}).json()["messages"] == []


def test_header_session_works_without_cookie(web):
    token = _session(web)
    web.client.cookies.clear()
    assert _post(web, {"id": "abcdefgh1", "text": "ทดสอบ"}, token=token).status_code == 202
    assert _post(web, {"id": "abcdefgh2", "text": "ทดสอบ"}).status_code == 401
    assert _post(web, {"id": "abcdefgh3", "text": "ทดสอบ"}, token=token + "x").status_code == 401


def test_bad_input(web):
    _session(web)
    assert web.client.post("/chat/api/messages", content=b"{nope",
                           headers={"Content-Type": "application/json"}).status_code == 400
    assert _post(web, {"id": "short", "text": "x"}).status_code == 422
    assert _post(web, {"id": "abcdefgh9", "text": "x" * 5001}).status_code == 422
    assert web.client.post("/chat/api/messages", content=b"x" * 40_000).status_code == 413
    assert _post(web, {"id": "abcdefgh8", "kind": "postback"}).status_code == 422
    assert web.inbox() == []


@pytest.mark.parametrize("text", ["", "🥺🥺🥺", "ง" * 5000, "\u0e40\u0e40\u0e40\u200d"])
def test_odd_texts(web, text):
    _session(web)
    assert _post(web, {"id": str(uuid.uuid4()), "text": text}).status_code == 202
    web.settle()
    assert web.inbox()[0].status == "done"


def test_postback_location_and_follow(web):
    _session(web)
    seen = []
    web.ctx.services["set_inbound_handler"](lambda s, e, i: seen.append(e))
    _post(web, {"id": str(uuid.uuid4()), "kind": "follow"})
    _post(web, {"id": str(uuid.uuid4()), "kind": "postback", "payload": "consent:yes", "label": "ยินยอม"})
    _post(web, {"id": str(uuid.uuid4()), "kind": "location", "location": {"latitude": 18.79, "longitude": 98.98}})
    web.settle()
    assert [e.kind for e in seen] == ["follow", "postback", "location"]
    assert seen[1].payload == "consent:yes" and seen[2].location.longitude == 98.98


def test_rate_limited_per_person(web):
    _session(web)
    codes = [_post(web, {"id": str(uuid.uuid4()), "text": "ก"}).status_code for _ in range(14)]
    assert codes[:10] == [202] * 10 and 429 in codes[10:]


def test_stream_on_another_instance_shows_what_this_one_sent(web, db_url, tmp_path):
    """Instance A stores, processes and sends; the browser's stream is on instance B (uvicorn)."""
    from saiduan.app import create_app

    token = _session(web)
    app_b = create_app(channel_settings(db_url, tmp_path))
    server = uvicorn.Server(uvicorn.Config(app_b, host="127.0.0.1", port=0, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        events: list[dict] = []

        def listen() -> None:
            with httpx.stream("GET", f"http://127.0.0.1:{port}/chat/api/stream", params={"s": token},
                              timeout=10) as resp:
                assert resp.status_code == 200
                for line in resp.iter_lines():
                    if line.startswith("data: "):
                        events.append(json.loads(line[6:]))
                        return

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        time.sleep(0.3)
        _post(web, {"id": str(uuid.uuid4()), "text": "มีใครอยู่ไหมคะ"})
        web.settle()
        listener.join(8)
        assert events and events[0]["message"]["text"] == messages.ACKNOWLEDGEMENT["th"]
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_page_with_a_stale_session_can_get_a_fresh_one(web):
    fresh = web.client.get("/chat/api/session").json()["token"]
    web.client.cookies.clear()
    assert _post(web, {"id": str(uuid.uuid4()), "text": "ก"}, token=fresh).status_code == 202
