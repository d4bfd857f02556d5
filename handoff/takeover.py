"""Taking over a conversation from the bot, the worker's replies, and handing it back.

One holder at a time: the claim is a conditional UPDATE on the conversation, so two workers
clicking together cannot both hold it. While a worker holds it the conversation is in state
`with_human` and intake's bot stays silent; "return to bot" puts it back in `case_opened`.
A worker's message is stored and queued in the outbox in one transaction, so it leaves exactly
once even with several instances sending.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from bots.events import OutgoingMessage
from bots.sqltypes import utcnow
from handoff.access import Viewer
from handoff.audit import record
from handoff.casework import mark_first_response
from intake import service as intake_service
from intake.models import (
    Case, CaseEvent, CaseStatus, Contact, Conversation, ConversationState, Direction, Message, Sender,
)

MAX_REPLY = 2000
# A contact who said it is unsafe to be messaged first may still get replies while they are
# writing to us; after this long of silence we wait for them to write again.
UNSAFE_REPLY_WINDOW = timedelta(minutes=30)
# Channels a worker can write to; phone and walk-in cases have no chat to reply in.
CHAT_CHANNELS = {"line", "messenger", "telegram", "web"}


class TakeoverError(ValueError):
    """Refused; the message is Thai, for the worker."""


def _conversation(session: Session, case: Case) -> Conversation:
    if case.conversation_id is None:
        raise TakeoverError("เคสนี้ไม่มีบทสนทนาทางแชต")
    conv = session.get(Conversation, case.conversation_id)
    if conv is None:
        raise TakeoverError("ไม่พบบทสนทนาของเคสนี้")
    return conv


def _case_event(session: Session, case: Case, viewer: Viewer, kind: str, data: dict, now: datetime) -> None:
    session.add(CaseEvent(case_id=case.id, kind=kind, actor="worker", user_id=viewer.user_id, data=data,
                          created_at=now))


def _notify(notify, session: Session, case: Case, kind: str) -> None:  # noqa: ANN001
    notify(session, "case", {"case_id": case.id, "centre_id": case.centre_id,
                             "province_code": case.province_code, "kind": kind})


def take_over(session: Session, viewer: Viewer, case: Case, *, notify, now: datetime | None = None) -> Conversation:  # noqa: ANN001
    now = now or utcnow()
    if case.status == CaseStatus.closed:
        raise TakeoverError("เคสนี้ปิดแล้ว เปิดเคสใหม่ก่อนจึงจะรับสายสนทนาได้")
    conv = _conversation(session, case)
    # The claim is the conditional UPDATE; the state change goes through intake's own function so
    # its conversation history records it.
    claimed = session.execute(
        sa.update(Conversation)
        .where(Conversation.id == conv.id,
               sa.or_(Conversation.handled_by_user_id.is_(None), Conversation.handled_by_user_id == viewer.user_id))
        .values(handled_by_user_id=viewer.user_id, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise TakeoverError("มีเจ้าหน้าที่คนอื่นดูแลบทสนทนานี้อยู่ ขอให้หัวหน้าเวรโอนให้หากจำเป็น")
    session.refresh(conv)
    intake_service.set_state(session, conversation=conv, state=ConversationState.with_human, now=now,
                             data={"user_id": viewer.user_id, "case_id": case.id})
    case.assigned_user_id = viewer.user_id
    if case.status in (CaseStatus.new, CaseStatus.assigned):
        case.status = CaseStatus.in_progress
    mark_first_response(case, now)
    case.updated_at = now
    session.add(case)
    _case_event(session, case, viewer, "takeover", {"conversation_id": conv.id}, now)
    record(session, user_id=viewer.user_id, action="conversation.takeover", case_id=case.id)
    _notify(notify, session, case, "takeover")
    return conv


def return_to_bot(session: Session, viewer: Viewer, case: Case, *, notify, now: datetime | None = None) -> None:  # noqa: ANN001
    now = now or utcnow()
    conv = _conversation(session, case)
    if conv.handled_by_user_id not in (None, viewer.user_id) and not viewer.is_supervisor:
        raise TakeoverError("คุณไม่ได้ดูแลบทสนทนานี้")
    conv.handled_by_user_id = None
    session.add(conv)
    state = ConversationState.closed if case.status == CaseStatus.closed else ConversationState.case_opened
    intake_service.set_state(session, conversation=conv, state=state, now=now,
                             data={"user_id": viewer.user_id, "case_id": case.id})
    _case_event(session, case, viewer, "returned_to_bot", {"conversation_id": conv.id}, now)
    record(session, user_id=viewer.user_id, action="conversation.return", case_id=case.id)
    _notify(notify, session, case, "returned")


def reassign(session: Session, viewer: Viewer, case: Case, *, to_user_id: int, notify,  # noqa: ANN001
             allowed_user_ids: set[int], now: datetime | None = None) -> None:
    """A supervisor gives the case (and the conversation, if a worker holds it) to another worker."""
    now = now or utcnow()
    if not viewer.is_supervisor:
        raise TakeoverError("เฉพาะหัวหน้าเวรโอนเคสได้")
    if to_user_id not in allowed_user_ids:
        raise TakeoverError("เจ้าหน้าที่คนนี้รับเคสนี้ไม่ได้")
    before = case.assigned_user_id
    case.assigned_user_id = to_user_id
    if case.status == CaseStatus.new:
        case.status = CaseStatus.assigned
    case.updated_at = now
    session.add(case)
    if case.conversation_id is not None:
        conv = session.get(Conversation, case.conversation_id)
        if conv is not None and conv.state == ConversationState.with_human:
            conv.handled_by_user_id = to_user_id
            conv.updated_at = now
            session.add(conv)
    _case_event(session, case, viewer, "reassigned", {"from_user_id": before, "to_user_id": to_user_id}, now)
    record(session, user_id=viewer.user_id, action="case.reassign", case_id=case.id,
           detail={"from_user_id": before, "to_user_id": to_user_id})
    _notify(notify, session, case, "reassigned")


def send_worker_message(session: Session, viewer: Viewer, case: Case, *, text: str, notify,  # noqa: ANN001
                        now: datetime | None = None) -> Message:
    from bots import outbox

    now = now or utcnow()
    text = (text or "").strip()
    if not text:
        raise TakeoverError("ข้อความว่างอยู่")
    if len(text) > MAX_REPLY:
        raise TakeoverError(f"ข้อความยาวเกิน {MAX_REPLY} ตัวอักษร")
    conv = _conversation(session, case)
    if conv.handled_by_user_id != viewer.user_id or conv.state != ConversationState.with_human:
        raise TakeoverError("กด \"รับสายสนทนา\" ก่อนส่งข้อความ")
    contact = session.get(Contact, conv.contact_id)
    if contact is None or contact.channel not in CHAT_CHANNELS:
        raise TakeoverError("ช่องทางนี้ส่งข้อความไม่ได้ โปรดโทรกลับแทน")
    if contact.blocked:
        raise TakeoverError("ผู้ติดต่อบล็อกช่องทางนี้แล้ว ส่งข้อความไม่ได้")
    if conv.paused:
        # The person used the leave word: someone may be watching the phone. Nothing goes out
        # until they write again, however recently they wrote before.
        raise TakeoverError("ผู้ติดต่อขอให้หยุดส่งข้อความไว้ก่อน รอให้เขาเขียนมาใหม่จึงตอบได้")
    if not intake_service.may_message_first(contact, conv):
        recent = contact.last_inbound_at is not None and now - contact.last_inbound_at <= UNSAFE_REPLY_WINDOW
        if not recent:
            raise TakeoverError("ผู้ติดต่อแจ้งว่าไม่ปลอดภัยหากเราทักไปก่อน รอให้เขาเขียนมาก่อนจึงตอบได้")
    message = Message(conversation_id=conv.id, direction=Direction.outbound, sender=Sender.worker, kind="text",
                      text=text, user_id=viewer.user_id, created_at=now)
    session.add(message)
    session.flush()
    row = outbox.enqueue(session, channel=contact.channel, recipient=contact.channel_user_id,
                         message=OutgoingMessage(text=text), quiet=bool(contact.quiet_notifications),
                         human_agent=True, ref=f"case:{case.id}")
    session.flush()
    message.outbox_id = row.id
    session.add(message)
    mark_first_response(case, now)
    case.updated_at = now
    session.add(case)
    conv.updated_at = now
    session.add(conv)
    record(session, user_id=viewer.user_id, action="conversation.reply", case_id=case.id,
           detail={"message_id": message.id})
    notify(session, "message", {"conversation_id": conv.id, "case_id": case.id, "message_id": message.id,
                                "direction": Direction.outbound.value})
    return message
