"""Webhook routes: verify, parse, store once, answer 200. Nothing slow happens here.

Order matters and is the same for every platform: read the body with a hard size limit (413),
check the signature or secret on the raw bytes (401/403, nothing stored), parse (400), store the
events in the inbox in one transaction (a redelivery hits the unique key and is a duplicate),
wake the processor, answer 200. Ignored event types are answered 200 too, so platforms do not
retry them. A database failure answers 503 so the platform redelivers later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from starlette.routing import Match, Route
from starlette.types import Scope

from bots.events import InboundEvent
from bots.httpio import WebhookRejected, read_body_limited
from bots.inbox import InboxWriter
from bots.line import LineAdapter
from bots.messenger import MessengerAdapter
from bots.metrics import INBOX_EVENTS
from bots.telegram import TelegramAdapter

log = logging.getLogger("saiduan.bots.webhooks")


class _Route(Route):
    """A Starlette route that, like FastAPI's, leaves itself in the scope for access logs."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child = super().matches(scope)
        if match is not Match.NONE:
            child["route"] = self
        return match, child
_OK = b'{"ok":true}'


def make_routes(
    *, writer: InboxWriter, max_body_bytes: int, line: LineAdapter | None = None,
    messenger: MessengerAdapter | None = None, telegram: TelegramAdapter | None = None,
) -> list[Route]:
    """The webhook routes, to append to the app's router (kept as they are, not re-created)."""
    routes: list[Route] = []

    async def receive(request: Request, channel: str, parse: Callable[[bytes], list[InboundEvent]]) -> Response:
        try:
            body = await read_body_limited(request, max_body_bytes)
            events = parse(body)
        except WebhookRejected as exc:
            INBOX_EVENTS.labels(channel, "rejected").inc()
            log.info("webhook rejected", extra={"channel": channel, "status": exc.status, "reason": exc.reason})
            return JSONResponse({"error": exc.reason}, status_code=exc.status)
        if events:
            try:
                await writer.store(events)
            except Exception:
                return JSONResponse({"error": "try again"}, status_code=503)
        else:
            INBOX_EVENTS.labels(channel, "ignored").inc()
        return Response(_OK, media_type="application/json")

    # Plain Starlette routes: the webhook needs no dependency injection, and skipping it is
    # measurable at a thousand requests a second.
    if line is not None:
        async def line_webhook(request: Request) -> Response:
            return await receive(request, "line",
                                 lambda body: line.parse(body, request.headers.get("x-line-signature")))

        routes.append(_Route("/webhooks/line", line_webhook, methods=["POST"], include_in_schema=False))

    if messenger is not None:
        async def messenger_verify(request: Request) -> Response:
            q = request.query_params
            try:
                challenge = messenger.verify_subscription(q.get("hub.mode"), q.get("hub.verify_token"),
                                                          q.get("hub.challenge"))
            except WebhookRejected as exc:
                return PlainTextResponse("forbidden", status_code=exc.status)
            return PlainTextResponse(challenge)

        async def messenger_webhook(request: Request) -> Response:
            return await receive(request, "messenger",
                                 lambda body: messenger.parse(body, request.headers.get("x-hub-signature-256")))

        routes.append(_Route("/webhooks/messenger", messenger_verify, methods=["GET"], include_in_schema=False))
        routes.append(_Route("/webhooks/messenger", messenger_webhook, methods=["POST"], include_in_schema=False))

    if telegram is not None:
        async def telegram_webhook(request: Request) -> Response:
            return await receive(request, "telegram", lambda body: telegram.parse(
                body, request.headers.get("x-telegram-bot-api-secret-token")))

        routes.append(_Route("/webhooks/telegram", telegram_webhook, methods=["POST"], include_in_schema=False))

    return routes
