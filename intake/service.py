"""Database reads and writes for intake: contacts, conversations, messages, events, case numbers.

Keyword-only arguments, session first; nothing here commits (the caller's transaction decides).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bots.sqltypes import utcnow
from intake.models import (
    Case, CaseCounter, CaseEvent, ConsentStatus, Contact, Conversation, ConversationEvent, ConversationState,
    Message, ProblemCategory,
)

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543  # Buddhist-era year = Gregorian year + 543
CASE_PREFIX = "1300"


# -- the one rule about messaging people first ---------------------------------------------

def may_message_first(contact: Contact, conversation: Conversation | None = None) -> bool:
    """Whether anyone may send this contact a message they did not just ask for (a follow-up,
    a reminder, a worker writing after a silence).

    No when the person said it is not safe to be contacted, blocked the account, refused
    consent, or used the leave word in the given conversation and has not written since.
    Replies to what they just wrote are not "first" and do not go through this rule.
    """
    if contact.blocked or contact.safe_to_contact is False:
        return False
    if contact.consent == ConsentStatus.refused:
        return False
    return not (conversation is not None and conversation.paused)


# -- contacts and conversations -------------------------------------------------------------

def get_or_create_contact(session: Session, *, channel: str, channel_user_id: str,
                          display_name: str | None = None, now: datetime | None = None) -> Contact:
    stmt = select(Contact).where(Contact.channel == channel, Contact.channel_user_id == channel_user_id)
    contact = session.exec(stmt).first()
    if contact is None:
        contact = Contact(channel=channel, channel_user_id=channel_user_id,
                          display_name=(display_name or None), created_at=now or utcnow())
        try:
            with session.begin_nested():
                session.add(contact)
        except IntegrityError:
            # Another instance created it a moment ago (the processor serialises one user's
            # events, but a manual tool or a second channel worker might not).
            contact = session.exec(stmt).one()
    elif display_name and contact.display_name != display_name:
        contact.display_name = display_name[:200]
        session.add(contact)
    return contact


def current_conversation(session: Session, *, contact: Contact) -> Conversation | None:
    """The contact's newest conversation unless it is closed."""
    stmt = (select(Conversation).where(Conversation.contact_id == contact.id)
            .order_by(Conversation.id.desc()).limit(1))
    conv = session.exec(stmt).first()
    if conv is None or conv.state == ConversationState.closed:
        return None
    return conv


def start_conversation(session: Session, *, contact: Contact, now: datetime) -> Conversation:
    conv = Conversation(contact_id=contact.id, state=ConversationState.first_contact, context={},
                        created_at=now, updated_at=now)
    session.add(conv)
    session.flush()
    record_event(session, conversation=conv, kind="started", to_state=conv.state, now=now)
    return conv


def record_event(session: Session, *, conversation: Conversation, kind: str, from_state: str | None = None,
                 to_state: str | None = None, data: dict[str, Any] | None = None,
                 now: datetime | None = None) -> ConversationEvent:
    event = ConversationEvent(conversation_id=conversation.id, kind=kind, from_state=from_state,
                              to_state=to_state, data=data or {}, created_at=now or utcnow())
    session.add(event)
    return event


def set_state(session: Session, *, conversation: Conversation, state: str, now: datetime | None = None,
              data: dict[str, Any] | None = None) -> None:
    """Move a conversation to another state and record the transition."""
    now = now or utcnow()
    before = conversation.state
    if before == state:
        return
    conversation.state = ConversationState(state).value
    conversation.updated_at = now
    session.add(conversation)
    record_event(session, conversation=conversation, kind="state", from_state=before, to_state=state,
                 data=data, now=now)


def record_message(session: Session, *, conversation: Conversation, direction: str, sender: str,
                   kind: str = "text", text: str | None = None, payload: dict[str, Any] | None = None,
                   media_path: str | None = None, media_type: str | None = None,
                   media_size: int | None = None, inbox_id: int | None = None, outbox_id: int | None = None,
                   user_id: int | None = None, now: datetime | None = None) -> Message:
    msg = Message(conversation_id=conversation.id, direction=direction, sender=sender, kind=kind, text=text,
                  payload=payload or {}, media_path=media_path, media_type=media_type, media_size=media_size,
                  inbox_event_id=inbox_id, outbox_id=outbox_id, user_id=user_id, created_at=now or utcnow())
    session.add(msg)
    session.flush()
    return msg


# -- cases ----------------------------------------------------------------------------------

def year_be(now: datetime) -> int:
    return now.astimezone(BANGKOK).year + BE_OFFSET


def next_case_number(session: Session, *, now: datetime) -> str:
    """`1300-<BE year>-<sequence>`: one atomic counter row per year, shared by every instance.

    The UPDATE ... RETURNING holds the year's row lock until the caller commits, so two
    instances never get the same sequence (and a rolled-back transaction gives its number back).
    """
    year = year_be(now)
    table = CaseCounter.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(table).values(year_be=year, last_seq=0).on_conflict_do_nothing(index_elements=["year_be"]))
    seq = session.execute(
        sa.update(table).where(table.c.year_be == year).values(last_seq=table.c.last_seq + 1)
        .returning(table.c.last_seq)
    ).scalar_one()
    return f"{CASE_PREFIX}-{year}-{seq:06d}"


def add_case_event(session: Session, *, case: Case, kind: str, data: dict[str, Any] | None = None,
                   actor: str = "bot", user_id: int | None = None, now: datetime | None = None) -> CaseEvent:
    event = CaseEvent(case_id=case.id, kind=kind, actor=actor, user_id=user_id, data=data or {},
                      created_at=now or utcnow())
    session.add(event)
    return event


def active_categories(session: Session) -> list[ProblemCategory]:
    stmt = select(ProblemCategory).where(ProblemCategory.active.is_(True)).order_by(
        ProblemCategory.sort, ProblemCategory.key)
    return list(session.exec(stmt).all())


def own_case(session: Session, *, contact: Contact, number: str) -> Case | None:
    """The case with this number if it belongs to this contact (or a contact a supervisor
    linked to the same person); None otherwise, whether or not the number exists."""
    case = session.exec(select(Case).where(Case.number == number)).first()
    if case is None or case.contact_id is None:
        return None
    if case.contact_id == contact.id:
        return case
    if contact.person_id is None:
        return None
    owner = session.get(Contact, case.contact_id)
    return case if owner is not None and owner.person_id == contact.person_id else None


def own_cases(session: Session, *, contact: Contact, limit: int = 12) -> list[Case]:
    ids = [contact.id]
    if contact.person_id is not None:
        ids = list(session.exec(select(Contact.id).where(Contact.person_id == contact.person_id)).all())
    stmt = select(Case).where(Case.contact_id.in_(ids)).order_by(Case.id.desc()).limit(limit)
    return list(session.exec(stmt).all())
