"""Manual intake API for the console: `POST /api/intake/cases` (staff only).

The router is built by `make_router(current_staff=...)`: the console's wiring owns sign-in, so
it hands over the dependency that yields the signed-in StaffUser (401/403 otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from intake.flows import Classify, ManualIntakeError, Notify, manual_intake
from intake.models import Centre, StaffUser


class ManualCaseIn(BaseModel):
    text: str = Field(min_length=1, max_length=10_000)
    channel: Literal["phone", "walkin"]
    caller_name: str | None = Field(default=None, max_length=200)
    caller_phone: str | None = Field(default=None, max_length=32)
    province_code: int | None = Field(default=None, ge=10, le=99)
    district_code: int | None = Field(default=None, ge=1000, le=9999)
    subdistrict_code: int | None = Field(default=None, ge=100000, le=999999)
    location_text: str | None = Field(default=None, max_length=500)
    categories: list[str] | None = Field(default=None, max_length=10)
    emergency: bool = False
    consent: bool = True
    language: Literal["th", "en", "my", "km", "lo"] = "th"
    needs_interpreter: bool = False


class CentreOut(BaseModel):
    id: int
    code: str
    name_th: str


class ManualCaseOut(BaseModel):
    id: int
    number: str
    priority: str
    emergency: bool
    categories: list[str]
    centre: CentreOut | None
    sla_due_at: datetime | None
    needs_interpreter: bool


def make_router(*, sessions: sessionmaker[Session], current_staff: Callable[..., Any], classify: Callable[[], Classify],
                notify: Callable[[], Notify]) -> APIRouter:
    """`classify` and `notify` are looked up per request (an admin may activate another model;
    the console's notify is wired after intake)."""
    router = APIRouter(prefix="/api/intake", tags=["intake"])

    @router.post("/cases", status_code=201, response_model=ManualCaseOut)
    def create_case(body: ManualCaseIn, staff: StaffUser = Depends(current_staff)) -> ManualCaseOut:
        with sessions() as session:
            try:
                case = manual_intake(session, staff=staff, classify=classify(), notify=notify(),
                                     **body.model_dump())
            except ManualIntakeError as exc:
                session.rollback()
                raise HTTPException(status_code=422, detail=str(exc)) from None
            centre = session.get(Centre, case.centre_id) if case.centre_id else None
            out = ManualCaseOut(
                id=case.id, number=case.number, priority=case.priority, emergency=case.emergency,
                categories=list(case.categories), sla_due_at=case.sla_due_at, needs_interpreter=case.needs_interpreter,
                centre=CentreOut(id=centre.id, code=centre.code, name_th=centre.name_th) if centre else None,
            )
            session.commit()
        return out

    return router
