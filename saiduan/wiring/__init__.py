"""Each domain package is wired in its own module, bottom layer first.

A wiring module builds the package's objects from the context (settings, sessions, services
that lower layers registered) and includes its routers, hooks and background loops.
"""

from __future__ import annotations

from fastapi import FastAPI

from saiduan.context import AppContext
from saiduan.wiring import bots, handoff, intake


def install_all(app: FastAPI, ctx: AppContext) -> None:
    bots.install(app, ctx)
    intake.install(app, ctx)
    handoff.install(app, ctx)
