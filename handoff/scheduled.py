"""Scheduled jobs (run by saiduan/scheduler.py on one instance at a time). Stable ids, plain
functions taking a session factory, the live `notify` and the time.

- sla_breaches: open cases past their SLA due time with no first human response are marked
  (`sla_alerted_at`), written to the timeline and raised as an "alert" to supervisors, once.
- overdue_referrals: referrals past their due date that are still open escalate once.
- overdue_callbacks: callbacks waiting longer than CALLBACK_OVERDUE escalate once per case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from bots.sqltypes import utcnow
from handoff.models import Referral
from handoff.referrals import OPEN_REFERRAL
from intake.models import Case, CaseEvent, CaseStatus

BATCH = 200
CALLBACK_OVERDUE = timedelta(hours=4)


def _lock(stmt: sa.Select, session: Session) -> sa.Select:
    # Another instance's job run (after a leadership change) skips rows this one is handling.
    if session.get_bind().dialect.name == "postgresql":
        return stmt.with_for_update(skip_locked=True)
    return stmt


def _alert(notify, session: Session, case: Case, kind: str, **extra) -> None:  # noqa: ANN001
    notify(session, "alert", {"case_id": case.id, "centre_id": case.centre_id,
                              "province_code": case.province_code, "kind": kind, **extra})


def sla_breaches(sessions: Callable[[], Session], notify, now: datetime | None = None) -> int:  # noqa: ANN001
    now = now or utcnow()
    with sessions() as session:
        stmt = _lock(sa.select(Case).where(
            Case.status != CaseStatus.closed, Case.sla_due_at < now, Case.first_response_at.is_(None),
            Case.sla_alerted_at.is_(None)).order_by(Case.sla_due_at).limit(BATCH), session)
        cases = list(session.execute(stmt).scalars())
        for case in cases:
            case.sla_alerted_at = now
            session.add(case)
            late = int((now - case.sla_due_at).total_seconds() // 60)
            session.add(CaseEvent(case_id=case.id, kind="sla_breached", actor="system", created_at=now,
                                  data={"due_at": case.sla_due_at.isoformat(), "minutes_late": late}))
            _alert(notify, session, case, "sla_breach")
        session.commit()
    return len(cases)


def overdue_referrals(sessions: Callable[[], Session], notify, now: datetime | None = None) -> int:  # noqa: ANN001
    now = now or utcnow()
    with sessions() as session:
        stmt = _lock(sa.select(Referral).where(
            Referral.status.in_([s.value for s in OPEN_REFERRAL]), Referral.due_at < now,
            Referral.escalated_at.is_(None)).order_by(Referral.due_at).limit(BATCH), session)
        referrals = list(session.execute(stmt).scalars())
        for referral in referrals:
            referral.escalated_at = now
            session.add(referral)
            case = session.get(Case, referral.case_id)
            session.add(CaseEvent(case_id=case.id, kind="referral_overdue", actor="system", created_at=now,
                                  data={"referral_id": referral.id, "due_at": referral.due_at.isoformat()}))
            _alert(notify, session, case, "referral_overdue", referral_id=referral.id)
        session.commit()
    return len(referrals)


def overdue_callbacks(sessions: Callable[[], Session], notify, now: datetime | None = None) -> int:  # noqa: ANN001
    now = now or utcnow()
    already = sa.select(CaseEvent.id).where(CaseEvent.case_id == Case.id, CaseEvent.kind == "callback_overdue")
    with sessions() as session:
        stmt = _lock(sa.select(Case).where(
            Case.callback_wanted.is_(True), Case.status != CaseStatus.closed,
            Case.created_at < now - CALLBACK_OVERDUE, ~sa.exists(already)).order_by(Case.created_at).limit(BATCH),
            session)
        cases = list(session.execute(stmt).scalars())
        for case in cases:
            session.add(CaseEvent(case_id=case.id, kind="callback_overdue", actor="system", created_at=now,
                                  data={"waiting_minutes": int((now - case.created_at).total_seconds() // 60)}))
            _alert(notify, session, case, "callback_overdue")
        session.commit()
    return len(cases)


def dead_letter_alert(notify, session: Session, row) -> None:  # noqa: ANN001 - bots' OutboxMessage
    """Called by the outbox sender in its transaction when a message is given up on: alert the
    case's supervisors (the outbox row's ref is "case:<id>" for console and intake messages)."""
    case = None
    if row.ref and row.ref.startswith("case:") and row.ref[5:].isdigit():
        case = session.get(Case, int(row.ref[5:]))
    if case is not None:
        session.add(CaseEvent(case_id=case.id, kind="message_undeliverable", actor="system",
                              data={"outbox_id": row.id}))
    notify(session, "alert", {"case_id": case.id if case else None, "centre_id": case.centre_id if case else None,
                              "province_code": case.province_code if case else None, "kind": "dead_letter",
                              "outbox_id": row.id})


# id -> (function, seconds between runs)
JOBS: dict[str, tuple[Callable, int]] = {
    "handoff.sla_breaches": (sla_breaches, 60),
    "handoff.overdue_referrals": (overdue_referrals, 300),
    "handoff.overdue_callbacks": (overdue_callbacks, 300),
}
