"""The web chat: an embeddable page on the ministry's site, and the way to try the product locally.

Identity: an anonymous id in a signed value (itsdangerous, the app's session secret), set as an
httponly SameSite=Lax cookie. Inside a cross-site iframe browsers withhold that cookie, so the
page also keeps the same signed value and sends it in `X-Chat-Session`; it cannot be forged
without the secret, and a header is never sent by another site on its own (no CSRF).

Inbound messages go through the same inbox as every platform (client-generated ids make a
resent POST a duplicate, not a second message). Outbound messages go through the same outbox:
"sending" marks the row sent, and the page reads sent rows with an id above the last one it saw,
over server-sent events (woken in-process, polled every second, so a browser connected to one
instance sees what another instance sent) or plain polling.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import time
import uuid
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeSerializer
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bots import messages
from bots.delivery import Delivery, DeliveryError, SendOutcome
from bots.events import EventKind, InboundEvent, Location
from bots.httpio import WebhookRejected, read_body_limited
from bots.inbox import InboxWriter
from bots.metrics import INBOX_EVENTS
from bots.models import OutboxMessage, OutboxStatus

log = logging.getLogger("saiduan.bots.web")

CHANNEL = "web"
COOKIE = "saiduan_chat"
HEADER = "x-chat-session"
MAX_BODY_BYTES = 32 * 1024
TEXT_LIMIT = 5000
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors *"
)


class WebChatHub:
    """Wakes the open streams of this instance when a web message is marked sent."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Event] = set()

    def notify(self) -> None:
        for event in list(self._waiters):
            event.set()

    async def wait(self, timeout: float) -> None:
        event = asyncio.Event()
        self._waiters.add(event)
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            pass
        finally:
            self._waiters.discard(event)


class WebChatAdapter:
    channel = CHANNEL
    needs_last_inbound = False

    def __init__(self, hub: WebChatHub | None = None) -> None:
        self.hub = hub or WebChatHub()

    async def send(self, d: Delivery) -> SendOutcome:
        m = d.message
        if not (m.text or m.quick_replies or m.case_card or m.ask_location):
            raise DeliveryError("empty message", retryable=False)
        return SendOutcome(via="web")  # the row turning `sent` is what makes it visible

    def delivered(self, delivery: Delivery) -> None:
        self.hub.notify()

    async def prepare(self, event: InboundEvent, inbox_id: int, attempt: int = 1) -> InboundEvent:
        return event


class RateLimiter:
    """A token bucket per web user id, in memory (per instance): enough to stop a flood."""

    def __init__(self, capacity: float = 10, per_second: float = 0.5, max_keys: int = 50_000) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str) -> tuple[bool, float]:
        now = time.monotonic()
        tokens, last = self._buckets.pop(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.per_second)
        allowed = tokens >= 1
        if allowed:
            tokens -= 1
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed, 0.0 if allowed else (1 - tokens) / self.per_second


class WebLocation(BaseModel):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class WebMessageIn(BaseModel):
    id: str = Field(min_length=8, max_length=64)
    kind: Literal["text", "postback", "location", "follow"] = "text"
    text: str | None = Field(default=None, max_length=TEXT_LIMIT)
    payload: str | None = Field(default=None, max_length=300)
    label: str | None = Field(default=None, max_length=40)
    location: WebLocation | None = None


class Identity:
    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeSerializer(secret, salt="saiduan.webchat")

    def issue(self) -> tuple[str, str]:
        uid = secrets.token_urlsafe(16)
        return uid, self._serializer.dumps({"u": uid})

    def read(self, token: str | None) -> str | None:
        if not token:
            return None
        try:
            data = self._serializer.loads(token)
        except BadSignature:
            return None
        uid = data.get("u") if isinstance(data, dict) else None
        return uid if isinstance(uid, str) and 8 <= len(uid) <= 64 else None


def _to_event(uid: str, m: WebMessageIn) -> InboundEvent:
    base: dict[str, Any] = {"channel": CHANNEL, "event_id": f"{uid}:{m.id}", "user_id": uid,
                            "timestamp": datetime.now(UTC)}
    if m.kind == "follow":
        return InboundEvent(kind=EventKind.follow, **base)
    if m.kind == "postback":
        if not m.payload:
            raise WebhookRejected(422, "postback needs a payload")
        return InboundEvent(kind=EventKind.postback, payload=m.payload, text=m.label, **base)
    if m.kind == "location":
        if m.location is None:
            raise WebhookRejected(422, "location missing")
        return InboundEvent(kind=EventKind.location, location=Location(
            latitude=m.location.latitude, longitude=m.location.longitude), **base)
    return InboundEvent(kind=EventKind.text, text=m.text or "", **base)


def sent_messages(session: Session, uid: str, after: int, limit: int = 50) -> list[dict[str, Any]]:
    rows = session.execute(
        sa.select(OutboxMessage.id, OutboxMessage.body, OutboxMessage.sent_at).where(
            OutboxMessage.channel == CHANNEL, OutboxMessage.recipient == uid,
            OutboxMessage.status == OutboxStatus.sent, OutboxMessage.id > after,
        ).order_by(OutboxMessage.id).limit(limit)
    ).all()
    return [{"id": r.id, "message": r.body, "sent_at": r.sent_at.isoformat() if r.sent_at else None} for r in rows]


