"""Reading webhook bodies safely and saying why one was refused."""

from __future__ import annotations

import hmac

from starlette.requests import Request


class WebhookRejected(Exception):
    """A webhook refused before anything is stored; `status` is the HTTP answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def read_body_limited(request: Request, limit: int) -> bytes:
    """The raw body, or 413 as soon as it grows past `limit`: Content-Length is not trusted."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise WebhookRejected(413, "body too large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise WebhookRejected(413, "body too large")
        chunks.append(chunk)
    return b"".join(chunks)


def same_secret(given: str | None, expected: str) -> bool:
    if not given:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())
