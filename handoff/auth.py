"""Sign-in, server-side sessions, CSRF tokens and lock-out.

The cookie holds a random token; the database keeps only its SHA-256, so a leaked table cannot
be replayed. Sessions end at an absolute limit, after an idle limit, at sign-out, or when the
account is deactivated. Five failed sign-ins lock the account for fifteen minutes; the error
shown never says whether the username exists.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from bots.sqltypes import utcnow
from handoff.audit import record
from handoff.models import StaffSession
from handoff.passwords import _hasher, needs_rehash, verify_password
from intake.models import StaffUser

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 12
IDLE_MINUTES = 60
# Writing last_seen_at on every request would make each page view a write; once a minute is enough.
TOUCH_EVERY = timedelta(minutes=1)
# Verified against when the username is unknown, so both paths cost one argon2 verification.
_DUMMY_HASH = _hasher.hash("not-a-real-password-" + secrets.token_hex(8))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class SignedIn:
    user: StaffUser
    staff_session: StaffSession
    token: str  # raw cookie value, only known at sign-in


def authenticate(session: Session, *, username: str, password: str, now: datetime | None = None,
                 ip: str | None = None) -> SignedIn | None:
    """Check the password and open a session; None for any failure (unknown user, wrong
    password, locked or inactive account), after recording it."""
    now = now or utcnow()
    username = (username or "").strip().lower()
    user = session.execute(
        select(StaffUser).where(StaffUser.username == username).with_for_update()
        if session.get_bind().dialect.name == "postgresql"
        else select(StaffUser).where(StaffUser.username == username)
    ).scalar_one_or_none()
    if user is None:
        verify_password(_DUMMY_HASH, password or "")
        record(session, user_id=None, action="auth.failed", detail={"reason": "unknown_user"})
        return None
    if user.locked_until is not None and user.locked_until > now:
        verify_password(_DUMMY_HASH, password or "")
        record(session, user_id=user.id, action="auth.failed", detail={"reason": "locked"})
        return None
    if not verify_password(user.password_hash, password or "") or not user.active:
        user.failed_logins = (user.failed_logins or 0) + 1
        reason = "inactive" if user.active is False else "bad_password"
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            reason = "locked_now"
        session.add(user)
        record(session, user_id=user.id, action="auth.failed", detail={"reason": reason})
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.add(user)
    token = secrets.token_urlsafe(32)
    staff_session = StaffSession(
        token_sha256=token_hash(token), csrf_token=secrets.token_urlsafe(32), user_id=user.id,
        created_at=now, expires_at=now + timedelta(hours=SESSION_HOURS), last_seen_at=now,
    )
    session.add(staff_session)
    record(session, user_id=user.id, action="auth.signed_in", detail={})
    session.flush()
    return SignedIn(user=user, staff_session=staff_session, token=token)


def resolve(session: Session, token: str | None, *, now: datetime | None = None) -> tuple[StaffUser, StaffSession] | None:
    """The user and session behind a cookie, or None if it is unknown, expired, idle or revoked."""
    if not token or len(token) > 128:
        return None
    now = now or utcnow()
    staff_session = session.execute(
        select(StaffSession).where(StaffSession.token_sha256 == token_hash(token))
    ).scalar_one_or_none()
    if staff_session is None or staff_session.revoked_at is not None or staff_session.expires_at <= now:
        return None
    last_seen = staff_session.last_seen_at or staff_session.created_at
    if now - last_seen > timedelta(minutes=IDLE_MINUTES):
        return None
    user = session.get(StaffUser, staff_session.user_id)
    if user is None or not user.active:
        return None
    if now - last_seen > TOUCH_EVERY:
        session.execute(sa.update(StaffSession).where(StaffSession.id == staff_session.id).values(last_seen_at=now))
    return user, staff_session


def sign_out(session: Session, staff_session: StaffSession, *, now: datetime | None = None) -> None:
    session.execute(sa.update(StaffSession).where(StaffSession.id == staff_session.id)
                    .values(revoked_at=now or utcnow()))
    record(session, user_id=staff_session.user_id, action="auth.signed_out", detail={})


def revoke_all(session: Session, *, user_id: int, now: datetime | None = None) -> None:
    """End every session of a user (deactivation, password change)."""
    session.execute(sa.update(StaffSession).where(StaffSession.user_id == user_id,
                                                  StaffSession.revoked_at.is_(None))
                    .values(revoked_at=now or utcnow()))


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected, given)
