"""The case page and everything a worker does on it."""

from __future__ import annotations

import mimetypes
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa
from fastapi import Depends, Form, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response
from sqlmodel import Session

from handoff import callbacks as CB, casework, referrals as R, takeover as T
from handoff.access import AccessDenied, Viewer, can_see_case, case_filter, get_case, viewer_for
from handoff.audit import record
from handoff.casework import CaseworkError
from handoff.masking import mask_text
from handoff.models import Referral, ReferralStatus
from handoff.takeover import TakeoverError
from handoff.web import BANGKOK, Console, Deps, RouteTable, Staff, redirect, render
from intake.models import (
    Case, CaseStatus, Contact, Conversation, Message, Priority, Role, StaffUser,
)

Refused = (CaseworkError, TakeoverError)


def _eligible_staff(session: Session, case: Case) -> list[StaffUser]:
    users = session.execute(sa.select(StaffUser).where(StaffUser.active.is_(True))
                            .order_by(StaffUser.display_name)).scalars().all()
    return [u for u in users if can_see_case(viewer_for(session, u), case)]


def _parse_due(value: str | None) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CaseworkError("วันที่ครบกำหนดไม่ถูกต้อง") from None
    # A due date means the end of that day in Bangkok.
    return datetime.combine(day, time(23, 59), tzinfo=BANGKOK).astimezone(UTC)


def _media_file(media_dir: Path, stored: str) -> Path | None:
    """The stored file, only if it lies inside the media directory (never anywhere else on disk).
    bots/ stores the path it wrote to: absolute, or relative to the working directory when the
    media directory setting is relative."""
    root = Path(media_dir).resolve()
    raw = Path(stored)
    candidates = [raw.resolve()] if raw.is_absolute() else [raw.resolve(), (root / raw).resolve()]
    for path in candidates:
        if root in path.parents and path.is_file():
            return path
    return None


def _page_context(session: Session, viewer: Viewer, case: Case, *, revealed: bool) -> dict:
    contact = session.get(Contact, case.contact_id) if case.contact_id else None
    conv = session.get(Conversation, case.conversation_id) if case.conversation_id else None
    items = casework.thread(session, case)
    events = casework.timeline(session, case)
    holder = session.get(StaffUser, conv.handled_by_user_id) if conv and conv.handled_by_user_id else None
    assignee = session.get(StaffUser, case.assigned_user_id) if case.assigned_user_id else None
    names = casework.worker_names(session, {i.message.user_id for i in items if i.message.user_id})
    show = (lambda t: t or "") if revealed else mask_text
    return {
        "case": case, "contact": contact, "conversation": conv, "items": items, "events": events,
        "holder": holder, "assignee": assignee, "names": names, "show": show, "revealed": revealed,
        "linked": casework.case_contacts(session, case), "categories": casework.categories(session, active_only=False),
        "referrals": R.case_referrals(session, case), "agencies": R.agencies(session, province_code=case.province_code),
        "attempts": CB.attempts_for(session, case), "outcomes": CB.OUTCOME_TH,
        "transitions": sorted(casework.TRANSITIONS[CaseStatus(case.status)], key=list(CaseStatus).index),
        "priorities": list(Priority), "referral_statuses": list(ReferralStatus),
        "staff_choices": _eligible_staff(session, case) if viewer.is_supervisor else [],
        "is_holder": conv is not None and conv.handled_by_user_id == viewer.user_id,
        "can_chat": contact is not None and contact.channel in T.CHAT_CHANNELS,
        "last_message_id": items[-1].message.id if items else 0,
        "default_due": (datetime.now(BANGKOK) + timedelta(days=R.DEFAULT_DUE_DAYS)).date().isoformat(),
    }


