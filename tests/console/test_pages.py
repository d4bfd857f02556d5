"""The console's pages through HTTP: masking and audited reveal, replies, labels, lists, admin."""

from __future__ import annotations

from sqlmodel import select

from bots.models import OutboxMessage, OutboxStatus
from handoff.models import AuditEntry
from intake.models import Case, ProblemCategory, TrainingExample
from tests.console.conftest import make_case, sign_in

SECRET_TEXT = "โทรหาหนูที่ 0812345678 นะคะ เลขบัตร 1103701234567"


def _audit(sessions, action):
    with sessions() as s:
        return s.exec(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_numbers_are_masked_until_an_audited_reveal(client, sessions, world):
    with sessions() as s:
        case = make_case(s, world, text=SECRET_TEXT, callback_phone="0812345678")
    csrf = sign_in(client, "w_bkk")
    queue = client.get("/console").text
    assert case.number in queue and "0812345678" not in queue and "08x-xxx-5678" in queue
    page = client.get(f"/console/cases/{case.id}").text
    assert "0812345678" not in page and "1103701234567" not in page
    assert "08x-xxx-5678" in page and "x-xxxx-xxxxx-56-7" in page
    assert [e.case_id for e in _audit(sessions, "case.view")] == [case.id]
    assert _audit(sessions, "case.reveal") == []
    revealed = client.post(f"/console/cases/{case.id}/reveal", data={"csrf_token": csrf}).text
    assert "0812345678" in revealed and "1103701234567" in revealed
    entries = _audit(sessions, "case.reveal")
    assert [(e.case_id, e.user_id) for e in entries] == [(case.id, world.users["w_bkk"])]
    callbacks = client.get("/console/callbacks").text
    assert case.number in callbacks and "0812345678" not in callbacks


def test_takeover_and_reply_through_the_page(client, sessions, world):
    with sessions() as s:
        case = make_case(s, world)
    csrf = sign_in(client, "w_bkk")
    page = client.get(f"/console/cases/{case.id}").text
    assert 'id="takeover"' in page and 'id="reply"' not in page
    assert client.post(f"/console/cases/{case.id}/takeover", data={"csrf_token": csrf},
                       follow_redirects=False).status_code == 303
    page = client.get(f"/console/cases/{case.id}").text
    assert 'id="reply"' in page and 'id="return-to-bot"' in page
    response = client.post(f"/console/cases/{case.id}/reply", data={"text": "สวัสดีค่ะ เจ้าหน้าที่ 1300 ค่ะ"},
                           headers={"X-CSRF-Token": csrf, "X-Requested-With": "fetch"})
    assert response.status_code == 201
    fragment = client.get(f"/console/cases/{case.id}/messages?after=0").text
    assert "สวัสดีค่ะ เจ้าหน้าที่ 1300 ค่ะ" in fragment
    with sessions() as s:
        rows = s.exec(select(OutboxMessage)).all()
        assert len(rows) == 1 and rows[0].status == OutboxStatus.pending
    # Another worker sees who holds it and cannot reply.
    csrf2 = sign_in(client, "w_bkk2")
    page = client.get(f"/console/cases/{case.id}").text
    assert "ทดสอบ w_bkk" in page and 'id="reply"' not in page
    refused = client.post(f"/console/cases/{case.id}/reply", data={"text": "แทรก"},
                          headers={"X-CSRF-Token": csrf2, "X-Requested-With": "fetch"})
    assert refused.status_code == 409


def test_take_next_button_and_status_close(client, sessions, world):
    with sessions() as s:
        case = make_case(s, world)
    csrf = sign_in(client, "w_bkk")
    response = client.post("/console/take-next", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.headers["location"] == f"/console/cases/{case.id}"
    page = client.get(response.headers["location"]).text
    assert "รับเคส" in page
    bad = client.post(f"/console/cases/{case.id}/status", data={"csrf_token": csrf, "to": "closed", "reason": ""})
    assert "โปรดระบุเหตุผล" in bad.text
    client.post(f"/console/cases/{case.id}/status", data={"csrf_token": csrf, "to": "closed",
                                                          "reason": "ช่วยเหลือเรียบร้อย"})
    with sessions() as s:
        assert s.get(Case, case.id).status == "closed"
    assert case.number not in client.get("/console").text


def test_labels_form_records_a_training_example(client, sessions, world):
    with sessions() as s:
        case = make_case(s, world, text="ไม่มีเงินซื้อนมให้ลูก")
    csrf = sign_in(client, "w_bkk")
    client.post(f"/console/cases/{case.id}/labels", data={"csrf_token": csrf, "labels": ["poverty", "neglect"]})
    with sessions() as s:
        example = s.exec(select(TrainingExample)).one()
        assert example.labels == ["poverty", "neglect"] and not example.emergency
    sign_in(client, "admin")
    listing = client.get("/console/admin/examples?source=correction").text
    assert "ไม่มีเงินซื้อนมให้ลูก" in listing


def test_admin_adds_and_edits_a_category(client, sessions):
    csrf = sign_in(client, "admin")
    client.post("/console/admin/categories", data={
        "csrf_token": csrf, "create": "1", "key": "disaster", "name_th": "ภัยพิบัติ", "name_en": "Disaster",
        "default_priority": "high", "sla_minutes": "120", "active": "1", "sort": "50"})
    client.post("/console/admin/categories", data={
        "csrf_token": csrf, "key": "disaster", "name_th": "ภัยพิบัติและอุบัติภัย", "name_en": "Disaster",
        "default_priority": "high", "sla_minutes": "90", "sort": "50"})
    with sessions() as s:
        row = s.get(ProblemCategory, "disaster")
        assert row.name_th == "ภัยพิบัติและอุบัติภัย" and row.sla_minutes == 90 and row.active is False
    bad = client.post("/console/admin/categories", data={
        "csrf_token": csrf, "create": "1", "key": "Bad Key", "name_th": "x", "name_en": "x",
        "default_priority": "high", "sla_minutes": "120"})
    assert "รหัสหมวด" in bad.text


def test_supervisor_audit_view_shows_who_looked(client, sessions, world):
    with sessions() as s:
        case = make_case(s, world)
        far = make_case(s, world, centre="PV11")
    sign_in(client, "w_bkk")
    client.get(f"/console/cases/{case.id}")
    sign_in(client, "w_spk")
    client.get(f"/console/cases/{far.id}")
    sign_in(client, "s_bkk")
    page = client.get(f"/console/audit?case={case.number}").text
    assert "ทดสอบ w_bkk" in page and "เปิดดูเคส" in page
    # A provincial supervisor does not see another province's staff activity.
    assert far.number not in client.get("/console/audit").text
    sign_in(client, "s_nat")
    assert far.number in client.get("/console/audit").text


def test_dashboard_counts_breaches_and_backlog(client, sessions, world):
    with sessions() as s:
        make_case(s, world, sla_minutes=-30, callback_phone="0812345678")
        make_case(s, world, centre="PV11", sla_minutes=-30)
    sign_in(client, "s_bkk")
    page = client.get("/console/dashboard").text
    assert 'id="breached-count">1<' in page and 'id="callback-count">1<' in page


def test_manual_case_goes_through_intake_and_into_the_queue(client, sessions, world):
    csrf = sign_in(client, "w_bkk")
    form = client.get("/console/new-case").text
    assert 'id="new-case"' in form
    response = client.post("/console/new-case", data={
        "csrf_token": csrf, "channel": "phone", "text": "ผู้โทรแจ้งว่าถูกสามีทำร้ายร่างกาย ตอนนี้ปลอดภัยแล้ว อยู่บ้านแม่",
        "phone": "0812345678", "province": "10", "consent": "1", "categories": "violence"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/console/cases/")
    case_id = int(response.headers["location"].rsplit("/", 1)[1])
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case.channel == "phone" and case.callback_wanted and case.centre_id == world.centres["PV10"].id
        assert "violence" in case.categories
    assert case.number in client.get("/console").text
    refused = client.post("/console/new-case", data={"csrf_token": csrf, "channel": "phone", "text": "x", "consent": ""},
                          follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"] == "/console/new-case"


def test_dead_letters_are_listed_and_resent_by_the_national_supervisor(client, sessions, world):
    from bots.events import OutgoingMessage
    from bots.outbox import enqueue

    with sessions() as s:
        row = enqueue(s, channel="line", recipient="U1", message=OutgoingMessage(text="x"), ref="case:1")
        row.status = OutboxStatus.dead
        row.last_error = "400 invalid"
        s.commit()
        row_id = row.id
    csrf = sign_in(client, "s_bkk")
    assert "400 invalid" not in client.get("/console/dashboard").text
    assert client.post(f"/console/dashboard/dead-letters/{row_id}/retry", data={"csrf_token": csrf},
                       follow_redirects=False).status_code == 403
    csrf = sign_in(client, "s_nat")
    assert "400 invalid" in client.get("/console/dashboard").text
    client.post(f"/console/dashboard/dead-letters/{row_id}/retry", data={"csrf_token": csrf})
    with sessions() as s:
        assert s.get(OutboxMessage, row_id).status == OutboxStatus.pending


def test_intake_api_uses_the_console_sign_in(client, sessions, world):
    body = {"text": "ผู้มาติดต่อแจ้งว่าไม่มีที่พัก นอนริมถนนมาสามคืน", "channel": "walkin", "province_code": 10}
    assert client.post("/api/intake/cases", json=body).status_code == 401
    csrf = sign_in(client, "w_bkk")
    assert client.post("/api/intake/cases", json=body).status_code == 403  # no CSRF header
    response = client.post("/api/intake/cases", json=body, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 201, response.text
    assert response.json()["centre"]["code"] == "PV10"


def test_person_linking_page(client, sessions, world):
    with sessions() as s:
        a = make_case(s, world, channel="line", text="ทาง LINE")
        b = make_case(s, world, channel="telegram", text="ทาง Telegram")
    csrf = sign_in(client, "s_bkk")
    page = client.get(f"/console/persons?a={a.number}&b={b.number}").text
    assert 'id="link"' in page
    client.post("/console/persons/link", data={"csrf_token": csrf, "contact_a": a.contact_id, "contact_b": b.contact_id})
    thread = client.get(f"/console/cases/{a.id}").text
    assert "ทาง Telegram" in thread and "รวม 2 ช่องทาง" in thread
    with sessions() as s:
        assert len(s.exec(select(AuditEntry).where(AuditEntry.action == "person.link")).all()) == 1


def test_live_events_are_filtered_by_centre():
    from handoff.access import Viewer, can_see_event
    from intake.models import Role

    def v(role, centre, province):
        return Viewer(1, "u", "u", role, centre, "c", province)

    event = {"case_id": 1, "centre_id": 5, "province_code": 10}
    assert can_see_event(v(Role.worker, 5, 10), event)
    assert not can_see_event(v(Role.worker, 6, 10), event)
    assert can_see_event(v(Role.supervisor, 6, 10), event)
    assert not can_see_event(v(Role.supervisor, 7, 11), event)
    assert can_see_event(v(Role.supervisor, 1, None), event)
    assert can_see_event(v(Role.admin, 9, 50), event)
