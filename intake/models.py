"""Tables for contacts, conversations, messages, cases and what classifies and routes them.

Staff users live here too, not in handoff/, because cases and their events name the worker who
holds or changed them, and intake/ sits below handoff/ (imports point down only).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bots.sqltypes import json_column, time_column, utcnow


class ConsentStatus(StrEnum):
    unknown = "unknown"
    given = "given"
    refused = "refused"


class ConversationState(StrEnum):
    first_contact = "first_contact"
    consent = "consent"
    describe = "describe"
    clarify = "clarify"
    case_opened = "case_opened"
    waiting_human = "waiting_human"
    with_human = "with_human"
    closed = "closed"


class Direction(StrEnum):
    inbound = "in"
    outbound = "out"


class Sender(StrEnum):
    citizen = "citizen"
    bot = "bot"
    worker = "worker"
    system = "system"


class CaseStatus(StrEnum):
    new = "new"
    assigned = "assigned"
    in_progress = "in_progress"
    referred = "referred"
    follow_up = "follow_up"
    closed = "closed"


class Priority(StrEnum):
    """Lower rank is more urgent; queues sort by rank, then SLA due time."""

    emergency = "emergency"
    high = "high"
    normal = "normal"
    low = "low"

    @property
    def rank(self) -> int:
        return _PRIORITY_RANK[self]


_PRIORITY_RANK = {Priority.emergency: 0, Priority.high: 1, Priority.normal: 2, Priority.low: 3}


class Role(StrEnum):
    worker = "worker"
    supervisor = "supervisor"
    admin = "admin"


class CentreKind(StrEnum):
    national = "national"
    provincial = "provincial"
    subdistrict = "subdistrict"


class ModelStatus(StrEnum):
    candidate = "candidate"
    active = "active"
    retired = "retired"
    rejected = "rejected"


class Person(SQLModel, table=True):
    """One human behind several channel contacts, linked by a supervisor."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    linked_by_user_id: int | None = Field(default=None, foreign_key="staff_user.id")


class Contact(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("channel", "channel_user_id", name="uq_contact_channel_user"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    channel_user_id: str = Field(max_length=128)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    display_name: str | None = Field(default=None, max_length=200)
    language: str = Field(default="th", max_length=8)
    consent: str = Field(default=ConsentStatus.unknown, max_length=16)
    consent_at: datetime | None = Field(default=None, sa_column=time_column())
    # None: not asked yet. False: the person said it is not safe; never message them first.
    safe_to_contact: bool | None = None
    quiet_notifications: bool = False
    blocked: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    last_inbound_at: datetime | None = Field(default=None, sa_column=time_column())


class Conversation(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_conversation_contact_state", "contact_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    state: str = Field(default=ConversationState.first_contact, max_length=24)
    # "Leave" word: the bot sends nothing more until the person writes again.
    paused: bool = False
    handled_by_user_id: int | None = Field(default=None, foreign_key="staff_user.id")
    # No foreign key: cases.conversation_id points back here, and a cycle would block ordering.
    case_id: int | None = Field(default=None, index=True)
    # Dialogue slots gathered so far (pending text, candidate places, answers skipped).
    context: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))


class Message(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_message_conversation_created", "conversation_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id")
    direction: str = Field(max_length=4)
    sender: str = Field(max_length=16)
    kind: str = Field(default="text", max_length=16)
    text: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    media_path: str | None = Field(default=None, max_length=500)
    media_type: str | None = Field(default=None, max_length=100)
    media_size: int | None = None
    inbox_event_id: int | None = Field(default=None, foreign_key="inbox_event.id")
    outbox_id: int | None = Field(default=None, foreign_key="outbox_message.id")
    user_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))


class ProblemCategory(SQLModel, table=True):
    __tablename__ = "problem_category"

    key: str = Field(primary_key=True, max_length=32)
    name_th: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    description: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, server_default=""))
    default_priority: str = Field(default=Priority.normal, max_length=16)
    sla_minutes: int = 24 * 60
    active: bool = True
    sort: int = 100
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))


