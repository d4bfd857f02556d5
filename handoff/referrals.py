"""Referrals to agencies (police, hospital crisis centres, shelters, provincial offices,
foundations): what was sent, to whom, its status and when an answer is due."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from bots.sqltypes import utcnow
from handoff.access import Viewer
from handoff.audit import record
from handoff.casework import CaseworkError, mark_first_response
from handoff.models import Agency, Referral, ReferralStatus
from intake.models import Case, CaseEvent, CaseStatus

OPEN_REFERRAL = (ReferralStatus.sent, ReferralStatus.accepted, ReferralStatus.in_progress)
DEFAULT_DUE_DAYS = 3


def agencies(session: Session, *, province_code: int | None = None, kind: str | None = None) -> list[Agency]:
    """Active agencies: national ones first, then the province's own."""
    stmt = sa.select(Agency).where(Agency.active.is_(True))
    if kind:
        stmt = stmt.where(Agency.kind == kind)
    if province_code is not None:
        stmt = stmt.where(sa.or_(Agency.province_code.is_(None), Agency.province_code == province_code))
    return list(session.execute(stmt.order_by(Agency.province_code.is_not(None), Agency.kind, Agency.name_th)).scalars())


def create_referral(session: Session, viewer: Viewer, case: Case, *, agency_id: int, note: str,
                    due_at: datetime | None, notify, now: datetime | None = None) -> Referral:  # noqa: ANN001
    now = now or utcnow()
    agency = session.get(Agency, agency_id)
    if agency is None or not agency.active:
        raise CaseworkError("ไม่พบหน่วยงานที่เลือก")
    note = (note or "").strip()
    if not note:
        raise CaseworkError("โปรดบันทึกว่าส่งข้อมูลอะไรให้หน่วยงาน")
    if case.status == CaseStatus.closed:
        raise CaseworkError("เคสนี้ปิดแล้ว")
    due_at = due_at or now + timedelta(days=DEFAULT_DUE_DAYS)
    referral = Referral(case_id=case.id, agency_id=agency.id, note=note[:4000], due_at=due_at,
                        user_id=viewer.user_id, created_at=now, updated_at=now)
    session.add(referral)
    session.flush()
    before = case.status
    case.status = CaseStatus.referred
    if case.assigned_user_id is None:
        case.assigned_user_id = viewer.user_id
    mark_first_response(case, now)
    case.updated_at = now
    session.add(case)
    session.add(CaseEvent(case_id=case.id, kind="referred", actor="worker", user_id=viewer.user_id, created_at=now,
                          data={"referral_id": referral.id, "agency_id": agency.id, "agency": agency.name_th,
                                "due_at": due_at.isoformat(), "from": before}))
    record(session, user_id=viewer.user_id, action="referral.create", case_id=case.id,
           detail={"referral_id": referral.id, "agency_id": agency.id})
    notify(session, "case", {"case_id": case.id, "centre_id": case.centre_id,
                             "province_code": case.province_code, "kind": "referred"})
    return referral


def update_referral(session: Session, viewer: Viewer, case: Case, referral: Referral, *, status: str,
                    note: str | None, notify, now: datetime | None = None) -> None:  # noqa: ANN001
    now = now or utcnow()
    if referral.case_id != case.id:
        raise CaseworkError("การส่งต่อนี้ไม่ใช่ของเคสนี้")
    try:
        target = ReferralStatus(status)
    except ValueError:
        raise CaseworkError("สถานะการส่งต่อไม่ถูกต้อง") from None
    before = referral.status
    referral.status = target
    referral.updated_at = now
    session.add(referral)
    session.add(CaseEvent(case_id=case.id, kind="referral_status", actor="worker", user_id=viewer.user_id,
                          created_at=now, data={"referral_id": referral.id, "from": before, "to": target.value,
                                                "note": (note or "").strip()[:1000] or None}))
    record(session, user_id=viewer.user_id, action="referral.update", case_id=case.id,
           detail={"referral_id": referral.id, "to": target.value})
    notify(session, "case", {"case_id": case.id, "centre_id": case.centre_id,
                             "province_code": case.province_code, "kind": "referral"})


def case_referrals(session: Session, case: Case) -> list[tuple[Referral, Agency]]:
    return [tuple(r) for r in session.execute(
        sa.select(Referral, Agency).join(Agency, Agency.id == Referral.agency_id)
        .where(Referral.case_id == case.id).order_by(Referral.id.desc()))]
