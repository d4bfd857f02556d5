"""Intake fixtures: centres loaded, and `Chat`, a script driver for whole dialogues.

`Chat` sends one event at a time through the real handler (`intake.flows.handle_inbound`) with
the real classifier (nlp.classify), the real outbox (`bots.outbox.enqueue`) and a real database,
committing after each event as the inbox processor does, and returns the replies queued for
that person. Time is explicit: each message is a few seconds after the previous one.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

import nlp
from bots import outbox
from bots.events import EventKind, InboundEvent, Location, OutgoingMessage
from bots.inbox import store_events
from bots.models import OutboxMessage
from intake import flows
from intake.centres import load_centres
from intake.models import Case, Contact, Conversation, Message

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
_ids = itertools.count(1)


@pytest.fixture
def centres(sessions) -> None:
    with sessions() as s:
        load_centres(s)
        s.commit()


class Recorder:
    """A live-update sink that keeps what was published (the real notify publishes on commit)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, session: Session, topic: str, data: dict[str, Any]) -> None:
        self.events.append((topic, dict(data)))

    def topics(self, topic: str) -> list[dict[str, Any]]:
        return [d for t, d in self.events if t == topic]


class Chat:
    def __init__(self, sessions, *, channel: str = "web", user: str | None = None, now: datetime = START,
                 notify: Recorder | None = None) -> None:
        self.sessions = sessions
        self.channel = channel
        self.user = user or f"user-{next(_ids)}"
        self.now = now
        self.notify = notify or Recorder()
        self.last: list[OutgoingMessage] = []

    def _event(self, kind: EventKind, **kw: Any) -> InboundEvent:
        return InboundEvent(channel=self.channel, event_id=f"ev-{next(_ids)}", user_id=self.user, kind=kind,
                            timestamp=self.now, **kw)

    def send_event(self, event: InboundEvent, *, after: float = 5) -> list[OutgoingMessage]:
        self.now += timedelta(seconds=after)
        with self.sessions() as session:
            before = session.scalar(sa.select(sa.func.coalesce(sa.func.max(OutboxMessage.id), 0)))
            inbox_id = store_events(session, [event])[(event.channel, event.event_id)]
            flows.handle_inbound(session, event, inbox_id, classify=nlp.classify, enqueue=outbox.enqueue,
                                 notify=self.notify, find_places=nlp.find_places, now=self.now)
            session.commit()
            rows = session.exec(select(OutboxMessage).where(
                OutboxMessage.id > before, OutboxMessage.recipient == self.user).order_by(OutboxMessage.id)).all()
            self.last = [OutgoingMessage.model_validate(r.body) for r in rows]
            self.rows = rows
        return self.last

    def say(self, text: str, **kw: Any) -> list[OutgoingMessage]:
        return self.send_event(self._event(EventKind.text, text=text), **kw)

    def tap(self, payload: str, label: str | None = None, **kw: Any) -> list[OutgoingMessage]:
        return self.send_event(self._event(EventKind.postback, payload=payload, text=label), **kw)

    def share_location(self, lat: float, lng: float, address: str | None, **kw: Any) -> list[OutgoingMessage]:
        return self.send_event(self._event(EventKind.location, location=Location(
            latitude=lat, longitude=lng, address=address)), **kw)

    # ---- reading the state
    def text(self) -> str:
        return "\n---\n".join(m.text for m in self.last)

    def payloads(self) -> list[str]:
        return [q.payload for m in self.last for q in m.quick_replies]

    def contact(self) -> Contact:
        with self.sessions() as s:
            return s.exec(select(Contact).where(Contact.channel == self.channel,
                                                Contact.channel_user_id == self.user)).one()

    def conversation(self) -> Conversation:
        with self.sessions() as s:
            contact = s.exec(select(Contact).where(Contact.channel == self.channel,
                                                   Contact.channel_user_id == self.user)).one()
            return s.exec(select(Conversation).where(Conversation.contact_id == contact.id)
                          .order_by(Conversation.id.desc())).first()

    def case(self) -> Case | None:
        conv = self.conversation()
        if conv.case_id is None:
            return None
        with self.sessions() as s:
            return s.get(Case, conv.case_id)

    def messages(self) -> list[Message]:
        with self.sessions() as s:
            contact = s.exec(select(Contact).where(Contact.channel == self.channel,
                                                   Contact.channel_user_id == self.user)).one()
            conv_ids = s.exec(select(Conversation.id).where(Conversation.contact_id == contact.id)).all()
            return list(s.exec(select(Message).where(Message.conversation_id.in_(conv_ids)).order_by(Message.id)))


@pytest.fixture
def chat(sessions, centres):
    def make(**kw: Any) -> Chat:
        return Chat(sessions, **kw)

    return make
