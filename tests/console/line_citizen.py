"""A citizen on LINE, for end-to-end tests: signed webhooks in, the fake LINE platform out."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

import httpx

from tests.console.live_server import LINE_SECRET


class LineCitizen:
    def __init__(self, base_url: str, fake, user_id: str | None = None, secret: str = LINE_SECRET) -> None:
        self.base_url = base_url
        self.fake = fake
        self.user_id = user_id or "U" + uuid.uuid4().hex
        self.secret = secret
        self.seen = 0

    def _post(self, event: dict) -> None:
        event.update({"mode": "active", "timestamp": int(time.time() * 1000),
                      "source": {"type": "user", "userId": self.user_id},
                      "webhookEventId": uuid.uuid4().hex.upper()[:26], "deliveryContext": {"isRedelivery": False},
                      "replyToken": uuid.uuid4().hex})
        body = json.dumps({"destination": "Utest", "events": [event]}, ensure_ascii=False).encode()
        signature = base64.b64encode(hmac.new(self.secret.encode(), body, hashlib.sha256).digest()).decode()
        response = httpx.post(self.base_url + "/webhooks/line", content=body, timeout=10,
                              headers={"X-Line-Signature": signature, "Content-Type": "application/json"})
        assert response.status_code == 200, response.text

    def say(self, text: str) -> None:
        self._post({"type": "message", "message": {"id": str(uuid.uuid4().int)[:18], "type": "text",
                                                   "quoteToken": "q", "text": text}})

    def image(self, data: bytes, media_type: str = "image/png") -> None:
        message_id = str(uuid.uuid4().int)[:18]
        self.fake.contents[message_id] = (data, media_type)
        self._post({"type": "message", "message": {"id": message_id, "type": "image", "quoteToken": "q",
                                                   "contentProvider": {"type": "line"}}})

    def tap(self, data: str) -> None:
        self._post({"type": "postback", "postback": {"data": data}})

    def mine(self) -> list[dict]:
        """Messages LINE delivered to this person (replies carry a token, pushes the user id)."""
        return [d for d in self.fake.delivered if d["to"] == self.user_id or d["via"] == "reply"]

    def wait_new(self, timeout: float = 15.0) -> list[dict]:
        """Wait for what the platform delivered since the last call."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            items = self.mine()
            if len(items) > self.seen:
                time.sleep(0.4)  # a turn may send several messages
                items = self.mine()
                new, self.seen = items[self.seen:], len(items)
                return new
            time.sleep(0.1)
        raise AssertionError("LINE delivered nothing")

    @staticmethod
    def texts(delivered: list[dict]) -> list[str]:
        return [m.get("text", "") for d in delivered for m in d["messages"]]

    @staticmethod
    def choices(delivered: list[dict]) -> list[str]:
        out = []
        for d in delivered:
            for m in d["messages"]:
                for item in (m.get("quickReply") or {}).get("items", []):
                    data = item.get("action", {}).get("data")
                    if data:
                        out.append(data)
        return out
