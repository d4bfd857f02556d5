"""Lists beyond the queue: callbacks, referrals; supervisors' dashboard, audit and person linking."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from fastapi import Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from handoff import callbacks as CB, dashboard, persons
from handoff.access import AccessDenied, case_filter
from handoff.audit import record
from handoff.casework import CaseworkError
from handoff.models import Agency, AuditEntry, Referral
from handoff.referrals import OPEN_REFERRAL
from handoff.web import Console, Deps, RouteTable, Staff, redirect, render
from intake.models import Case, Centre, Contact, Role, StaffUser


def register(table: RouteTable, console: Console, deps: Deps) -> None:
    @table.get("/callbacks", Role.worker)
    def callbacks(request: Request, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        rows = CB.callback_list(session, staff.viewer)
        record(session, user_id=staff.viewer.user_id, action="callbacks.view")
        session.commit()
        return render(console, request, "console/callbacks.html",
                      {"rows": rows, "outcomes": CB.OUTCOME_TH, "now": datetime.now(UTC)})

    @table.get("/referrals", Role.worker)
    def referrals(request: Request, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        show_all = request.query_params.get("all") == "1"
        stmt = (sa.select(Referral, Agency, Case).join(Agency, Agency.id == Referral.agency_id)
                .join(Case, Case.id == Referral.case_id).where(case_filter(staff.viewer)))
        if not show_all:
            stmt = stmt.where(Referral.status.in_([s.value for s in OPEN_REFERRAL]))
        rows = session.execute(stmt.order_by(Referral.due_at.asc().nulls_last(), Referral.id).limit(200)).all()
        record(session, user_id=staff.viewer.user_id, action="referrals.view")
        session.commit()
        return render(console, request, "console/referrals.html",
                      {"rows": rows, "show_all": show_all, "now": datetime.now(UTC)})

    @table.get("/dashboard", Role.supervisor)
    def dashboard_page(request: Request, staff: Staff = Depends(deps.supervisor),
                       session: Session = Depends(deps.db)) -> Response:
        board = dashboard.build(session, staff.viewer)
        record(session, user_id=staff.viewer.user_id, action="dashboard.view")
        session.commit()
        return render(console, request, "console/dashboard.html", {"board": board, "now": datetime.now(UTC)})

    @table.post("/dashboard/dead-letters/{outbox_id}/retry", Role.supervisor)
    def retry_dead_letter(outbox_id: int, staff: Staff = Depends(deps.supervisor),
                          session: Session = Depends(deps.db)) -> Response:
        # Dead letters carry no centre, so only those who oversee every centre may resend them.
        if not staff.viewer.sees_everything:
            raise AccessDenied("role")
        from bots.outbox import retry_dead_letter as retry

        again = retry(session, outbox_id)
        record(session, user_id=staff.viewer.user_id, action="outbox.retry", detail={"outbox_id": outbox_id})
        session.commit()
        if again and console.outbox_wake is not None:
            console.outbox_wake()
        return redirect(console, "/console/dashboard",
                        flash="ส่งข้อความอีกครั้งแล้ว" if again else "ข้อความนี้ไม่ได้อยู่ในรายการส่งไม่สำเร็จแล้ว",
                        error=not again)

    @table.get("/audit", Role.supervisor)
    def audit(request: Request, staff: Staff = Depends(deps.supervisor), session: Session = Depends(deps.db)) -> Response:
        case_number = (request.query_params.get("case") or "").strip()
        username = (request.query_params.get("user") or "").strip().lower()
        stmt = (sa.select(AuditEntry, StaffUser, Case).outerjoin(StaffUser, StaffUser.id == AuditEntry.user_id)
                .outerjoin(Case, Case.id == AuditEntry.case_id))
        if not staff.viewer.sees_everything:
            # A provincial supervisor sees entries by their province's staff and about its cases.
            centre_ids = sa.select(Centre.id).where(Centre.province_code == staff.viewer.province_code)
            stmt = stmt.where(sa.or_(StaffUser.centre_id.in_(centre_ids), StaffUser.centre_id == staff.viewer.centre_id,
                                     sa.and_(AuditEntry.case_id.is_not(None), case_filter(staff.viewer))))
        if case_number:
            stmt = stmt.where(Case.number == case_number)
        if username:
            stmt = stmt.where(StaffUser.username == username)
        rows = session.execute(stmt.order_by(AuditEntry.id.desc()).limit(300)).all()
        record(session, user_id=staff.viewer.user_id, action="audit.view",
               detail={"case": case_number or None, "user": username or None})
        session.commit()
        return render(console, request, "console/audit.html",
                      {"rows": rows, "case_number": case_number, "username": username})

    @table.get("/persons", Role.supervisor)
    def persons_page(request: Request, staff: Staff = Depends(deps.supervisor),
                     session: Session = Depends(deps.db)) -> Response:
        found: dict[str, tuple[Case, list[Contact]] | None] = {}
        for key in ("a", "b"):
            number = request.query_params.get(key, "").strip()
            case = persons.find_by_case_number(session, staff.viewer, number) if number else None
            found[key] = None
            if case is not None and case.contact_id is not None:
                contact = session.get(Contact, case.contact_id)
                found[key] = (case, persons.linked_contacts(session, contact))
        return render(console, request, "console/persons.html", {
            "a": found["a"], "b": found["b"], "a_number": request.query_params.get("a", ""),
            "b_number": request.query_params.get("b", ""),
        })

    @table.post("/persons/link", Role.supervisor)
    def link(contact_a: int = Form(...), contact_b: int = Form(...), staff: Staff = Depends(deps.supervisor),
             session: Session = Depends(deps.db)) -> Response:
        a = persons.visible_contact(session, staff.viewer, contact_a)
        b = persons.visible_contact(session, staff.viewer, contact_b)
        try:
            persons.link(session, staff.viewer, a, b)
        except CaseworkError as exc:
            session.rollback()
            return redirect(console, "/console/persons", flash=str(exc), error=True)
        session.commit()
        return redirect(console, "/console/persons", flash="เชื่อมข้อมูลเป็นบุคคลเดียวกันแล้ว")

    @table.post("/persons/unlink", Role.supervisor)
    def unlink(contact_id: int = Form(...), staff: Staff = Depends(deps.supervisor),
               session: Session = Depends(deps.db)) -> Response:
        contact = persons.visible_contact(session, staff.viewer, contact_id)
        persons.unlink(session, staff.viewer, contact)
        session.commit()
        return redirect(console, "/console/persons", flash="ยกเลิกการเชื่อมแล้ว")

