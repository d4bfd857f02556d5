"""Changes a worker makes to a case: status, priority, labels, notes; and what the case page reads.

Each change writes a CaseEvent (the timeline), an AuditEntry, and a live "case" event, all in the
caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from bots.sqltypes import utcnow
from handoff.access import Viewer
from handoff.audit import record
from handoff.masking import mask_text
from intake import service as intake_service
from intake.models import (
    Case, CaseEvent, CaseStatus, Contact, Conversation, ConversationState, Direction, Message, Priority,
    ProblemCategory, StaffUser, TrainingExample,
)

S = CaseStatus
# Which status may follow which. Closed cases reopen to in_progress (with a reason).
TRANSITIONS: dict[CaseStatus, set[CaseStatus]] = {
    S.new: {S.assigned, S.in_progress, S.referred, S.follow_up, S.closed},
    S.assigned: {S.new, S.in_progress, S.referred, S.follow_up, S.closed},
    S.in_progress: {S.referred, S.follow_up, S.closed},
    S.referred: {S.in_progress, S.follow_up, S.closed},
    S.follow_up: {S.in_progress, S.referred, S.closed},
    S.closed: {S.in_progress},
}
# A reason is required where a later reader needs to know why: closing, waiting for follow-up,
# reopening, and handing the case back to the unassigned pool.
NEEDS_REASON = {S.closed, S.follow_up, S.new}
MAX_NOTE = 4000


class CaseworkError(ValueError):
    """A change the rules refuse; the message is Thai, for the worker."""


def _notify_case(notify, session: Session, case: Case, kind: str) -> None:  # noqa: ANN001
    notify(session, "case", {"case_id": case.id, "centre_id": case.centre_id,
                             "province_code": case.province_code, "kind": kind})


def _event(session: Session, case: Case, viewer: Viewer, kind: str, data: dict, now: datetime) -> None:
    session.add(CaseEvent(case_id=case.id, kind=kind, actor="worker", user_id=viewer.user_id, data=data,
                          created_at=now))


def change_status(session: Session, viewer: Viewer, case: Case, *, to: str, reason: str | None, notify,  # noqa: ANN001
                  now: datetime | None = None) -> None:
    now = now or utcnow()
    try:
        target = CaseStatus(to)
        current = CaseStatus(case.status)
    except ValueError:
        raise CaseworkError("สถานะไม่ถูกต้อง") from None
    if target == current:
        return
    if target not in TRANSITIONS[current]:
        raise CaseworkError("เปลี่ยนจากสถานะนี้ไปสถานะที่เลือกไม่ได้")
    reason = (reason or "").strip()[:500] or None
    reopening = current is S.closed
    if (target in NEEDS_REASON or reopening) and not reason:
        raise CaseworkError("โปรดระบุเหตุผล")
    case.status = target
    case.status_reason = reason
    case.updated_at = now
    if target is S.closed:
        case.closed_at = now
        _release_conversation(session, case, closed=True, now=now)
    elif reopening:
        case.closed_at = None
    if target is S.new:
        case.assigned_user_id = None
    elif target is S.in_progress and case.assigned_user_id is None:
        case.assigned_user_id = viewer.user_id
    session.add(case)
    _event(session, case, viewer, "status_changed", {"from": current.value, "to": target.value, "reason": reason}, now)
    record(session, user_id=viewer.user_id, action="case.status", case_id=case.id,
           detail={"from": current.value, "to": target.value})
    _notify_case(notify, session, case, "status")


def _release_conversation(session: Session, case: Case, *, closed: bool, now: datetime) -> None:
    if case.conversation_id is None:
        return
    conv = session.get(Conversation, case.conversation_id)
    if conv is None:
        return
    if closed:
        conv.handled_by_user_id = None
        session.add(conv)
        intake_service.set_state(session, conversation=conv, state=ConversationState.closed, now=now,
                                 data={"case_id": case.id, "reason": "case_closed"})


def change_priority(session: Session, viewer: Viewer, case: Case, *, to: str, reason: str | None, notify,  # noqa: ANN001
                    now: datetime | None = None) -> None:
    now = now or utcnow()
    try:
        target = Priority(to)
    except ValueError:
        raise CaseworkError("ระดับความเร่งด่วนไม่ถูกต้อง") from None
    reason = (reason or "").strip()[:500]
    if not reason:
        raise CaseworkError("โปรดระบุเหตุผลที่เปลี่ยนความเร่งด่วน")
    if target.value == case.priority:
        return
    before = case.priority
    case.priority = target.value
    case.priority_rank = target.rank
    if target is Priority.emergency:
        case.emergency = True
    case.updated_at = now
    session.add(case)
    _event(session, case, viewer, "priority_changed", {"from": before, "to": target.value, "reason": reason}, now)
    record(session, user_id=viewer.user_id, action="case.priority", case_id=case.id,
           detail={"from": before, "to": target.value})
    _notify_case(notify, session, case, "priority")
    if target is Priority.emergency:
        notify(session, "alert", {"case_id": case.id, "centre_id": case.centre_id,
                                  "province_code": case.province_code, "kind": "emergency"})


def add_note(session: Session, viewer: Viewer, case: Case, *, text: str, notify, now: datetime | None = None) -> None:  # noqa: ANN001
    now = now or utcnow()
    text = (text or "").strip()
    if not text:
        raise CaseworkError("บันทึกว่างอยู่")
    if len(text) > MAX_NOTE:
        raise CaseworkError(f"บันทึกยาวเกิน {MAX_NOTE} ตัวอักษร")
    _event(session, case, viewer, "note", {"text": text}, now)
    record(session, user_id=viewer.user_id, action="case.note", case_id=case.id)
    _notify_case(notify, session, case, "note")


def citizen_text(session: Session, case: Case, *, limit: int = 20) -> str:
    """What the person wrote about this case, for a training example."""
    if case.conversation_id is None:
        return case.summary or ""
    rows = session.execute(
        sa.select(Message.text).where(Message.conversation_id == case.conversation_id,
                                      Message.direction == Direction.inbound, Message.text.is_not(None))
        .order_by(Message.id).limit(limit)
    ).scalars()
    text = "\n".join(t for t in rows if t and t.strip())
    return text or (case.summary or "")


def correct_labels(session: Session, viewer: Viewer, case: Case, *, labels: list[str], emergency: bool, notify,  # noqa: ANN001
                   now: datetime | None = None) -> TrainingExample | None:
    """Set the case's categories; the correction becomes a training example for the classifier."""
    now = now or utcnow()
    known = {k for (k,) in session.execute(sa.select(ProblemCategory.key))}
    labels = [label for label in dict.fromkeys(labels) if label in known]
    if not labels:
        raise CaseworkError("โปรดเลือกอย่างน้อยหนึ่งหมวด")
    before = {"labels": list(case.categories or []), "emergency": bool(case.emergency)}
    if before == {"labels": labels, "emergency": emergency}:
        return None
    case.categories = labels
    case.emergency = emergency
    case.updated_at = now
    session.add(case)
    example = None
    # Training data outlives the case: phone numbers and national IDs never go into it.
    text = mask_text(citizen_text(session, case))
    if text:
        example = TrainingExample(text=text, labels=labels, emergency=emergency, source="correction",
                                  case_id=case.id, user_id=viewer.user_id, created_at=now)
        session.add(example)
    _event(session, case, viewer, "labels_corrected",
           {"from": before, "to": {"labels": labels, "emergency": emergency}}, now)
    record(session, user_id=viewer.user_id, action="case.labels", case_id=case.id,
           detail={"labels": labels, "emergency": emergency})
    _notify_case(notify, session, case, "labels")
    return example


