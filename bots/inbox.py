"""The durable inbox: store each platform event once, then process it after the webhook answered.

Webhooks call `InboxWriter.store`, which inserts with ON CONFLICT DO NOTHING on (channel,
event_id), so a redelivered event is acknowledged without a second row. Inserts from concurrent
requests are grouped into one transaction (group commit): under load that is what keeps the
webhook fast on SQLite and PostgreSQL alike.

`InboxProcessor` is the worker loop any instance may run. It claims events with a lease
(PostgreSQL: FOR UPDATE SKIP LOCKED), never takes an event while an older unfinished event of
the same person exists, enriches the event through its adapter, and calls the inbound handler in
a worker thread inside a transaction that also marks the row done. A failure rolls back and
retries with exponential backoff; after the last attempt the row is `failed` and stays visible.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bots import metrics
from bots.delivery import Adapter
from bots.events import InboundEvent
from bots.loop import PollingLoop
from bots.models import InboxEvent, InboxStatus
from bots.quickreplies import resolve_quick_reply
from bots.sqltypes import utcnow
from bots.textclean import clean_event

log = logging.getLogger("saiduan.bots.inbox")

InboundHandler = Callable[[Session, InboundEvent, int], None]
_TABLE = InboxEvent.__table__


def _insert_statement(dialect: str):
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # One statement text for any batch size, run as executemany (SQLAlchemy's insertmanyvalues):
    # compiled once and cached, unlike a multi-row VALUES that differs with every batch size.
    return (
        insert(_TABLE)
        .on_conflict_do_nothing(index_elements=["channel", "event_id"])
        .returning(_TABLE.c.id, _TABLE.c.channel, _TABLE.c.event_id)
    )


_STATEMENTS = {name: _insert_statement(name) for name in ("postgresql", "sqlite")}


def _row_for(event: InboundEvent, now: datetime) -> dict[str, Any]:
    return {
        "channel": event.channel, "event_id": event.event_id, "user_id": event.user_id,
        "occurred_at": event.timestamp, "payload": event.model_dump(mode="json"),
        "status": InboxStatus.pending, "attempts": 0, "received_at": now,
    }


def store_events(session: Session, events: Iterable[InboundEvent]) -> dict[tuple[str, str], int]:
    """Insert the events that are new; returns {(channel, event_id): inbox id} for those only.

    The caller commits. Duplicates inside one call are collapsed before the insert.
    """
    now = utcnow()
    unique: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        unique.setdefault((event.channel, event.event_id), _row_for(clean_event(event), now))
    if not unique:
        return {}
    dialect = session.get_bind().dialect.name
    result = session.execute(_STATEMENTS[dialect], list(unique.values()))
    return {(r.channel, r.event_id): r.id for r in result}


@dataclass
class StoreResult:
    stored: int
    duplicates: int
    ids: list[int] = field(default_factory=list)


class InboxWriter:
    """Group commit for webhooks: concurrent `store` calls share one insert and one commit."""

    def __init__(self, sessions: sessionmaker[Session], *, on_stored: Callable[[], None] | None = None,
                 max_batch_events: int = 500) -> None:
        self.sessions = sessions
        self.on_stored = on_stored
        self.max_batch_events = max_batch_events
        self._queue: list[tuple[list[InboundEvent], asyncio.Future[StoreResult]]] = []
        self._kick: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _ensure_task(self) -> None:
        loop = asyncio.get_running_loop()
        if self._task is None or self._task.done() or self._loop is not loop:
            self._loop = loop
            self._kick = asyncio.Event()
            self._task = loop.create_task(self._run(), name="inbox-writer")

    async def store(self, events: list[InboundEvent]) -> StoreResult:
        if not events:
            return StoreResult(0, 0)
        self._ensure_task()
        future: asyncio.Future[StoreResult] = asyncio.get_running_loop().create_future()
        self._queue.append((events, future))
        assert self._kick is not None
        self._kick.set()
        return await future

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        assert self._kick is not None
        while True:
            await self._kick.wait()
            self._kick.clear()
            while self._queue:
                batch: list[tuple[list[InboundEvent], asyncio.Future[StoreResult]]] = []
                count = 0
                while self._queue and (not batch or count + len(self._queue[0][0]) <= self.max_batch_events):
                    item = self._queue.pop(0)
                    batch.append(item)
                    count += len(item[0])
                try:
                    new = await asyncio.to_thread(self._insert, [e for events, _ in batch for e in events])
                except Exception as exc:
                    log.warning("inbox insert failed", extra={"events": count, "error": type(exc).__name__})
                    if len(batch) == 1:  # the database refused: this webhook answers 503
                        if not batch[0][1].done():
                            batch[0][1].set_exception(exc)
                        continue
                    # One bad request must not fail the others that shared its transaction.
                    new = {}
                    for events, fut in batch:
                        try:
                            new.update(await asyncio.to_thread(self._insert, events))
                        except Exception as one_exc:
                            if not fut.done():
                                fut.set_exception(one_exc)
                for events, fut in batch:
                    if fut.done():  # failed above, or the client went away
                        continue
                    ids = []
                    for e in events:
                        inbox_id = new.pop((e.channel, e.event_id), None)
                        if inbox_id is not None:
                            ids.append(inbox_id)
                    if ids:
                        metrics.INBOX_EVENTS.labels(events[0].channel, "received").inc(len(ids))
                    dupes = len(events) - len(ids)
                    if dupes:
                        metrics.INBOX_EVENTS.labels(events[0].channel, "duplicate").inc(dupes)
                    if not fut.done():
                        fut.set_result(StoreResult(len(ids), dupes, ids))
                if self.on_stored is not None:
                    self.on_stored()

    def _insert(self, events: list[InboundEvent]) -> dict[tuple[str, str], int]:
        with self.sessions() as session:
            new = store_events(session, events)
            session.commit()
        return new


def backoff_seconds(attempt: int, *, base: float, cap: float, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter (half fixed, half random), never sooner than Retry-After."""
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    delay = delay / 2 + random.uniform(0, delay / 2)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