def register(table: RouteTable, console: Console, deps: Deps) -> None:
    notify = console.notify

    def _back(case_id: int, text: str, *, error: bool = False, anchor: str = "") -> Response:
        return redirect(console, f"/console/cases/{case_id}{anchor}", flash=text, error=error)

    @table.get("/cases/{case_id}", Role.worker)
    def case_page(case_id: int, request: Request, staff: Staff = Depends(deps.worker),
                  session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id)
        record(session, user_id=staff.viewer.user_id, action="case.view", case_id=case.id)
        session.commit()
        return render(console, request, "console/case.html", _page_context(session, staff.viewer, case, revealed=False))

    @table.post("/cases/{case_id}/reveal", Role.worker)
    def reveal(case_id: int, request: Request, staff: Staff = Depends(deps.worker),
               session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id)
        record(session, user_id=staff.viewer.user_id, action="case.reveal", case_id=case.id)
        session.commit()
        return render(console, request, "console/case.html", _page_context(session, staff.viewer, case, revealed=True))

    @table.get("/cases/{case_id}/messages", Role.worker)
    def messages_fragment(case_id: int, request: Request, after: int = 0, staff: Staff = Depends(deps.worker),
                          session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id)
        items = casework.thread(session, case, after_id=max(0, after))
        names = casework.worker_names(session, {i.message.user_id for i in items if i.message.user_id})
        return render(console, request, "console/_messages.html",
                      {"case": case, "items": items, "names": names, "show": mask_text})

    @table.post("/cases/{case_id}/takeover", Role.worker)
    def takeover(case_id: int, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id, for_update=True)
        try:
            T.take_over(session, staff.viewer, case, notify=notify)
        except Refused as exc:
            session.rollback()
            return _back(case_id, str(exc), error=True)
        session.commit()
        return _back(case_id, "คุณดูแลบทสนทนานี้แล้ว บอทจะหยุดตอบจนกว่าจะคืนให้บอท", anchor="#reply")

    @table.post("/cases/{case_id}/return", Role.worker)
    def return_to_bot(case_id: int, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id, for_update=True)
        try:
            T.return_to_bot(session, staff.viewer, case, notify=notify)
        except Refused as exc:
            session.rollback()
            return _back(case_id, str(exc), error=True)
        session.commit()
        return _back(case_id, "คืนบทสนทนาให้บอทดูแลแล้ว")

    @table.post("/cases/{case_id}/reply", Role.worker)
    def reply(case_id: int, request: Request, text: str = Form(""), staff: Staff = Depends(deps.worker),
              session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id, for_update=True)
        wants_fragment = request.headers.get("x-requested-with") == "fetch"
        try:
            message = T.send_worker_message(session, staff.viewer, case, text=text, notify=notify)
        except Refused as exc:
            session.rollback()
            if wants_fragment:
                return PlainTextResponse(str(exc), status_code=409)
            return _back(case_id, str(exc), error=True, anchor="#reply")
        session.commit()
        if console.outbox_wake is not None:
            console.outbox_wake()
        if wants_fragment:
            return PlainTextResponse(str(message.id), status_code=201)
        return _back(case_id, "ส่งข้อความแล้ว", anchor="#reply")

    @table.post("/cases/{case_id}/reassign", Role.supervisor)
    def reassign(case_id: int, to_user_id: int = Form(...), staff: Staff = Depends(deps.supervisor),
                 session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id, for_update=True)
        allowed = {u.id for u in _eligible_staff(session, case)}
        try:
            T.reassign(session, staff.viewer, case, to_user_id=to_user_id, notify=notify, allowed_user_ids=allowed)
        except Refused as exc:
            session.rollback()
            return _back(case_id, str(exc), error=True)
        session.commit()
        return _back(case_id, "โอนเคสแล้ว")

    @table.post("/cases/{case_id}/status", Role.worker)
    def status(case_id: int, to: str = Form(...), reason: str = Form(""), staff: Staff = Depends(deps.worker),
               session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id, for_update=True)
        try:
            casework.change_status(session, staff.viewer, case, to=to, reason=reason, notify=notify)
        except Refused as exc:
            session.rollback()
            return _back(case_id, str(exc), error=True, anchor="#status")
        session.commit()
        return _back(case_id, "บันทึกสถานะแล้ว")

    @table.post("/cases/{case_id}/priority", Role.worker)
    def priority(case_id: int, to: str = Form(...), reason: str = Form(""), staff: Staff = Depends(deps.worker),
                 session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id, for_update=True)
        try:
            casework.change_priority(session, staff.viewer, case, to=to, reason=reason, notify=notify)
        except Refused as exc:
            session.rollback()
            return _back(case_id, str(exc), error=True, anchor="#status")
        session.commit()
        return _back(case_id, "บันทึกความเร่งด่วนแล้ว")

    @table.post("/cases/{case_id}/labels", Role.worker)
    async def labels(case_id: int, request: Request, staff: Staff = Depends(deps.worker),
                     session: Session = Depends(deps.db)) -> Response:
        form = await request.form()
        chosen = [str(v) for v in form.getlist("labels")]
        emergency = form.get("emergency") == "1"

        def _save() -> Response:
            case = get_case(session, staff.viewer, case_id, for_update=True)
            try:
                casework.correct_labels(session, staff.viewer, case, labels=chosen, emergency=emergency, notify=notify)
            except Refused as exc:
                session.rollback()
                return _back(case_id, str(exc), error=True, anchor="#labels")
            session.commit()
            return _back(case_id, "บันทึกหมวดปัญหาแล้ว และเก็บเป็นตัวอย่างสอนระบบ", anchor="#labels")

        from starlette.concurrency import run_in_threadpool
        return await run_in_threadpool(_save)

    @table.post("/cases/{case_id}/notes", Role.worker)
    def note(case_id: int, text: str = Form(""), staff: Staff = Depends(deps.worker),
             session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id)
        try:
            casework.add_note(session, staff.viewer, case, text=text, notify=notify)
        except Refused as exc:
            session.rollback()
            return _back(case_id, str(exc), error=True, anchor="#notes")
        session.commit()
        return _back(case_id, "บันทึกแล้ว", anchor="#notes")

    @table.post("/cases/{case_id}/referrals", Role.worker)
    def refer(case_id: int, agency_id: int = Form(...), note: str = Form(""), due: str = Form(""),
              staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id, for_update=True)
        try:
            R.create_referral(session, staff.viewer, case, agency_id=agency_id, note=note, due_at=_parse_due(due),
                              notify=notify)
        except Refused as exc:
            session.rollback()
            return _back(case_id, str(exc), error=True, anchor="#referrals")
        session.commit()
        return _back(case_id, "บันทึกการส่งต่อแล้ว", anchor="#referrals")

    @table.post("/cases/{case_id}/referrals/{referral_id}", Role.worker)
    def referral_update(case_id: int, referral_id: int, status: str = Form(...), note: str = Form(""),
                        staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id)
        referral = session.get(Referral, referral_id)
        if referral is None or referral.case_id != case.id:
            raise AccessDenied("case")
        try:
            R.update_referral(session, staff.viewer, case, referral, status=status, note=note, notify=notify)
        except Refused as exc:
            session.rollback()
            return _back(case_id, str(exc), error=True, anchor="#referrals")
        session.commit()
        return _back(case_id, "อัปเดตการส่งต่อแล้ว", anchor="#referrals")

    @table.post("/cases/{case_id}/callbacks", Role.worker)
    def callback_attempt(case_id: int, request: Request, outcome: str = Form(...), note: str = Form(""),
                         back: str = Form(""), staff: Staff = Depends(deps.worker),
                         session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id)
        try:
            CB.log_attempt(session, staff.viewer, case, outcome=outcome, note=note, notify=notify)
        except Refused as exc:
            session.rollback()
            return _back(case_id, str(exc), error=True, anchor="#callbacks")
        session.commit()
        if back == "list":
            return redirect(console, "/console/callbacks", flash=f"บันทึกการโทรของเคส {case.number} แล้ว")
        return _back(case_id, "บันทึกการโทรกลับแล้ว", anchor="#callbacks")

    @table.post("/cases/{case_id}/callback-request", Role.worker)
    def callback_request(case_id: int, phone: str = Form(""), staff: Staff = Depends(deps.worker),
                         session: Session = Depends(deps.db)) -> Response:
        case = get_case(session, staff.viewer, case_id)
        try:
            CB.request_callback(session, staff.viewer, case, phone=phone, notify=notify)
        except Refused as exc:
            session.rollback()
            return _back(case_id, str(exc), error=True, anchor="#callbacks")
        session.commit()
        return _back(case_id, "เพิ่มในรายการโทรกลับแล้ว", anchor="#callbacks")

    @table.get("/media/{message_id}", Role.worker)
    def media(message_id: int, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        message = session.get(Message, message_id)
        if message is None or not message.media_path:
            raise AccessDenied("case")
        conv = session.get(Conversation, message.conversation_id)
        contact = session.get(Contact, conv.contact_id) if conv else None
        if contact is None:
            raise AccessDenied("case")
        contact_ids = [contact.id]
        if contact.person_id is not None:
            contact_ids = list(session.execute(sa.select(Contact.id).where(Contact.person_id == contact.person_id)).scalars())
        case_id = session.execute(sa.select(Case.id).where(Case.contact_id.in_(contact_ids), case_filter(staff.viewer))
                                  .limit(1)).scalar_one_or_none()
        if case_id is None:
            raise AccessDenied("case")
        path = _media_file(console.media_dir, message.media_path)
        if path is None:
            raise AccessDenied("case")
        record(session, user_id=staff.viewer.user_id, action="media.view", case_id=case_id,
               detail={"message_id": message.id})
        session.commit()
        media_type = message.media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        # Never let the browser sniff an uploaded file into HTML or script.
        response = FileResponse(path, media_type=media_type, headers={"Content-Disposition": "inline"})
        if not media_type.startswith(("image/", "audio/", "video/")):
            response.headers["Content-Disposition"] = "attachment"
        return response
