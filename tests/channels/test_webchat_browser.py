"""The web chat page in Chromium: greeting, typing, a quick-reply button, all over SSE."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from bots.events import EventKind, OutgoingMessage, QuickReply
from bots.outbox import enqueue
from saiduan.app import create_app
from tests.channels.conftest import channel_settings

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("SAIDUAN_REQUIRE_BROWSER") == "1":
            pytest.fail("SAIDUAN_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing")
        pytest.skip("/usr/bin/chromium is not installed")


def _handler(session, event, inbox_id):  # noqa: ANN001
    if event.kind is EventKind.follow:
        message = OutgoingMessage(text="สวัสดีค่ะ เลือกได้เลย", quick_replies=[
            QuickReply(label="ขอความช่วยเหลือ", payload="help"), QuickReply(label="สอบถาม", payload="ask")])
    elif event.kind is EventKind.postback:
        message = OutgoingMessage(text=f"เลือก {event.payload} แล้วค่ะ")
    else:
        message = OutgoingMessage(text=f"ได้รับ {len(event.text or '')} ตัวอักษรค่ะ")
    enqueue(session, channel=event.channel, recipient=event.user_id, message=message)


def test_chat_page_round_trip_in_chromium(db_url, tmp_path):
    _require_chromium()
    from playwright.sync_api import sync_playwright

    app = create_app(channel_settings(db_url, tmp_path, workers_enabled=True))
    app.state.ctx.services["set_inbound_handler"](_handler)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    errors: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 760}, locale="th-TH")
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.goto(f"http://127.0.0.1:{port}/chat")
            page.get_by_role("button", name="ขอความช่วยเหลือ").click(timeout=10_000)
            page.locator(".msg.bot", has_text="เลือก help แล้วค่ะ").wait_for(timeout=10_000)
            page.fill("#text", "สวัสดี 🙏")
            page.keyboard.press("Enter")
            page.locator(".msg.bot", has_text="ได้รับ 8 ตัวอักษรค่ะ").wait_for(timeout=10_000)
            texts = page.locator(".msg").all_inner_texts()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(10)
    assert texts == ["สวัสดีค่ะ เลือกได้เลย", "ขอความช่วยเหลือ", "เลือก help แล้วค่ะ", "สวัสดี 🙏",
                     "ได้รับ 8 ตัวอักษรค่ะ"]
    assert errors == []
