"""Manual cases for phone calls and walk-ins, opened through intake's own flow (the same
classification, routing, SLA and case numbers as a chat)."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

import sqlalchemy as sa

from handoff import casework
from handoff.audit import record
from handoff.web import Console, Deps, RouteTable, Staff, redirect, render
from intake.models import Centre, Role


def _provinces(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(sa.select(Centre.province_code, Centre.name_th).where(Centre.province_code.is_not(None))
                           .order_by(Centre.province_code)).all()
    seen: dict[int, str] = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return sorted(seen.items())


def register(table: RouteTable, console: Console, deps: Deps) -> None:
    @table.get("/new-case", Role.worker)
    def new_case_page(request: Request, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        return render(console, request, "console/new_case.html", {
            "categories": casework.categories(session), "available": console.open_case is not None,
            "provinces": _provinces(session), "own_province": staff.viewer.province_code,
        })

    @table.post("/new-case", Role.worker)
    async def new_case(request: Request, staff: Staff = Depends(deps.worker),
                       session: Session = Depends(deps.db)) -> Response:
        form = await request.form()

        def _open() -> Response:
            from intake.flows import ManualIntakeError

            if console.open_case is None:
                return redirect(console, "/console/new-case", flash="ยังเปิดเคสด้วยมือไม่ได้ในระบบนี้", error=True)
            province = str(form.get("province") or "")
            try:
                case = console.open_case(
                    session, staff=staff.user, text=str(form.get("text") or ""), channel=str(form.get("channel") or ""),
                    caller_name=str(form.get("caller_name") or "") or None,
                    caller_phone=str(form.get("phone") or "") or None,
                    province_code=int(province) if province.isdigit() else None,
                    location_text=str(form.get("place") or "") or None,
                    categories=[str(v) for v in form.getlist("categories")] or None,
                    emergency=form.get("emergency") == "1", consent=form.get("consent") == "1",
                )
            except ManualIntakeError as exc:
                session.rollback()
                return redirect(console, "/console/new-case", flash=str(exc), error=True)
            record(session, user_id=staff.viewer.user_id, action="case.manual", case_id=case.id)
            session.commit()
            return redirect(console, f"/console/cases/{case.id}", flash=f"เปิดเคส {case.number} แล้ว")

        from starlette.concurrency import run_in_threadpool
        return await run_in_threadpool(_open)
