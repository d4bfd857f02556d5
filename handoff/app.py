"""Assembles the console: routes, error pages, security headers and static files.

`install(app, console)` is called by saiduan/wiring/handoff.py, which builds the Console from
the app context; nothing here reads settings or imports saiduan.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from handoff import messages as M
from handoff.access import AccessDenied
from handoff.pages import admin, case, intake_form, queue, signin, supervise
from handoff.web import (
    CSP, Console, CsrfFailed, NotSignedIn, RouteTable, install_template_helpers, make_dependencies, render,
    sign_in_url,
)

STATIC_DIR = Path(__file__).parent / "static"
PREFIX = "/console"


class ConsoleHeaders:
    """Security headers on every console response, streaming ones included (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path == PREFIX or path.startswith(PREFIX + "/") or path.startswith("/static/console/")):
            await self.app(scope, receive, send)
            return
        static = path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"cache-control", b"x-frame-options")]
                headers += [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
                if not static:
                    headers += [(b"content-security-policy", CSP.encode()), (b"cache-control", b"no-store"),
                                (b"permissions-policy", b"camera=(), microphone=(), geolocation=()")]
                else:
                    headers.append((b"cache-control", b"public, max-age=300"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def build_routes(console: Console) -> tuple[RouteTable, object]:
    table = RouteTable(PREFIX)
    deps = make_dependencies(console)
    for module in (signin, queue, case, supervise, admin, intake_form):
        module.register(table, console, deps)
    return table, deps


def install(app: FastAPI, console: Console) -> RouteTable:
    install_template_helpers(console.templates)
    table, deps = build_routes(console)
    app.include_router(table.router)
    # Ahead of the app's own /static mount, which would otherwise answer /static/console/* first.
    app.router.routes.insert(0, Mount("/static/console", app=StaticFiles(directory=STATIC_DIR), name="console-static"))
    app.add_middleware(ConsoleHeaders)
    app.state.console_routes = table
    app.state.console_deps = deps

    def _wants_html(request: Request) -> bool:
        return request.url.path.startswith(PREFIX) and "text/event-stream" not in request.headers.get("accept", "")

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if request.url.path.startswith(PREFIX):
            if request.method == "GET" and request.headers.get("x-requested-with") != "fetch" \
                    and not request.url.path.startswith(PREFIX + "/events"):
                response = RedirectResponse(sign_in_url(request), status_code=303)
                return response
            return Response(M.SESSION_ENDED, status_code=401, media_type="text/plain; charset=utf-8")
        return JSONResponse({"detail": "sign in first"}, status_code=401)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        return Response(M.CSRF_FAILED, status_code=403, media_type="text/plain; charset=utf-8")

    @app.exception_handler(AccessDenied)
    async def denied(request: Request, exc: AccessDenied) -> Response:
        # A case the viewer may not see answers like one that does not exist.
        status = 404 if str(exc) in ("case", "contact") else 403
        if not _wants_html(request):
            return JSONResponse({"detail": "not found" if status == 404 else "forbidden"}, status_code=status)
        text = M.NOT_FOUND if status == 404 else M.FORBIDDEN
        return render(console, request, "console/error.html", {"message": text}, status_code=status)

    return table
