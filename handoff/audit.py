"""The audit trail of views and changes: who looked at or did what, and when."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from handoff.models import AuditEntry


def record(session: Session, *, user_id: int | None, action: str, case_id: int | None = None,
           detail: dict[str, Any] | None = None) -> AuditEntry:
    """Add an entry in the caller's transaction: a change and its audit entry commit together.
    `detail` holds ids and field names, never the personal data itself."""
    entry = AuditEntry(user_id=user_id, action=action, case_id=case_id, detail=detail or {})
    session.add(entry)
    return entry
