"""A fake LINE Messaging API: reply, push (with X-Line-Retry-Key), loading, profile, content.

Behaves like LINE where it matters to us: a reply token works once (a second use answers 400),
and a push whose retry key was already accepted answers 409 without delivering again.
`delivered` lists what a person would actually see, in order.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.base import CALL_KEY, FakeServer, Injection


class FakeLine(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.delivered: list[dict[str, Any]] = []
        self.used_reply_tokens: set[str] = set()
        self.accepted_retry_keys: set[str] = set()
        self.profiles: dict[str, dict[str, Any]] = {}
        self.contents: dict[str, tuple[bytes, str]] = {}

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v2/bot/message/reply", self.reply)
        app.router.add_post("/v2/bot/message/push", self.push)
        app.router.add_post("/v2/bot/chat/loading/start", self.loading)
        app.router.add_get("/v2/bot/profile/{user_id}", self.profile)
        app.router.add_get("/v2/bot/message/{message_id}/content", self.content)

    def error_body(self, status: int, inj: Injection) -> Any:
        return {"message": "The API rate limit has been exceeded. Try again later."} if status == 429 else \
            {"message": f"injected {status}"}

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization", "").startswith("Bearer ")

    async def reply(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"message": "Authentication failed"}, status=401)
        body = request[CALL_KEY].body or {}
        token = body.get("replyToken")
        if not token or token in self.used_reply_tokens or token.startswith("expired"):
            return web.json_response({"message": "Invalid reply token"}, status=400)
        self.used_reply_tokens.add(token)
        self.delivered.append({"via": "reply", "to": token, "messages": body.get("messages", []),
                               "notificationDisabled": body.get("notificationDisabled", False)})
        return web.json_response({"sentMessages": [{"id": str(len(self.delivered)), "quoteToken": "q"}]})

    async def push(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"message": "Authentication failed"}, status=401)
        key = request.headers.get("X-Line-Retry-Key")
        if key and key in self.accepted_retry_keys:
            return web.json_response(
                {"message": "The retry key is already accepted", "sentMessages": []}, status=409,
                headers={"x-line-accepted-request-id": "accepted-" + key[:8]})
        body = request[CALL_KEY].body or {}
        if key:
            self.accepted_retry_keys.add(key)
        self.delivered.append({"via": "push", "to": body.get("to"), "messages": body.get("messages", []),
                               "notificationDisabled": body.get("notificationDisabled", False)})
        return web.json_response({"sentMessages": [{"id": str(len(self.delivered)), "quoteToken": "q"}]})

    async def loading(self, request: web.Request) -> web.Response:
        return web.json_response({}, status=202)

    async def profile(self, request: web.Request) -> web.Response:
        user_id = request.match_info["user_id"]
        profile = self.profiles.get(user_id, {"displayName": "ผู้ใช้ทดสอบ", "language": "th"})
        return web.json_response({"userId": user_id, **profile})

    async def content(self, request: web.Request) -> web.StreamResponse:
        item = self.contents.get(request.match_info["message_id"])
        if item is None:
            return web.json_response({"message": "Not found"}, status=404)
        data, media_type = item
        return web.Response(body=data, content_type=media_type)
