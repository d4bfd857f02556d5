"""When a case is due: the time to first human contact, from priority and problem category.

Emergencies are due in 15 minutes whatever their category. Otherwise the category's
`sla_minutes` (admins set them) apply, taking the strictest of the case's categories, and never
looser than the priority's own ceiling, so raising a case to "high" shortens its clock even
when its category is slow.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlmodel import Session, select

from intake.models import Priority, ProblemCategory

EMERGENCY_MINUTES = 15
# Ceiling per priority, applied on top of the category's minutes.
PRIORITY_CEILING_MINUTES = {
    Priority.emergency: EMERGENCY_MINUTES,
    Priority.high: 4 * 60,
    Priority.normal: 24 * 60,
    Priority.low: 3 * 24 * 60,
}
# A case with no known category (or only unknown keys) is treated like "other".
DEFAULT_MINUTES = PRIORITY_CEILING_MINUTES[Priority.low]


def categories_by_key(session: Session, keys: Iterable[str]) -> dict[str, ProblemCategory]:
    keys = [k for k in dict.fromkeys(keys) if k]
    if not keys:
        return {}
    rows = session.exec(select(ProblemCategory).where(ProblemCategory.key.in_(keys))).all()
    return {row.key: row for row in rows}


def priority_for(categories: Iterable[ProblemCategory], *, emergency: bool) -> Priority:
    """Emergency wins; otherwise the most urgent default priority among the categories."""
    if emergency:
        return Priority.emergency
    found = [Priority(c.default_priority) for c in categories if c.default_priority in Priority.__members__]
    if not found:
        return Priority.normal
    return min(found, key=lambda p: p.rank)


def sla_minutes(categories: Iterable[ProblemCategory], priority: Priority) -> int:
    if priority is Priority.emergency:
        return EMERGENCY_MINUTES
    minutes = [c.sla_minutes for c in categories if c.sla_minutes and c.sla_minutes > 0]
    base = min(minutes) if minutes else DEFAULT_MINUTES
    return min(base, PRIORITY_CEILING_MINUTES[priority])


def due_at(created: datetime, minutes: int) -> datetime:
    if created.tzinfo is None:
        raise ValueError("timezone-aware datetimes only")
    return created + timedelta(minutes=minutes)
