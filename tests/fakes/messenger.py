"""A fake Graph API Send endpoint: `POST /{version}/me/messages?access_token=...`."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.base import CALL_KEY, FakeServer, Injection


class FakeMessenger(FakeServer):
    def __init__(self, version: str = "v23.0", page_token: str = "page-token-test") -> None:
        super().__init__()
        self.version = version
        self.page_token = page_token
        self.delivered: list[dict[str, Any]] = []
        # Attachment files, as Meta's CDN would serve them: name -> (bytes, content type).
        self.media: dict[str, tuple[bytes, str]] = {}

    def routes(self, app: web.Application) -> None:
        app.router.add_post(f"/{self.version}/me/messages", self.send)
        app.router.add_get("/cdn/{name}", self.cdn)

    def media_url(self, name: str) -> str:
        return f"{self.base_url}/cdn/{name}"

    async def cdn(self, request: web.Request) -> web.Response:
        item = self.media.get(request.match_info["name"])
        if item is None:
            return web.Response(status=404)
        return web.Response(body=item[0], content_type=item[1])

    def error_body(self, status: int, inj: Injection) -> Any:
        if status == 429:
            return {"error": {"message": "Calls to this api have exceeded the rate limit.", "code": 613,
                              "type": "OAuthException"}}
        if status >= 500:
            return {"error": {"message": "An unexpected error has occurred.", "code": 2, "is_transient": True}}
        return {"error": {"message": "Invalid parameter", "code": 100, "type": "OAuthException"}}

    async def send(self, request: web.Request) -> web.Response:
        if request.query.get("access_token") != self.page_token:
            return web.json_response({"error": {"message": "Invalid OAuth access token.", "code": 190}}, status=400)
        body = request[CALL_KEY].body or {}
        recipient = (body.get("recipient") or {}).get("id")
        if not recipient or "messaging_type" not in body:
            return web.json_response(self.error_body(400, None), status=400)  # type: ignore[arg-type]
        self.delivered.append(body)
        return web.json_response({"recipient_id": recipient, "message_id": f"m_{len(self.delivered)}"})
