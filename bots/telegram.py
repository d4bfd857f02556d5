"""Telegram on python-telegram-bot 22: an `Application` without an updater, inside FastAPI.

Webhooks: the `X-Telegram-Bot-Api-Secret-Token` header must equal the secret given to
`setWebhook` (constant-time); without a configured secret the webhook refuses everything, since
anyone could otherwise post updates. Updates are parsed with `Update.de_json` and keyed by
`update_id`. Only private chats are taken: the hotline never answers inside groups.

Quick replies become an inline keyboard. Telegram's callback_data holds 64 bytes, so a longer
payload travels as a digest that the inbox resolves against the last message we sent that person
(bots/quickreplies.py). A location request needs a reply keyboard; quick replies then ride on it
as plain buttons whose label is mapped back to the payload the same way.
"""

from __future__ import annotations

import asyncio
import json
import logging
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bots import messages
from bots.delivery import Delivery, DeliveryError, SendOutcome
from bots.events import EventKind, InboundEvent, Location, OutgoingMessage
from bots.httpio import WebhookRejected, same_secret
from bots.media import MediaUnavailable, save_bytes
from bots.quickreplies import DIGEST_KEY, DIGEST_PREFIX, LABEL_KEY, payload_digest

log = logging.getLogger("saiduan.bots.telegram")

CHANNEL = "telegram"
TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
_MEDIA_KINDS = {EventKind.image, EventKind.audio, EventKind.video, EventKind.file}
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


def callback_data_for(payload: str) -> str:
    if len(payload.encode()) <= CALLBACK_DATA_LIMIT and not payload.startswith(DIGEST_PREFIX):
        return payload
    return payload_digest(payload)


