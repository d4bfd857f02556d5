"""What the console's routes share: the services wiring passes in, request dependencies
(database session, signed-in staff, CSRF), rendering, flash messages and security headers.

Every console route is registered through `RouteTable.add` with the least role it needs, so the
authorization tests can walk the table and a new route cannot skip the check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from handoff import auth, messages as M
from handoff.access import AccessDenied, Viewer, has_role, viewer_for
from handoff.masking import mask_phone, mask_text
from handoff.models import StaffSession
from intake.models import Role, StaffUser

SESSION_COOKIE = "saiduan_session"
PRE_CSRF_COOKIE = "saiduan_precsrf"
FLASH_COOKIE = "saiduan_flash"
BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")  # Thailand keeps no daylight saving
_MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")


@dataclass
class Console:
    """Services the console needs, built by saiduan/wiring/handoff.py."""

    sessions: sessionmaker[Session]
    templates: Jinja2Templates
    notify: Callable[[Session, str, dict], None]
    broker: Any
    secret: str
    cookie_secure: bool
    media_dir: Path
    # intake's open-case flow for phone and walk-in reports, when intake provides one.
    open_case: Callable[..., Any] | None = None
    # Wakes this instance's outbox sender after a commit, so a worker's reply leaves at once.
    outbox_wake: Callable[[], None] | None = None
    # Classifier retraining (handoff.retrain.Retrainer) for the admin page, when wired.
    retrainer: Any = None
    instance_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class NotSignedIn(Exception):
    pass


class CsrfFailed(Exception):
    pass


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    role: Role | None  # None: open to anyone (the sign-in page)
    case_scoped: bool  # the path names a case the viewer must be allowed to see


class RouteTable:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.specs: list[RouteSpec] = []
        self.router = APIRouter(prefix=prefix, include_in_schema=False)

    def add(self, method: str, path: str, role: Role | None, **kw: Any) -> Callable:
        def register(fn: Callable) -> Callable:
            self.specs.append(RouteSpec(method, self.prefix + path, role, "{case_id}" in path))
            self.router.add_api_route(path, fn, methods=[method], **kw)
            return fn

        return register

    def get(self, path: str, role: Role | None, **kw: Any) -> Callable:
        return self.add("GET", path, role, **kw)

    def post(self, path: str, role: Role | None, **kw: Any) -> Callable:
        return self.add("POST", path, role, **kw)


@dataclass
class Staff:
    """The signed-in staff member of one request."""

    user: StaffUser
    viewer: Viewer
    staff_session: StaffSession

    @property
    def csrf(self) -> str:
        return self.staff_session.csrf_token


@dataclass
class Deps:
    db: Callable
    worker: Callable
    supervisor: Callable
    admin: Callable
    current_staff: Callable


def make_dependencies(console: Console) -> Deps:
    def db() -> Iterator[Session]:
        session = console.sessions()
        try:
            yield session
        finally:
            session.close()

    def _load(request: Request, session: Session) -> Staff:
        found = auth.resolve(session, request.cookies.get(SESSION_COOKIE))
        if found is None:
            session.rollback()
            raise NotSignedIn()
        user, staff_session = found
        viewer = viewer_for(session, user)
        session.commit()  # the idle-time touch, if any
        return Staff(user=user, viewer=viewer, staff_session=staff_session)

    async def _check_csrf(request: Request, staff: Staff) -> None:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        given = request.headers.get("x-csrf-token")
        if not given:
            ctype = request.headers.get("content-type", "")
            if ctype.startswith("application/x-www-form-urlencoded") or ctype.startswith("multipart/form-data"):
                given = (await request.form()).get("csrf_token")
        if not auth.csrf_ok(staff.csrf, given if isinstance(given, str) else None):
            raise CsrfFailed()

    def loaded_staff(request: Request, session: Session = Depends(db)) -> Staff:
        # A plain function: FastAPI runs it in the thread pool, off the event loop.
        return _load(request, session)

    def staff_dependency(minimum: Role) -> Callable:
        async def dependency(request: Request, staff: Staff = Depends(loaded_staff)) -> Staff:
            await _check_csrf(request, staff)
            if not has_role(staff.viewer, minimum):
                raise AccessDenied("role")
            request.state.staff = staff
            return staff

        return dependency

    async def current_staff(request: Request, staff: Staff = Depends(loaded_staff)) -> StaffUser:
        """For other packages' staff APIs (intake's manual intake): the signed-in StaffUser,
        401 when not signed in, 403 on a missing CSRF token for changes."""
        try:
            await _check_csrf(request, staff)
        except CsrfFailed:
            raise HTTPException(status_code=403, detail="CSRF token missing or wrong") from None
        return staff.user

    return Deps(db=db, worker=staff_dependency(Role.worker), supervisor=staff_dependency(Role.supervisor),
                admin=staff_dependency(Role.admin), current_staff=current_staff)


# -- rendering helpers ---------------------------------------------------------------------

def bkk(value: datetime | None, fmt: str = "full") -> str:
    if value is None:
        return "–"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(BANGKOK)
    if fmt == "time":
        return local.strftime("%H:%M")
    if fmt == "iso":
        return local.isoformat()
    if fmt == "date":
        return f"{local.day} {_MONTHS[local.month - 1]} {local.year + 543}"
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year + 543 - 2500} {local:%H:%M}"


def duration_th(minutes: float) -> str:
    minutes = int(abs(minutes))
    if minutes < 60:
        return f"{minutes} นาที"
    hours, mins = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} ชม. {mins} นาที" if mins else f"{hours} ชม."
    days, hours = divmod(hours, 24)
    return f"{days} วัน {hours} ชม." if hours else f"{days} วัน"


def sla_text(due: datetime | None, first_response: datetime | None = None, now: datetime | None = None) -> tuple[str, str]:
    """(Thai text, css class) for an SLA due time."""
    if due is None:
        return "ไม่มีกำหนด", "sla-none"
    if first_response is not None:
        return "ตอบสนองแล้ว", "sla-ok"
    now = now or datetime.now(UTC)
    delta = (due - now).total_seconds() / 60
    if delta < 0:
        return f"เกินกำหนด {duration_th(delta)}", "sla-late"
    if delta < 30:
        return f"เหลือ {duration_th(delta)}", "sla-soon"
    return f"เหลือ {duration_th(delta)}", "sla-ok"


def fact_text(value: Any) -> str:
    """A case fact for people: lists joined, known codes in Thai."""
    if isinstance(value, (list, tuple)):
        return ", ".join(fact_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {fact_text(v)}" for k, v in value.items())
    if value is None:
        return "–"
    return M.FACT_VALUE_TH.get(str(value), str(value))


def install_template_helpers(templates: Jinja2Templates) -> None:
    env = templates.env
    env.filters["bkk"] = bkk
    env.filters["mask"] = mask_text
    env.filters["mask_phone"] = mask_phone
    env.globals.update(
        STATUS_TH=M.STATUS_TH, PRIORITY_TH=M.PRIORITY_TH, CHANNEL_TH=M.CHANNEL_TH, ROLE_TH=M.ROLE_TH,
        AGENCY_KIND_TH=M.AGENCY_KIND_TH, REFERRAL_STATUS_TH=M.REFERRAL_STATUS_TH, SENDER_TH=M.SENDER_TH,
        EVENT_TH=M.EVENT_TH, ACTOR_TH=M.ACTOR_TH, AUDIT_TH=M.AUDIT_TH, CONVERSATION_STATE_TH=M.CONVERSATION_STATE_TH,
        sla_text=sla_text, duration_th=duration_th, fact_text=fact_text, FACT_TH=M.FACT_TH,
    )


def render(console: Console, request: Request, template: str, context: dict[str, Any], *,
           status_code: int = 200) -> HTMLResponse:
    staff: Staff | None = getattr(request.state, "staff", None)
    ctx = {"staff": staff, "viewer": staff.viewer if staff else None, "csrf": staff.csrf if staff else "",
           "flash": pop_flash(console, request), **context}
    response = console.templates.TemplateResponse(request, template, ctx, status_code=status_code)
    if request.cookies.get(FLASH_COOKIE):
        response.delete_cookie(FLASH_COOKIE, path="/console")
    return response


def _flash_signer(console: Console) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(console.secret, salt="console-flash")


def pop_flash(console: Console, request: Request) -> dict | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        return _flash_signer(console).loads(raw, max_age=120)
    except BadSignature:
        return None


def redirect(console: Console, url: str, *, flash: str | None = None, error: bool = False) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.set_cookie(FLASH_COOKIE, _flash_signer(console).dumps({"text": flash, "error": error}),
                            httponly=True, samesite="strict", secure=console.cookie_secure, path="/console",
                            max_age=120)
    return response


def sign_in_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/console/login?next=" + quote(target, safe="")


def safe_next(value: str | None) -> str:
    # Only paths inside the console: never an open redirect to another site.
    if value and value.startswith("/console") and not value.startswith("//") and "\\" not in value:
        return value
    return "/console"


def security_headers(response: Response, *, no_store: bool = True) -> None:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if no_store:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
