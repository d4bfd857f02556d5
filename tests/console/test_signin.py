from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bots.sqltypes import utcnow
from handoff.models import AuditEntry, StaffSession
from intake.models import StaffUser
from tests.console.conftest import PASSWORD, csrf_of, sign_in


def _attempt(client, username, password):
    page = client.get("/console/login")
    return client.post("/console/login", data={"username": username, "password": password,
                                               "csrf_token": csrf_of(page.text)}, follow_redirects=False)


def test_sign_in_sets_a_strict_httponly_cookie_and_stores_only_its_hash(client, sessions):
    page = client.get("/console/login")
    assert "เข้าสู่ระบบ" in page.text
    response = client.post("/console/login", data={"username": "w_bkk", "password": PASSWORD,
                                                   "csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console"
    cookie = [h for h in response.headers.get_list("set-cookie") if h.startswith("saiduan_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    token = cookie.split(";")[0].split("=", 1)[1]
    with sessions() as s:
        stored = s.exec(select(StaffSession)).all()
        assert len(stored) == 1 and stored[0].token_sha256 != token and len(stored[0].token_sha256) == 64
    assert client.get("/console").status_code == 200


def test_unauthenticated_pages_redirect_to_sign_in(client):
    response = client.get("/console/cases/1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login?next=%2Fconsole%2Fcases%2F1")


def test_login_form_needs_its_csrf_token(client):
    client.get("/console/login")
    response = client.post("/console/login", data={"username": "w_bkk", "password": PASSWORD, "csrf_token": "x"},
                           follow_redirects=False)
    assert response.status_code == 400


def test_lockout_after_five_failures_with_a_generic_message(client, sessions):
    for _ in range(5):
        response = _attempt(client, "w_bkk", "wrong password here")
        assert response.status_code == 401
    unknown = _attempt(client, "nobody_here", "wrong password here")
    assert unknown.status_code == 401
    # Even the right password is refused while locked, with the same words as an unknown user.
    locked = _attempt(client, "w_bkk", PASSWORD)
    assert locked.status_code == 401
    message = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    assert message in locked.text and message in unknown.text
    with sessions() as s:
        user = s.exec(select(StaffUser).where(StaffUser.username == "w_bkk")).one()
        assert user.locked_until is not None and user.locked_until > utcnow() + timedelta(minutes=14)
        user.locked_until = utcnow() - timedelta(seconds=1)
        s.add(user)
        s.commit()
        reasons = [e.detail["reason"] for e in s.exec(select(AuditEntry).where(AuditEntry.action == "auth.failed"))]
        assert "locked_now" in reasons and "unknown_user" in reasons and "locked" in reasons
    assert _attempt(client, "w_bkk", PASSWORD).status_code == 303


def test_post_without_csrf_is_refused_and_sign_out_ends_the_session(client):
    csrf = sign_in(client, "w_bkk")
    assert client.post("/console/take-next", follow_redirects=False).status_code == 403
    assert client.post("/console/take-next", data={"csrf_token": "forged"}, follow_redirects=False).status_code == 403
    assert client.post("/console/take-next", headers={"X-CSRF-Token": csrf}, follow_redirects=False).status_code == 303
    old_cookie = client.cookies.get("saiduan_session")
    assert client.post("/console/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    client.cookies.set("saiduan_session", old_cookie)
    assert client.get("/console", follow_redirects=False).status_code == 303


def test_idle_and_absolute_expiry(client, sessions):
    sign_in(client, "w_bkk")
    with sessions() as s:
        row = s.exec(select(StaffSession)).one()
        row.last_seen_at = utcnow() - timedelta(minutes=61)
        s.add(row)
        s.commit()
    assert client.get("/console", follow_redirects=False).status_code == 303
    sign_in(client, "w_bkk")
    with sessions() as s:
        row = s.exec(select(StaffSession).where(StaffSession.revoked_at.is_(None)).order_by(StaffSession.id.desc())).first()
        row.expires_at = utcnow() - timedelta(seconds=1)
        s.add(row)
        s.commit()
    assert client.get("/console", follow_redirects=False).status_code == 303


def test_console_pages_send_security_headers(client):
    sign_in(client, "w_bkk")
    response = client.get("/console")
    assert response.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    assert "<script>" not in response.text and " style=" not in response.text