class TelegramAdapter:
    channel = CHANNEL
    needs_last_inbound = False

    def __init__(self, *, bot_token: str, secret_token: str | None,
                 api_base_url: str = "https://api.telegram.org/bot", timeout: float = 10.0,
                 webhook_url: str | None = None, media_dir: Path = Path("media"),
                 media_max_bytes: int = 10 * 1024 * 1024) -> None:
        self._secret = secret_token
        self.media_dir = Path(media_dir)
        self.media_max_bytes = media_max_bytes
        self.webhook_url = webhook_url
        base = api_base_url.rstrip("/")  # PTB calls f"{base}{token}/{method}"
        file_base = base[: -len("bot")] + "file/bot" if base.endswith("/bot") else base + "/file/bot"
        self.application: Application = (
            Application.builder().token(bot_token).base_url(base).base_file_url(file_base)
            .updater(None).connect_timeout(timeout).read_timeout(timeout).write_timeout(timeout)
            .pool_timeout(timeout).build()
        )
        self._ready = False
        self._lock = asyncio.Lock()

    @property
    def bot(self) -> Bot:
        return self.application.bot

    # -- lifecycle ----------------------------------------------------------------------------
    async def start(self) -> None:
        try:
            await self._ensure_ready()
        except Exception as exc:  # Telegram unreachable must not stop LINE and the rest
            log.warning("telegram not ready yet; will retry on first use", extra={"error": type(exc).__name__})
            return
        if self.webhook_url and self._secret:
            try:
                await self.bot.set_webhook(url=self.webhook_url, secret_token=self._secret,
                                           allowed_updates=ALLOWED_UPDATES)
            except Exception as exc:
                log.warning("telegram setWebhook failed", extra={"error": type(exc).__name__})

    async def _ensure_ready(self) -> None:
        if self._ready:
            return
        async with self._lock:
            if not self._ready:
                await self.application.initialize()  # getMe
                await self.application.start()
                self._ready = True

    async def stop(self) -> None:
        if self._ready:
            await self.application.stop()
            await self.application.shutdown()
            self._ready = False

    # -- webhook ------------------------------------------------------------------------------
    def parse(self, body: bytes, secret_header: str | None) -> list[InboundEvent]:
        if not self._secret:
            raise WebhookRejected(403, "no secret token configured")
        if not same_secret(secret_header, self._secret):
            raise WebhookRejected(403, "bad secret token")
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise WebhookRejected(400, "malformed body") from exc
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise WebhookRejected(400, "malformed body")
        try:
            update = Update.de_json(data, self.bot)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise WebhookRejected(400, "malformed update") from exc
        event = self._convert(update)
        return [event] if event is not None else []

    def _convert(self, update: Update) -> InboundEvent | None:
        event_id = str(update.update_id)
        if update.message is not None:
            return self._convert_message(update.message, event_id)
        if update.callback_query is not None:
            q = update.callback_query
            chat = q.message.chat if q.message is not None else None
            if chat is not None and chat.type != "private":
                return None
            user_id = str(chat.id if chat is not None else q.from_user.id)
            data = q.data or ""
            extra: dict[str, Any] = {"callback_query_id": q.id}
            if data.startswith(DIGEST_PREFIX):
                extra[DIGEST_KEY] = data
            return InboundEvent(channel=CHANNEL, event_id=event_id, user_id=user_id, kind=EventKind.postback,
                                timestamp=datetime.now(UTC), payload=data, extra=extra)
        member = update.my_chat_member
        if member is not None and member.chat.type == "private":
            status = member.new_chat_member.status
            kind = EventKind.unfollow if status in ("kicked", "left") else EventKind.follow
            return InboundEvent(channel=CHANNEL, event_id=event_id, user_id=str(member.chat.id), kind=kind,
                                timestamp=member.date or datetime.now(UTC))
        return None

    @staticmethod
    def _convert_message(m: Any, event_id: str) -> InboundEvent | None:
        if m.chat.type != "private":
            return None
        base: dict[str, Any] = {
            "channel": CHANNEL, "event_id": event_id, "user_id": str(m.chat.id),
            "timestamp": m.date or datetime.now(UTC),
            "language_hint": (m.from_user.language_code if m.from_user else None),
            "extra": {"message_id": m.message_id},
        }
        if m.text is not None:
            if m.text.split(maxsplit=1)[:1] == ["/start"]:
                return InboundEvent(kind=EventKind.follow, **base)
            if len(m.text) <= 20:
                base["extra"][LABEL_KEY] = m.text  # maybe a reply-keyboard button's label
            return InboundEvent(kind=EventKind.text, text=m.text, **base)
        if m.location is not None:
            return InboundEvent(kind=EventKind.location, location=Location(
                latitude=m.location.latitude, longitude=m.location.longitude), **base)
        if m.sticker is not None:
            return InboundEvent(kind=EventKind.sticker, sticker_keywords=[m.sticker.emoji] if m.sticker.emoji else [],
                                **base)
        media = [
            (m.photo[-1] if m.photo else None, EventKind.image, "image/jpeg"),
            (m.voice, EventKind.audio, None), (m.audio, EventKind.audio, None),
            (m.video, EventKind.video, None), (m.video_note, EventKind.video, "video/mp4"),
            (m.document, EventKind.file, None),
        ]
        for obj, kind, default_type in media:
            if obj is not None:
                return InboundEvent(kind=kind, media_ref=obj.file_id, text=m.caption,
                                    media_type=getattr(obj, "mime_type", None) or default_type, **base)
        return None

    async def prepare(self, event: InboundEvent, inbox_id: int, attempt: int = 1) -> InboundEvent:
        if event.kind is EventKind.unfollow:
            return event
        if event.kind in _MEDIA_KINDS and event.media_ref:
            extra = await self._download(event, inbox_id, attempt)
            event = event.model_copy(update={"extra": {**event.extra, **extra}})
        try:
            await self._ensure_ready()
            query_id = event.extra.get("callback_query_id")
            if query_id:
                await self.bot.answer_callback_query(query_id)  # stops the button's spinner
            await self.bot.send_chat_action(chat_id=int(event.user_id), action=ChatAction.TYPING)
        except Exception as exc:  # cosmetic: never hold up the message for it
            log.info("telegram prepare call failed", extra={"error": type(exc).__name__})
        return event

    async def _download(self, event: InboundEvent, inbox_id: int, attempt: int) -> dict[str, Any]:
        try:
            await self._ensure_ready()
            tg_file = await self.bot.get_file(event.media_ref)
            # Telegram states the size before we fetch anything (and serves at most 20 MB).
            if tg_file.file_size and tg_file.file_size > self.media_max_bytes:
                return {"media_error": "too_large"}
            data = bytes(await tg_file.download_as_bytearray())
        except (TimedOut, RetryAfter) as exc:
            if attempt < 3:
                raise MediaUnavailable(type(exc).__name__) from exc
            return {"media_error": "unavailable"}
        except (BadRequest, Forbidden, InvalidToken) as exc:
            return {"media_error": type(exc).__name__}
        except NetworkError as exc:
            if attempt < 3:
                raise MediaUnavailable(type(exc).__name__) from exc
            return {"media_error": "unavailable"}
        if len(data) > self.media_max_bytes:
            return {"media_error": "too_large"}
        saved = await save_bytes(data, media_dir=self.media_dir, channel=CHANNEL, inbox_id=inbox_id,
                                 media_type=event.media_type or "application/octet-stream",
                                 max_bytes=self.media_max_bytes)
        return saved.as_extra()

    # -- sending ------------------------------------------------------------------------------
    def render(self, message: OutgoingMessage, language: str | None = None) -> list[tuple[str, Any]]:
        text = message.text or ""
        card = message.case_card
        if card is not None:
            block = "\n".join([card.title, card.number, *card.lines])
            text = f"{text}\n\n{block}" if text else block
        if not text:
            if not (message.quick_replies or message.ask_location):
                raise DeliveryError("empty message", retryable=False)
            text = "…"
        markup: Any = None
        if message.ask_location:
            rows = [[KeyboardButton(messages.pick(messages.SHARE_LOCATION_LABEL, language), request_location=True)]]
            rows += [[KeyboardButton(q.label)] for q in message.quick_replies]
            markup = ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)
        else:
            buttons = [[InlineKeyboardButton(q.label, callback_data=callback_data_for(q.payload))]
                       for q in message.quick_replies]
            if card is not None and card.button_label and card.button_payload:
                buttons.append([InlineKeyboardButton(card.button_label,
                                                     callback_data=callback_data_for(card.button_payload))])
            markup = InlineKeyboardMarkup(buttons) if buttons else None
        chunks = [text[i:i + TEXT_LIMIT] for i in range(0, len(text), TEXT_LIMIT)]
        return [(chunk, markup if i == len(chunks) - 1 else None) for i, chunk in enumerate(chunks)]

    async def send(self, d: Delivery) -> SendOutcome:
        parts = self.render(d.message)
        # Chunks accepted on an earlier attempt are not sent again (a long text is several
        # messages); one whose call timed out may still arrive twice.
        sent = min(d.parts_sent, len(parts))
        try:
            await self._ensure_ready()
            for text, markup in parts[sent:]:
                await self.bot.send_message(chat_id=int(d.recipient), text=text, reply_markup=markup,
                                            disable_notification=d.quiet)
                sent += 1
        except (RetryAfter, TimedOut, BadRequest, Forbidden, InvalidToken, ChatMigrated, NetworkError) as exc:
            raise self._error(exc).after(sent) from exc
        return SendOutcome(via="send_message")

    @staticmethod
    def _error(exc: Exception) -> DeliveryError:
        if isinstance(exc, RetryAfter):
            with warnings.catch_warnings():  # PTB 22 warns that the type becomes timedelta
                warnings.simplefilter("ignore")
                wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return DeliveryError("Telegram 429 retry after", retryable=True, retry_after=seconds, status=429)
        if isinstance(exc, TimedOut):  # before NetworkError, of which it is one
            return DeliveryError("Telegram timeout", retryable=True)
        if isinstance(exc, (BadRequest, Forbidden, InvalidToken, ChatMigrated)):
            return DeliveryError(f"Telegram {type(exc).__name__}", retryable=False)
        return DeliveryError("Telegram network or server error", retryable=True)

    def delivered(self, delivery: Delivery) -> None:
        pass
