"""The durable outbox: every outgoing message is a row first, then sent with retries.

`enqueue` adds the row to the caller's session, so the message leaves only if the change that
caused it commits. `OutboxSender` (a loop any instance may run) claims due rows with a lease
(PostgreSQL: FOR UPDATE SKIP LOCKED), never sends a row while an older unsent row for the same
recipient exists, and records the outcome: sent; pending again after exponential backoff with
jitter (5xx, 429 with Retry-After, timeouts); or dead with the reason (a 4xx that cannot
succeed, or the last attempt failed). Dead rows are listed by `dead_letters` for supervisors.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bots import metrics
from bots.delivery import Adapter, Delivery, DeliveryError, SendOutcome
from bots.events import OutgoingMessage
from bots.loop import PollingLoop
from bots.inbox import backoff_seconds, last_inbound_at
from bots.models import OutboxMessage, OutboxStatus
from bots.sqltypes import utcnow

log = logging.getLogger("saiduan.bots.outbox")
_TABLE = OutboxMessage.__table__
DeadLetterHook = Callable[[Session, OutboxMessage], None]


def enqueue(
    session: Session, *, channel: str, recipient: str, message: OutgoingMessage,
    reply_token: str | None = None, reply_token_expires_at: datetime | None = None,
    quiet: bool = False, human_agent: bool = False, ref: str | None = None,
) -> OutboxMessage:
    """Add an outgoing message to the caller's transaction; the caller commits."""
    row = OutboxMessage(
        channel=str(channel), recipient=recipient, body=message.model_dump(mode="json"),
        # A UUID because LINE requires one for X-Line-Retry-Key; unique across every channel.
        idempotency_key=str(uuid.uuid4()), reply_token=reply_token,
        reply_token_expires_at=reply_token_expires_at if reply_token else None,
        quiet=quiet, human_agent=human_agent, ref=ref, status=OutboxStatus.pending,
        next_attempt_at=utcnow(),
    )
    session.add(row)
    return row


def cancel_pending(session: Session, *, channel: str, recipient: str) -> int:
    """Withdraw every not-yet-claimed message to one person; the caller commits.

    A row already being sent is left alone: it may have reached the platform.
    """
    result = session.execute(
        sa.update(_TABLE)
        .where(_TABLE.c.channel == str(channel), _TABLE.c.recipient == recipient,
               _TABLE.c.status == OutboxStatus.pending)
        .values(status=OutboxStatus.cancelled, last_error="cancelled: the person asked the bot to stop")
    )
    return result.rowcount


def dead_letters(session: Session, limit: int = 100) -> list[OutboxMessage]:
    """Messages that could not be delivered, newest first, for the supervisors' view."""
    stmt = (sa.select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.dead)
            .order_by(OutboxMessage.id.desc()).limit(limit))
    return list(session.execute(stmt).scalars())


def retry_dead_letter(session: Session, outbox_id: int) -> bool:
    """Put a dead message back in line (a supervisor fixed the cause); the caller commits."""
    result = session.execute(
        sa.update(_TABLE).where(_TABLE.c.id == outbox_id, _TABLE.c.status == OutboxStatus.dead)
        .values(status=OutboxStatus.pending, attempts=0, next_attempt_at=utcnow(), last_error=None)
    )
    return result.rowcount == 1


