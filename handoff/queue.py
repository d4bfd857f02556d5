"""The work queue: open cases a viewer may handle, most urgent first, and "take next".

Order: priority rank (emergency first), then SLA due time (nearest breach first; cases without
an SLA last), then age. The same function serves the page, the live refresh and the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session

from bots.sqltypes import utcnow
from handoff.access import Viewer, case_filter
from handoff.audit import record
from intake.models import Case, CaseEvent, CaseStatus, StaffUser

OPEN_STATUSES = [s.value for s in CaseStatus if s is not CaseStatus.closed]
PAGE_SIZE = 50


@dataclass
class QueueFilters:
    category: str | None = None
    status: str | None = None
    channel: str | None = None
    province_code: int | None = None
    mine: bool = False
    unassigned: bool = False
    limit: int = PAGE_SIZE
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, params) -> QueueFilters:  # noqa: ANN001 - a Starlette QueryParams or dict
        def _s(name: str) -> str | None:
            value = (params.get(name) or "").strip()
            return value or None

        province = _s("province")
        status = _s("status")
        return cls(
            category=_s("category"), status=status if status in OPEN_STATUSES else None,
            channel=_s("channel"), province_code=int(province) if province and province.isdigit() else None,
            mine=params.get("mine") in ("1", "on", "true"),
            unassigned=params.get("unassigned") in ("1", "on", "true"),
        )

    def as_query(self) -> dict[str, str]:
        out = {}
        for key, value in (("category", self.category), ("status", self.status), ("channel", self.channel),
                           ("province", self.province_code)):
            if value is not None:
                out[key] = str(value)
        if self.mine:
            out["mine"] = "1"
        if self.unassigned:
            out["unassigned"] = "1"
        return out


def _order(dialect: str) -> list:
    # NULLS LAST matches PostgreSQL's default ascending index order, so the index serves the sort.
    return [Case.priority_rank.asc(), Case.sla_due_at.asc().nulls_last(), Case.id.asc()]


def _category_clause(session: Session, key: str) -> sa.ColumnElement[bool]:
    if session.get_bind().dialect.name == "postgresql":
        return sa.cast(Case.categories, postgresql.JSONB).has_key(key)
    each = sa.func.json_each(Case.categories).table_valued("value")
    return sa.exists(sa.select(1).select_from(each).where(each.c.value == key))


def queue_statement(session: Session, viewer: Viewer, filters: QueueFilters) -> sa.Select:
    conds: list[sa.ColumnElement[bool]] = [Case.status != CaseStatus.closed, case_filter(viewer)]
    if filters.status:
        conds.append(Case.status == filters.status)
    if filters.channel:
        conds.append(Case.channel == filters.channel)
    if filters.province_code is not None:
        conds.append(Case.province_code == filters.province_code)
    if filters.mine:
        conds.append(Case.assigned_user_id == viewer.user_id)
    if filters.unassigned:
        conds.append(Case.assigned_user_id.is_(None))
    if filters.category:
        conds.append(_category_clause(session, filters.category))
    dialect = session.get_bind().dialect.name
    return sa.select(Case).where(*conds).order_by(*_order(dialect)).limit(max(1, min(filters.limit, 200)))


def queue(session: Session, viewer: Viewer, filters: QueueFilters | None = None) -> list[Case]:
    return list(session.execute(queue_statement(session, viewer, filters or QueueFilters())).scalars())


def assignee_names(session: Session, cases: list[Case]) -> dict[int, str]:
    ids = {c.assigned_user_id for c in cases if c.assigned_user_id}
    if not ids:
        return {}
    rows = session.execute(sa.select(StaffUser.id, StaffUser.display_name).where(StaffUser.id.in_(ids)))
    return {r.id: r.display_name for r in rows}


def take_next(session: Session, viewer: Viewer, *, notify, now: datetime | None = None) -> Case | None:  # noqa: ANN001
    """Give the viewer the most urgent unclaimed case they may handle, or None.

    Two workers pressing the button together never get the same case: the claim is a
    conditional UPDATE (assigned_user_id still NULL), and on PostgreSQL candidates locked by
    another transaction are skipped rather than waited for.
    """
    now = now or utcnow()
    stmt = (
        sa.select(Case.id)
        .where(Case.status != CaseStatus.closed, Case.assigned_user_id.is_(None), case_filter(viewer))
        .order_by(*_order(session.get_bind().dialect.name))
        .limit(10)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True, of=Case)
    for case_id in session.execute(stmt).scalars():
        claimed = session.execute(
            sa.update(Case)
            .where(Case.id == case_id, Case.assigned_user_id.is_(None), Case.status != CaseStatus.closed)
            .values(assigned_user_id=viewer.user_id, updated_at=now,
                    status=sa.case((Case.status == CaseStatus.new, CaseStatus.assigned.value), else_=Case.status))
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            continue
        case = session.get(Case, case_id)
        session.refresh(case)
        session.add(CaseEvent(case_id=case.id, kind="assigned", actor="worker", user_id=viewer.user_id,
                              data={"to_user_id": viewer.user_id, "via": "take_next"}, created_at=now))
        record(session, user_id=viewer.user_id, action="case.take_next", case_id=case.id)
        notify(session, "case", {"case_id": case.id, "centre_id": case.centre_id,
                                 "province_code": case.province_code, "kind": "assigned"})
        return case
    return None
