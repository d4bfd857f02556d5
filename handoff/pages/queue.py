"""The queue page, its live-refreshed rows, "take next", and the live event stream."""

from __future__ import annotations

import asyncio
import json
import time

import sqlalchemy as sa
from fastapi import Depends, Request
from fastapi.responses import Response, StreamingResponse
from sqlmodel import Session

from handoff import access, casework, messages as M, queue as Q
from handoff.audit import record
from handoff.masking import mask_text
from handoff.web import Console, Deps, RouteTable, Staff, redirect, render
from intake.models import Centre, Conversation, Role

HEARTBEAT_SECONDS = 15
# Streams end after this long and the browser's EventSource reconnects (and re-reads the queue):
# a stale session or a changed permission is noticed, and a server shutting down (uvicorn waits
# for open responses) waits at most this long for a console.
STREAM_MAX_SECONDS = 30


def _rows_context(session: Session, staff: Staff, filters: Q.QueueFilters) -> dict:
    cases = Q.queue(session, staff.viewer, filters)
    names = {c.key: c.name_th for c in casework.categories(session, active_only=False)}
    return {"cases": cases, "assignees": Q.assignee_names(session, cases), "filters": filters,
            "mask": mask_text, "cat_names": names}


def register(table: RouteTable, console: Console, deps: Deps) -> None:
    @table.get("", Role.worker)
    def queue_page(request: Request, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        filters = Q.QueueFilters.from_query(request.query_params)
        ctx = _rows_context(session, staff, filters)
        provinces = []
        if staff.viewer.sees_everything:
            provinces = session.execute(sa.select(Centre.province_code, Centre.name_th)
                                        .where(Centre.province_code.is_not(None)).order_by(Centre.province_code)).all()
        record(session, user_id=staff.viewer.user_id, action="queue.view", detail=filters.as_query())
        session.commit()
        return render(console, request, "console/queue.html", {
            **ctx, "categories": casework.categories(session), "provinces": provinces,
            "channels": list(M.CHANNEL_TH), "statuses": Q.OPEN_STATUSES,
        })

    @table.get("/queue/rows", Role.worker)
    def queue_rows(request: Request, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        filters = Q.QueueFilters.from_query(request.query_params)
        return render(console, request, "console/_queue_rows.html", _rows_context(session, staff, filters))

    @table.post("/take-next", Role.worker)
    def take_next(request: Request, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        case = Q.take_next(session, staff.viewer, notify=console.notify)
        session.commit()
        if case is None:
            return redirect(console, "/console", flash=M.NOTHING_TO_TAKE)
        return redirect(console, f"/console/cases/{case.id}", flash=f"รับเคส {case.number} แล้ว")

    @table.get("/events", Role.worker)
    async def events(request: Request, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        case_id = request.query_params.get("case")
        conversation_ids: set[int] = set()
        if case_id is not None:
            def _conversations() -> set[int]:
                case = access.get_case(session, staff.viewer, int(case_id) if case_id.isdigit() else -1)
                ids = {i for (i,) in session.execute(sa.select(Conversation.id).where(
                    Conversation.contact_id.in_([c.id for c in casework.case_contacts(session, case)])))}
                if case.conversation_id:
                    ids.add(case.conversation_id)
                return ids

            conversation_ids = await asyncio.to_thread(_conversations)
        session.close()
        viewer = staff.viewer
        watched_case = int(case_id) if case_id and case_id.isdigit() else None
        sub = console.broker.subscribe()

        def visible(item: dict) -> bool:
            topic, data = item["topic"], item["data"]
            if topic == "resync":
                return True
            if topic == "message":
                return watched_case is not None and (
                    data.get("case_id") == watched_case or data.get("conversation_id") in conversation_ids)
            return access.can_see_event(viewer, data)

        async def stream():
            started = time.monotonic()
            try:
                yield "retry: 2000\n\n"
                while time.monotonic() - started < STREAM_MAX_SECONDS:
                    try:
                        item = await sub.get(timeout=HEARTBEAT_SECONDS)
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    if item is None:  # the broker is shutting down
                        break
                    if visible(item):
                        yield f"event: {item['topic']}\ndata: {json.dumps(item['data'], separators=(',', ':'))}\n\n"
            finally:
                sub.close()

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