class OutboxSender(PollingLoop):
    def __init__(
        self, sessions: sessionmaker[Session], adapters: dict[str, Adapter], *,
        instance_id: str = "local", max_attempts: int = 8, batch_size: int = 32,
        lease_seconds: float = 60.0, base_delay: float = 1.0, max_delay: float = 300.0,
        reply_token_margin_seconds: float = 10.0, on_dead: DeadLetterHook | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.adapters = adapters
        self.instance_id = instance_id
        self.max_attempts = max_attempts
        self.batch_size = batch_size
        self.lease = timedelta(seconds=lease_seconds)
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.reply_token_margin = timedelta(seconds=reply_token_margin_seconds)
        self.on_dead = on_dead
        self.clock = clock

    async def run_once(self) -> int:
        """Claim due rows (the oldest unsent one per recipient) and send them; returns the count."""
        if not self.adapters:
            return 0
        deliveries = await asyncio.to_thread(self._claim)
        if not deliveries:
            return 0
        await asyncio.gather(*(self._deliver(d) for d in deliveries))
        return len(deliveries)

    # -- claim ------------------------------------------------------------------------------
    def _claim(self) -> list[Delivery]:
        now = self.clock()
        t = _TABLE
        older = t.alias("older")
        due = sa.or_(
            sa.and_(t.c.status == OutboxStatus.pending, t.c.next_attempt_at <= now),
            sa.and_(t.c.status == OutboxStatus.sending, t.c.claimed_until < now),
        )
        blocked = sa.exists().where(
            older.c.channel == t.c.channel, older.c.recipient == t.c.recipient, older.c.id < t.c.id,
            older.c.status.in_([OutboxStatus.pending, OutboxStatus.sending]),
        )
        with self.sessions() as session:
            candidates = (sa.select(t.c.id).where(due, ~blocked, t.c.channel.in_(list(self.adapters)))
                          .order_by(t.c.id).limit(self.batch_size))
            if session.get_bind().dialect.name == "postgresql":
                candidates = candidates.with_for_update(skip_locked=True, of=t)
            rows = session.execute(
                sa.update(t).where(t.c.id.in_(candidates.scalar_subquery()))
                .values(status=OutboxStatus.sending, claimed_by=self.instance_id,
                        claimed_until=now + self.lease, attempts=t.c.attempts + 1)
                .returning(*t.c)
            ).all()
            session.commit()
            deliveries = []
            for r in rows:
                adapter = self.adapters[r.channel]
                last_in = (last_inbound_at(session, r.channel, r.recipient)
                           if getattr(adapter, "needs_last_inbound", False) else None)
                token_ok = (r.reply_token is not None and r.reply_token_expires_at is not None
                            and r.reply_token_expires_at - self.reply_token_margin > now)
                deliveries.append(Delivery(
                    outbox_id=r.id, channel=r.channel, recipient=r.recipient,
                    message=OutgoingMessage.model_validate(r.body), idempotency_key=r.idempotency_key,
                    attempt=r.attempts, reply_token=r.reply_token if token_ok else None,
                    reply_token_expires_at=r.reply_token_expires_at if token_ok else None,
                    quiet=r.quiet, human_agent=r.human_agent, last_inbound_at=last_in,
                    parts_sent=r.parts_sent,
                ))
        return deliveries

    # -- deliver ----------------------------------------------------------------------------
    async def _deliver(self, d: Delivery) -> None:
        adapter = self.adapters[d.channel]
        try:
            outcome = await adapter.send(d)
        except DeliveryError as exc:
            await asyncio.to_thread(self._failed, d, exc)
            return
        except Exception as exc:  # a bug or an unexpected transport error: retry, then dead
            log.exception("outbox send raised", extra={"outbox_id": d.outbox_id, "channel": d.channel})
            await asyncio.to_thread(self._failed, d, DeliveryError(type(exc).__name__, retryable=True))
            return
        if await asyncio.to_thread(self._sent, d, outcome):
            try:
                adapter.delivered(d)
            except Exception:
                log.exception("delivered hook failed", extra={"outbox_id": d.outbox_id})

    def _sent(self, d: Delivery, outcome: SendOutcome) -> bool:
        t = _TABLE
        now = self.clock()
        with self.sessions() as session:
            result = session.execute(
                sa.update(t).where(t.c.id == d.outbox_id, t.c.claimed_by == self.instance_id)
                .values(status=OutboxStatus.sent, sent_at=now, claimed_by=None, claimed_until=None,
                        last_error=None)
                .returning(t.c.created_at, t.c.reply_token)
            ).first()
            if result is not None and result.reply_token and outcome.reply_token_spent:
                self._spend_reply_token(session, d.channel, result.reply_token)
            session.commit()
        if result is None:
            log.warning("outbox lease lost after send", extra={"outbox_id": d.outbox_id})
            return False
        metrics.OUTBOX_MESSAGES.labels(d.channel, "sent").inc()
        metrics.OUTBOX_LATENCY.labels(d.channel).observe(max(0.0, (now - result.created_at).total_seconds()))
        log.info("outbox sent", extra={"outbox_id": d.outbox_id, "channel": d.channel,
                                       "attempt": d.attempt, "via": outcome.via})
        return True

    @staticmethod
    def _spend_reply_token(session: Session, channel: str, token: str) -> None:
        # A reply token works once: later rows that carried it must push instead.
        session.execute(sa.update(_TABLE).where(
            _TABLE.c.channel == channel, _TABLE.c.reply_token == token,
        ).values(reply_token=None, reply_token_expires_at=None))

    def _failed(self, d: Delivery, exc: DeliveryError) -> None:
        t = _TABLE
        now = self.clock()
        dead = not exc.retryable or d.attempt >= self.max_attempts
        values: dict[str, Any] = {"claimed_by": None, "claimed_until": None, "last_error": exc.reason}
        if exc.parts_sent is not None:
            values["parts_sent"] = exc.parts_sent
        if dead:
            values["status"] = OutboxStatus.dead
        else:
            delay = backoff_seconds(d.attempt, base=self.base_delay, cap=self.max_delay,
                                    retry_after=exc.retry_after)
            values.update(status=OutboxStatus.pending, next_attempt_at=now + timedelta(seconds=delay))
        with self.sessions() as session:
            row = session.execute(
                sa.update(t).where(t.c.id == d.outbox_id, t.c.claimed_by == self.instance_id)
                .values(**values).returning(t.c.reply_token)
            ).first()
            if row is not None and row.reply_token and exc.reply_token_spent:
                self._spend_reply_token(session, d.channel, row.reply_token)
            if row is not None and dead and self.on_dead is not None:
                self.on_dead(session, session.get(OutboxMessage, d.outbox_id))
            session.commit()
        metrics.OUTBOX_MESSAGES.labels(d.channel, "dead" if dead else "retried").inc()
        log.warning("outbox %s", "dead-lettered" if dead else "will retry",
                    extra={"outbox_id": d.outbox_id, "channel": d.channel, "attempt": d.attempt,
                           "reason": exc.reason, "status": exc.status})