# -- what the case page reads --------------------------------------------------------------

@dataclass
class ThreadItem:
    message: Message
    channel: str
    is_this_case: bool


def case_contacts(session: Session, case: Case) -> list[Contact]:
    """The case's contact and every contact linked to the same person."""
    if case.contact_id is None:
        return []
    contact = session.get(Contact, case.contact_id)
    if contact is None:
        return []
    if contact.person_id is None:
        return [contact]
    return list(session.execute(sa.select(Contact).where(Contact.person_id == contact.person_id)
                                .order_by(Contact.id)).scalars())


def thread(session: Session, case: Case, *, after_id: int = 0, limit: int = 300) -> list[ThreadItem]:
    """The whole conversation across the person's channels, oldest first (the newest `limit`)."""
    contacts = case_contacts(session, case)
    conv_ids: set[int] = set()
    channel_of: dict[int, str] = {}
    if contacts:
        rows = session.execute(sa.select(Conversation.id, Conversation.contact_id)
                               .where(Conversation.contact_id.in_([c.id for c in contacts])))
        by_contact = {c.id: c.channel for c in contacts}
        for conv_id, contact_id in rows:
            conv_ids.add(conv_id)
            channel_of[conv_id] = by_contact[contact_id]
    if case.conversation_id is not None:
        conv_ids.add(case.conversation_id)
        channel_of.setdefault(case.conversation_id, case.channel)
    if not conv_ids:
        return []
    stmt = (sa.select(Message).where(Message.conversation_id.in_(conv_ids), Message.id > after_id)
            .order_by(Message.id.desc()).limit(limit))
    messages = list(reversed(session.execute(stmt).scalars().all()))
    return [ThreadItem(m, channel_of.get(m.conversation_id, case.channel), m.conversation_id == case.conversation_id)
            for m in messages]


def timeline(session: Session, case: Case, *, limit: int = 300) -> list[tuple[CaseEvent, str | None]]:
    rows = session.execute(
        sa.select(CaseEvent, StaffUser.display_name).outerjoin(StaffUser, StaffUser.id == CaseEvent.user_id)
        .where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc()).limit(limit)
    ).all()
    return [(ev, name) for ev, name in rows]


def worker_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {r.id: r.display_name for r in session.execute(
        sa.select(StaffUser.id, StaffUser.display_name).where(StaffUser.id.in_(ids)))}


def categories(session: Session, *, active_only: bool = True) -> list[ProblemCategory]:
    stmt = sa.select(ProblemCategory).order_by(ProblemCategory.sort, ProblemCategory.key)
    if active_only:
        stmt = stmt.where(ProblemCategory.active.is_(True))
    return list(session.execute(stmt).scalars())


def mark_first_response(case: Case, now: datetime) -> None:
    if case.first_response_at is None:
        case.first_response_at = now


