"""One person, one record: a supervisor links contacts from different channels to one Person,
so the case page shows that person's whole history."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from bots.sqltypes import utcnow
from handoff.access import AccessDenied, Viewer, case_filter
from handoff.audit import record
from handoff.casework import CaseworkError
from intake.models import Case, CaseEvent, Contact, Person


def visible_contact(session: Session, viewer: Viewer, contact_id: int) -> Contact:
    """A contact the viewer may act on: one behind at least one case they may see."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise AccessDenied("contact")
    seen = session.execute(sa.select(Case.id).where(Case.contact_id == contact.id, case_filter(viewer)).limit(1)).first()
    if seen is None:
        raise AccessDenied("contact")
    return contact


def link(session: Session, viewer: Viewer, a: Contact, b: Contact, *, now: datetime | None = None) -> Person:
    if not viewer.is_supervisor:
        raise AccessDenied("supervisor")
    if a.id == b.id:
        raise CaseworkError("เลือกผู้ติดต่อสองรายที่ต่างกัน")
    now = now or utcnow()
    keep_id = a.person_id or b.person_id
    if keep_id is None:
        person = Person(created_at=now, linked_by_user_id=viewer.user_id)
        session.add(person)
        session.flush()
        keep_id = person.id
    # Merge: every contact of either person moves to the kept one.
    others = {p for p in (a.person_id, b.person_id) if p and p != keep_id}
    if others:
        session.execute(sa.update(Contact).where(Contact.person_id.in_(others)).values(person_id=keep_id))
    for c in (a, b):
        c.person_id = keep_id
        session.add(c)
    person = session.get(Person, keep_id)
    person.linked_by_user_id = viewer.user_id
    session.add(person)
    session.flush()
    case_ids = session.execute(sa.select(Case.id).where(Case.contact_id.in_([a.id, b.id]))).scalars().all()
    for case_id in case_ids:
        session.add(CaseEvent(case_id=case_id, kind="person_linked", actor="worker", user_id=viewer.user_id,
                              created_at=now, data={"person_id": keep_id, "contact_ids": [a.id, b.id]}))
    record(session, user_id=viewer.user_id, action="person.link",
           detail={"person_id": keep_id, "contact_ids": [a.id, b.id]})
    return person


def unlink(session: Session, viewer: Viewer, contact: Contact, *, now: datetime | None = None) -> None:
    if not viewer.is_supervisor:
        raise AccessDenied("supervisor")
    before = contact.person_id
    contact.person_id = None
    session.add(contact)
    record(session, user_id=viewer.user_id, action="person.unlink",
           detail={"person_id": before, "contact_id": contact.id})


def linked_contacts(session: Session, contact: Contact) -> list[Contact]:
    if contact.person_id is None:
        return [contact]
    return list(session.execute(sa.select(Contact).where(Contact.person_id == contact.person_id)
                                .order_by(Contact.id)).scalars())


def find_by_case_number(session: Session, viewer: Viewer, number: str) -> Case | None:
    number = (number or "").strip()
    if not number:
        return None
    return session.execute(sa.select(Case).where(Case.number == number, case_filter(viewer))).scalar_one_or_none()
