"""Wiring for handoff/: builds its objects from the context and mounts its routes and loops."""

from __future__ import annotations

from fastapi import FastAPI

from saiduan.context import AppContext


def install(app: FastAPI, ctx: AppContext) -> None:
    """Filled in as handoff/ grows; the foundation mounts nothing of it yet."""
