"""Wiring for intake/: the inbound handler, the manual-intake API, `open_case` for the console.

Looks things up at call time where a later wiring may provide them: the console's `notify`
(handoff wiring) and `current_staff` (handoff wiring), and the active classifier (an admin may
activate another model version; `ctx.services["classify"]` then replaces nlp.classify).
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any

from fastapi import FastAPI
from sqlmodel import select

from intake import flows
from intake.centres import load_centres
from intake.models import Centre
from intake.routes import make_router
from saiduan import live
from saiduan.context import AppContext

log = logging.getLogger("saiduan.wiring.intake")


def install(app: FastAPI, ctx: AppContext) -> None:
    import nlp

    _, notify = live.for_context(ctx)

    def classify(text: str, **kw: Any) -> Any:
        return ctx.services.get("classify", nlp.classify)(text, **kw)

    def current_notify(session, topic, data) -> None:  # noqa: ANN001
        ctx.services.get("notify", notify)(session, topic, data)

    def enqueue(session, **kw: Any) -> Any:  # noqa: ANN001
        return ctx.services["outbox_enqueue"](session, **kw)

    handler = partial(flows.handle_inbound, classify=classify, enqueue=enqueue, notify=current_notify,
                      find_places=nlp.find_places)
    set_handler = ctx.services.get("set_inbound_handler")
    if set_handler is None:
        raise RuntimeError("bots wiring must run before intake wiring (no set_inbound_handler)")
    set_handler(handler)
    ctx.services["intake_handler"] = handler
    # For the console's manual-intake page: open_case(session, staff=StaffUser, text=..., channel=...).
    ctx.services["open_case"] = partial(flows.manual_intake, classify=classify, notify=current_notify)

    async def load_centres_if_empty() -> None:
        # Routing needs at least the national centre. `saiduan demo-data` loads the CSV too; this
        # covers a fresh production database where nobody ran it. Skipped when migrations are
        # pending (the readiness probe reports that).
        try:
            with ctx.sessions() as session:
                if session.exec(select(Centre.id).limit(1)).first() is None:
                    count = load_centres(session)
                    session.commit()
                    log.info("centres loaded", extra={"rows": count})
        except Exception as exc:  # noqa: BLE001 - a missing table must not stop the app starting
            log.warning("centres not loaded at start-up", extra={"error": type(exc).__name__})

    async def mount_api() -> None:
        # The console wiring (after this one) provides the staff dependency; without it the
        # manual-intake API is not mounted at all rather than left unauthenticated.
        current_staff = ctx.services.get("current_staff")
        if current_staff is None:
            log.warning("manual intake API off: no current_staff dependency")
            return
        if any(getattr(r, "path", "") == "/api/intake/cases" for r in app.router.routes):
            return
        app.include_router(make_router(
            sessions=ctx.sessions, current_staff=current_staff,
            classify=lambda: classify, notify=lambda: current_notify,
        ))

    async def warm_classifier() -> None:
        # Load the model before the first citizen writes, not while their message waits.
        await asyncio.to_thread(classify, "สวัสดีค่ะ")

    ctx.on_startup.append(load_centres_if_empty)
    ctx.on_startup.append(warm_classifier)
    ctx.on_startup.append(mount_api)
