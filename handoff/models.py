"""Social-worker side tables: agencies, referrals, callbacks, sign-in sessions, view audit."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bots.sqltypes import json_column, time_column, utcnow
from intake.models import Case


class AgencyKind(StrEnum):
    police = "police"
    hospital = "hospital"
    shelter = "shelter"
    provincial_office = "provincial_office"
    foundation = "foundation"
    other = "other"


class ReferralStatus(StrEnum):
    sent = "sent"
    accepted = "accepted"
    in_progress = "in_progress"
    done = "done"
    declined = "declined"


class Agency(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name_th: str = Field(max_length=300)
    kind: str = Field(max_length=32, index=True)
    province_code: int | None = Field(default=None, index=True)
    phone: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    active: bool = True


class Referral(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    agency_id: int = Field(foreign_key="agency.id")
    note: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, server_default=""))
    status: str = Field(default=ReferralStatus.sent, max_length=16)
    due_at: datetime | None = Field(default=None, sa_column=time_column())
    user_id: int = Field(foreign_key="staff_user.id")
    # Set once when the overdue-referral job has alerted supervisors, so it alerts only once.
    escalated_at: datetime | None = Field(default=None, sa_column=time_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))


class CallbackAttempt(SQLModel, table=True):
    __tablename__ = "callback_attempt"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    user_id: int = Field(foreign_key="staff_user.id")
    outcome: str = Field(max_length=32)
    note: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))


class StaffSession(SQLModel, table=True):
    """Server-side sign-in sessions, so sign-out and lock-out take effect at once."""

    __tablename__ = "staff_session"

    id: int | None = Field(default=None, primary_key=True)
    token_sha256: str = Field(max_length=64, unique=True)
    csrf_token: str = Field(max_length=64)
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    expires_at: datetime = Field(sa_column=time_column(nullable=False))
    # Idle expiry: a session unused for the idle limit ends even before expires_at.
    last_seen_at: datetime | None = Field(default=None, sa_column=time_column())
    revoked_at: datetime | None = Field(default=None, sa_column=time_column())


class AuditEntry(SQLModel, table=True):
    """Every view and change a staff member makes, including reveals of masked numbers."""

    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_case", "case_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    action: str = Field(max_length=48)
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))


# The console's queue reads only open cases, ordered by urgency then SLA due time, scoped to a
# centre (workers), a province (supervisors) or everything (admins). Partial indexes over open
# cases keep that an index scan when millions of closed cases accumulate. They are declared here,
# beside the query that needs them, on intake's table.
_cases = Case.__table__
_OPEN = sa.text("status <> 'closed'")
sa.Index("ix_case_open_centre_queue", _cases.c.centre_id, _cases.c.priority_rank, _cases.c.sla_due_at,
         _cases.c.id, postgresql_where=_OPEN, sqlite_where=_OPEN)
sa.Index("ix_case_open_province_queue", _cases.c.province_code, _cases.c.priority_rank, _cases.c.sla_due_at,
         _cases.c.id, postgresql_where=_OPEN, sqlite_where=_OPEN)
sa.Index("ix_case_open_queue", _cases.c.priority_rank, _cases.c.sla_due_at, _cases.c.id,
         postgresql_where=_OPEN, sqlite_where=_OPEN)
sa.Index("ix_case_open_assigned_queue", _cases.c.assigned_user_id, _cases.c.priority_rank, _cases.c.sla_due_at,
         _cases.c.id, postgresql_where=_OPEN, sqlite_where=_OPEN)
# Callback list: open cases waiting for a call, oldest first.
sa.Index("ix_case_callback_wanted", _cases.c.created_at, postgresql_where=sa.text("callback_wanted AND status <> 'closed'"),
         sqlite_where=sa.text("callback_wanted AND status <> 'closed'"))
