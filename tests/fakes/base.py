"""A real local HTTP server (aiohttp, 127.0.0.1, a free port) in a background thread.

Each platform fake subclasses it and adds the routes the real SDK calls. Every call is recorded
(method, path, query, headers, JSON or form body); failures can be injected for the next calls
(a status such as 500 or 429 with Retry-After, a delay past the client's timeout, and whether the
platform had already accepted the request before failing, which is what a lost answer looks like).
Running in its own thread and loop lets sync TestClient tests and uvicorn-based runs share it.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

CALL_KEY = web.RequestKey("call", object)

@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    raw: bytes = b""


@dataclass
class Injection:
    path_contains: str | None
    status: int | None
    times: int
    delay: float = 0.0
    retry_after: float | None = None
    # The platform processed the request and then the answer failed (or never came back).
    accept: bool = False
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    # Only requests whose raw body contains this (e.g. one recipient's id).
    body_contains: str | None = None


class FakeServer:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._injections: list[Injection] = []
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self.port: int = 0

    # -- lifecycle ------------------------------------------------------------------------------
    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def start(self) -> FakeServer:
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                app = web.Application(middlewares=[self._middleware], client_max_size=50 * 1024 * 1024)
                self.routes(app)
                self._runner = web.AppRunner(app, access_log=None)
                loop.run_until_complete(self._runner.setup())
                site = web.TCPSite(self._runner, "127.0.0.1", 0)
                loop.run_until_complete(site.start())
                self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            except BaseException as exc:  # pragma: no cover - surfaced to the caller
                errors.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=run, name=type(self).__name__, daemon=True)
        self._thread.start()
        ready.wait(10)
        if errors:
            raise errors[0]
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- recording and injection ----------------------------------------------------------------
    def inject(self, status: int | None = 500, *, times: int = 1, path_contains: str | None = None,
               delay: float = 0.0, retry_after: float | None = None, accept: bool = False,
               body: Any = None, headers: dict[str, str] | None = None,
               body_contains: str | None = None) -> None:
        with self._lock:
            self._injections.append(Injection(path_contains, status, times, delay, retry_after, accept,
                                              body, headers or {}, body_contains))

    def calls_to(self, path_contains: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if path_contains in c.path]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._injections.clear()

    def _take_injection(self, path: str, raw: bytes) -> Injection | None:
        with self._lock:
            for inj in self._injections:
                if inj.body_contains is not None and inj.body_contains.encode() not in raw:
                    continue
                if inj.path_contains is None or inj.path_contains in path:
                    inj.times -= 1
                    if inj.times <= 0:
                        self._injections.remove(inj)
                    return inj
        return None

    def error_body(self, status: int, inj: Injection) -> Any:
        return {"message": f"injected {status}"}

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        raw = await request.read()
        body: Any = None
        ctype = request.headers.get("Content-Type", "")
        if raw and "json" in ctype:
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
        elif raw and ("form" in ctype):
            form = await request.post()
            body = {}
            for key, value in form.items():
                text = value if isinstance(value, str) else ""
                try:
                    body[key] = json.loads(text)
                except ValueError:
                    body[key] = text
        call = Call(request.method, request.path, dict(request.query), dict(request.headers), body, raw)
        request[CALL_KEY] = call
        with self._lock:
            self.calls.append(call)
        inj = self._take_injection(request.path, raw)
        if inj is None:
            return await handler(request)
        if inj.accept:
            await handler(request)
        if inj.delay:
            await asyncio.sleep(inj.delay)
        if inj.status is None:
            return await handler(request) if not inj.accept else web.json_response({})
        headers = dict(inj.headers)
        if inj.retry_after is not None:
            headers["Retry-After"] = str(int(inj.retry_after))
        payload = inj.body if inj.body is not None else self.error_body(inj.status, inj)
        return web.json_response(payload, status=inj.status, headers=headers)
