"""Queue, take next, takeover and relay, status, priority, labels, referrals, callbacks, linking."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bots.models import OutboxMessage
from bots.sqltypes import utcnow
from handoff import callbacks as CB, casework, persons, queue as Q, referrals as R, takeover as T
from handoff.access import AccessDenied, get_case, viewer_for
from handoff.casework import CaseworkError
from handoff.models import Agency
from handoff.takeover import TakeoverError
from intake.models import (
    Case, CaseEvent, CaseStatus, Contact, Conversation, ConversationState, Direction, Message, Priority, Sender,
    StaffUser, TrainingExample,
)
from tests.console.conftest import make_case


class Recorder:
    def __init__(self):
        self.events = []

    def __call__(self, session, topic, data):
        self.events.append((topic, data))


@pytest.fixture
def notify():
    return Recorder()


def viewer(session, world, name):
    return viewer_for(session, session.get(StaffUser, world.users[name]))


def test_queue_orders_by_priority_then_sla_and_scopes_by_centre(session, world):
    late = make_case(session, world, sla_minutes=5)
    soon_high = make_case(session, world, priority=Priority.high, sla_minutes=120)
    emergency = make_case(session, world, priority=Priority.emergency, sla_minutes=60)
    no_sla = make_case(session, world, priority=Priority.high, sla_minutes=None)
    other = make_case(session, world, centre="PV11", priority=Priority.emergency)
    closed = make_case(session, world)
    closed.status = CaseStatus.closed
    session.add(closed)
    session.commit()

    ids = [c.id for c in Q.queue(session, viewer(session, world, "w_bkk"))]
    assert ids == [emergency.id, soon_high.id, no_sla.id, late.id]
    assert [c.id for c in Q.queue(session, viewer(session, world, "w_spk"))] == [other.id]
    # A provincial supervisor sees their province; the national supervisor and admins see all.
    assert other.id not in [c.id for c in Q.queue(session, viewer(session, world, "s_bkk"))]
    for name in ("s_nat", "admin"):
        assert {c.id for c in Q.queue(session, viewer(session, world, name))} == {
            late.id, soon_high.id, emergency.id, no_sla.id, other.id}


def test_queue_filters(session, world, notify):
    a = make_case(session, world, categories=["violence"], channel="line")
    b = make_case(session, world, categories=["poverty", "neglect"], channel="telegram")
    w = viewer(session, world, "w_bkk")
    assert [c.id for c in Q.queue(session, w, Q.QueueFilters(category="neglect"))] == [b.id]
    assert [c.id for c in Q.queue(session, w, Q.QueueFilters(channel="line"))] == [a.id]
    assert Q.take_next(session, w, notify=notify).id == a.id
    session.commit()
    assert [c.id for c in Q.queue(session, w, Q.QueueFilters(mine=True))] == [a.id]
    assert [c.id for c in Q.queue(session, w, Q.QueueFilters(unassigned=True))] == [b.id]


def test_take_next_gives_the_most_urgent_unclaimed_case_once(session, world, notify):
    normal = make_case(session, world, sla_minutes=10)
    emergency = make_case(session, world, priority=Priority.emergency, sla_minutes=60)
    make_case(session, world, centre="PV11", priority=Priority.emergency)
    first = Q.take_next(session, viewer(session, world, "w_bkk"), notify=notify)
    session.commit()
    second = Q.take_next(session, viewer(session, world, "w_bkk2"), notify=notify)
    session.commit()
    assert (first.id, second.id) == (emergency.id, normal.id)
    assert first.status == CaseStatus.assigned and first.assigned_user_id == world.users["w_bkk"]
    assert Q.take_next(session, viewer(session, world, "w_bkk2"), notify=notify) is None
    assert ("case", {"case_id": emergency.id, "centre_id": emergency.centre_id,
                     "province_code": emergency.province_code, "kind": "assigned"}) in notify.events


def test_takeover_reply_and_return(session, world, notify):
    case = make_case(session, world, user_id="U-line-citizen")
    w = viewer(session, world, "w_bkk")
    with pytest.raises(TakeoverError):
        T.send_worker_message(session, w, case, text="สวัสดีค่ะ", notify=notify)
    T.take_over(session, w, case, notify=notify)
    session.commit()
    conv = session.get(Conversation, case.conversation_id)
    assert conv.state == ConversationState.with_human and conv.handled_by_user_id == w.user_id
    assert case.status == CaseStatus.in_progress and case.first_response_at is not None
    # One holder at a time.
    with pytest.raises(TakeoverError):
        T.take_over(session, viewer(session, world, "w_bkk2"), case, notify=notify)
    session.rollback()

    msg = T.send_worker_message(session, w, case, text="เจ้าหน้าที่รับเรื่องแล้วนะคะ", notify=notify)
    session.commit()
    out = session.exec(select(OutboxMessage)).all()
    assert len(out) == 1
    assert out[0].channel == "line" and out[0].recipient == "U-line-citizen" and out[0].human_agent
    assert out[0].body["text"] == "เจ้าหน้าที่รับเรื่องแล้วนะคะ" and out[0].ref == f"case:{case.id}"
    assert msg.outbox_id == out[0].id and msg.sender == Sender.worker and msg.user_id == w.user_id
    assert ("message", {"conversation_id": conv.id, "case_id": case.id, "message_id": msg.id,
                        "direction": "out"}) in notify.events

    T.return_to_bot(session, w, case, notify=notify)
    session.commit()
    session.refresh(conv)
    assert conv.state == ConversationState.case_opened and conv.handled_by_user_id is None
    kinds = [e.kind for e in session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id))]
    assert kinds == ["takeover", "returned_to_bot"]


def test_unsafe_contact_gets_replies_only_while_they_write(session, world, notify):
    case = make_case(session, world, safe_to_contact=False)
    w = viewer(session, world, "w_bkk")
    T.take_over(session, w, case, notify=notify)
    T.send_worker_message(session, w, case, text="ตอบทันทีที่เขียนมา", notify=notify)
    session.commit()
    contact = session.get(Contact, case.contact_id)
    contact.last_inbound_at = utcnow() - timedelta(hours=2)
    session.add(contact)
    session.commit()
    with pytest.raises(TakeoverError, match="ไม่ปลอดภัย"):
        T.send_worker_message(session, w, case, text="ทักไปก่อน", notify=notify)
    session.rollback()
    assert len(session.exec(select(OutboxMessage)).all()) == 1


def test_nothing_reaches_a_person_who_used_the_leave_word(session, world, notify):
    case = make_case(session, world)
    w = viewer(session, world, "w_bkk")
    T.take_over(session, w, case, notify=notify)
    conv = session.get(Conversation, case.conversation_id)
    conv.paused = True  # what intake records when the person writes the leave word
    session.add(conv)
    contact = session.get(Contact, case.contact_id)
    contact.last_inbound_at = utcnow()  # even though they wrote a moment ago
    session.add(contact)
    session.commit()
    with pytest.raises(TakeoverError, match="หยุดส่งข้อความ"):
        T.send_worker_message(session, w, case, text="ยังอยู่ไหมคะ", notify=notify)
    session.rollback()
    assert session.exec(select(OutboxMessage)).all() == []


def test_supervisor_reassigns_a_held_conversation(session, world, notify):
    case = make_case(session, world)
    T.take_over(session, viewer(session, world, "w_bkk"), case, notify=notify)
    session.commit()
    allowed = {world.users["w_bkk"], world.users["w_bkk2"]}
    with pytest.raises(TakeoverError):
        T.reassign(session, viewer(session, world, "w_bkk"), case, to_user_id=world.users["w_bkk2"],
                   notify=notify, allowed_user_ids=allowed)
    T.reassign(session, viewer(session, world, "s_bkk"), case, to_user_id=world.users["w_bkk2"], notify=notify,
               allowed_user_ids=allowed)
    session.commit()
    conv = session.get(Conversation, case.conversation_id)
    assert conv.handled_by_user_id == world.users["w_bkk2"] and case.assigned_user_id == world.users["w_bkk2"]


def test_status_workflow_requires_reasons(session, world, notify):
    case = make_case(session, world)
    w = viewer(session, world, "w_bkk")
    with pytest.raises(CaseworkError, match="เหตุผล"):
        casework.change_status(session, w, case, to="closed", reason="", notify=notify)
    casework.change_status(session, w, case, to="in_progress", reason=None, notify=notify)
    casework.change_status(session, w, case, to="closed", reason="ผู้ติดต่อปลอดภัยแล้ว", notify=notify)
    session.commit()
    assert case.status == CaseStatus.closed and case.closed_at is not None
    assert session.get(Conversation, case.conversation_id).state == ConversationState.closed
    with pytest.raises(CaseworkError):
        casework.change_status(session, w, case, to="referred", reason="x", notify=notify)
    with pytest.raises(CaseworkError, match="เหตุผล"):
        casework.change_status(session, w, case, to="in_progress", reason="", notify=notify)
    casework.change_status(session, w, case, to="in_progress", reason="ติดต่อกลับมาอีกครั้ง", notify=notify)
    assert case.closed_at is None


def test_priority_change_needs_a_reason_and_raising_to_emergency_alerts(session, world, notify):
    case = make_case(session, world)
    w = viewer(session, world, "w_bkk")
    with pytest.raises(CaseworkError):
        casework.change_priority(session, w, case, to="emergency", reason=" ", notify=notify)
    casework.change_priority(session, w, case, to="emergency", reason="มีอาวุธในบ้าน", notify=notify)
    session.commit()
    assert case.priority_rank == 0 and case.emergency
    assert [t for t, d in notify.events if t == "alert" and d["kind"] == "emergency"]


def test_label_correction_becomes_a_training_example(session, world, notify):
    case = make_case(session, world, text="ลูกไม่ยอมไปโรงเรียน พ่อตีทุกวัน โทร 0812345678")
    casework.correct_labels(session, viewer(session, world, "w_bkk"), case, labels=["violence", "neglect", "nope"],
                            emergency=False, notify=notify)
    session.commit()
    example = session.exec(select(TrainingExample)).one()
    assert example.labels == ["violence", "neglect"] and example.source == "correction"
    assert example.text == "ลูกไม่ยอมไปโรงเรียน พ่อตีทุกวัน โทร 08x-xxx-5678" and example.case_id == case.id
    assert case.categories == ["violence", "neglect"]


def test_referral_and_callbacks(session, world, notify):
    old = make_case(session, world, callback_phone="0812345678", created_at=utcnow() - timedelta(hours=3))
    new = make_case(session, world, callback_phone="0898765432")
    make_case(session, world, centre="PV11", callback_phone="0811111111")
    w = viewer(session, world, "w_bkk")
    rows = CB.callback_list(session, w)
    assert [c.id for c, n, last in rows] == [old.id, new.id]
    CB.log_attempt(session, w, old, outcome="no_answer", note=None, notify=notify)
    CB.log_attempt(session, w, old, outcome="reached", note="ปลอดภัยดี", notify=notify)
    session.commit()
    assert [c.id for c, n, last in CB.callback_list(session, w)] == [new.id]

    agency = session.exec(select(Agency)).first()
    with pytest.raises(CaseworkError):
        R.create_referral(session, w, new, agency_id=agency.id, note="", due_at=None, notify=notify)
    ref = R.create_referral(session, w, new, agency_id=agency.id, note="ส่งข้อมูลผู้เสียหายและที่อยู่", due_at=None,
                            notify=notify)
    session.commit()
    assert new.status == CaseStatus.referred and ref.due_at > utcnow() + timedelta(days=2)
    R.update_referral(session, w, new, ref, status="accepted", note=None, notify=notify)
    session.commit()
    assert ref.status == "accepted"


def test_linking_people_merges_their_history(session, world, notify):
    line_case = make_case(session, world, channel="line", text="ข้อความทาง LINE")
    tg_case = make_case(session, world, channel="telegram", text="ข้อความทาง Telegram")
    a = session.get(Contact, line_case.contact_id)
    b = session.get(Contact, tg_case.contact_id)
    with pytest.raises(AccessDenied):
        persons.link(session, viewer(session, world, "w_bkk"), a, b)
    with pytest.raises(AccessDenied):
        persons.visible_contact(session, viewer(session, world, "s_spk"), a.id)
    persons.link(session, viewer(session, world, "s_bkk"), a, b)
    session.commit()
    texts = [i.message.text for i in casework.thread(session, line_case)]
    assert texts == ["ข้อความทาง LINE", "ข้อความทาง Telegram"]


def test_get_case_hides_other_centres(session, world):
    case = make_case(session, world, centre="PV11")
    with pytest.raises(AccessDenied):
        get_case(session, viewer(session, world, "w_bkk"), case.id)
    with pytest.raises(AccessDenied):
        get_case(session, viewer(session, world, "w_bkk"), 999999)
    assert get_case(session, viewer(session, world, "s_spk"), case.id).id == case.id


def test_inbound_and_outbound_messages_show_in_thread_order(session, world):
    case = make_case(session, world)
    session.add(Message(conversation_id=case.conversation_id, direction=Direction.outbound, sender=Sender.bot,
                        text="ได้รับเรื่องแล้วค่ะ"))
    session.commit()
    items = casework.thread(session, case)
    assert [i.message.sender for i in items] == ["citizen", "bot"]
    assert casework.thread(session, case, after_id=items[0].message.id)[0].message.text == "ได้รับเรื่องแล้วค่ะ"


def test_case_rows_are_visible_to_the_right_centre_only(session, world):
    make_case(session, world, centre="PV10")
    w = viewer(session, world, "w_spk")
    assert Q.queue(session, w) == []
    assert session.exec(select(Case)).first() is not None
