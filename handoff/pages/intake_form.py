"""Manual cases for phone calls and walk-ins, opened through intake's own flow."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

from handoff import casework
from handoff.web import Console, Deps, RouteTable, Staff, render
from intake.models import Role


def register(table: RouteTable, console: Console, deps: Deps) -> None:
    @table.get("/new-case", Role.worker)
    def new_case_page(request: Request, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        return render(console, request, "console/new_case.html", {
            "categories": casework.categories(session), "available": console.open_case is not None,
        })
