"""LINE Messaging API on line-bot-sdk v3 (async client).

Webhooks: `WebhookParser` checks `x-line-signature` (HMAC-SHA256 of the raw body, constant-time)
before anything is parsed, then each event becomes an `InboundEvent` keyed by `webhookEventId`.
Sending: the reply token while it is fresh (free, and the first answer arrives at once), else a
push with `X-Line-Retry-Key` set to the outbox row's idempotency key, so a retried push is never
delivered twice (LINE answers 409 to a repeat, which means "already accepted").
Processing extras: the loading animation, the display name from the profile API, and media
content downloaded with a size limit.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    FlexBox,
    FlexBubble,
    FlexButton,
    FlexMessage,
    FlexText,
    LocationAction,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
    TextMessage,
)
from linebot.v3.models import UnknownEvent
from linebot.v3.webhook import WebhookParser
from linebot.v3.webhooks import (
    AudioMessageContent,
    FileMessageContent,
    FollowEvent,
    ImageMessageContent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    UserSource,
    VideoMessageContent,
)

from bots import messages
from bots.delivery import Delivery, DeliveryError, SendOutcome, parse_retry_after, retryable_status
from bots.events import EventKind, InboundEvent, Location, OutgoingMessage
from bots.httpio import WebhookRejected
from bots.media import download_to_media

log = logging.getLogger("saiduan.bots.line")

CHANNEL = "line"
REAL_API = "https://api.line.me"
REAL_DATA_API = "https://api-data.line.me"
# LINE keeps a reply token usable for about a minute after the webhook.
REPLY_TOKEN_LIFETIME = timedelta(seconds=60)
TEXT_LIMIT = 5000
PROFILE_CACHE_SECONDS = 600
_MEDIA_KINDS = {EventKind.image, EventKind.audio, EventKind.video, EventKind.file}


def _ms(ts: int) -> datetime:
    return datetime.fromtimestamp(ts / 1000, UTC)


class LineAdapter:
    channel = CHANNEL
    needs_last_inbound = False

    def __init__(
        self, *, channel_secret: str, access_token: str, api_base_url: str = REAL_API,
        data_api_base_url: str | None = None, timeout: float = 10.0, media_dir: Path = Path("media"),
        media_max_bytes: int = 10 * 1024 * 1024,
    ) -> None:
        self._parser = WebhookParser(channel_secret)
        self._token = access_token
        self.api_base_url = api_base_url.rstrip("/")
        if data_api_base_url:
            self.data_api_base_url = data_api_base_url.rstrip("/")
        else:
            # Pointing the API at a fake (or proxy) sends content there too; the real API keeps
            # its content on a separate host.
            self.data_api_base_url = REAL_DATA_API if self.api_base_url == REAL_API else self.api_base_url
        self.timeout = timeout
        self.media_dir = Path(media_dir)
        self.media_max_bytes = media_max_bytes
        self._client: AsyncApiClient | None = None
        self._api: AsyncMessagingApi | None = None
        self._http: httpx.AsyncClient | None = None
        self._profiles: dict[str, tuple[float, str | None, str | None]] = {}

    # -- lifecycle (inside the running loop: the SDK's aiohttp session binds to it) ----------
    async def start(self) -> None:
        config = Configuration(access_token=self._token, host=self.api_base_url)
        self._client = AsyncApiClient(config)
        self._api = AsyncMessagingApi(self._client)
        self._http = httpx.AsyncClient(timeout=self.timeout, headers={"Authorization": f"Bearer {self._token}"})

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = self._api = None
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    def _request_timeout(self) -> aiohttp.ClientTimeout:
        return aiohttp.ClientTimeout(total=self.timeout)

    @property
    def api(self) -> AsyncMessagingApi:
        if self._api is None:
            raise RuntimeError("LineAdapter.start() was not awaited")
        return self._api

    # -- webhook ------------------------------------------------------------------------------
    def parse(self, body: bytes, signature: str | None) -> list[InboundEvent]:
        if not signature:
            raise WebhookRejected(401, "missing signature")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise WebhookRejected(400, "body is not UTF-8") from exc
        try:
            events = self._parser.parse(text, signature)
        except InvalidSignatureError as exc:
            raise WebhookRejected(401, "bad signature") from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise WebhookRejected(400, "malformed body") from exc
        received = datetime.now(UTC)
        out = []
        raw_events = _raw_events(text)
        for index, ev in enumerate(events):
            converted = self._convert(ev, received)
            if converted is None and isinstance(ev, UnknownEvent) and index < len(raw_events):
                # The SDK turns an event that fails its schema (a field LINE added or dropped)
                # into UnknownEvent. A person's message must not vanish for that: read the
                # fields we need from the raw JSON instead.
                converted = self._convert_raw(raw_events[index], received)
            if converted is not None:
                out.append(converted)
        return out

    def _convert_raw(self, raw: Any, received: datetime) -> InboundEvent | None:
        if not isinstance(raw, dict) or raw.get("type") != "message":
            return None
        source, message = raw.get("source") or {}, raw.get("message") or {}
        user_id, event_id = source.get("userId"), raw.get("webhookEventId")
        if source.get("type") != "user" or not user_id or not event_id or raw.get("mode", "active") != "active":
            return None
        try:
            ts = datetime.fromtimestamp(int(raw.get("timestamp")) / 1000, UTC)
        except (TypeError, ValueError):
            ts = received
        base: dict[str, Any] = {"channel": CHANNEL, "event_id": str(event_id), "user_id": str(user_id),
                                "timestamp": ts, "extra": {"message_id": str(message.get("id", "")),
                                                           "parsed_from_raw": True}}
        if raw.get("replyToken"):
            base["reply_token"] = str(raw["replyToken"])
            base["reply_token_expires_at"] = min(ts, received) + REPLY_TOKEN_LIFETIME
        kind = message.get("type")
        log.warning("line event read from raw JSON", extra={"message_type": str(kind)[:32]})
        if kind == "text":
            return InboundEvent(kind=EventKind.text, text=str(message.get("text") or ""), **base)
        if kind == "sticker":
            return InboundEvent(kind=EventKind.sticker, sticker_keywords=[str(k) for k in message.get("keywords") or []],
                                **base)
        if kind == "location":
            try:
                location = Location(latitude=float(message["latitude"]), longitude=float(message["longitude"]),
                                    title=message.get("title"), address=message.get("address"))
            except (KeyError, TypeError, ValueError):
                return InboundEvent(kind=EventKind.text, text="", **base)
            return InboundEvent(kind=EventKind.location, location=location, **base)
        media = {"image": EventKind.image, "video": EventKind.video, "audio": EventKind.audio, "file": EventKind.file}
        if kind in media:
            provider = message.get("contentProvider") or {}
            if provider.get("type", "line") == "line":
                return InboundEvent(kind=media[kind], media_ref=str(message.get("id", "")), **base)
            base["extra"]["external_url"] = provider.get("originalContentUrl")
            return InboundEvent(kind=media[kind], **base)
        return None

    def _convert(self, ev: Any, received: datetime) -> InboundEvent | None:
        source = getattr(ev, "source", None)
        # One-to-one chats only: the hotline never answers in groups, where others would read it.
        if not isinstance(source, UserSource) or not source.user_id:
            return None
        mode = getattr(ev, "mode", None)
        if mode is not None and str(getattr(mode, "value", mode)) != "active":
            return None  # standby: another channel module owns the chat
        ts = _ms(ev.timestamp)
        base: dict[str, Any] = {
            "channel": CHANNEL, "event_id": ev.webhook_event_id, "user_id": source.user_id,
            "timestamp": ts,
            "extra": {"redelivery": bool(getattr(ev.delivery_context, "is_redelivery", False))},
        }
        token = getattr(ev, "reply_token", None)
        if token:
            base["reply_token"] = token
            base["reply_token_expires_at"] = min(ts, received) + REPLY_TOKEN_LIFETIME
        if isinstance(ev, MessageEvent):
            return self._convert_message(ev.message, base)
        if isinstance(ev, PostbackEvent):
            return InboundEvent(kind=EventKind.postback, payload=ev.postback.data, **base)
        if isinstance(ev, FollowEvent):
            base["extra"]["unblocked"] = bool(getattr(ev.follow, "is_unblocked", False))
            return InboundEvent(kind=EventKind.follow, **base)
        if isinstance(ev, UnfollowEvent):
            return InboundEvent(kind=EventKind.unfollow, **base)
        return None

    def _convert_message(self, m: Any, base: dict[str, Any]) -> InboundEvent | None:
        base["extra"]["message_id"] = m.id
        if isinstance(m, TextMessageContent):
            return InboundEvent(kind=EventKind.text, text=m.text, **base)
        if isinstance(m, StickerMessageContent):
            return InboundEvent(kind=EventKind.sticker, sticker_keywords=list(m.keywords or []),
                                text=getattr(m, "text", None), **base)
        if isinstance(m, LocationMessageContent):
            return InboundEvent(kind=EventKind.location, location=Location(
                latitude=float(m.latitude), longitude=float(m.longitude), title=m.title, address=m.address), **base)
        kinds = {ImageMessageContent: EventKind.image, VideoMessageContent: EventKind.video,
                 AudioMessageContent: EventKind.audio, FileMessageContent: EventKind.file}
        for cls, kind in kinds.items():
            if isinstance(m, cls):
                provider = getattr(m, "content_provider", None)
                if provider is not None and provider.type != "line":
                    base["extra"]["external_url"] = provider.original_content_url
                    return InboundEvent(kind=kind, **base)
                if isinstance(m, FileMessageContent):
                    base["extra"].update(file_name=m.file_name, file_size=m.file_size)
                return InboundEvent(kind=kind, media_ref=m.id, **base)
        return None

    # -- processing ---------------------------------------------------------------------------
    async def prepare(self, event: InboundEvent, inbox_id: int, attempt: int = 1) -> InboundEvent:
        if event.kind is EventKind.unfollow:
            return event
        updates: dict[str, Any] = {}
        extra = dict(event.extra)
        await self._start_loading(event.user_id)
        name, language = await self._profile(event.user_id)
        if name:
            updates["display_name"] = name
        if language and not event.language_hint:
            updates["language_hint"] = language
        if event.kind in _MEDIA_KINDS and event.media_ref:
            extra.update(await self._download(event, inbox_id, attempt))
        updates["extra"] = extra
        return event.model_copy(update=updates)

    async def _start_loading(self, user_id: str) -> None:
        try:
            await self.api.show_loading_animation(
                ShowLoadingAnimationRequest(chat_id=user_id, loading_seconds=20),
                _request_timeout=self._request_timeout(),
            )
        except Exception as exc:  # cosmetic: never hold up the message for it
            log.info("loading animation failed", extra={"error": type(exc).__name__})

    async def _profile(self, user_id: str) -> tuple[str | None, str | None]:
        cached = self._profiles.get(user_id)
        if cached and time.monotonic() - cached[0] < PROFILE_CACHE_SECONDS:
            return cached[1], cached[2]
        try:
            profile = await self.api.get_profile(user_id, _request_timeout=self._request_timeout())
        except Exception as exc:
            log.info("profile lookup failed", extra={"error": type(exc).__name__,
                                                     "status": getattr(exc, "status", None)})
            return None, None
        if len(self._profiles) > 10_000:
            self._profiles.clear()
        self._profiles[user_id] = (time.monotonic(), profile.display_name, profile.language)
        return profile.display_name, profile.language

    async def _download(self, event: InboundEvent, inbox_id: int, attempt: int) -> dict[str, Any]:
        declared = event.extra.get("file_size")
        if isinstance(declared, int) and declared > self.media_max_bytes:
            return {"media_error": "too_large"}
        if self._http is None:
            raise RuntimeError("LineAdapter.start() was not awaited")
        # Streamed by hand (not AsyncMessagingApiBlob.get_message_content, which buffers the
        # whole file) so an oversized upload is cut off at the limit.
        return await download_to_media(
            self._http, f"{self.data_api_base_url}/v2/bot/message/{event.media_ref}/content",
            media_dir=self.media_dir, channel=CHANNEL, inbox_id=inbox_id,
            max_bytes=self.media_max_bytes, attempt=attempt,
        )

    # -- sending ------------------------------------------------------------------------------
    def render(self, message: OutgoingMessage, language: str | None = None) -> list[Any]:
        out: list[Any] = []
        text = message.text or ""
        for start in range(0, len(text), TEXT_LIMIT):
            out.append(TextMessage(text=text[start:start + TEXT_LIMIT]))
        if message.case_card is not None:
            out.append(self._case_card(message))
        if not out and (message.quick_replies or message.ask_location):
            out.append(TextMessage(text="\u200b"))  # a quick reply needs a message to ride on
        if not out:
            raise DeliveryError("empty message", retryable=False)
        items = [
            QuickReplyItem(action=PostbackAction(label=q.label, data=q.payload, display_text=q.label))
            for q in message.quick_replies
        ]
        if message.ask_location:
            items.append(QuickReplyItem(action=LocationAction(label=messages.pick(messages.SHARE_LOCATION_LABEL, language))))
        if items:
            out[-1].quick_reply = QuickReply(items=items[:13])
        if len(out) > 5:
            raise DeliveryError("message too long for one LINE send", retryable=False)
        return out

    @staticmethod
    def _case_card(message: OutgoingMessage) -> FlexMessage:
        card = message.case_card
        assert card is not None
        body = [FlexText(text=card.title, weight="bold", size="lg", wrap=True),
                FlexText(text=card.number, size="sm", color="#6b7280", wrap=True)]
        body += [FlexText(text=line, size="sm", wrap=True) for line in card.lines if line]
        footer = None
        if card.button_label and card.button_payload:
            footer = FlexBox(layout="vertical", contents=[FlexButton(
                style="primary", action=PostbackAction(label=card.button_label[:20], data=card.button_payload,
                                                       display_text=card.button_label))])
        bubble = FlexBubble(body=FlexBox(layout="vertical", spacing="sm", contents=body), footer=footer)
        return FlexMessage(alt_text=f"{card.title} {card.number}"[:400], contents=bubble)

    async def send(self, d: Delivery) -> SendOutcome:
        msgs = self.render(d.message)
        spent = False
        if d.reply_token:
            try:
                await self.api.reply_message(
                    ReplyMessageRequest(reply_token=d.reply_token, messages=msgs, notification_disabled=d.quiet),
                    _request_timeout=self._request_timeout(),
                )
                return SendOutcome(reply_token_spent=True, via="reply")
            except ApiException as exc:
                if exc.status != 400:
                    raise self._error(exc, "reply") from exc
                # 400 on a reply: the token expired or was used; the push below still delivers.
                spent = True
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                raise DeliveryError(f"reply transport {type(exc).__name__}", retryable=True) from exc
        try:
            await self.api.push_message(
                PushMessageRequest(to=d.recipient, messages=msgs, notification_disabled=d.quiet),
                x_line_retry_key=d.idempotency_key, _request_timeout=self._request_timeout(),
            )
        except ApiException as exc:
            if exc.status == 409:
                # The same retry key was accepted before (our earlier attempt reached LINE).
                return SendOutcome(reply_token_spent=spent, via="push-accepted-earlier")
            err = self._error(exc, "push")
            err.reply_token_spent = spent
            raise err from exc
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise DeliveryError(f"push transport {type(exc).__name__}", retryable=True,
                                reply_token_spent=spent) from exc
        return SendOutcome(reply_token_spent=spent, via="push")

    @staticmethod
    def _error(exc: ApiException, what: str) -> DeliveryError:
        retry_after = parse_retry_after(exc.headers.get("Retry-After")) if exc.headers else None
        return DeliveryError(f"LINE {what} HTTP {exc.status}", retryable=retryable_status(exc.status),
                             retry_after=retry_after, status=exc.status)

    def delivered(self, delivery: Delivery) -> None:
        pass


def _raw_events(text: str) -> list[Any]:
    try:
        body = json.loads(text)
    except ValueError:
        return []
    events = body.get("events") if isinstance(body, dict) else None
    return events if isinstance(events, list) else []
