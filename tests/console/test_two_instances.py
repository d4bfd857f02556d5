"""Two app instances against one PostgreSQL: a citizen message received by A shows live on a
console connected to B, and a reply typed on B leaves exactly once though both run senders."""

from __future__ import annotations

import json
import queue
import re
import threading
import time

import httpx
import pytest

from intake.models import ConversationState
from tests.console.conftest import PASSWORD, make_case
from tests.console.line_citizen import LineCitizen
from tests.console.live_server import serve

pytestmark = pytest.mark.postgres


def _sign_in(base: str, username: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=10)
    page = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/console/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code in (200, 303)
    queue_page = client.get("/console").text
    return client, re.search(r'name="csrf_token" value="([^"]+)"', queue_page).group(1)


def _listen(client: httpx.Client, case_id: int, out: queue.Queue, stop: threading.Event) -> None:
    try:
        with client.stream("GET", f"/console/events?case={case_id}", timeout=httpx.Timeout(10, read=60)) as stream:
            out.put(("open", None))
            event = None
            for line in stream.iter_lines():
                if stop.is_set():
                    return
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    out.put((event, json.loads(line[5:])))
    except httpx.HTTPError as exc:
        # The servers stop at the end of the test and cut the stream; before that it is a failure
        # the test sees as a missing event.
        if not stop.is_set():
            out.put(("stream-error", {"error": type(exc).__name__}))


def test_message_on_a_shows_on_b_and_reply_leaves_once(sessions, world, db_url, tmp_path):
    if not db_url.startswith("postgres"):
        pytest.skip("two instances need PostgreSQL (SAIDUAN_TEST_POSTGRES_URL)")
    from tests.fakes.line import FakeLine

    fake = FakeLine().start()
    citizen_id = "U" + "c0ffee" * 5 + "00"
    with sessions() as s:
        case = make_case(s, world, channel="line", user_id=citizen_id, state=ConversationState.waiting_human)
    try:
        with serve(db_url, line_api=fake.base_url, media_dir=tmp_path / "a", log_path=tmp_path / "a.log") as a, \
                serve(db_url, line_api=fake.base_url, media_dir=tmp_path / "b", log_path=tmp_path / "b.log") as b:
            client, csrf = _sign_in(b, "w_bkk")
            assert client.post(f"/console/cases/{case.id}/takeover", data={"csrf_token": csrf}).status_code in (200, 303)
            events: queue.Queue = queue.Queue()
            stop = threading.Event()
            listener = threading.Thread(target=_listen, args=(_sign_in(b, "w_bkk")[0], case.id, events, stop),
                                        daemon=True)
            listener.start()
            assert events.get(timeout=10)[0] == "open"
            time.sleep(0.5)

            citizen = LineCitizen(a, fake, user_id=citizen_id)

            def wait_inbound(timeout: float) -> float | None:
                sent = time.monotonic()
                deadline = sent + timeout
                while time.monotonic() < deadline:
                    try:
                        topic, data = events.get(timeout=max(0.05, deadline - time.monotonic()))
                    except queue.Empty:
                        break
                    if topic == "message" and data["case_id"] == case.id and data["direction"] == "in":
                        return time.monotonic() - sent
                return None

            # The first message of a process also loads the classifier; the second shows the path.
            citizen.say("ยังอยู่ไหมคะ")
            assert wait_inbound(30) is not None, "B never saw the message A received"
            citizen.say("หนูกลัวเขากลับมา")
            took = wait_inbound(10)
            assert took is not None and took < 2.0, took

            reply = "อยู่ค่ะ เจ้าหน้าที่อยู่ตรงนี้ ถ้าเขากลับมาและไม่ปลอดภัย โทร 191 ได้ทันทีนะคะ"
            response = client.post(f"/console/cases/{case.id}/reply", data={"text": reply},
                                   headers={"X-CSRF-Token": csrf, "X-Requested-With": "fetch"})
            assert response.status_code == 201, response.text
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and not [d for d in fake.delivered if reply in json.dumps(d, ensure_ascii=False)]:
                time.sleep(0.1)
            time.sleep(3)  # both instances' senders have had time to send it again if they would
            delivered = [d for d in fake.delivered if reply in json.dumps(d, ensure_ascii=False)]
            assert len(delivered) == 1 and delivered[0]["to"] == citizen_id
            pushes = [c for c in fake.calls_to("/v2/bot/message/push") if reply in json.dumps(c.body, ensure_ascii=False)]
            assert len(pushes) == 1
            stop.set()
            client.close()
    finally:
        fake.stop()