def make_router(
    *, sessions: sessionmaker[Session], writer: InboxWriter, adapter: WebChatAdapter,
    templates: Jinja2Templates, secret: str, cookie_secure: bool = False,
    limiter: RateLimiter | None = None, stream_poll_seconds: float = 1.0,
) -> APIRouter:
    router = APIRouter(prefix="/chat", include_in_schema=False)
    identity = Identity(secret)
    limiter = limiter or RateLimiter()
    # New ids cost nothing to mint, so each network address gets a (looser) budget as well.
    address_limiter = RateLimiter(capacity=60, per_second=2)

    def current_user(request: Request) -> str | None:
        # EventSource cannot send headers, so the stream also takes the signed value as `s`.
        return (identity.read(request.headers.get(HEADER)) or identity.read(request.query_params.get("s"))
                or identity.read(request.cookies.get(COOKIE)))

    def set_cookie(response: Response, token: str) -> None:
        response.set_cookie(COOKIE, token, max_age=60 * 60 * 24 * 30, httponly=True, samesite="lax",
                            secure=cookie_secure, path="/chat")

    @router.get("", response_class=HTMLResponse)
    def page(request: Request) -> Response:
        token = request.cookies.get(COOKIE)
        if identity.read(token) is None:
            _, token = identity.issue()
        response = templates.TemplateResponse(request, "webchat.html", {
            "session_token": token, "title": messages.WEB_CHAT_TITLE,
            "location_label": messages.SHARE_LOCATION_LABEL["th"],
        })
        set_cookie(response, token)
        response.headers["Content-Security-Policy"] = PAGE_CSP
        response.headers["Cache-Control"] = "no-store"
        return response

    @router.post("/api/messages")
    async def post_message(request: Request) -> Response:
        uid = current_user(request)
        if uid is None:
            return JSONResponse({"error": "no chat session"}, status_code=401)
        allowed, wait = limiter.allow(uid)
        if allowed and request.client is not None:
            allowed, wait = address_limiter.allow(request.client.host)
        if not allowed:
            return JSONResponse({"error": "slow down"}, status_code=429,
                                headers={"Retry-After": str(max(1, round(wait)))})
        try:
            body = await read_body_limited(request, MAX_BODY_BYTES)
            try:
                incoming = WebMessageIn.model_validate_json(body)
            except ValidationError as exc:
                bad_json = any(e.get("type") == "json_invalid" for e in exc.errors())
                raise WebhookRejected(400 if bad_json else 422, "invalid message") from exc
            if not _CLIENT_ID.match(incoming.id):
                raise WebhookRejected(422, "invalid id")
            event = _to_event(uid, incoming)
        except WebhookRejected as exc:
            INBOX_EVENTS.labels(CHANNEL, "rejected").inc()
            return JSONResponse({"error": exc.reason}, status_code=exc.status)
        result = await writer.store([event])
        return JSONResponse({"accepted": True, "duplicate": result.duplicates > 0}, status_code=202)

    @router.get("/api/messages")
    async def list_messages(request: Request, after: int = 0) -> Response:
        uid = current_user(request)
        if uid is None:
            return JSONResponse({"error": "no chat session"}, status_code=401)
        rows = await asyncio.to_thread(_read, uid, after)
        return JSONResponse({"messages": rows, "last_id": rows[-1]["id"] if rows else after})

    def _read(uid: str, after: int) -> list[dict[str, Any]]:
        with sessions() as session:
            return sent_messages(session, uid, after)

    @router.get("/api/stream")
    async def stream(request: Request, after: int = 0) -> Response:
        uid = current_user(request)
        if uid is None:
            return JSONResponse({"error": "no chat session"}, status_code=401)
        last_event = request.headers.get("last-event-id", "")
        cursor = int(last_event) if last_event.isdigit() else max(0, after)

        async def events():
            nonlocal cursor
            yield "retry: 3000\n\n"
            beat = time.monotonic()
            while True:
                rows = await asyncio.to_thread(_read, uid, cursor)
                for row in rows:
                    cursor = row["id"]
                    yield f"id: {row['id']}\nevent: message\ndata: {json.dumps(row, ensure_ascii=False)}\n\n"
                if rows:
                    continue
                if await request.is_disconnected():
                    return
                await adapter.hub.wait(stream_poll_seconds)
                if time.monotonic() - beat > 15:
                    beat = time.monotonic()
                    yield ": keep-alive\n\n"

        return StreamingResponse(events(), media_type="text/event-stream", headers={
            "Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    @router.get("/api/session")
    def session_token(request: Request) -> Response:
        """A fresh signed id for a page that lost both its cookie and its stored token."""
        uid, token = identity.issue()
        response = JSONResponse({"token": token, "id": str(uuid.uuid4())})
        set_cookie(response, token)
        return response

    return router
