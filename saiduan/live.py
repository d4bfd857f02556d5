"""Live updates for the console: `notify` publishes on commit, a `Broker` fans events out.

PostgreSQL: `notify` runs `pg_notify('saiduan', json)` inside the caller's transaction, so the
event leaves only if the change commits, and every instance (this one included) hears it on its
own LISTEN connection. A console connected to instance B therefore sees a message that
instance A received. SQLite is one process: `notify` queues the event on the session and an
after-commit hook hands it to the in-process broker.

Events carry ids only, never personal text (pg_notify payloads are visible to anyone who can
LISTEN on the database, and they end up in logs when something goes wrong).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlmodel import Session

log = logging.getLogger("saiduan.live")

CHANNEL = "saiduan"
TOPICS = frozenset({"message", "case", "alert"})
# A console that falls this far behind is told to reload instead of being fed stale events.
SUBSCRIBER_QUEUE_SIZE = 500
_PENDING_KEY = "saiduan_live_pending"
_HOOKED_KEY = "saiduan_live_hooked"

Notify = Callable[[Session, str, dict[str, Any]], None]


def noop_notify(session: Session, topic: str, data: dict[str, Any]) -> None:
    """For scripts and tests that do not watch live updates."""


def _encode(topic: str, data: dict[str, Any]) -> str:
    if topic not in TOPICS:
        raise ValueError(f"unknown live topic {topic!r}")
    payload = json.dumps({"topic": topic, "data": data}, separators=(",", ":"), default=str)
    if len(payload) > 7000:  # PostgreSQL refuses NOTIFY payloads of 8000 bytes or more
        raise ValueError("live event too large: send ids, not content")
    return payload


class Subscription:
    """One listener (an SSE connection). Read with `await sub.get()`; None means closed."""

    def __init__(self, broker: Broker) -> None:
        self._broker = broker
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(SUBSCRIBER_QUEUE_SIZE)
        self.overflowed = False

    def put(self, item: dict[str, Any] | None) -> None:
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            # The reader is stuck; drop its backlog and ask it to resynchronise once it wakes.
            self.overflowed = True
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait({"topic": "resync", "data": {}})

    async def get(self, timeout: float | None = None) -> dict[str, Any] | None:
        if timeout is None:
            return await self.queue.get()
        return await asyncio.wait_for(self.queue.get(), timeout)

    def close(self) -> None:
        self._broker.unsubscribe(self)


class Broker:
    """Fans live events out to in-process subscribers; on PostgreSQL it LISTENs for all instances."""

    def __init__(self, database_url: str | None = None, *, reconnect_max_seconds: float = 10.0) -> None:
        self.database_url = database_url
        self.is_postgres = bool(database_url) and database_url.split(":", 1)[0].startswith("postgres")
        self.reconnect_max_seconds = reconnect_max_seconds
        self._subs: set[Subscription] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._lock = threading.Lock()
        self.listening = asyncio.Event()
        self.published = 0

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.listening = asyncio.Event()
        if self.is_postgres:
            self._task = asyncio.create_task(self._listen_forever(), name="live-listen")
        else:
            self.listening.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        with self._lock:
            subs = list(self._subs)
            self._subs.clear()
        for sub in subs:
            sub.put(None)

    # -- subscribers -----------------------------------------------------------------------
    def subscribe(self) -> Subscription:
        sub = Subscription(self)
        with self._lock:
            self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.discard(sub)

    @property
    def subscriber_count(self) -> int:
        return len(self._subs)

    def _fan_out(self, item: dict[str, Any]) -> None:
        self.published += 1
        with self._lock:
            subs = list(self._subs)
        for sub in subs:
            sub.put(item)

    def publish_local(self, topic: str, data: dict[str, Any]) -> None:
        """Deliver to this process's subscribers; safe from any thread."""
        item = {"topic": topic, "data": data}
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._fan_out(item)
        else:
            loop.call_soon_threadsafe(self._fan_out, item)

    # -- PostgreSQL ------------------------------------------------------------------------
    async def _listen_forever(self) -> None:
        import psycopg

        url = self.database_url
        assert url is not None
        url = "postgresql://" + url.split("://", 1)[1]
        delay = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    delay = 0.5
                    if self.listening.is_set():
                        # We were cut off for a while: consoles may have missed events.
                        self._fan_out({"topic": "resync", "data": {}})
                    self.listening.set()
                    log.info("live: listening")
                    async for note in conn.notifies():
                        try:
                            item = json.loads(note.payload)
                        except ValueError:
                            log.warning("live: unreadable notification dropped")
                            continue
                        if isinstance(item, dict) and item.get("topic") in TOPICS:
                            self._fan_out({"topic": item["topic"], "data": item.get("data") or {}})
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # connection lost or refused: retry with backoff
                log.warning("live: listen connection failed, retrying", extra={"error": type(exc).__name__})
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.reconnect_max_seconds)


def make_notify(broker: Broker) -> Notify:
    """The `notify(session, topic, data)` callable every package receives from wiring."""

    if broker.is_postgres:
        def notify_pg(session: Session, topic: str, data: dict[str, Any]) -> None:
            payload = _encode(topic, data)
            session.execute(sa.text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload})

        return notify_pg

    def notify_local(session: Session, topic: str, data: dict[str, Any]) -> None:
        _encode(topic, data)  # same validation as PostgreSQL, so SQLite tests catch oversize events
        if not session.info.get(_HOOKED_KEY):
            session.info[_HOOKED_KEY] = True
            sa_event.listen(session, "after_commit", _flush_pending)
            # "soft" rollbacks too: a rollback() with no database work still discards the events.
            sa_event.listen(session, "after_soft_rollback", _drop_pending)
        session.connection()  # make sure a transaction is open, so its commit fires the hook
        session.info.setdefault(_PENDING_KEY, []).append((topic, dict(data)))

    def _flush_pending(sess: Session) -> None:
        pending = sess.info.pop(_PENDING_KEY, [])
        for topic, data in pending:
            broker.publish_local(topic, data)

    def _drop_pending(sess: Session, previous_transaction: Any = None) -> None:
        sess.info.pop(_PENDING_KEY, None)

    return notify_local


def for_context(ctx) -> tuple[Broker, Notify]:  # noqa: ANN001 - saiduan.context.AppContext
    """The app's broker and notify, created once and registered in ctx.services["broker"] and
    ["notify"] with start/stop hooks. Any wiring may call it; intake's runs before handoff's."""
    if "broker" not in ctx.services:
        broker = Broker(ctx.settings.database_url)
        ctx.services["broker"] = broker
        ctx.services["notify"] = make_notify(broker)
        ctx.on_startup.append(broker.start)
        ctx.on_shutdown.append(broker.stop)
    return ctx.services["broker"], ctx.services["notify"]
