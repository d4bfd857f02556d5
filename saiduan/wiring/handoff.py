"""Wiring for handoff/: the console, live updates, staff identity and the scheduled jobs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from functools import partial
from pathlib import Path

from fastapi import FastAPI

from saiduan import live
from saiduan.context import AppContext
from saiduan.scheduler import Job, LeaderScheduler

log = logging.getLogger("saiduan.wiring.handoff")
MODEL_CHECK_SECONDS = 30


def install(app: FastAPI, ctx: AppContext) -> None:
    from handoff import scheduled
    from handoff.app import install as install_console
    from handoff.retrain import ModelSwitch, Retrainer
    from handoff.web import Console

    broker, notify = live.for_context(ctx)
    # The classifier intake uses follows the active ModelVersion; every instance checks.
    switch = ModelSwitch(ctx.sessions, install=lambda clf: ctx.services.__setitem__("classify", clf.classify))
    retrainer = Retrainer(ctx.sessions, Path(ctx.settings.model_dir or "./models"), current=switch.current)
    console = Console(
        sessions=ctx.sessions, templates=ctx.templates, notify=notify, broker=broker,
        secret=ctx.settings.session_secret, cookie_secure=ctx.settings.cookie_secure,
        media_dir=ctx.settings.media_dir, open_case=ctx.services.get("open_case"), instance_id=ctx.instance_id,
        outbox_wake=ctx.services.get("outbox_wake"), retrainer=retrainer,
    )
    install_console(app, console)
    ctx.services["console"] = console
    ctx.services["current_staff"] = app.state.console_deps.current_staff

    set_dead_letter_hook = ctx.services.get("set_dead_letter_hook")
    if set_dead_letter_hook is not None:
        set_dead_letter_hook(partial(scheduled.dead_letter_alert, notify))

    jobs = [Job(job_id, partial(func, ctx.sessions, notify), seconds)
            for job_id, (func, seconds) in scheduled.JOBS.items()]
    if ctx.settings.scheduler_enabled:
        leader = LeaderScheduler(ctx.engine, jobs)
        ctx.services["scheduler"] = leader
        ctx.loops["scheduler"] = leader.run

    model_task: dict[str, asyncio.Task] = {}

    async def follow_active_model() -> None:
        while True:
            try:
                await asyncio.to_thread(switch.check)
            except Exception as exc:  # a missing table or file must not stop the app; retried
                log.warning("active model not loaded", extra={"error": type(exc).__name__})
            await asyncio.sleep(MODEL_CHECK_SECONDS)

    async def start_model_follow() -> None:
        model_task["t"] = asyncio.create_task(follow_active_model(), name="model-follow")

    async def stop_model_follow() -> None:
        task = model_task.pop("t", None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    ctx.on_startup.append(start_model_follow)
    ctx.on_shutdown.append(stop_model_follow)
