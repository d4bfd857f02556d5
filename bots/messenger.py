"""Facebook Messenger over the Graph API with httpx (Meta keeps no maintained Python SDK).

Webhooks: `GET` answers the subscription challenge when the verify token matches; `POST` checks
`X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the app secret, constant-time; the
legacy SHA-1 header is refused) before parsing. Events are keyed by the message `mid`.

Sending follows Meta's 24-hour rule: `RESPONSE` while the person wrote to us in the last 24 hours
(the sender passes the time of their last inbound message, read from the inbox); after that only
a human worker may write, with `MESSAGE_TAG` + `HUMAN_AGENT`, for up to 7 days. A bot message
outside the window is not sent: it is dead-lettered with the reason, so a supervisor sees it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bots import messages
from bots.delivery import Delivery, DeliveryError, SendOutcome, parse_retry_after, retryable_status
from bots.events import EventKind, InboundEvent, Location, OutgoingMessage
from bots.httpio import WebhookRejected, same_secret
from bots.media import download_to_media

log = logging.getLogger("saiduan.bots.messenger")

CHANNEL = "messenger"
STANDARD_WINDOW = timedelta(hours=24)
HUMAN_AGENT_WINDOW = timedelta(days=7)
TEXT_LIMIT = 2000
# Graph error codes Meta documents as temporary (rate limits, "try again later").
_TRANSIENT_CODES = {1, 2, 4, 17, 32, 341, 613, 1200}
_MEDIA_KINDS = {EventKind.image, EventKind.audio, EventKind.video, EventKind.file}
_ATTACHMENT_KINDS = {"image": EventKind.image, "audio": EventKind.audio, "video": EventKind.video,
                     "file": EventKind.file}


def _ms(ts: Any) -> datetime:
    try:
        return datetime.fromtimestamp(int(ts) / 1000, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC)


class MessengerAdapter:
    channel = CHANNEL
    needs_last_inbound = True

    def __init__(self, *, app_secret: str, page_token: str, verify_token: str,
                 api_base_url: str = "https://graph.facebook.com", graph_version: str = "v23.0",
                 timeout: float = 10.0, media_dir: Path = Path("media"),
                 media_max_bytes: int = 10 * 1024 * 1024) -> None:
        self.media_dir = Path(media_dir)
        self.media_max_bytes = media_max_bytes
        self._app_secret = app_secret.encode()
        self._page_token = page_token
        self._verify_token = verify_token
        self.url = f"{api_base_url.rstrip('/')}/{graph_version.strip('/')}/me/messages"
        self.timeout = timeout
        self._http: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self._http = httpx.AsyncClient(timeout=self.timeout)

    async def stop(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    # -- webhook ------------------------------------------------------------------------------
    def verify_subscription(self, mode: str | None, token: str | None, challenge: str | None) -> str:
        if mode != "subscribe" or not same_secret(token, self._verify_token) or challenge is None:
            raise WebhookRejected(403, "verification refused")
        return challenge

    def parse(self, body: bytes, signature: str | None) -> list[InboundEvent]:
        if not signature or not signature.startswith("sha256="):
            raise WebhookRejected(401, "missing signature")
        expected = "sha256=" + hmac.new(self._app_secret, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            raise WebhookRejected(401, "bad signature")
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise WebhookRejected(400, "malformed body") from exc
        if not isinstance(data, dict):
            raise WebhookRejected(400, "malformed body")
        if data.get("object") != "page":
            return []
        out: list[InboundEvent] = []
        for entry in data.get("entry") or []:
            if not isinstance(entry, dict):
                continue
            # entry["standby"] holds events of threads another app controls: not ours to answer.
            for item in entry.get("messaging") or []:
                if isinstance(item, dict):
                    event = self._convert(item)
                    if event is not None:
                        out.append(event)
        return out

    def _convert(self, item: dict[str, Any]) -> InboundEvent | None:
        sender = (item.get("sender") or {}).get("id")
        if not sender:
            return None
        base: dict[str, Any] = {"channel": CHANNEL, "user_id": str(sender), "timestamp": _ms(item.get("timestamp"))}
        message = item.get("message")
        if isinstance(message, dict):
            if message.get("is_echo") or not message.get("mid"):
                return None
            base["event_id"] = str(message["mid"])
            quick = message.get("quick_reply")
            if isinstance(quick, dict) and quick.get("payload"):
                return InboundEvent(kind=EventKind.postback, payload=str(quick["payload"]),
                                    text=message.get("text"), **base)
            if "text" in message and not message.get("attachments"):
                return InboundEvent(kind=EventKind.text, text=str(message.get("text") or ""), **base)
            return self._attachment(message.get("attachments") or [], message, base)
        postback = item.get("postback")
        if isinstance(postback, dict):
            base["event_id"] = str(postback.get("mid") or f"postback:{sender}:{item.get('timestamp')}")
            return InboundEvent(kind=EventKind.postback, payload=str(postback.get("payload") or ""),
                                text=postback.get("title"), **base)
        return None  # delivery, read, reaction, referral: nothing to act on

    @staticmethod
    def _attachment(attachments: list[Any], message: dict[str, Any], base: dict[str, Any]) -> InboundEvent | None:
        first = next((a for a in attachments if isinstance(a, dict)), None)
        if first is None:
            return None
        kind_name = first.get("type")
        payload = first.get("payload") or {}
        extra = {"attachments": len(attachments),
                 "media_urls": [(a.get("payload") or {}).get("url") for a in attachments
                                if isinstance(a, dict) and (a.get("payload") or {}).get("url")]}
        if kind_name == "location" and isinstance(payload.get("coordinates"), dict):
            c = payload["coordinates"]
            return InboundEvent(kind=EventKind.location, location=Location(
                latitude=float(c.get("lat")), longitude=float(c.get("long")), title=first.get("title")),
                extra=extra, **base)
        if kind_name == "image" and payload.get("sticker_id"):
            return InboundEvent(kind=EventKind.sticker, extra={**extra, "sticker_id": payload["sticker_id"]},
                                **base)
        kind = _ATTACHMENT_KINDS.get(kind_name)
        if kind is None:
            return InboundEvent(kind=EventKind.text, text=str(message.get("text") or ""),
                                extra={**extra, "unsupported_attachment": str(kind_name)}, **base)
        return InboundEvent(kind=kind, media_ref=payload.get("url"), text=message.get("text"), extra=extra, **base)

    async def prepare(self, event: InboundEvent, inbox_id: int, attempt: int = 1) -> InboundEvent:
        if event.kind not in _MEDIA_KINDS or not event.media_ref:
            return event
        if self._http is None:
            raise RuntimeError("MessengerAdapter.start() was not awaited")
        # The URL came inside a signed webhook (Meta's CDN); it expires, so fetch it now.
        extra = await download_to_media(self._http, event.media_ref, media_dir=self.media_dir, channel=CHANNEL,
                                        inbox_id=inbox_id, max_bytes=self.media_max_bytes, attempt=attempt)
        return event.model_copy(update={"extra": {**event.extra, **extra}})

    # -- sending ------------------------------------------------------------------------------
    def tagging(self, d: Delivery, now: datetime | None = None) -> dict[str, str]:
        """The messaging_type (and tag) Meta allows for this message now, or a dead letter."""
        now = now or datetime.now(UTC)
        since = now - d.last_inbound_at if d.last_inbound_at else None
        if since is not None and since < STANDARD_WINDOW:
            return {"messaging_type": "RESPONSE"}
        if d.human_agent:
            if since is not None and since < HUMAN_AGENT_WINDOW:
                return {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}
            raise DeliveryError("Messenger: person last wrote over 7 days ago; Meta allows no reply",
                                retryable=False)
        raise DeliveryError("Messenger: outside the 24-hour window; only a worker (HUMAN_AGENT) may write",
                            retryable=False)

    def render(self, message: OutgoingMessage, language: str | None = None) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = []
        text = message.text or ""
        card = message.case_card
        if card is not None and card.lines:
            # A generic template's subtitle holds 80 characters: the card's lines go in the text.
            lines = "\n".join(card.lines)
            text = f"{text}\n\n{lines}" if text else lines
        if message.ask_location:
            # Messenger dropped the location quick reply: ask for the place in words instead.
            hint = messages.pick(messages.SHARE_LOCATION_HINT, language)
            text = f"{text}\n{hint}" if text else hint
        for start in range(0, len(text), TEXT_LIMIT):
            parts.append({"text": text[start:start + TEXT_LIMIT]})
        if card is not None:
            element: dict[str, Any] = {"title": card.title[:80], "subtitle": card.number[:80]}
            if card.button_label and card.button_payload:
                element["buttons"] = [{"type": "postback", "title": card.button_label[:20],
                                       "payload": card.button_payload}]
            parts.append({"attachment": {"type": "template", "payload": {
                "template_type": "generic", "elements": [element]}}})
        if not parts and message.quick_replies:
            parts.append({"text": "…"})
        if not parts:
            raise DeliveryError("empty message", retryable=False)
        if message.quick_replies:
            parts[-1]["quick_replies"] = [
                {"content_type": "text", "title": q.label[:20], "payload": q.payload}
                for q in message.quick_replies[:13]
            ]
        return parts

    async def send(self, d: Delivery) -> SendOutcome:
        tagging = self.tagging(d)
        parts = self.render(d.message)
        # Parts accepted on an earlier attempt are not sent again. The Send API has no
        # idempotency key, so a part whose call timed out may still arrive twice.
        for i in range(min(d.parts_sent, len(parts)), len(parts)):
            body: dict[str, Any] = {"recipient": {"id": d.recipient}, "message": parts[i], **tagging}
            if d.quiet:
                body["notification_type"] = "SILENT_PUSH"
            try:
                await self._post(body)
            except DeliveryError as exc:
                exc.after(i)
                raise
        return SendOutcome(via=tagging["messaging_type"].lower())

    async def _post(self, body: dict[str, Any]) -> None:
        if self._http is None:
            raise RuntimeError("MessengerAdapter.start() was not awaited")
        try:
            resp = await self._http.post(self.url, params={"access_token": self._page_token}, json=body)
        except httpx.TimeoutException as exc:
            raise DeliveryError("Messenger timeout", retryable=True) from exc
        except httpx.TransportError as exc:
            raise DeliveryError(f"Messenger transport {type(exc).__name__}", retryable=True) from exc
        if resp.status_code >= 300:
            raise self._error(resp)

    @staticmethod
    def _error(resp: httpx.Response) -> DeliveryError:
        code = None
        transient = False
        try:
            err = resp.json().get("error") or {}
            code = err.get("code")
            transient = bool(err.get("is_transient")) or code in _TRANSIENT_CODES
        except (ValueError, AttributeError):
            pass
        retry = retryable_status(resp.status_code) or transient
        return DeliveryError(f"Messenger HTTP {resp.status_code} code {code}", retryable=retry,
                             retry_after=parse_retry_after(resp.headers.get("retry-after")),
                             status=resp.status_code)

    def delivered(self, delivery: Delivery) -> None:
        pass
