"""Who may see and change which case: the one place that decides, used by every query and route.

Rules (by the user's role and the centre they belong to):
- worker: cases routed to their own centre.
- supervisor: cases in their centre's province (by the case's province code) and cases routed to
  their own centre. A supervisor of a centre without a province (the national 1300 centre)
  oversees the whole country, because that centre takes over when a province cannot answer.
- admin: every case.
Inactive users see nothing. Pages for supervisors and admins also check the role itself
(`require_role`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from intake.models import Case, Centre, Role, StaffUser

_ROLE_LEVEL = {Role.worker: 0, Role.supervisor: 1, Role.admin: 2}


class AccessDenied(Exception):
    """The user may not see or change this; routes turn it into 403 (or 404 for a case)."""


@dataclass(frozen=True)
class Viewer:
    """A signed-in user with the centre facts access decisions need (loaded once per request)."""

    user_id: int
    username: str
    display_name: str
    role: Role
    centre_id: int
    centre_name: str
    province_code: int | None  # None: the national centre

    @property
    def is_supervisor(self) -> bool:
        return _ROLE_LEVEL[self.role] >= _ROLE_LEVEL[Role.supervisor]

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    @property
    def sees_everything(self) -> bool:
        return self.role is Role.admin or (self.role is Role.supervisor and self.province_code is None)


def viewer_for(session: Session, user: StaffUser) -> Viewer:
    centre = session.get(Centre, user.centre_id)
    return Viewer(
        user_id=user.id, username=user.username, display_name=user.display_name, role=Role(user.role),
        centre_id=user.centre_id, centre_name=centre.name_th if centre else "",
        province_code=centre.province_code if centre else None,
    )


def has_role(viewer: Viewer, minimum: Role) -> bool:
    return _ROLE_LEVEL[viewer.role] >= _ROLE_LEVEL[minimum]


def require_role(viewer: Viewer, minimum: Role) -> None:
    if not has_role(viewer, minimum):
        raise AccessDenied(f"needs {minimum}")


def case_filter(viewer: Viewer) -> sa.ColumnElement[bool]:
    """SQL condition on `cases` selecting exactly the cases this viewer may see."""
    if viewer.sees_everything:
        return sa.true()
    if viewer.role is Role.supervisor:
        return sa.or_(Case.province_code == viewer.province_code, Case.centre_id == viewer.centre_id)
    return Case.centre_id == viewer.centre_id


def can_see_case(viewer: Viewer, case: Case) -> bool:
    if viewer.sees_everything:
        return True
    if viewer.role is Role.supervisor:
        return case.province_code == viewer.province_code or case.centre_id == viewer.centre_id
    return case.centre_id == viewer.centre_id


def get_case(session: Session, viewer: Viewer, case_id: int, *, for_update: bool = False) -> Case:
    """The case if the viewer may see it; AccessDenied otherwise (also when it does not exist,
    so ids of other centres' cases cannot be probed)."""
    stmt = sa.select(Case).where(Case.id == case_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    case = session.execute(stmt).scalar_one_or_none()
    if case is None or not can_see_case(viewer, case):
        raise AccessDenied("case")
    return case


def can_see_event(viewer: Viewer, data: dict) -> bool:
    """Live events carry centre_id and province_code; filter them like cases."""
    if viewer.sees_everything:
        return True
    if viewer.role is Role.supervisor:
        return data.get("province_code") == viewer.province_code or data.get("centre_id") == viewer.centre_id
    return data.get("centre_id") == viewer.centre_id
