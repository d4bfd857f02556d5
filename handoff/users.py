"""Creating and changing staff accounts (the console's sign-in uses these rows)."""

from __future__ import annotations

from sqlmodel import Session, select

from handoff.passwords import hash_password
from intake.models import Centre, Role, StaffUser


class UserError(ValueError):
    pass


def create_user(
    session: Session, *, username: str, password: str, display_name: str, role: Role | str, centre_code: str
) -> StaffUser:
    role = Role(role)
    username = username.strip().lower()
    if not username or len(username) > 64:
        raise UserError("username must have 1-64 characters")
    if session.exec(select(StaffUser).where(StaffUser.username == username)).first():
        raise UserError(f"user {username!r} already exists")
    centre = session.exec(select(Centre).where(Centre.code == centre_code)).first()
    if centre is None:
        raise UserError(f"no centre with code {centre_code!r}")
    user = StaffUser(
        username=username, password_hash=hash_password(password), display_name=display_name,
        role=role, centre_id=centre.id,
    )
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, *, username: str, password: str) -> StaffUser:
    user = session.exec(select(StaffUser).where(StaffUser.username == username.strip().lower())).first()
    if user is None:
        raise UserError(f"no user {username!r}")
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    return user
