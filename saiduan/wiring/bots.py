"""Wiring for bots/: channel adapters, webhook and web-chat routes, the inbox and outbox loops.

What later wiring uses, in ctx.services:
  "outbox_enqueue"        bots.outbox.enqueue (add a message to the caller's transaction)
  "outbox_wake"           wake this instance's sender after a commit (else it polls each second)
  "set_inbound_handler"   install the real inbound handler (intake); until then the bots
                          acknowledgement handler answers
  "set_dead_letter_hook"  install hook(session, outbox_row) called when a message goes dead
  "adapters"              {channel: adapter} of the channels that are on
  "inbox_processor", "outbox_sender", "inbox_writer"
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bots import outbox
from bots.ack import acknowledge
from bots.delivery import Adapter
from bots.inbox import InboundHandler, InboxProcessor, InboxWriter
from bots.line import LineAdapter
from bots.messenger import MessengerAdapter
from bots.outbox import DeadLetterHook, OutboxSender
from bots.routes import make_routes as make_webhook_routes
from bots.telegram import TelegramAdapter
from bots.web import WebChatAdapter
from bots.web import make_router as make_web_router
from saiduan.context import AppContext

log = logging.getLogger("saiduan.wiring.bots")
STATIC_DIR = Path(__file__).resolve().parents[2] / "bots" / "static"


def _secret(value) -> str:  # noqa: ANN001
    return value.get_secret_value()


def build_adapters(ctx: AppContext) -> dict[str, Adapter]:
    s = ctx.settings
    adapters: dict[str, Adapter] = {}
    if s.line_enabled:
        adapters["line"] = LineAdapter(
            channel_secret=_secret(s.line_channel_secret), access_token=_secret(s.line_channel_access_token),
            api_base_url=s.line_api_base_url, data_api_base_url=s.line_data_api_base_url,
            timeout=s.http_timeout_seconds, media_dir=s.media_dir, media_max_bytes=s.media_max_bytes,
        )
    if s.messenger_enabled:
        adapters["messenger"] = MessengerAdapter(
            app_secret=_secret(s.messenger_app_secret), page_token=_secret(s.messenger_page_token),
            verify_token=_secret(s.messenger_verify_token), api_base_url=s.messenger_api_base_url,
            graph_version=s.messenger_graph_version, timeout=s.http_timeout_seconds,
            media_dir=s.media_dir, media_max_bytes=s.media_max_bytes,
        )
    if s.telegram_enabled:
        webhook_url = f"{s.public_base_url.rstrip('/')}/webhooks/telegram"
        adapters["telegram"] = TelegramAdapter(
            bot_token=_secret(s.telegram_bot_token),
            secret_token=_secret(s.telegram_secret_token) if s.telegram_secret_token else None,
            api_base_url=s.telegram_api_base_url, timeout=s.http_timeout_seconds,
            # Telegram only calls HTTPS webhooks; a local run has none to register.
            webhook_url=webhook_url if webhook_url.startswith("https://") else None,
            media_dir=s.media_dir, media_max_bytes=s.media_max_bytes,
        )
    adapters["web"] = WebChatAdapter()
    return adapters


def install(app: FastAPI, ctx: AppContext) -> None:
    s = ctx.settings
    # httpx logs every request URL at INFO; Graph and Telegram URLs carry access tokens.
    logging.getLogger("httpx").setLevel(logging.WARNING)

    adapters = build_adapters(ctx)
    sender = OutboxSender(ctx.sessions, adapters, instance_id=ctx.instance_id,
                          max_attempts=s.outbox_max_attempts)
    # Replies a handler enqueued leave as soon as its transaction commits (on_handled).
    processor = InboxProcessor(ctx.sessions, adapters=adapters, handler=acknowledge,
                               instance_id=ctx.instance_id, max_attempts=s.outbox_max_attempts,
                               on_handled=sender.wake)
    writer = InboxWriter(ctx.sessions, on_stored=processor.wake)

    def set_inbound_handler(handler: InboundHandler) -> None:
        processor.handler = handler

    def set_dead_letter_hook(hook: DeadLetterHook) -> None:
        sender.on_dead = hook

    ctx.services.update({
        "outbox_enqueue": outbox.enqueue, "outbox_wake": sender.wake,
        "set_inbound_handler": set_inbound_handler, "set_dead_letter_hook": set_dead_letter_hook,
        "adapters": adapters, "inbox_processor": processor, "outbox_sender": sender, "inbox_writer": writer,
    })

    app.router.routes.extend(make_webhook_routes(
        writer=writer, max_body_bytes=s.webhook_max_body_bytes, line=adapters.get("line"),
        messenger=adapters.get("messenger"), telegram=adapters.get("telegram"),
    ))
    web = adapters["web"]
    assert isinstance(web, WebChatAdapter)
    app.include_router(make_web_router(
        sessions=ctx.sessions, writer=writer, adapter=web, templates=ctx.templates,
        secret=s.session_secret, cookie_secure=s.cookie_secure,
    ))
    # Under /chat, not /static: the lead's /static mount would shadow a sub-mount, and the chat
    # page stays self-contained for embedding.
    app.mount("/chat/assets", StaticFiles(directory=STATIC_DIR), name="chat-assets")

    async def start_clients() -> None:
        for adapter in adapters.values():
            start = getattr(adapter, "start", None)
            if start is not None:
                await start()
        log.info("channels on", extra={"channels": sorted(adapters)})

    async def stop_clients() -> None:
        await writer.close()
        for adapter in adapters.values():
            stop = getattr(adapter, "stop", None)
            if stop is not None:
                try:
                    await stop()
                except Exception:
                    log.exception("channel stop failed", extra={"channel": adapter.channel})

    ctx.on_startup.append(start_clients)
    ctx.on_shutdown.append(stop_clients)
    ctx.loops["inbox"] = processor.run_forever
    ctx.loops["outbox"] = sender.run_forever
