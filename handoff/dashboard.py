"""The supervisors' page: SLA breaches, the callback backlog, overdue referrals, dead letters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from bots.models import OutboxMessage
from bots.outbox import dead_letters
from bots.sqltypes import utcnow
from handoff.access import Viewer, case_filter
from handoff.models import Agency, Referral
from handoff.referrals import OPEN_REFERRAL
from intake.models import Case, CaseStatus


@dataclass
class Dashboard:
    breached: list[Case]
    breached_count: int
    open_count: int
    emergency_open: int
    callback_count: int
    callback_oldest: datetime | None
    overdue_referrals: list[tuple[Referral, Agency, Case]]
    dead_letters: list[OutboxMessage]


def build(session: Session, viewer: Viewer, *, now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    scope = case_filter(viewer)
    open_ = sa.and_(Case.status != CaseStatus.closed, scope)
    breached_cond = sa.and_(open_, Case.first_response_at.is_(None), Case.sla_due_at < now)
    breached = list(session.execute(sa.select(Case).where(breached_cond).order_by(Case.sla_due_at).limit(50)).scalars())
    counts = session.execute(sa.select(
        sa.func.count().filter(breached_cond),
        sa.func.count(),
        sa.func.count().filter(Case.priority == "emergency"),
        sa.func.count().filter(Case.callback_wanted.is_(True)),
        sa.func.min(Case.created_at).filter(Case.callback_wanted.is_(True)),
    ).where(open_)).one()
    overdue = [tuple(r) for r in session.execute(
        sa.select(Referral, Agency, Case).join(Agency, Agency.id == Referral.agency_id)
        .join(Case, Case.id == Referral.case_id)
        .where(scope, Referral.status.in_([s.value for s in OPEN_REFERRAL]), Referral.due_at < now)
        .order_by(Referral.due_at).limit(50))]
    # Dead letters carry no centre; only supervisors who oversee everything see their details.
    dead = dead_letters(session, 50) if viewer.sees_everything else []
    oldest = counts[4]
    if oldest is not None and oldest.tzinfo is None:
        from datetime import UTC
        oldest = oldest.replace(tzinfo=UTC)
    return Dashboard(breached=breached, breached_count=counts[0], open_count=counts[1], emergency_open=counts[2],
                     callback_count=counts[3], callback_oldest=oldest, overdue_referrals=overdue, dead_letters=dead)
