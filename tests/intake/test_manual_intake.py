"""Manual intake (phone and walk-in) through the API the console uses, and the same flow."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi import FastAPI, Header, HTTPException
from fastapi.testclient import TestClient
from sqlmodel import select

import nlp
from handoff.passwords import hash_password
from intake.flows import ManualIntakeError, manual_intake
from intake.models import Case, CaseEvent, Centre, Contact, Role, StaffUser
from intake.routes import make_router
from saiduan.app import create_app
from tests.intake.conftest import Recorder


@pytest.fixture
def staff(sessions, centres) -> int:
    with sessions() as s:
        centre = s.exec(select(Centre).where(Centre.code == "PV10")).one()
        user = StaffUser(username="somjai", password_hash=hash_password("a-long-test-passphrase-1"),
                         display_name="สมใจ ทดสอบ", role=Role.worker, centre_id=centre.id)
        s.add(user)
        s.commit()
        return user.id


@pytest.fixture
def api(sessions, staff):
    """The router with a small real staff dependency: the StaffUser named in a header."""
    recorder = Recorder()

    def current_staff(x_staff: str | None = Header(default=None)) -> StaffUser:
        with sessions() as s:
            user = s.exec(select(StaffUser).where(StaffUser.username == (x_staff or ""),
                                                  StaffUser.active.is_(True))).first()
        if user is None:
            raise HTTPException(status_code=401, detail="sign in")
        return user

    app = FastAPI()
    app.include_router(make_router(sessions=sessions, current_staff=current_staff,
                                   classify=lambda: nlp.classify, notify=lambda: recorder))
    client = TestClient(app)
    client.recorder = recorder
    return client


def test_phone_call_opens_a_routed_timed_case(api, sessions, staff):
    r = api.post("/api/intake/cases", headers={"x-staff": "somjai"}, json={
        "text": "ผู้โทรแจ้งว่าสามีชอบตีเวลาเมา ขอให้ช่วย", "channel": "phone", "caller_name": "นางทดสอบ ใจดี",
        "caller_phone": "๐๘๙-๑๒๓-๔๕๖๗", "province_code": 40, "district_code": 4001,
    })
    assert r.status_code == 201, r.text
    body = r.json()
    assert re.fullmatch(r"1300-25\d\d-\d{6}", body["number"])
    assert body["centre"]["code"] == "PV40" and "violence" in body["categories"]
    with sessions() as s:
        case = s.get(Case, body["id"])
        contact = s.get(Contact, case.contact_id)
        events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all()
    assert case.channel == "phone" and case.callback_phone == "0891234567" and case.callback_wanted
    assert contact.channel == "phone" and contact.display_name == "นางทดสอบ ใจดี" and contact.consent == "given"
    assert [(e.kind, e.actor, e.user_id) for e in events] == [("opened", "worker", staff), ("routed", "worker", staff)]
    assert case.sla_due_at - case.created_at <= timedelta(minutes=240)
    assert api.recorder.topics("case")[0]["kind"] == "opened"


def test_walk_in_with_category_override_and_emergency(api, sessions):
    r = api.post("/api/intake/cases", headers={"x-staff": "somjai"}, json={
        "text": "ผู้สูงอายุถูกทิ้งไว้ที่ตลาด", "channel": "walkin", "categories": ["neglect"],
        "emergency": True, "subdistrict_code": 400114,
    })
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["priority"] == "emergency" and body["categories"][0] == "neglect"
    with sessions() as s:
        case = s.get(Case, body["id"])
    assert (case.province_code, case.district_code, case.subdistrict_code) == (40, 4001, 400114)
    assert case.sla_due_at - case.created_at == timedelta(minutes=15)
    assert api.recorder.topics("alert")[0]["kind"] == "emergency"


def test_manual_intake_refuses_bad_input_and_strangers(api, sessions):
    ok = {"text": "ขอข้อมูลเบี้ยผู้สูงอายุ", "channel": "phone"}
    assert api.post("/api/intake/cases", json=ok).status_code == 401
    assert api.post("/api/intake/cases", headers={"x-staff": "nobody"}, json=ok).status_code == 401
    h = {"x-staff": "somjai"}
    assert api.post("/api/intake/cases", headers=h, json={**ok, "channel": "line"}).status_code == 422
    assert api.post("/api/intake/cases", headers=h, json={**ok, "caller_phone": "12"}).status_code == 422
    assert api.post("/api/intake/cases", headers=h, json={**ok, "categories": ["nope"]}).status_code == 422
    assert api.post("/api/intake/cases", headers=h, json={**ok, "district_code": 4099}).status_code == 422
    r = api.post("/api/intake/cases", headers=h, json={**ok, "consent": False})
    assert r.status_code == 422 and "ยินยอม" in r.json()["detail"]
    with sessions() as s:
        assert s.exec(select(Case)).all() == []


def test_manual_intake_without_consent_is_allowed_only_in_an_emergency(sessions, staff):
    with sessions() as s:
        user = s.get(StaffUser, staff)
        with pytest.raises(ManualIntakeError):
            manual_intake(s, staff=user, text="แจ้งเหตุ", channel="phone", classify=nlp.classify, consent=False)
        case = manual_intake(s, staff=user, text="มีคนถูกทำร้ายอยู่ตอนนี้", channel="phone",
                             classify=nlp.classify, consent=False, emergency=True)
        assert case.facts["lawful_basis"] == "vital_interest" and case.emergency


def test_the_app_mounts_the_api_behind_the_console_sign_in(settings, centres):
    with TestClient(create_app(settings)) as client:
        r = client.post("/api/intake/cases", json={"text": "ทดสอบ", "channel": "phone"})
        assert r.status_code == 401  # mounted (not 404) and guarded by the console's sign-in
