"""Which centre gets a case: the one covering the sub-district, else the district, else the
province, else the national centre.

Areas come from `centre_area` rows (loaded from intake/data/centres.csv). Inactive centres are
skipped. When several centres cover the same area, the lowest id wins, so routing is stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from intake.models import Centre, CentreArea, CentreKind


class RoutingError(RuntimeError):
    """No centre at all, not even the national one: the centres table was never loaded."""


@dataclass(frozen=True)
class Route:
    centre: Centre
    # Which level matched: "subdistrict", "district", "province" or "national".
    level: str


def _covering(session: Session, *conditions: sa.ColumnElement[bool]) -> Centre | None:
    stmt = (
        select(Centre)
        .join(CentreArea, CentreArea.centre_id == Centre.id)
        .where(Centre.active.is_(True), *conditions)
        .order_by(Centre.id)
        .limit(1)
    )
    return session.exec(stmt).first()


def national_centre(session: Session) -> Centre | None:
    stmt = (select(Centre).where(Centre.kind == CentreKind.national, Centre.active.is_(True))
            .order_by(Centre.id).limit(1))
    return session.exec(stmt).first()


def route(session: Session, *, province_code: int | None = None, district_code: int | None = None,
          subdistrict_code: int | None = None) -> Route:
    if subdistrict_code is not None:
        centre = _covering(session, CentreArea.subdistrict_code == subdistrict_code)
        if centre:
            return Route(centre, "subdistrict")
        district_code = district_code or subdistrict_code // 100
    if district_code is not None:
        centre = _covering(session, CentreArea.district_code == district_code,
                           CentreArea.subdistrict_code.is_(None))
        if centre:
            return Route(centre, "district")
        province_code = province_code or district_code // 100
    if province_code is not None:
        centre = _covering(session, CentreArea.province_code == province_code,
                           CentreArea.district_code.is_(None), CentreArea.subdistrict_code.is_(None))
        if centre:
            return Route(centre, "province")
    centre = national_centre(session)
    if centre is None:
        raise RoutingError("no active national centre: load intake/data/centres.csv "
                           "(`saiduan demo-data` or intake.centres.load_centres)")
    return Route(centre, "national")
