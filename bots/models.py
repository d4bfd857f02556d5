"""Inbox and outbox tables: the durable edges of every channel.

Inbox: one row per accepted platform event, keyed by (channel, platform event id), written
before the webhook answers 200. Outbox: one row per outgoing message, written before any
platform call, then sent with retries and an idempotency key.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bots.sqltypes import json_column, time_column, utcnow


class Channel(StrEnum):
    line = "line"
    messenger = "messenger"
    telegram = "telegram"
    web = "web"
    phone = "phone"
    walkin = "walkin"


class InboxStatus(StrEnum):
    pending = "pending"
    processing = "processing"
    done = "done"
    ignored = "ignored"
    failed = "failed"


class OutboxStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    dead = "dead"
    # Withdrawn before sending: the person asked the bot to stop (the "leave" word).
    cancelled = "cancelled"


class InboxEvent(SQLModel, table=True):
    __tablename__ = "inbox_event"
    __table_args__ = (
        sa.UniqueConstraint("channel", "event_id", name="uq_inbox_channel_event"),
        sa.Index("ix_inbox_status_received", "status", "received_at"),
        # Per-person ordering and the Messenger 24-hour window look events up by sender.
        sa.Index("ix_inbox_sender", "channel", "user_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    event_id: str = Field(max_length=128)
    # The sender's platform id, copied out of the payload so ordering and the 24-hour window
    # can be queried; null only for events stored before the column existed.
    user_id: str | None = Field(default=None, max_length=128)
    # When the person sent it (platform timestamp), which is what the Messenger window counts.
    occurred_at: datetime | None = Field(default=None, sa_column=time_column())
    # The channel-neutral event (bots.events.InboundEvent as JSON), never the raw body.
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    status: str = Field(default=InboxStatus.pending, max_length=16)
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = Field(default=None, sa_column=time_column())
    # A failed attempt waits until then (exponential backoff) before it is claimed again.
    next_attempt_at: datetime | None = Field(default=None, sa_column=time_column())
    received_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    processed_at: datetime | None = Field(default=None, sa_column=time_column())
    error: str | None = Field(default=None, max_length=500)


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_message"
    __table_args__ = (
        sa.Index("ix_outbox_status_next", "status", "next_attempt_at"),
        sa.Index("ix_outbox_thread", "channel", "recipient", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    recipient: str = Field(max_length=128)
    # The channel-neutral message (bots.events.OutgoingMessage as JSON).
    body: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    idempotency_key: str = Field(max_length=64, unique=True)
    reply_token: str | None = Field(default=None, max_length=256)
    reply_token_expires_at: datetime | None = Field(default=None, sa_column=time_column())
    quiet: bool = False
    human_agent: bool = False
    ref: str | None = Field(default=None, max_length=64, index=True)
    status: str = Field(default=OutboxStatus.pending, max_length=16)
    attempts: int = 0
    # How many of the message's parts (a long text cut to the platform's limit, a text then a
    # card) the platform has accepted: a retry sends the rest, so nobody reads a part twice.
    parts_sent: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = Field(default=None, sa_column=time_column())
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=time_column(nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=time_column())
