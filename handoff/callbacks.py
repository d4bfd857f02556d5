"""The callback list: cases waiting for a phone call back, oldest first, and each attempt."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session

from bots.sqltypes import utcnow
from handoff.access import Viewer, case_filter
from handoff.audit import record
from handoff.casework import CaseworkError, mark_first_response
from handoff.models import CallbackAttempt
from intake.models import Case, CaseEvent, CaseStatus


class CallbackOutcome(StrEnum):
    reached = "reached"
    no_answer = "no_answer"
    busy = "busy"
    wrong_number = "wrong_number"
    unsafe = "unsafe"  # someone else answered or the person could not talk safely
    voicemail = "voicemail"


OUTCOME_TH = {
    CallbackOutcome.reached: "คุยได้แล้ว",
    CallbackOutcome.no_answer: "ไม่มีผู้รับสาย",
    CallbackOutcome.busy: "สายไม่ว่าง",
    CallbackOutcome.wrong_number: "เบอร์ไม่ถูกต้อง",
    CallbackOutcome.unsafe: "คุยไม่ได้อย่างปลอดภัย",
    CallbackOutcome.voicemail: "ฝากข้อความเสียง",
}
# Outcomes after which nobody needs to call again.
FINAL = {CallbackOutcome.reached, CallbackOutcome.wrong_number}


def callback_list(session: Session, viewer: Viewer, *, limit: int = 100) -> list[tuple[Case, int, datetime | None]]:
    """(case, attempts so far, last attempt time), oldest case first."""
    attempts = (sa.select(CallbackAttempt.case_id, sa.func.count().label("n"),
                          sa.func.max(CallbackAttempt.created_at).label("last"))
                .group_by(CallbackAttempt.case_id).subquery())
    rows = session.execute(
        sa.select(Case, sa.func.coalesce(attempts.c.n, 0), attempts.c.last)
        .outerjoin(attempts, attempts.c.case_id == Case.id)
        .where(Case.callback_wanted.is_(True), Case.status != CaseStatus.closed, case_filter(viewer))
        .order_by(Case.created_at.asc(), Case.id.asc()).limit(limit)
    ).all()
    return [(c, n, last) for c, n, last in rows]


def log_attempt(session: Session, viewer: Viewer, case: Case, *, outcome: str, note: str | None, notify,  # noqa: ANN001
                now: datetime | None = None) -> CallbackAttempt:
    now = now or utcnow()
    try:
        result = CallbackOutcome(outcome)
    except ValueError:
        raise CaseworkError("ผลการโทรไม่ถูกต้อง") from None
    attempt = CallbackAttempt(case_id=case.id, user_id=viewer.user_id, outcome=result.value,
                              note=(note or "").strip()[:1000] or None, created_at=now)
    session.add(attempt)
    session.flush()
    if result in FINAL:
        case.callback_wanted = False
    if result is CallbackOutcome.reached:
        mark_first_response(case, now)
    if case.assigned_user_id is None:
        case.assigned_user_id = viewer.user_id
    case.updated_at = now
    session.add(case)
    session.add(CaseEvent(case_id=case.id, kind="callback", actor="worker", user_id=viewer.user_id, created_at=now,
                          data={"attempt_id": attempt.id, "outcome": result.value}))
    record(session, user_id=viewer.user_id, action="callback.log", case_id=case.id,
           detail={"attempt_id": attempt.id, "outcome": result.value})
    notify(session, "case", {"case_id": case.id, "centre_id": case.centre_id,
                             "province_code": case.province_code, "kind": "callback"})
    return attempt


def request_callback(session: Session, viewer: Viewer, case: Case, *, phone: str | None, notify,  # noqa: ANN001
                     now: datetime | None = None) -> None:
    now = now or utcnow()
    phone = (phone or "").strip()
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone and not 9 <= len(digits) <= 12:
        raise CaseworkError("เบอร์โทรไม่ถูกต้อง")
    if phone:
        case.callback_phone = phone[:32]
    if not case.callback_phone:
        raise CaseworkError("โปรดระบุเบอร์ที่จะโทรกลับ")
    case.callback_wanted = True
    case.updated_at = now
    session.add(case)
    session.add(CaseEvent(case_id=case.id, kind="callback_requested", actor="worker", user_id=viewer.user_id,
                          created_at=now, data={}))
    record(session, user_id=viewer.user_id, action="callback.request", case_id=case.id)
    notify(session, "case", {"case_id": case.id, "centre_id": case.centre_id,
                             "province_code": case.province_code, "kind": "callback"})


def attempts_for(session: Session, case: Case) -> list[CallbackAttempt]:
    return list(session.execute(sa.select(CallbackAttempt).where(CallbackAttempt.case_id == case.id)
                                .order_by(CallbackAttempt.id.desc())).scalars())
