"""Inbox and outbox loops across instances: claims, leases, ordering, and the live loops."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bots.events import EventKind, InboundEvent, OutgoingMessage
from bots.inbox import InboxProcessor, store_events
from bots.models import InboxEvent, OutboxMessage
from bots.outbox import OutboxSender, enqueue
from bots.delivery import Delivery, SendOutcome
from bots import messages


def _events(n_users: int, per_user: int) -> list[InboundEvent]:
    now = datetime.now(UTC)
    return [InboundEvent(channel="web", event_id=f"e-{u}-{i}", user_id=f"user-{u}", kind=EventKind.text,
                         text=str(i), timestamp=now)
            for i in range(per_user) for u in range(n_users)]


async def test_two_instances_never_share_an_event_and_keep_each_persons_order(sessions):
    with sessions() as s:
        store_events(s, _events(6, 5))
        s.commit()
    seen: list[tuple[str, str, str]] = []

    def handler_for(name: str):  # noqa: ANN202
        def handler(session, event, inbox_id):  # noqa: ANN001
            time.sleep(0.002)  # widen the window where the two instances overlap
            seen.append((name, event.user_id, event.text))
        return handler

    a = InboxProcessor(sessions, handler=handler_for("a"), instance_id="a", batch_size=4)
    b = InboxProcessor(sessions, handler=handler_for("b"), instance_id="b", batch_size=4)
    for _ in range(40):
        done = await asyncio.gather(a.run_once(), b.run_once())
        if not any(done):
            break
    assert len(seen) == 30
    for u in range(6):
        assert [t for _, user, t in seen if user == f"user-{u}"] == ["0", "1", "2", "3", "4"]
    with sessions() as s:
        assert {r.status for r in s.execute(sa.select(InboxEvent)).scalars()} == {"done"}


async def test_expired_lease_is_taken_over_and_the_late_finisher_is_discarded(sessions):
    with sessions() as s:
        store_events(s, _events(1, 1))
        s.commit()
    clock_now = [datetime.now(UTC)]
    a = InboxProcessor(sessions, handler=lambda s, e, i: None, instance_id="a", lease_seconds=30,
                       clock=lambda: clock_now[0])
    [claimed] = await asyncio.to_thread(a._claim)  # instance a claims, then stalls
    clock_now[0] += timedelta(seconds=31)
    handled = []
    b = InboxProcessor(sessions, handler=lambda s, e, i: handled.append(i), instance_id="b",
                       clock=lambda: clock_now[0])
    assert await b.run_once() == 1 and handled == [claimed.id]
    # a wakes up: its work is rolled back instead of marking someone else's claim.
    await a._process(claimed)
    with sessions() as s:
        row = s.get(InboxEvent, claimed.id)
        assert row.status == "done" and row.attempts == 2


class _Recorder:
    channel = "web"
    needs_last_inbound = False

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, d: Delivery) -> SendOutcome:
        await asyncio.sleep(0.001)
        self.sent.append((d.recipient, d.message.text))
        return SendOutcome()

    def delivered(self, d: Delivery) -> None:
        pass

    async def prepare(self, event, inbox_id, attempt=1):  # noqa: ANN001, ANN201
        return event


async def test_two_senders_deliver_each_row_once_in_order(sessions):
    with sessions() as s:
        for i in range(5):
            for r in range(4):
                enqueue(s, channel="web", recipient=f"r{r}", message=OutgoingMessage(text=str(i)))
        s.commit()
    rec = _Recorder()
    a = OutboxSender(sessions, {"web": rec}, instance_id="a", batch_size=3)
    b = OutboxSender(sessions, {"web": rec}, instance_id="b", batch_size=3)
    for _ in range(40):
        if not any(await asyncio.gather(a.run_once(), b.run_once())):
            break
    assert len(rec.sent) == 20
    for r in range(4):
        assert [t for who, t in rec.sent if who == f"r{r}"] == ["0", "1", "2", "3", "4"]
    with sessions() as s:
        assert {r.status for r in s.execute(sa.select(OutboxMessage)).scalars()} == {"sent"}


def test_live_loops_answer_the_web_chat_without_help(make_harness):
    h = make_harness(workers_enabled=True)
    h.client.get("/chat")
    assert h.client.post("/chat/api/messages", json={"id": str(uuid.uuid4()), "text": "สวัสดี"}).status_code == 202
    deadline = time.time() + 10
    got = []
    while time.time() < deadline and not got:
        got = h.client.get("/chat/api/messages", params={"after": 0}).json()["messages"]
        time.sleep(0.1)
    assert got and got[0]["message"]["text"] == messages.ACKNOWLEDGEMENT["th"]
