"""A fake Telegram Bot API at `{base}/bot{token}/{method}` (form-encoded, as python-telegram-bot sends)."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from tests.fakes.base import CALL_KEY, FakeServer, Injection


class FakeTelegram(FakeServer):
    def __init__(self, token: str = "123456:TEST-token") -> None:
        super().__init__()
        self.token = token
        self.delivered: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] | None = None
        # file_id -> (bytes, path); getFile answers with the path, the file host serves the bytes.
        self.files: dict[str, tuple[bytes, str]] = {}

    @property
    def api_base_url(self) -> str:
        return f"{self.base_url}/bot"

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/bot{token}/{method}", self.call)
        app.router.add_get("/file/bot{token}/{path:.+}", self.file)

    async def file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401}, status=401)
        for data, path in self.files.values():
            if path == request.match_info["path"]:
                return web.Response(body=data, content_type="application/octet-stream")
        return web.json_response({"ok": False, "error_code": 404}, status=404)

    def error_body(self, status: int, inj: Injection) -> Any:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": f"injected {status}"}
        if status == 429:
            body["description"] = "Too Many Requests: retry after"
            body["parameters"] = {"retry_after": int(inj.retry_after or 1)}
        return body

    async def call(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = request[CALL_KEY].body or {}
        if method == "getMe":
            return self.ok({"id": 123456, "is_bot": True, "first_name": "Saiduan", "username": "saiduan_test_bot",
                            "can_join_groups": False, "can_read_all_group_messages": False,
                            "supports_inline_queries": False})
        if method == "sendMessage":
            chat_id = params.get("chat_id")
            text = params.get("text")
            if chat_id in (None, "") or not text:
                return web.json_response({"ok": False, "error_code": 400,
                                          "description": "Bad Request: message text is empty"}, status=400)
            self.delivered.append(params)
            return self.ok({"message_id": len(self.delivered), "date": int(time.time()),
                            "chat": {"id": int(chat_id), "type": "private"}, "text": str(text)})
        if method == "getFile":
            item = self.files.get(str(params.get("file_id")))
            if item is None:
                return web.json_response({"ok": False, "error_code": 400,
                                          "description": "Bad Request: invalid file_id"}, status=400)
            return self.ok({"file_id": params["file_id"], "file_unique_id": "u" + str(params["file_id"]),
                            "file_size": len(item[0]), "file_path": item[1]})
        if method == "setWebhook":
            self.webhook = params
            return self.ok(True)
        if method in ("answerCallbackQuery", "sendChatAction", "deleteWebhook"):
            return self.ok(True)
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)

    @staticmethod
    def ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})
