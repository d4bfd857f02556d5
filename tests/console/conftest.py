"""Console fixtures: centres, agencies, staff of two provinces, cases built from real rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from bots.sqltypes import utcnow
from handoff.agencies import load_agencies
from handoff.users import create_user
from intake.centres import load_centres
from intake.models import (
    Case, Centre, Contact, Conversation, ConversationState, Direction, Message, Priority, Sender,
)
from saiduan.app import create_app

PASSWORD = "correct horse battery staple"
_numbers = count(1)

# username -> (role, centre code); all invented.
STAFF = {
    "w_bkk": ("worker", "PV10"),
    "w_bkk2": ("worker", "PV10"),
    "w_spk": ("worker", "PV11"),
    "s_bkk": ("supervisor", "PV10"),
    "s_spk": ("supervisor", "PV11"),
    "s_nat": ("supervisor", "NATIONAL"),
    "admin": ("admin", "NATIONAL"),
}


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """argon2 at production cost makes each staff account take ~100 ms; tests use a cheap one."""
    from argon2 import PasswordHasher

    import handoff.auth
    import handoff.passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(handoff.passwords, "_hasher", cheap)
    monkeypatch.setattr(handoff.auth, "_hasher", cheap)


@dataclass
class World:
    centres: dict[str, Centre]
    users: dict[str, int]


@pytest.fixture
def world(sessions) -> World:
    with sessions() as s:
        load_centres(s)
        load_agencies(s)
        users = {}
        for name, (role, centre) in STAFF.items():
            users[name] = create_user(s, username=name, password=PASSWORD, display_name=f"ทดสอบ {name}",
                                      role=role, centre_code=centre).id
        s.commit()
        centres = {c.code: c for c in s.exec(select(Centre))}
    return World(centres=centres, users=users)


def make_case(session: Session, world: World, *, centre: str = "PV10", priority: Priority = Priority.normal,
              channel: str = "line", text: str = "มีคนทำร้ายร่างกายที่บ้าน ช่วยด้วย", sla_minutes: int | None = 60,
              created_at: datetime | None = None, callback_phone: str | None = None,
              safe_to_contact: bool | None = True, categories: list[str] | None = None,
              user_id: str | None = None, state: ConversationState = ConversationState.waiting_human) -> Case:
    now = created_at or utcnow()
    n = next(_numbers)
    contact = Contact(channel=channel, channel_user_id=user_id or f"U{n:032d}", display_name=f"ผู้ติดต่อ {n}",
                      safe_to_contact=safe_to_contact, last_inbound_at=now, consent="given")
    session.add(contact)
    session.flush()
    conv = Conversation(contact_id=contact.id, state=state, created_at=now, updated_at=now)
    session.add(conv)
    session.flush()
    session.add(Message(conversation_id=conv.id, direction=Direction.inbound, sender=Sender.citizen, text=text,
                        created_at=now))
    c = world.centres[centre]
    case = Case(number=f"T-{n:06d}", contact_id=contact.id, conversation_id=conv.id, channel=channel,
                priority=priority, priority_rank=priority.rank, emergency=priority is Priority.emergency,
                categories=categories or ["violence"], scores={"violence": 0.91}, summary=text, centre_id=c.id,
                province_code=c.province_code, sla_due_at=now + timedelta(minutes=sla_minutes) if sla_minutes else None,
                callback_phone=callback_phone, callback_wanted=callback_phone is not None, created_at=now,
                updated_at=now)
    session.add(case)
    session.flush()
    conv.case_id = case.id
    session.add(conv)
    session.commit()
    return case


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
def client(app, world):
    with TestClient(app) as c:
        yield c


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Signs in and returns the session's CSRF token."""
    client.cookies.clear()
    page = client.get("/console/login")
    response = client.post("/console/login", data={"username": username, "password": password,
                                                   "csrf_token": csrf_of(page.text), "next": "/console"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    queue = client.get("/console")
    assert queue.status_code == 200
    return csrf_of(queue.text)
