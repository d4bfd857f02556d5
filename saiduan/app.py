"""The FastAPI app factory: one process serves webhooks, the web chat and the console."""

from __future__ import annotations

import asyncio
import gc
import logging
from contextlib import asynccontextmanager
from pathlib import Path

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from saiduan import migrate
from saiduan.context import AppContext
from saiduan.db import make_engine, make_session_factory
from saiduan.observability import RequestContextMiddleware, metrics_endpoint
from saiduan.settings import Settings
from saiduan.wiring import install_all

log = logging.getLogger("saiduan.app")
ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "saiduan" / "templates", ROOT / "handoff" / "templates", ROOT / "bots" / "templates"]


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in TEMPLATE_DIRS if d.is_dir()]),
        autoescape=select_autoescape(["html", "xml"]),
    )
    return Jinja2Templates(env=env)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    ctx = AppContext(
        settings=settings, engine=engine, sessions=make_session_factory(engine), templates=make_templates()
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        for hook in ctx.on_startup:
            await hook()
        # The process holds ~400k long-lived objects (models, dictionaries, SDKs, the classifier);
        # one full collection of them takes ~200 ms, which LINE counts towards its 2 s webhook
        # timeout. Freezing them once start-up is done keeps the collector to young objects.
        gc.collect()
        gc.freeze()
        tasks: list[asyncio.Task] = []
        if settings.workers_enabled:
            tasks = [asyncio.create_task(loop(), name=name) for name, loop in ctx.loops.items()]
        log.info("started", extra={"instance": ctx.instance_id, "loops": sorted(ctx.loops) if tasks else []})
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for hook in reversed(ctx.on_shutdown):
                try:
                    await hook()
                except Exception:
                    log.exception("shutdown hook failed")
            engine.dispose()

    app = FastAPI(title="Saiduan", lifespan=lifespan, docs_url="/api/docs", redoc_url=None)
    app.state.ctx = ctx
    app.add_middleware(RequestContextMiddleware)
    app.mount("/static", StaticFiles(directory=ROOT / "saiduan" / "static"), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> JSONResponse:
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            current = migrate.is_current(engine)
        except Exception as exc:  # the database is down or unreachable: not ready, never a 500
            log.warning("readiness check failed", extra={"error": type(exc).__name__})
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        if not current:
            return JSONResponse({"status": "unavailable", "database": "migrations pending"}, status_code=503)
        return JSONResponse({"status": "ready"})

    app.add_route("/metrics", metrics_endpoint, include_in_schema=False)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def landing(request: Request) -> HTMLResponse:
        return ctx.templates.TemplateResponse(request, "landing.html", {"settings": settings})

    install_all(app, ctx)
    return app
