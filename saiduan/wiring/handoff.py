"""Wiring for handoff/: the console, live updates, staff identity and the scheduled jobs."""

from __future__ import annotations

from functools import partial

from fastapi import FastAPI

from saiduan import live
from saiduan.context import AppContext
from saiduan.scheduler import Job, LeaderScheduler


def install(app: FastAPI, ctx: AppContext) -> None:
    from handoff import scheduled
    from handoff.app import install as install_console
    from handoff.web import Console

    broker, notify = live.for_context(ctx)
    console = Console(
        sessions=ctx.sessions, templates=ctx.templates, notify=notify, broker=broker,
        secret=ctx.settings.session_secret, cookie_secure=ctx.settings.cookie_secure,
        media_dir=ctx.settings.media_dir, open_case=ctx.services.get("open_case"), instance_id=ctx.instance_id,
        outbox_wake=ctx.services.get("outbox_wake"),
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
