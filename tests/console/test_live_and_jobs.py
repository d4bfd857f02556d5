"""Live updates (notify on commit, broker fan-out, the SSE stream) and the scheduled jobs."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import select

from bots.sqltypes import utcnow
from handoff import scheduled
from handoff.models import Agency, Referral
from intake.models import Case, CaseEvent
from saiduan.live import Broker, make_notify
from saiduan.scheduler import Job, LeaderScheduler
from tests.console.conftest import make_case


async def _drain(sub, n, timeout=3.0):
    out = []
    for _ in range(n):
        out.append(await sub.get(timeout=timeout))
    return out


async def test_notify_publishes_on_commit_only(sessions, db_url):
    broker = Broker(db_url)
    await broker.start()
    await asyncio.wait_for(broker.listening.wait(), 10)
    notify = make_notify(broker)
    sub = broker.subscribe()

    def work():
        with sessions() as s:
            notify(s, "case", {"case_id": 1, "centre_id": 2, "province_code": 10, "kind": "rolled_back"})
            s.rollback()
            notify(s, "case", {"case_id": 3, "centre_id": 2, "province_code": 10, "kind": "committed"})
            s.commit()

    await asyncio.to_thread(work)
    [item] = await _drain(sub, 1)
    assert item == {"topic": "case", "data": {"case_id": 3, "centre_id": 2, "province_code": 10, "kind": "committed"}}
    with pytest.raises(TimeoutError):
        await sub.get(timeout=0.3)
    with pytest.raises(ValueError):
        notify(None, "gossip", {})
    sub.close()
    await broker.stop()


async def test_two_brokers_on_postgres_both_hear_one_commit(sessions, db_url):
    if not db_url.startswith("postgres"):
        pytest.skip("cross-instance delivery needs PostgreSQL LISTEN/NOTIFY")
    a, b = Broker(db_url), Broker(db_url)
    await a.start()
    await b.start()
    await asyncio.wait_for(asyncio.gather(a.listening.wait(), b.listening.wait()), 10)
    sub_b = b.subscribe()
    notify_a = make_notify(a)

    def work():
        with sessions() as s:
            notify_a(s, "message", {"conversation_id": 1, "case_id": 2, "message_id": 3, "direction": "in"})
            s.commit()

    await asyncio.to_thread(work)
    [item] = await _drain(sub_b, 1)
    assert item["topic"] == "message" and item["data"]["message_id"] == 3
    await a.stop()
    await b.stop()


class Recorder:
    def __init__(self):
        self.events = []

    def __call__(self, session, topic, data):
        self.events.append((topic, data))


def test_sla_breach_job_marks_alerts_and_runs_once(sessions, world):
    with sessions() as s:
        late = make_case(s, world, sla_minutes=-10)
        make_case(s, world, sla_minutes=30)
        answered = make_case(s, world, sla_minutes=-10)
        answered.first_response_at = utcnow()
        s.add(answered)
        s.commit()
    notify = Recorder()
    assert scheduled.sla_breaches(sessions, notify) == 1
    assert scheduled.sla_breaches(sessions, notify) == 0
    with sessions() as s:
        assert s.get(Case, late.id).sla_alerted_at is not None
        event = s.exec(select(CaseEvent).where(CaseEvent.kind == "sla_breached")).one()
        assert event.case_id == late.id and event.data["minutes_late"] >= 9
    assert notify.events == [("alert", {"case_id": late.id, "centre_id": late.centre_id,
                                        "province_code": late.province_code, "kind": "sla_breach"})]


def test_overdue_referrals_and_callbacks_escalate_once(sessions, world):
    with sessions() as s:
        case = make_case(s, world, callback_phone="0812345678", created_at=utcnow() - timedelta(hours=5))
        make_case(s, world, callback_phone="0812345679")
        agency = s.exec(select(Agency)).first()
        s.add(Referral(case_id=case.id, agency_id=agency.id, note="x", user_id=world.users["w_bkk"],
                       due_at=utcnow() - timedelta(hours=1)))
        s.add(Referral(case_id=case.id, agency_id=agency.id, note="y", user_id=world.users["w_bkk"],
                       due_at=utcnow() - timedelta(hours=1), status="done"))
        s.commit()
    notify = Recorder()
    assert scheduled.overdue_referrals(sessions, notify) == 1
    assert scheduled.overdue_referrals(sessions, notify) == 0
    assert scheduled.overdue_callbacks(sessions, notify) == 1
    assert scheduled.overdue_callbacks(sessions, notify) == 0
    assert sorted(d["kind"] for _, d in notify.events) == ["callback_overdue", "referral_overdue"]


def test_only_one_instance_leads_on_postgres(engine, db_url):
    ran = []
    one = LeaderScheduler(engine, [Job("t", lambda: ran.append(1), 3600)])
    two = LeaderScheduler(engine, [Job("t", lambda: ran.append(2), 3600)])
    try:
        assert one.step() is True
        if db_url.startswith("postgres"):
            assert two.step() is False and not two.leading
            one.shutdown()
            assert two.step() is True and two.leading
        else:
            assert one.leading
    finally:
        one.shutdown()
        two.shutdown()
