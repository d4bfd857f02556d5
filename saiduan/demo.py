"""Demo data for `make run`: centres, agencies and three staff accounts on a fresh database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from handoff.agencies import load_agencies
from handoff.passwords import generate_password
from handoff.users import create_user
from intake.centres import load_centres
from intake.models import Role, StaffUser

DEMO_USERS = [
    # username, display name, role, centre code
    ("worker", "สมใจ ใจดี (นักสังคมสงเคราะห์ ทดลอง)", Role.worker, "PV10"),
    ("supervisor", "วันดี มีสุข (หัวหน้าเวร ทดลอง)", Role.supervisor, "PV10"),
    ("admin", "ผู้ดูแลระบบ (ทดลอง)", Role.admin, "NATIONAL"),
]


@dataclass
class DemoResult:
    centres: int
    agencies_added: int
    new_passwords: dict[str, str]


def load_demo_data(session: Session) -> DemoResult:
    centres = load_centres(session)
    agencies = load_agencies(session)
    passwords: dict[str, str] = {}
    for username, name, role, centre in DEMO_USERS:
        if session.exec(select(StaffUser).where(StaffUser.username == username)).first():
            continue
        password = generate_password()
        create_user(session, username=username, password=password, display_name=name, role=role,
                    centre_code=centre)
        passwords[username] = password
    return DemoResult(centres=centres, agencies_added=agencies, new_passwords=passwords)
