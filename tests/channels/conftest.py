"""Channel tests: the real app, the real SDKs, fake platform servers on 127.0.0.1.

Background loops are off (settings.workers_enabled=False); tests drive the inbox processor and
the outbox sender with `run_once()` on the app's own event loop (the TestClient portal), where
the SDK clients were created.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from bots.ack import acknowledge
from bots.models import InboxEvent, OutboxMessage
from saiduan.app import create_app
from saiduan.settings import Settings
from tests.fakes.line import FakeLine
from tests.fakes.messenger import FakeMessenger
from tests.fakes.telegram import FakeTelegram

LINE_SECRET = "line-channel-secret-for-tests"
LINE_TOKEN = "line-access-token-for-tests"
FB_APP_SECRET = "messenger-app-secret-for-tests"
FB_PAGE_TOKEN = "page-token-test"
FB_VERIFY = "verify-token-for-tests"
TG_TOKEN = "123456:TEST-token"
TG_SECRET = "telegram-secret-token-for-tests"


@pytest.fixture
def line_fake() -> Iterator[FakeLine]:
    with FakeLine() as fake:
        yield fake


@pytest.fixture
def messenger_fake() -> Iterator[FakeMessenger]:
    with FakeMessenger(page_token=FB_PAGE_TOKEN) as fake:
        yield fake


@pytest.fixture
def telegram_fake() -> Iterator[FakeTelegram]:
    with FakeTelegram(token=TG_TOKEN) as fake:
        yield fake


class Clock:
    """A clock the sender and processor read, so backoff can be skipped without sleeping."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


@dataclass
class Harness:
    client: TestClient
    app: Any
    clock: Clock

    @property
    def ctx(self):  # noqa: ANN201
        return self.app.state.ctx

    @property
    def processor(self):  # noqa: ANN201
        return self.ctx.services["inbox_processor"]

    @property
    def sender(self):  # noqa: ANN201
        return self.ctx.services["outbox_sender"]

    def process(self) -> int:
        total = 0
        for _ in range(50):
            n = self.client.portal.call(self.processor.run_once)
            total += n
            if not n:
                break
        return total

    def send(self) -> int:
        total = 0
        for _ in range(50):
            n = self.client.portal.call(self.sender.run_once)
            total += n
            if not n:
                break
        return total

    def settle(self, *, skip_backoff: bool = False) -> None:
        """Process and send until nothing is due; optionally jump over every backoff wait."""
        for _ in range(30):
            n = self.process() + self.send()
            if not n:
                if not skip_backoff or not self.pending_outbox():
                    return
                self.clock.advance(3600)

    def inbox(self) -> list[InboxEvent]:
        with self.ctx.sessions() as s:
            return list(s.execute(sa.select(InboxEvent).order_by(InboxEvent.id)).scalars())

    def outbox(self) -> list[OutboxMessage]:
        with self.ctx.sessions() as s:
            return list(s.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars())

    def pending_outbox(self) -> list[OutboxMessage]:
        return [r for r in self.outbox() if r.status in ("pending", "sending")]


