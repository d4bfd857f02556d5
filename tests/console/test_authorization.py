"""Every console route refuses the wrong role and the wrong centre.

The routes come from the console's own route table, so a new route is covered (and must declare
its role) without anyone editing this file; the last test fails if a /console route exists that
the table does not know.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from handoff.models import Agency, Referral
from intake.models import Message, Role
from saiduan.app import create_app
from saiduan.settings import Settings
from tests.console.conftest import make_case, sign_in

_APP = create_app(Settings(env="test", database_url="sqlite:///:memory:", workers_enabled=False, log_json=False))
SPECS = [s for s in _APP.state.console_routes.specs if s.role is not None]
LOWER = {Role.supervisor: "w_bkk", Role.admin: "s_bkk"}
# Same role as the route needs, other province than the case (PV10, Bangkok).
OTHER_CENTRE = {Role.worker: "w_spk", Role.supervisor: "s_spk"}
OWNER = {Role.worker: "w_bkk", Role.supervisor: "s_bkk", Role.admin: "admin"}
FORM = {"to": "in_progress", "reason": "ทดสอบสิทธิ์", "text": "ข้อความทดสอบ", "note": "ทดสอบ", "due": "",
        "outcome": "no_answer", "phone": "0812345678", "status": "accepted", "key": "violence", "name_th": "x",
        "name_en": "x", "labels": "violence"}


def _ids(spec):
    return f"{spec.method} {spec.path}"


@pytest.fixture
def targets(sessions, world):
    with sessions() as s:
        case = make_case(s, world, centre="PV10")
        msg = s.exec(select(Message).where(Message.conversation_id == case.conversation_id)).first()
        agency = s.exec(select(Agency)).first()
        referral = Referral(case_id=case.id, agency_id=agency.id, note="x", user_id=world.users["w_bkk"])
        s.add(referral)
        s.commit()
        return {"case_id": case.id, "referral_id": referral.id, "message_id": msg.id, "key": "violence",
                "example_id": 0, "agency_id": agency.id, "contact_id": case.contact_id, "outbox_id": 1}


def _request(client, spec, targets, csrf):
    path = spec.path
    for name, value in targets.items():
        path = path.replace("{" + name + "}", str(value))
    assert "{" not in path, f"no test value for a path parameter in {spec.path}"
    if spec.method == "GET":
        return client.get(path, follow_redirects=False)
    data = dict(FORM, csrf_token=csrf, agency_id=targets["agency_id"], to_user_id=1,
                contact_a=targets["contact_id"], contact_b=targets["contact_id"], contact_id=targets["contact_id"])
    return client.post(path, data=data, follow_redirects=False)


@pytest.mark.parametrize("spec", SPECS, ids=_ids)
def test_signed_out_is_refused(client, targets, spec):
    response = _request(client, spec, targets, "")
    if spec.method == "GET" and not spec.path.endswith("/events"):
        assert response.status_code == 303 and "/console/login" in response.headers["location"]
    else:
        assert response.status_code == 401


@pytest.mark.parametrize("spec", [s for s in SPECS if s.role in LOWER], ids=_ids)
def test_wrong_role_is_refused(client, targets, spec):
    csrf = sign_in(client, LOWER[spec.role])
    assert _request(client, spec, targets, csrf).status_code == 403


@pytest.mark.parametrize("spec", [s for s in SPECS if s.role in OTHER_CENTRE and (
    s.case_scoped or "{message_id}" in s.path or s.path.startswith("/console/persons/"))], ids=_ids)
def test_wrong_centre_is_refused(client, targets, spec):
    csrf = sign_in(client, OTHER_CENTRE[spec.role])
    # Another province's case looks exactly like one that does not exist.
    assert _request(client, spec, targets, csrf).status_code == 404


@pytest.mark.parametrize("spec", [s for s in SPECS if s.method == "GET" and "{message_id}" not in s.path
                                  and not s.path.endswith("/events")], ids=_ids)
def test_the_right_user_gets_the_page(client, targets, spec):
    sign_in(client, OWNER[spec.role])
    assert _request(client, spec, targets, "").status_code == 200


def test_every_console_route_is_in_the_table():
    declared = {(s.method, s.path) for s in _APP.state.console_routes.specs}
    for route in _APP.routes:
        path = getattr(route, "path", "")
        if path.startswith("/console"):
            for method in route.methods - {"HEAD"}:
                assert (method, path) in declared, f"{method} {path} has no declared role"
