"""Sign-in and sign-out."""

from __future__ import annotations

import secrets

from fastapi import Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from handoff import auth, messages as M
from handoff.web import (
    PRE_CSRF_COOKIE, SESSION_COOKIE, Console, Deps, RouteTable, Staff, redirect, render, safe_next,
)
from intake.models import Role


def register(table: RouteTable, console: Console, deps: Deps) -> None:
    def _form(request: Request, *, error: str | None = None, status_code: int = 200, username: str = "") -> Response:
        token = secrets.token_urlsafe(24)
        response = render(console, request, "console/login.html", {
            "pre_csrf": token, "error": error, "next": safe_next(request.query_params.get("next")),
            "username": username,
        }, status_code=status_code)
        response.set_cookie(PRE_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=console.cookie_secure,
                            path="/console/login", max_age=3600)
        return response

    @table.get("/login", None)
    def login_page(request: Request) -> Response:
        return _form(request)

    @table.post("/login", None)
    def login(request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
              next: str = Form("/console"), session: Session = Depends(deps.db)) -> Response:
        # Before a session exists, CSRF is a double-submit: the form's token must equal the cookie's.
        if not auth.csrf_ok(request.cookies.get(PRE_CSRF_COOKIE), csrf_token):
            return _form(request, error=M.CSRF_FAILED, status_code=400)
        signed = auth.authenticate(session, username=username[:64], password=password[:1024])
        session.commit()
        if signed is None:
            return _form(request, error=M.SIGN_IN_FAILED, status_code=401, username=username[:64])
        response = redirect(console, safe_next(next))
        response.set_cookie(SESSION_COOKIE, signed.token, httponly=True, samesite="strict",
                            secure=console.cookie_secure, path="/", max_age=auth.SESSION_HOURS * 3600)
        response.delete_cookie(PRE_CSRF_COOKIE, path="/console/login")
        return response

    @table.post("/logout", Role.worker)
    def logout(request: Request, staff: Staff = Depends(deps.worker), session: Session = Depends(deps.db)) -> Response:
        auth.sign_out(session, staff.staff_session)
        session.commit()
        response = redirect(console, "/console/login", flash="ออกจากระบบแล้ว")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response
