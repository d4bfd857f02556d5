"""Admin basics: problem categories and the classifier's training examples."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlmodel import Session

from handoff.access import Viewer
from handoff.audit import record
from handoff.casework import CaseworkError
from intake.models import Priority, ProblemCategory, TrainingExample

_KEY = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def save_category(session: Session, viewer: Viewer, *, key: str, name_th: str, name_en: str, description: str,
                  default_priority: str, sla_minutes: int, active: bool, sort: int, create: bool) -> ProblemCategory:
    key = (key or "").strip().lower()
    if not _KEY.match(key):
        raise CaseworkError("รหัสหมวดใช้อักษรอังกฤษตัวเล็ก ตัวเลข และ _ ยาว 2-32 ตัว ขึ้นต้นด้วยตัวอักษร")
    if not (name_th or "").strip() or not (name_en or "").strip():
        raise CaseworkError("โปรดกรอกชื่อหมวดทั้งภาษาไทยและภาษาอังกฤษ")
    try:
        priority = Priority(default_priority)
    except ValueError:
        raise CaseworkError("ระดับความเร่งด่วนไม่ถูกต้อง") from None
    if not 5 <= sla_minutes <= 30 * 24 * 60:
        raise CaseworkError("เวลาตอบสนอง (SLA) ต้องอยู่ระหว่าง 5 นาทีถึง 30 วัน")
    category = session.get(ProblemCategory, key)
    if create and category is not None:
        raise CaseworkError("มีหมวดรหัสนี้อยู่แล้ว")
    if not create and category is None:
        raise CaseworkError("ไม่พบหมวดนี้")
    if category is None:
        category = ProblemCategory(key=key, name_th="", name_en="")
    category.name_th = name_th.strip()[:200]
    category.name_en = name_en.strip()[:200]
    category.description = (description or "").strip()[:2000]
    category.default_priority = priority.value
    category.sla_minutes = sla_minutes
    category.active = active
    category.sort = sort
    session.add(category)
    record(session, user_id=viewer.user_id, action="admin.category.create" if create else "admin.category.update",
           detail={"key": key})
    return category


def examples(session: Session, *, label: str | None = None, source: str | None = None, offset: int = 0,
             limit: int = 50) -> tuple[list[TrainingExample], int]:
    stmt = sa.select(TrainingExample)
    count = sa.select(sa.func.count()).select_from(TrainingExample)
    if source:
        stmt = stmt.where(TrainingExample.source == source)
        count = count.where(TrainingExample.source == source)
    rows = list(session.execute(stmt.order_by(TrainingExample.id.desc())).scalars()) if label else list(
        session.execute(stmt.order_by(TrainingExample.id.desc()).offset(offset).limit(limit)).scalars())
    if label:
        # Labels live in a JSON list; few enough examples that filtering here stays simple.
        rows = [r for r in rows if label in (r.labels or [])]
        return rows[offset:offset + limit], len(rows)
    return rows, session.execute(count).scalar_one()


def save_example(session: Session, viewer: Viewer, *, example_id: int | None, text: str, labels: list[str],
                 emergency: bool) -> TrainingExample:
    text = (text or "").strip()
    if not text:
        raise CaseworkError("ข้อความตัวอย่างว่างอยู่")
    known = {k for (k,) in session.execute(sa.select(ProblemCategory.key))}
    labels = [x for x in dict.fromkeys(labels) if x in known]
    if not labels:
        raise CaseworkError("โปรดเลือกอย่างน้อยหนึ่งหมวด")
    if example_id is None:
        example = TrainingExample(text=text[:5000], labels=labels, emergency=emergency, source="admin",
                                  user_id=viewer.user_id)
    else:
        example = session.get(TrainingExample, example_id)
        if example is None:
            raise CaseworkError("ไม่พบตัวอย่างนี้")
        example.text = text[:5000]
        example.labels = labels
        example.emergency = emergency
        example.user_id = viewer.user_id
    session.add(example)
    session.flush()
    record(session, user_id=viewer.user_id, action="admin.example.save", detail={"example_id": example.id})
    return example


def delete_example(session: Session, viewer: Viewer, example_id: int) -> None:
    example = session.get(TrainingExample, example_id)
    if example is None:
        raise CaseworkError("ไม่พบตัวอย่างนี้")
    session.delete(example)
    record(session, user_id=viewer.user_id, action="admin.example.delete", detail={"example_id": example_id})