@dataclass
class Claimed:
    id: int
    channel: str
    attempts: int
    received_at: datetime
    event: InboundEvent


class LeaseLost(RuntimeError):
    """Another instance took the event over after our lease ran out: our work is discarded."""


def _no_handler(session: Session, event: InboundEvent, inbox_id: int) -> None:
    raise RuntimeError("no inbound handler installed")


class InboxProcessor(PollingLoop):
    def __init__(
        self, sessions: sessionmaker[Session], *, adapters: dict[str, Adapter] | None = None,
        handler: InboundHandler | None = None, instance_id: str = "local", max_attempts: int = 8,
        batch_size: int = 32, lease_seconds: float = 120.0, base_delay: float = 2.0,
        max_delay: float = 600.0, clock: Callable[[], datetime] = utcnow,
        on_handled: Callable[[], None] | None = None,
    ) -> None:
        self.sessions = sessions
        self.adapters = adapters or {}
        # Called after a handler's transaction commits (wakes the outbox sender for its replies).
        self.on_handled = on_handled
        self.handler: InboundHandler = handler or _no_handler
        self.instance_id = instance_id
        self.max_attempts = max_attempts
        self.batch_size = batch_size
        self.lease = timedelta(seconds=lease_seconds)
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock

    # -- loop -------------------------------------------------------------------------------
    async def run_once(self) -> int:
        """Claim a batch (at most one event per person) and process it; returns the count."""
        claimed = await asyncio.to_thread(self._claim)
        if not claimed:
            return 0
        await asyncio.gather(*(self._process(c) for c in claimed))
        return len(claimed)

    # -- claim ------------------------------------------------------------------------------
    def _claim(self) -> list[Claimed]:
        now = self.clock()
        t = _TABLE
        older = t.alias("older")
        due = sa.or_(
            sa.and_(t.c.status == InboxStatus.pending,
                    sa.or_(t.c.next_attempt_at.is_(None), t.c.next_attempt_at <= now)),
            sa.and_(t.c.status == InboxStatus.processing, t.c.claimed_until < now),
        )
        blocked = sa.exists().where(
            older.c.channel == t.c.channel, older.c.user_id == t.c.user_id, older.c.id < t.c.id,
            older.c.status.in_([InboxStatus.pending, InboxStatus.processing]),
        )
        with self.sessions() as session:
            candidates = sa.select(t.c.id).where(due, ~blocked).order_by(t.c.id).limit(self.batch_size)
            if session.get_bind().dialect.name == "postgresql":
                candidates = candidates.with_for_update(skip_locked=True, of=t)
            stmt = (
                sa.update(t).where(t.c.id.in_(candidates.scalar_subquery()))
                .values(status=InboxStatus.processing, claimed_by=self.instance_id,
                        claimed_until=now + self.lease, attempts=t.c.attempts + 1)
                .returning(t.c.id, t.c.channel, t.c.attempts, t.c.received_at, t.c.payload)
            )
            rows = session.execute(stmt).all()
            session.commit()
        claimed = []
        for r in rows:
            try:
                event = InboundEvent.model_validate(r.payload)
            except Exception:
                self._finish_failed(r.id, "unreadable payload")
                continue
            received = r.received_at
            claimed.append(Claimed(r.id, r.channel, r.attempts, received, event))
        return claimed

    # -- process ----------------------------------------------------------------------------
    async def _process(self, c: Claimed) -> None:
        try:
            event = c.event
            adapter = self.adapters.get(c.channel)
            if adapter is not None:
                event = await adapter.prepare(event, c.id, c.attempts)
            await asyncio.to_thread(self._handle, c, event)
        except Exception as exc:
            await asyncio.to_thread(self._retry_or_fail, c, exc)
            return
        metrics.INBOX_PROCESSED.labels(c.channel, "done").inc()
        if self.on_handled is not None:
            self.on_handled()
        if c.received_at is not None:
            metrics.INBOX_LATENCY.labels(c.channel).observe(max(0.0, (self.clock() - c.received_at).total_seconds()))

    def _handle(self, c: Claimed, event: InboundEvent) -> None:
        t = _TABLE
        with self.sessions() as session:
            try:
                event = resolve_quick_reply(session, event)
                self.handler(session, event, c.id)
                done = session.execute(
                    sa.update(t).where(t.c.id == c.id, t.c.claimed_by == self.instance_id,
                                       t.c.status == InboxStatus.processing)
                    .values(status=InboxStatus.done, processed_at=self.clock(), claimed_by=None,
                            claimed_until=None, error=None)
                )
                if done.rowcount != 1:
                    raise LeaseLost(f"inbox {c.id} was reclaimed")
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def _retry_or_fail(self, c: Claimed, exc: Exception) -> None:
        reason = type(exc).__name__
        if isinstance(exc, LeaseLost):
            log.warning("inbox lease lost", extra={"inbox_id": c.id})
            return
        t = _TABLE
        final = c.attempts >= self.max_attempts
        values: dict[str, Any] = {"claimed_by": None, "claimed_until": None, "error": reason}
        if final:
            values.update(status=InboxStatus.failed, processed_at=self.clock())
        else:
            delay = backoff_seconds(c.attempts, base=self.base_delay, cap=self.max_delay)
            values.update(status=InboxStatus.pending, next_attempt_at=self.clock() + timedelta(seconds=delay))
        with self.sessions() as session:
            session.execute(sa.update(t).where(t.c.id == c.id, t.c.claimed_by == self.instance_id).values(**values))
            session.commit()
        metrics.INBOX_PROCESSED.labels(c.channel, "failed" if final else "retried").inc()
        # The traceback helps operators; exception messages from handlers are not logged since
        # they may quote what the person wrote.
        log.warning(
            "inbox event %s", "failed" if final else "will retry",
            extra={"inbox_id": c.id, "channel": c.channel, "attempt": c.attempts, "error": reason},
        )

    def _finish_failed(self, inbox_id: int, reason: str) -> None:
        with self.sessions() as session:
            session.execute(sa.update(_TABLE).where(_TABLE.c.id == inbox_id).values(
                status=InboxStatus.failed, error=reason, claimed_by=None, claimed_until=None))
            session.commit()


def failed_events(session: Session, limit: int = 100) -> list[InboxEvent]:
    """Inbound events that could not be processed after every attempt, newest first."""
    stmt = (sa.select(InboxEvent).where(InboxEvent.status == InboxStatus.failed)
            .order_by(InboxEvent.id.desc()).limit(limit))
    return list(session.execute(stmt).scalars())


def last_inbound_at(session: Session, channel: str, user_id: str) -> datetime | None:
    """When the person last wrote to us on this channel (platform time)."""
    # max() keeps the column's type, so the UTC conversion applies on SQLite too.
    stmt = sa.select(sa.func.max(_TABLE.c.occurred_at)).where(
        _TABLE.c.channel == channel, _TABLE.c.user_id == user_id)
    return session.execute(stmt).scalar()