class Centre(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name_th: str = Field(max_length=300)
    kind: str = Field(max_length=16)
    province_code: int | None = Field(default=None, index=True)
    district_code: int | None = None
    subdistrict_code: int | None = None
    phone: str | None = Field(default=None, max_length=64)
    active: bool = True


class CentreArea(SQLModel, table=True):
    """An area a centre covers: a whole province, a district, or one sub-district."""

    __tablename__ = "centre_area"
    __table_args__ = (
        sa.Index("ix_centre_area_codes", "province_code", "district_code", "subdistrict_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    centre_id: int = Field(foreign_key="centre.id", index=True)
    province_code: int
    district_code: int | None = None
    subdistrict_code: int | None = None


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=200)
    display_name: str = Field(max_length=200)
    role: str = Field(max_length=16)
    centre_id: int = Field(foreign_key="centre.id")
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = Field(default=None, sa_column=time_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    last_login_at: datetime | None = Field(default=None, sa_column=time_column())


class CaseCounter(SQLModel, table=True):
    """Per Buddhist-era year sequence behind readable case numbers, shared by all instances."""

    __tablename__ = "case_counter"

    year_be: int = Field(primary_key=True)
    last_seq: int = 0


class Case(SQLModel, table=True):
    __tablename__ = "cases"  # "case" is an SQL keyword
    __table_args__ = (
        sa.Index("ix_case_queue", "status", "priority_rank", "sla_due_at"),
        sa.Index("ix_case_centre_status", "centre_id", "status"),
        sa.Index("ix_case_province_status", "province_code", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")
    channel: str = Field(max_length=16)
    status: str = Field(default=CaseStatus.new, max_length=16)
    status_reason: str | None = Field(default=None, max_length=500)
    priority: str = Field(default=Priority.normal, max_length=16)
    priority_rank: int = 2
    emergency: bool = False
    emergency_score: float = 0.0
    categories: list[str] = Field(default_factory=list, sa_column=json_column(nullable=False))
    scores: dict[str, float] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    facts: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    summary: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    language: str = Field(default="th", max_length=8)
    needs_interpreter: bool = False
    centre_id: int | None = Field(default=None, foreign_key="centre.id")
    province_code: int | None = None
    district_code: int | None = None
    subdistrict_code: int | None = None
    location_text: str | None = Field(default=None, max_length=500)
    latitude: float | None = None
    longitude: float | None = None
    callback_phone: str | None = Field(default=None, max_length=32)
    callback_wanted: bool = False
    assigned_user_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    sla_due_at: datetime | None = Field(default=None, sa_column=time_column())
    first_response_at: datetime | None = Field(default=None, sa_column=time_column())
    sla_alerted_at: datetime | None = Field(default=None, sa_column=time_column())
    closed_at: datetime | None = Field(default=None, sa_column=time_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))


class CaseEvent(SQLModel, table=True):
    """Every change to a case (who, what, when): the audit trail and the timeline."""

    __tablename__ = "case_event"
    __table_args__ = (sa.Index("ix_case_event_case", "case_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    kind: str = Field(max_length=48)
    actor: str = Field(default="system", max_length=16)
    user_id: int | None = Field(default=None, foreign_key="staff_user.id")
    data: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))


class TrainingExample(SQLModel, table=True):
    __tablename__ = "training_example"

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    labels: list[str] = Field(default_factory=list, sa_column=json_column(nullable=False))
    emergency: bool = False
    source: str = Field(default="admin", max_length=32)
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    user_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))


class ModelVersion(SQLModel, table=True):
    __tablename__ = "model_version"

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=64, unique=True)
    path: str = Field(max_length=500)
    data_sha256: str = Field(max_length=64)
    labels: list[str] = Field(default_factory=list, sa_column=json_column(nullable=False))
    metrics: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    status: str = Field(default=ModelStatus.candidate, max_length=16)
    user_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    activated_at: datetime | None = Field(default=None, sa_column=time_column())


class ConversationEvent(SQLModel, table=True):
    """A dialogue transition (state change, consent, safety answer, pause), including those
    before any case exists; case changes are CaseEvents."""

    __tablename__ = "conversation_event"
    __table_args__ = (sa.Index("ix_conversation_event_conversation", "conversation_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id")
    kind: str = Field(max_length=48)
    from_state: str | None = Field(default=None, max_length=24)
    to_state: str | None = Field(default=None, max_length=24)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