def channel_settings(db_url: str, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = dict(
        env="test", database_url=db_url, secret_key="t" * 40, media_dir=tmp_path / "media",
        workers_enabled=False, scheduler_enabled=False, log_json=False, http_timeout_seconds=1.0,
        outbox_max_attempts=4,
    )
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def make_harness(db_url: str, tmp_path: Path):
    stack: list[TestClient] = []

    def build(**overrides: Any) -> Harness:
        app = create_app(channel_settings(db_url, tmp_path, **overrides))
        client = TestClient(app)
        client.__enter__()
        stack.append(client)
        clock = Clock()
        ctx = app.state.ctx
        ctx.services["outbox_sender"].clock = clock
        ctx.services["inbox_processor"].clock = clock
        # These tests are about the channels, not the dialogue: whatever intake's wiring installed,
        # answer with the bots acknowledgement so the expected replies are known.
        ctx.services["set_inbound_handler"](acknowledge)
        return Harness(client, app, clock)

    yield build
    for client in stack:
        client.__exit__(None, None, None)


@pytest.fixture
def line(make_harness, line_fake: FakeLine) -> Harness:
    return make_harness(line_channel_secret=LINE_SECRET, line_channel_access_token=LINE_TOKEN,
                        line_api_base_url=line_fake.base_url)


@pytest.fixture
def messenger(make_harness, messenger_fake: FakeMessenger) -> Harness:
    return make_harness(messenger_app_secret=FB_APP_SECRET, messenger_page_token=FB_PAGE_TOKEN,
                        messenger_verify_token=FB_VERIFY, messenger_api_base_url=messenger_fake.base_url,
                        messenger_graph_version=messenger_fake.version)


@pytest.fixture
def telegram(make_harness, telegram_fake: FakeTelegram) -> Harness:
    return make_harness(telegram_bot_token=TG_TOKEN, telegram_secret_token=TG_SECRET,
                        telegram_api_base_url=telegram_fake.api_base_url)


# -- LINE payloads --------------------------------------------------------------------------
def line_sign(body: bytes, secret: str = LINE_SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def line_event(kind: str = "text", *, user: str = "U0000000000000000000000000000test", text: str = "สวัสดีค่ะ",
               event_id: str | None = None, reply_token: str | None = "auto", age_seconds: float = 0,
               message: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    ts = int((time.time() - age_seconds) * 1000)
    event: dict[str, Any] = {
        "type": "message", "mode": "active", "timestamp": ts,
        "source": {"type": "user", "userId": user},
        "webhookEventId": event_id or ("01" + uuid.uuid4().hex[:24].upper()),
        "deliveryContext": {"isRedelivery": False},
    }
    if reply_token == "auto":
        reply_token = "rt-" + uuid.uuid4().hex
    if kind == "text":
        event["message"] = {"type": "text", "id": str(uuid.uuid4().int)[:18], "text": text, "quoteToken": "qt"}
    elif kind == "message":
        event["message"] = message
    else:
        event["type"] = kind
    if reply_token and kind != "unfollow":
        event["replyToken"] = reply_token
    event.update(extra)
    return event


def line_body(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "Uchannel", "events": list(events)}, ensure_ascii=False).encode()


def post_line(h: Harness, body: bytes, signature: str | None = "sign"):  # noqa: ANN201
    headers = {"Content-Type": "application/json"}
    if signature == "sign":
        signature = line_sign(body)
    if signature is not None:
        headers["x-line-signature"] = signature
    return h.client.post("/webhooks/line", content=body, headers=headers)


# -- Messenger payloads ---------------------------------------------------------------------
def fb_sign(body: bytes, secret: str = FB_APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def fb_body(*messaging: dict[str, Any]) -> bytes:
    return json.dumps({"object": "page", "entry": [{"id": "PAGE1", "time": int(time.time() * 1000),
                                                     "messaging": list(messaging)}]}, ensure_ascii=False).encode()


def fb_text(text: str = "สวัสดีค่ะ", *, psid: str = "PSID-1001", mid: str | None = None,
            age_seconds: float = 0, **message: Any) -> dict[str, Any]:
    return {"sender": {"id": psid}, "recipient": {"id": "PAGE1"},
            "timestamp": int((time.time() - age_seconds) * 1000),
            "message": {"mid": mid or "m_" + uuid.uuid4().hex, "text": text, **message}}


def post_fb(h: Harness, body: bytes, signature: str | None = "sign"):  # noqa: ANN201
    headers = {"Content-Type": "application/json"}
    if signature == "sign":
        signature = fb_sign(body)
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return h.client.post("/webhooks/messenger", content=body, headers=headers)


# -- Telegram payloads ----------------------------------------------------------------------
def tg_update(update_id: int, text: str | None = "สวัสดีค่ะ", *, chat_id: int = 700100,
              **message: Any) -> dict[str, Any]:
    msg: dict[str, Any] = {"message_id": update_id, "date": int(time.time()),
                           "chat": {"id": chat_id, "type": "private", "first_name": "ทดสอบ"},
                           "from": {"id": chat_id, "is_bot": False, "first_name": "ทดสอบ", "language_code": "th"}}
    if text is not None:
        msg["text"] = text
    msg.update(message)
    return {"update_id": update_id, "message": msg}


def post_tg(h: Harness, update: dict[str, Any] | bytes, secret: str | None = TG_SECRET):  # noqa: ANN201
    body = update if isinstance(update, bytes) else json.dumps(update, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return h.client.post("/webhooks/telegram", content=body, headers=headers)
