"""Centres and the areas they cover, loaded from a CSV shipped in the repo.

`covers` holds area codes separated by ';': P<province>, D<district>, S<sub-district>
(official codes as geothai gives them). Loading is an upsert by centre code, so it can run on
every start-up and after an operator edits the file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, delete, select

from intake.models import Centre, CentreArea, CentreKind

DEFAULT_CSV = Path(__file__).parent / "data" / "centres.csv"


@dataclass(frozen=True)
class AreaCode:
    province_code: int
    district_code: int | None = None
    subdistrict_code: int | None = None


def parse_area(code: str) -> AreaCode:
    code = code.strip().upper()
    kind, digits = code[:1], code[1:]
    if not digits.isdigit():
        raise ValueError(f"bad area code {code!r}")
    if kind == "P" and len(digits) == 2:
        return AreaCode(int(digits))
    if kind == "D" and len(digits) == 4:
        return AreaCode(int(digits[:2]), int(digits))
    if kind == "S" and len(digits) == 6:
        return AreaCode(int(digits[:2]), int(digits[:4]), int(digits))
    raise ValueError(f"bad area code {code!r}")


def _int_or_none(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None


def load_centres(session: Session, path: Path = DEFAULT_CSV) -> int:
    """Insert or update every centre in the file and replace its covered areas. Returns rows read."""
    count = 0
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            count += 1
            kind = CentreKind(row["kind"].strip())
            areas = [parse_area(c) for c in (row.get("covers") or "").split(";") if c.strip()]
            centre = session.exec(select(Centre).where(Centre.code == row["code"].strip())).first()
            if centre is None:
                centre = Centre(code=row["code"].strip(), name_th="", kind=kind)
            centre.name_th = row["name_th"].strip()
            centre.kind = kind
            centre.province_code = _int_or_none(row.get("province_code", ""))
            centre.district_code = _int_or_none(row.get("district_code", ""))
            centre.subdistrict_code = _int_or_none(row.get("subdistrict_code", ""))
            centre.phone = (row.get("phone") or "").strip() or None
            centre.active = True
            session.add(centre)
            session.flush()
            session.exec(delete(CentreArea).where(CentreArea.centre_id == centre.id))
            for area in areas:
                session.add(CentreArea(centre_id=centre.id, province_code=area.province_code,
                                       district_code=area.district_code,
                                       subdistrict_code=area.subdistrict_code))
    session.flush()
    return count
